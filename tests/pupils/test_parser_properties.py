"""Properties of every parser and validator of pupil data, each tried on at least 200 generated
inputs: what is valid is accepted and comes back as written, what is not is refused with a message
naming the cell, the row or the field, and nothing makes them crash."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django import forms
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.gb import upn as stdnum_upn

from opensend.pupils import mis_import
from opensend.pupils.forms import validate_upn
from opensend.pupils.mis_import import ImportInvalid
from opensend.pupils.mis_import.values import CellError, parse_email, parse_group_list, parse_role

from .test_mis_import import PUPIL_HEADER, TODAY

EXAMPLES = settings(max_examples=250, deadline=None)
LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"

any_text = st.text(max_size=40)
DATE_FORMS = st.sampled_from(["{d:02d}/{m:02d}/{y}", "{d}/{m}/{y}", "{y}-{m:02d}-{d:02d}"])
days = st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2099, 12, 31))


@st.composite
def upns(draw) -> str:
    la = draw(st.sampled_from(sorted(mis_import.KNOWN_LA_CODES)))
    middle = draw(st.text(alphabet="0123456789", min_size=8, max_size=8))
    last = draw(st.sampled_from("0123456789" + LETTERS))
    body = f"{la:03d}{middle}{last}"
    return stdnum_upn.calc_check_digit(body) + body


def _refused_or_parsed(parser, raw: str):
    """A parser either reads the cell or refuses it with a message that quotes nothing unsafe."""
    try:
        return parser(raw)
    except CellError as error:
        assert str(error), f"{parser.__name__} refused {raw!r} without a message"
        return error


# --- dates -------------------------------------------------------------------------------------------


@EXAMPLES
@given(
    day=days,
    form=st.sampled_from(["{d:02d}/{m:02d}/{y}", "{d}/{m}/{y}", "{y}-{m:02d}-{d:02d}"]),
    midnight=st.booleans(),
)
def test_a_date_written_either_way_reads_back_as_the_same_day(day, form, midnight):
    written = form.format(d=day.day, m=day.month, y=day.year) + (" 00:00:00" if midnight else "")
    assert mis_import.parse_date(f" {written} ") == day


@EXAMPLES
@given(raw=any_text)
def test_any_text_in_a_date_cell_is_a_date_or_a_message_quoting_it(raw):
    result = _refused_or_parsed(mis_import.parse_date, raw)
    if isinstance(result, CellError):
        assert raw.strip() in str(result)
    else:
        assert isinstance(result, datetime.date)


@EXAMPLES
@given(year=st.integers(1900, 2099), month=st.integers(1, 12), day=st.integers(29, 35))
def test_a_day_past_the_end_of_its_month_is_refused_as_not_a_real_date(year, month, day):
    try:
        datetime.date(year, month, day)
    except ValueError:
        with pytest.raises(CellError, match="not a real date"):
            mis_import.parse_date(f"{day}/{month}/{year}")


# --- UPNs --------------------------------------------------------------------------------------------


@EXAMPLES
@given(upn=upns(), lower=st.booleans(), spaces=st.integers(0, 3))
def test_a_valid_upn_is_accepted_however_it_is_typed_and_stored_in_one_form(upn, lower, spaces):
    typed = upn.lower() if lower else upn
    typed = " " * spaces + typed[:5] + " " * spaces + typed[5:]
    assert mis_import.clean_upn(typed) == upn
    assert mis_import.clean_upn(mis_import.clean_upn(typed)) == upn


@EXAMPLES
@given(upn=upns())
def test_a_upn_the_import_accepts_the_edit_form_accepts_too(upn):
    assert validate_upn(upn) == upn


@EXAMPLES
@given(raw=any_text)
def test_any_text_as_a_upn_is_cleaned_or_refused_the_same_way_by_the_import_and_the_form(raw):
    result = _refused_or_parsed(mis_import.clean_upn, raw)
    if isinstance(result, CellError):
        with pytest.raises(forms.ValidationError):
            validate_upn(raw.strip().upper())
    else:
        assert len(result) == 13
        assert validate_upn(result) == result


# --- the other cells ---------------------------------------------------------------------------------


@EXAMPLES
@given(value=st.booleans(), word=st.integers(0, 3), case=st.sampled_from([str.lower, str.upper, str.title]))
def test_yes_and_no_read_back_in_any_of_their_spellings(value, word, case):
    spelling = (["y", "yes", "true", "1"] if value else ["n", "no", "false", "0"])[word]
    assert mis_import.parse_bool(f" {case(spelling)} ") is value


@EXAMPLES
@given(year=st.integers(1, 14), form=st.sampled_from(["{n}", "Year {n}", "Y{n:02d}", "yr {n}", "  year   {n} "]))
def test_an_nc_year_reads_back_in_the_spellings_mises_use(year, form):
    assert mis_import.parse_nc_year(form.format(n=year)) == str(year)


@EXAMPLES
@given(raw=any_text)
def test_any_text_in_a_yes_no_sex_year_email_or_role_cell_is_read_or_refused_never_a_crash(raw):
    for parser in (mis_import.parse_bool, mis_import.parse_sex, mis_import.parse_nc_year, parse_email, parse_role):
        _refused_or_parsed(parser, raw)


@EXAMPLES
@given(
    names=st.lists(st.text(alphabet=st.characters(blacklist_characters=";", blacklist_categories=["Cs"])), max_size=5)
)
def test_a_group_list_keeps_each_named_group_once_in_order(names):
    groups = parse_group_list(";".join(names))
    tidy = [" ".join(name.split()) for name in names if name.split()]
    assert groups == tuple(dict.fromkeys(tidy))


# --- whole rows of a pupil file ----------------------------------------------------------------------

names = st.text(
    alphabet=st.characters(categories=["Lu", "Ll", "Zs"], include_characters="'-\u2019"),
    min_size=1,
    max_size=30,
).map(lambda text: " ".join(text.split()))


@st.composite
def pupil_rows(draw) -> dict[str, str]:
    born = draw(st.dates(datetime.date(2004, 1, 1), datetime.date(2022, 12, 31)))
    admitted = draw(st.dates(born, TODAY))
    return {
        "UPN": draw(upns()),
        "Surname": draw(names.filter(bool)),
        "Forename": draw(names.filter(bool)),
        "Preferred Forename": draw(names),
        "DOB": born.strftime("%d/%m/%Y"),
        "Sex": draw(st.sampled_from(["F", "M"])),
        "NC Year": str(draw(st.integers(1, 14))),
        "Reg Group": draw(st.sampled_from(["3 Oak", "4 Elm", "R Ash"])),
        "Admission Date": admitted.isoformat(),
        "FSM": draw(st.sampled_from(["Y", "N"])),
        "EAL": draw(st.sampled_from(["Y", "N"])),
        "Pupil Premium": draw(st.sampled_from(["Y", "N"])),
        "In Care": draw(st.sampled_from(["Y", "N"])),
    }


def _csv(lines: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=PUPIL_HEADER, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(lines)
    return out.getvalue()


@EXAMPLES
@given(lines=st.lists(pupil_rows(), min_size=1, max_size=5, unique_by=lambda line: line["UPN"]))
def test_valid_rows_are_read_back_as_written(lines):
    parsed = mis_import.parse_pupils(_csv(lines), today=TODAY)
    assert [row.row for row in parsed.rows] == list(range(2, len(lines) + 2))
    for line, row in zip(lines, parsed.rows, strict=True):
        assert row.upn == line["UPN"]
        assert (row.legal_surname, row.legal_forename) == (line["Surname"], line["Forename"])
        assert row.date_of_birth.strftime("%d/%m/%Y") == line["DOB"]
        assert row.admission_date.isoformat() == line["Admission Date"]
        assert row.nc_year == line["NC Year"]
        assert row.looked_after is (line["In Care"] == "Y")


# Bad values for a column; the error names the column as the file's header spells it.
BAD_CELLS = {
    "UPN": st.sampled_from(["A12345678901", "not a upn", "Z000000000000"]),
    "DOB": st.sampled_from(["31/02/2015", "2015/01/01", "yesterday", "01/01/2030"]),
    "Sex": st.sampled_from(["X", "unknown", "2"]),
    "NC Year": st.sampled_from(["15", "Year 0", "Nursery 3"]),
    "FSM": st.sampled_from(["maybe", "2"]),
    "Surname": st.just(""),
}


@EXAMPLES
@given(
    lines=st.lists(pupil_rows(), min_size=1, max_size=4, unique_by=lambda line: line["UPN"]),
    data=st.data(),
)
def test_a_bad_cell_is_refused_naming_its_row_and_column(lines, data):
    position = data.draw(st.integers(0, len(lines) - 1))
    header = data.draw(st.sampled_from(sorted(BAD_CELLS)))
    lines[position] = lines[position] | {header: data.draw(BAD_CELLS[header])}
    with pytest.raises(ImportInvalid) as refused:
        mis_import.parse_pupils(_csv(lines), today=TODAY)
    assert (position + 2, header) in {(error.row, error.field) for error in refused.value.errors}
    assert all(error.message for error in refused.value.errors)


@EXAMPLES
@given(cells=st.lists(st.lists(any_text, min_size=0, max_size=15), min_size=1, max_size=4))
def test_any_grid_of_text_under_the_header_is_read_or_refused_with_messages_never_a_crash(cells):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(PUPIL_HEADER)
    writer.writerows(cells)
    try:
        mis_import.parse_pupils(out.getvalue(), today=TODAY)
    except ImportInvalid as refused:
        assert refused.errors
        assert all(error.row >= 1 and error.message for error in refused.errors)
