"""Exports of the register: exactly the rows the filter shows (every page), audited, and safe to open."""

from __future__ import annotations

import csv
import io

from django.urls import reverse
from openpyxl import load_workbook

from opensend.audit.models import AuditEvent
from opensend.pupils.models import Pupil
from opensend.register.exports import safe_cell
from opensend.register.selectors import PAGE_SIZE

from ..factories import PupilFactory, enrol
from .helpers import give_school_a_base, give_sen, place_in_base


def export_url(cast, kind: str) -> str:
    return reverse(f"register:export-{kind}", kwargs={"urn": cast.school.urn})


def csv_rows(response) -> list[dict[str, str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def xlsx_rows(response) -> list[dict]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    return [dict(zip(values[0], row, strict=True)) for row in values[1:]]


def many_on_sen_support(cast, count: int) -> None:
    for number in range(count):
        pupil = PupilFactory(trust=cast.trust, legal_surname=f"Many{number:03d}")
        enrol(pupil, cast.school)
        give_sen(pupil, cast.school, "K", "SLCN", "SEMH", "MLD")


def test_the_csv_holds_every_row_the_filter_selects_not_just_the_first_page(cast):
    many_on_sen_support(cast, PAGE_SIZE + 5)
    give_sen(cast.taught_pupil, cast.school, "N")
    response = cast.client_for("sendco").get(export_url(cast, "csv"), {"provision": "K"})
    rows = csv_rows(response)
    assert len(rows) == PAGE_SIZE + 5
    assert [row["Surname"] for row in rows] == [f"Many{number:03d}" for number in range(PAGE_SIZE + 5)]
    needs = {(row["SEN provision"], row["Primary need"], row["Secondary need"], row["Further needs"]) for row in rows}
    assert needs == {("K", "SLCN", "SEMH", "MLD")}


def test_the_spreadsheet_holds_the_same_rows_as_the_register_page(cast):
    give_school_a_base(cast.school)
    give_sen(cast.taught_pupil, cast.school, "E", "ASD", "SLCN")
    place_in_base(cast.taught_pupil, cast.school)
    give_sen(cast.untaught_pupil, cast.school, "K", "SPLD")
    client = cast.client_for("sendco")
    filters = {"provision": "SEN"}
    page_rows = client.get(reverse("register:list", kwargs={"urn": cast.school.urn}), filters).context["page"].rows
    rows = xlsx_rows(client.get(export_url(cast, "xlsx"), filters))
    assert [row["UPN"] for row in rows] == [row["upn"] for row in page_rows]
    taught = next(row for row in rows if row["Surname"] == "Taught")
    assert (taught["SEN provision"], taught["Primary need"], taught["Primary need broad area"]) == (
        "E",
        "ASD",
        "Communication and interaction",
    )
    assert taught["The Nest"] == "Yes"
    assert taught["Date of birth"].date() == cast.taught_pupil.date_of_birth


def test_each_export_is_audited_once_with_the_filters_and_the_row_count(cast):
    give_sen(cast.taught_pupil, cast.school, "K", "SLCN")
    cast.client_for("sendco").get(export_url(cast, "csv"), {"provision": "K"})
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert event.pupil is None
    assert event.school == cast.school
    assert event.actor == cast["sendco"]
    assert event.changes["rows"] == [None, 1]
    assert event.changes["filters"] == [None, ["Provision: SEN support (K)"]]
    assert "1 rows" in event.summary


def test_the_download_is_an_attachment_named_without_any_pupil(cast):
    give_sen(cast.taught_pupil, cast.school, "K", "SLCN")
    for kind in ("csv", "xlsx"):
        response = cast.client_for("sendco").get(export_url(cast, kind), {"provision": "K"})
        disposition = response["Content-Disposition"]
        assert disposition.startswith("attachment; filename=")
        assert f"sen-register-{cast.school.urn}-" in disposition
        assert "Taught" not in disposition


def test_text_that_could_start_a_formula_is_made_plain_text():
    for dangerous in ('=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"):
        assert safe_cell(dangerous) == "'" + dangerous
    assert safe_cell("O'Neil") == "O'Neil"
    assert safe_cell(3) == 3


def test_a_formula_in_a_pupils_name_stays_text_in_both_exports(cast):
    Pupil.objects.filter(pk=cast.taught_pupil.pk).update(legal_surname='=HYPERLINK("http://evil.test","x")')
    give_sen(cast.taught_pupil, cast.school, "K", "SLCN")
    client = cast.client_for("sendco")
    assert csv_rows(client.get(export_url(cast, "csv"), {"provision": "K"}))[0]["Surname"].startswith("'=")
    sheet = load_workbook(io.BytesIO(client.get(export_url(cast, "xlsx"), {"provision": "K"}).content)).active
    cell = sheet["A2"]
    assert cell.data_type == "s"
    assert cell.value.startswith("'=")


def test_a_teacher_cannot_export_the_register(cast):
    assert cast.client_for("teacher").get(export_url(cast, "csv")).status_code == 404
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()
