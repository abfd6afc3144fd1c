"""Properties of the census rules and the register's forms, each tried on at least 200 generated
cases: a record the rules call clean passes, each broken rule is named, the forms accept what is
valid and name the field of what is not, and nothing makes them crash."""

from __future__ import annotations

import datetime

from django.test import override_settings
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from opensend.core.forms import WHOLE_DATE_FORMATS
from opensend.register.census import RULES, CensusNeed, CensusPupil, check_pupil
from opensend.register.codes import Provision, SenType, broad_area
from opensend.register.forms import NEED_FIELDS, NeedsForm, ProvisionForm

EXAMPLES = settings(max_examples=250, deadline=None)
MAINSTREAM_PHASES = st.sampled_from(["PS", "PY", "MS", "MP", "AT"])
PHASES = st.sampled_from(["PS", "PY", "MS", "SP", "PR", ""])
NEEDS_BUT_NSA = [code for code in SenType.values if code != SenType.NSA]


@st.composite
def clean_sen_pupils(draw) -> CensusPupil:
    """A pupil on SEN support or with an EHC plan whose record the census accepts."""
    provision = draw(st.sampled_from([Provision.SEN_SUPPORT, Provision.EHC_PLAN]))
    codes = SenType.values if provision == Provision.SEN_SUPPORT else NEEDS_BUT_NSA
    needs = draw(st.lists(st.sampled_from(codes), min_size=1, max_size=2, unique=True))
    return CensusPupil(
        key="pupil",
        provision=draw(st.sampled_from([provision, provision.lower(), f" {provision} "])),
        needs=tuple(CensusNeed(code, rank) for rank, code in enumerate(needs, start=1)),
        sen_unit_indicator=draw(st.booleans()),
        resourced_provision_indicator=draw(st.booleans()),
    )


any_pupils = st.builds(
    CensusPupil,
    key=st.integers(),
    provision=st.one_of(st.none(), st.text(max_size=3), st.sampled_from(["N", "K", "E", "S"])),
    needs=st.lists(
        st.builds(
            CensusNeed,
            need_type=st.one_of(st.sampled_from(SenType.values), st.text(max_size=5)),
            rank=st.one_of(st.none(), st.integers(-2, 6)),
        ),
        max_size=5,
    ).map(tuple),
    sen_unit_indicator=st.one_of(st.none(), st.booleans()),
    resourced_provision_indicator=st.one_of(st.none(), st.booleans()),
)


def _numbers(pupil: CensusPupil, phase: str) -> list[str]:
    return [issue.rule.number for issue in check_pupil(pupil, phase=phase)]


# --- the census rules --------------------------------------------------------------------------------


@EXAMPLES
@given(pupil=clean_sen_pupils(), phase=MAINSTREAM_PHASES)
def test_a_sen_pupil_with_distinct_needs_ranked_from_one_passes_every_rule(pupil, phase):
    assert _numbers(pupil, phase) == []


@EXAMPLES
@given(pupil=any_pupils, phase=PHASES)
def test_any_record_gets_known_rules_in_order_for_that_pupil_never_a_crash(pupil, phase):
    issues = check_pupil(pupil, phase=phase)
    assert all(issue.rule is RULES[issue.rule.number] and issue.key == pupil.key for issue in issues)
    assert [issue.rule.number for issue in issues] == sorted(issue.rule.number for issue in issues)


@EXAMPLES
@given(pupil=clean_sen_pupils(), phase=MAINSTREAM_PHASES, rank=st.integers(-1, 0) | st.none())
def test_a_need_without_a_rank_from_one_up_breaks_2140(pupil, phase, rank):
    broken = CensusPupil(key="pupil", provision=pupil.provision, needs=(*pupil.needs, CensusNeed("OTH", rank)))
    assert "2140" in _numbers(broken, phase)


