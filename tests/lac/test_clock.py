"""The PEP clock through the deadline engine, with the worked examples of statutory-rules section 2.1:
the PEP initiated within 10 working days of an emergency placement, ready for the first care plan
review within 20 working days of entering care, then a PEP each school term."""

from __future__ import annotations

import datetime

import pytest

from opensend.deadlines.engine import Status, due_date
from opensend.deadlines.rules import RULES_BY_ID, Kind
from opensend.lac.clock import next_due, pep_deadlines
from opensend.lac.models import CareRecord, CareStatus, Pep
from opensend.schools.calendar import term_ends
from opensend.schools.models import Term

from ..factories import AcademicYearFactory, SchoolFactory

d = datetime.date

# A school's own term ends: spring and summer 2026, then 2026-27 (autumn 18 December, spring 26
# March, summer 21 July) and autumn 2027.
SCHOOL_TERM_ENDS = [d(2026, 3, 27), d(2026, 7, 22), d(2026, 12, 18), d(2027, 3, 26), d(2027, 7, 21), d(2027, 12, 17)]


@pytest.mark.parametrize(
    ("rule_id", "start", "due", "why"),
    [
        ("pep-initiate", d(2026, 3, 30), d(2026, 4, 15), "10 working days over Good Friday and Easter Monday"),
        ("pep-first-review", d(2026, 3, 30), d(2026, 4, 29), "20 working days over Easter"),
        ("pep-first-review", d(2026, 12, 11), d(2027, 1, 13), "20 working days over Christmas and New Year"),
    ],
)
def test_the_initial_pep_is_dated_in_working_days_from_entering_care(rule_id, start, due, why):
    assert due_date(rule_id, start) == due, why


@pytest.mark.parametrize(
    ("meeting", "due", "why"),
    [
        (d(2026, 10, 15), d(2027, 3, 26), "an autumn PEP: the next by the end of the spring term"),
        (d(2026, 12, 18), d(2027, 3, 26), "on the last day of the autumn term"),
        (d(2026, 12, 22), d(2027, 7, 21), "in the Christmas holiday: it is the spring term's PEP"),
        (d(2027, 5, 4), d(2027, 12, 17), "a summer PEP: the next by the end of the autumn term"),
    ],
)
def test_a_pep_is_reviewed_each_term_by_the_schools_own_term_dates(meeting, due, why):
    assert due_date("pep-review", meeting, term_ends=SCHOOL_TERM_ENDS) == due, why


def test_without_the_schools_terms_a_term_ends_at_christmas_the_end_of_march_and_the_end_of_july():
    assert due_date("pep-review", d(2026, 10, 15)) == d(2027, 3, 31)
    assert due_date("pep-review", d(2027, 2, 1)) == d(2027, 7, 31)


def test_the_pep_rules_are_one_kind_that_names_peps():
    assert {RULES_BY_ID[rule].kind for rule in ("pep-initiate", "pep-first-review", "pep-review")} == {Kind.PEP}
    assert Kind.PEP.value == "pep" and "education plans" in Kind.PEP.label
    assert RULES_BY_ID["pep-review"].period_text == "the end of the term after the term of the last PEP meeting"


def test_the_school_term_ends_come_from_its_calendar_and_default_where_it_has_none(db):
    school = SchoolFactory()
    year = AcademicYearFactory(school=school, starts_on=d(2026, 9, 1), ends_on=d(2027, 8, 31))
    Term.objects.create(academic_year=year, name=Term.Name.AUTUMN, starts_on=d(2026, 9, 2), ends_on=d(2026, 12, 18))
    Term.objects.create(academic_year=year, name=Term.Name.SPRING, starts_on=d(2027, 1, 5), ends_on=d(2027, 3, 26))
    ends = term_ends(school, from_day=d(2026, 10, 1), years=2)
    assert ends[:2] == [d(2026, 12, 18), d(2027, 3, 26)]
    assert d(2027, 12, 31) in ends  # 2027-28 has no terms entered


ENTERED = d(2026, 3, 30)


def record(status=CareStatus.LOOKED_AFTER, entered=ENTERED) -> CareRecord:
    return CareRecord(status=status, entered_care_on=entered)


def pep(kind, on) -> Pep:
    return Pep(kind=kind, meeting_on=on)


def test_a_child_new_to_care_with_no_pep_has_the_initial_deadlines_running():
    tracked = pep_deadlines(record(), [], today=d(2026, 4, 20), term_ends=SCHOOL_TERM_ENDS)
    assert [(item.rule.id, item.deadline.due, item.status) for item in tracked] == [
        ("pep-initiate", d(2026, 4, 15), Status.OVERDUE),
        ("pep-first-review", d(2026, 4, 29), Status.DUE_SOON),
    ]
    assert next_due(tracked).rule.id == "pep-initiate"


def test_the_initial_pep_meets_both_and_starts_the_termly_cycle():
    peps = [pep(Pep.Kind.INITIAL, d(2026, 4, 24)), pep(Pep.Kind.REVIEW, d(2026, 12, 1))]
    tracked = pep_deadlines(record(), peps, today=d(2027, 1, 10), term_ends=SCHOOL_TERM_ENDS)
    assert [(item.rule.id, item.status) for item in tracked] == [
        ("pep-initiate", Status.MET_LATE),
        ("pep-first-review", Status.MET),
        ("pep-review", Status.MET),  # summer 2026 PEP -> next by the end of the autumn term
        ("pep-review", Status.UPCOMING),
    ]
    assert next_due(tracked).deadline.due == d(2027, 3, 26)


def test_a_pupil_who_came_with_peps_made_elsewhere_has_only_the_termly_cycle():
    tracked = pep_deadlines(
        record(entered=d(2019, 5, 1)),
        [pep(Pep.Kind.REVIEW, d(2026, 2, 1))],
        today=d(2026, 9, 1),
        term_ends=SCHOOL_TERM_ENDS,
    )
    assert [(item.rule.id, item.deadline.due, item.status) for item in tracked] == [
        ("pep-review", d(2026, 7, 22), Status.OVERDUE)
    ]


@pytest.mark.parametrize("status", [CareStatus.PREVIOUSLY, CareStatus.LEFT])
def test_a_child_no_longer_in_care_has_no_pep_clock(status):
    assert (
        pep_deadlines(record(status=status), [pep(Pep.Kind.REVIEW, d(2026, 2, 1))], today=d(2026, 9, 1), term_ends=[])
        == []
    )


def test_peps_of_an_earlier_spell_in_care_do_not_meet_the_new_clock():
    earlier_spell = [pep(Pep.Kind.INITIAL, d(2025, 5, 1)), pep(Pep.Kind.REVIEW, d(2025, 10, 1))]
    tracked = pep_deadlines(record(), earlier_spell, today=d(2026, 4, 20), term_ends=SCHOOL_TERM_ENDS)
    assert [(item.rule.id, item.deadline.due, item.status) for item in tracked] == [
        ("pep-initiate", d(2026, 4, 15), Status.OVERDUE),
        ("pep-first-review", d(2026, 4, 29), Status.DUE_SOON),
    ]