@EXAMPLES
@given(pupil=clean_sen_pupils(), phase=MAINSTREAM_PHASES)
def test_two_needs_at_the_same_rank_break_2165(pupil, phase):
    first = pupil.needs[0]
    twin = CensusNeed(next(code for code in SenType.values if code != first.need_type), first.rank)
    broken = CensusPupil(key="pupil", provision=pupil.provision, needs=(first, twin))
    assert "2165" in _numbers(broken, phase)


@EXAMPLES
@given(pupil=clean_sen_pupils(), phase=MAINSTREAM_PHASES)
def test_sen_provision_without_a_need_breaks_2170_and_the_same_needs_with_n_break_2125(pupil, phase):
    assert "2170" in _numbers(CensusPupil(key="pupil", provision=pupil.provision, needs=()), phase)
    assert "2125" in _numbers(CensusPupil(key="pupil", provision="N", needs=pupil.needs), phase)


@EXAMPLES
@given(code=st.sampled_from(SenType.values), ds_area=st.sampled_from(["", "cognition-learning"]))
def test_every_need_but_oth_and_nsa_has_a_broad_area_and_ds_the_one_configured(code, ds_area):
    with override_settings(OPENSEND_DS_BROAD_AREA=ds_area):
        area = broad_area(code)
    if code == SenType.DS:
        assert area == (ds_area or None)
    else:
        assert (area is None) == (code in {SenType.OTH, SenType.NSA})


# --- the register's forms ----------------------------------------------------------------------------

need_values = st.one_of(st.just(""), st.sampled_from(SenType.values), st.text(max_size=5))


@EXAMPLES
@given(
    provision=st.sampled_from([Provision.SEN_SUPPORT, Provision.EHC_PLAN]),
    chosen=st.fixed_dictionaries(dict.fromkeys(NEED_FIELDS, need_values)),
    days_ago=st.integers(0, 3000),
)
def test_needs_the_form_accepts_are_needs_the_census_accepts(provision, chosen, days_ago):
    start = timezone.localdate() - datetime.timedelta(days=days_ago)
    form = NeedsForm(
        data={**chosen, "start_date": start.strftime("%d/%m/%Y"), "current": ""}, provision=provision, current_needs=[]
    )
    if form.is_valid():
        needs = tuple(CensusNeed(code, rank) for rank, code in enumerate(form.needs(), start=1))
        pupil = CensusPupil(key="pupil", provision=provision, needs=needs)
        assert not {"2130", "2140", "2160", "2165", "2170", "2175"} & set(_numbers(pupil, "PS"))
        assert form.cleaned_data["start_date"] == start
    else:
        assert form.errors
        assert set(form.errors) <= {*NEED_FIELDS, "start_date"}, form.errors
        assert all(message for messages in form.errors.values() for message in messages)


@EXAMPLES
@given(
    day=st.dates(datetime.date(1990, 1, 1), datetime.date(2099, 12, 31)), written=st.sampled_from(WHOLE_DATE_FORMATS)
)
def test_a_start_date_in_any_accepted_form_reads_back_and_the_future_is_refused_by_name(day, written):
    if written == "%d/%m/%y" and not 1969 <= day.year <= 2068:
        return  # two-digit years name only the century around now
    data = {
        "provision": Provision.NONE,
        "start_date": day.strftime(written),
        "reason": "Reviewed at the meeting",
        "current": "0",
    }
    form = ProvisionForm(data=data, current_status=None)
    if day <= timezone.localdate():
        assert form.is_valid(), form.errors
        assert form.cleaned_data["start_date"] == day
    else:
        assert not form.is_valid()
        assert list(form.errors) == ["start_date"]
        assert "must be today or in the past" in form.errors["start_date"][0]


@EXAMPLES
@given(typed=st.text(max_size=20), reason=st.text(max_size=60))
def test_any_text_in_the_provision_form_is_accepted_or_refused_by_field_never_a_crash(typed, reason):
    data = {"provision": Provision.NONE, "start_date": typed, "reason": reason, "current": "0"}
    form = ProvisionForm(data=data, current_status=None)
    if not form.is_valid():
        assert set(form.errors) <= {"start_date", "reason"}, form.errors
        assert all(message for messages in form.errors.values() for message in messages)
