"""The plans selectors others build on (dashboards, the register, "my class"), with worked dates."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from opensend.access import policy
from opensend.plans import selectors
from opensend.plans.models import ParentMeeting, Status
from opensend.pupils.models import Pupil
from opensend.schools.models import Term

from ..factories import AcademicYearFactory, PupilFactory, enrol
from .factories import MeetingFactory, OutcomeFactory, TargetFactory, closed_cycle_for, cycle_for, on_register

TODAY = datetime.date(2026, 11, 23)


def access_of(cast, role):
    return policy.access_at(cast[role], cast.school)


def taught_pupil(cast, surname: str):
    pupil = PupilFactory(trust=cast.trust, legal_surname=surname)
    enrol(pupil, cast.school, group=cast.group)
    return pupil


def surnames(rows) -> list[str]:
    return [row.pupil.legal_surname for row in rows]


@pytest.fixture
def calendar(cast):
    year = AcademicYearFactory(
        school=cast.school, starts_on=datetime.date(2026, 9, 1), ends_on=datetime.date(2027, 8, 31)
    )
    for name, starts, ends in (
        ("autumn", datetime.date(2026, 9, 2), datetime.date(2026, 12, 18)),
        ("spring", datetime.date(2027, 1, 4), datetime.date(2027, 3, 26)),
        ("summer", datetime.date(2027, 4, 12), datetime.date(2027, 7, 21)),
    ):
        Term.objects.create(academic_year=year, name=name, starts_on=starts, ends_on=ends)
    return year


# --- Reviews due and overdue ---------------------------------------------------------------------


@pytest.fixture
def reviews(cast):
    """Open cycles for pupils of 3 Oak with review dates around 23 November 2026."""
    cases = {
        "Overdue": {"review_date": datetime.date(2026, 11, 20)},
        "Today": {"review_date": datetime.date(2026, 11, 23)},
        "Fortnight": {"review_date": datetime.date(2026, 12, 7)},
        "Later": {"review_date": datetime.date(2026, 12, 8)},
        "Reviewed": {"review_date": datetime.date(2026, 11, 20), "status": Status.REVIEW},
        "Unplanned": {"review_date": None, "status": Status.ASSESS},
    }
    for surname, fields in cases.items():
        cycle_for(cast, taught_pupil(cast, surname), **fields)
    closed_cycle_for(cast, taught_pupil(cast, "Closed"), review_date=datetime.date(2026, 11, 20))


def test_reviews_due_are_those_from_today_to_the_window_not_yet_reviewed(cast, reviews):
    due = selectors.reviews_due(cast["sendco"], access_of(cast, "sendco"), within_days=14, today=TODAY)
    assert surnames(due) == ["Today", "Fortnight"]


def test_reviews_overdue_are_those_before_today_not_yet_reviewed(cast, reviews):
    overdue = selectors.reviews_overdue(cast["sendco"], access_of(cast, "sendco"), today=TODAY)
    assert surnames(overdue) == ["Overdue"]


def test_a_teacher_sees_reviews_only_for_pupils_they_teach(cast):
    cycle_for(cast, cast.taught_pupil, review_date=datetime.date(2026, 11, 1))
    cycle_for(cast, cast.untaught_pupil, review_date=datetime.date(2026, 11, 1))
    teacher = selectors.reviews_overdue(cast["teacher"], access_of(cast, "teacher"), today=TODAY)
    sendco = selectors.reviews_overdue(cast["sendco"], access_of(cast, "sendco"), today=TODAY)
    assert surnames(teacher) == ["Taught"]
    assert sorted(surnames(sendco)) == ["Elsewhere", "Taught"]


def test_the_review_lists_take_one_query_however_many_rows(cast):
    access = access_of(cast, "sendco")
    cycle_for(cast, cast.taught_pupil, review_date=datetime.date(2026, 11, 1))
    with CaptureQueriesContext(connection) as one:
        assert len(list(selectors.reviews_overdue(cast["sendco"], access, today=TODAY))) == 1
    for index in range(6):
        cycle_for(cast, taught_pupil(cast, f"More{index}"), review_date=datetime.date(2026, 11, 2))
    with CaptureQueriesContext(connection) as many:
        assert len(list(selectors.reviews_overdue(cast["sendco"], access, today=TODAY))) == 7
    assert len(one) == len(many) == 1


# --- Pupils without a current plan ---------------------------------------------------------------


def test_pupils_on_the_register_without_an_open_cycle_are_listed(cast):
    support_without = taught_pupil(cast, "SupportNoPlan")
    on_register(cast, support_without, "K")
    ehcp_history_only = taught_pupil(cast, "EhcpOldPlan")
    on_register(cast, ehcp_history_only, "E")
    closed_cycle_for(cast, ehcp_history_only)
    with_plan = taught_pupil(cast, "SupportWithPlan")
    on_register(cast, with_plan, "K")
    cycle_for(cast, with_plan)
    on_register(cast, taught_pupil(cast, "NoSen"), "N")
    ended = taught_pupil(cast, "Ended")
    status = on_register(cast, ended, "K")
    status.end_date = datetime.date(2026, 7, 20)
    status.save()

    pupils = selectors.pupils_without_current_plan(cast["sendco"], access_of(cast, "sendco"))
    assert [pupil.legal_surname for pupil in pupils] == ["EhcpOldPlan", "SupportNoPlan"]


def test_pupils_without_a_plan_are_limited_to_those_the_person_may_see(cast):
    on_register(cast, cast.untaught_pupil, "K")
    on_register(cast, cast.taught_pupil, "K")
    pupils = selectors.pupils_without_current_plan(cast["teacher"], access_of(cast, "teacher"))
    assert [pupil.legal_surname for pupil in pupils] == ["Taught"]


# --- The school year and parents' meetings -------------------------------------------------------


def test_the_school_year_comes_from_the_schools_calendar(cast, calendar):
    year = selectors.school_year(cast.school, today=datetime.date(2027, 2, 1))
    assert (year.starts_on, year.ends_on) == (datetime.date(2026, 9, 1), datetime.date(2027, 8, 31))
    assert year.term_ends == (datetime.date(2026, 12, 18), datetime.date(2027, 3, 26), datetime.date(2027, 7, 21))


def test_without_a_calendar_the_year_runs_from_1_september_to_31_august(cast):
    year = selectors.school_year(cast.school, today=datetime.date(2027, 2, 1))
    assert (year.starts_on, year.ends_on) == (datetime.date(2026, 9, 1), datetime.date(2027, 8, 31))


@pytest.mark.parametrize(
    "day,expected",
    [
        (datetime.date(2026, 11, 23), 0),
        (datetime.date(2026, 12, 18), 0),
        (datetime.date(2026, 12, 19), 1),
        (datetime.date(2027, 3, 27), 2),
        (datetime.date(2027, 7, 22), 3),
    ],
)
def test_reviews_expected_by_a_day_count_the_terms_that_have_ended(cast, calendar, day, expected):
    assert selectors.reviews_expected_by(selectors.school_year(cast.school, today=day), day) == expected


@pytest.fixture
def support_pupils(cast):
    """Pupils on SEN support in 3 Oak with different meetings this year (2026/27) and last."""
    pupils = {}
    for surname in ("None", "OneReview", "OtherOnly", "LastYear", "TwoReviews"):
        pupils[surname] = taught_pupil(cast, surname)
        on_register(cast, pupils[surname], "K")
    meet = lambda surname, day, kind=ParentMeeting.Kind.SEN_SUPPORT_REVIEW: MeetingFactory(  # noqa: E731
        pupil=pupils[surname], school=cast.school, recorded_by=cast["sendco"], held_on=day, kind=kind
    )
    meet("OneReview", datetime.date(2026, 10, 12))
    meet("OtherOnly", datetime.date(2026, 10, 12), ParentMeeting.Kind.OTHER)
    meet("LastYear", datetime.date(2026, 6, 10))
    meet("TwoReviews", datetime.date(2026, 10, 1))
    meet("TwoReviews", datetime.date(2027, 2, 1))
    ehcp = taught_pupil(cast, "Ehcp")
    on_register(cast, ehcp, "E")
    return pupils


def test_meetings_behind_lists_sen_support_pupils_below_the_count_expected_by_now(cast, calendar, support_pupils):
    behind = selectors.meetings_behind(cast["sendco"], access_of(cast, "sendco"), today=datetime.date(2027, 1, 10))
    assert [(row.pupil.legal_surname, row.held, row.expected) for row in behind] == [
        ("LastYear", 0, 1),
        ("None", 0, 1),
        ("OtherOnly", 0, 1),
    ]


def test_after_the_spring_term_two_reviews_are_expected(cast, calendar, support_pupils):
    behind = selectors.meetings_behind(cast["sendco"], access_of(cast, "sendco"), today=datetime.date(2027, 4, 1))
    assert [(row.pupil.legal_surname, row.held) for row in behind] == [
        ("LastYear", 0),
        ("None", 0),
        ("OtherOnly", 0),
        ("OneReview", 1),
    ]


def test_nobody_is_behind_before_the_first_term_ends(cast, calendar, support_pupils):
    assert selectors.meetings_behind(cast["sendco"], access_of(cast, "sendco"), today=TODAY) == []


def test_meetings_due_this_term_are_those_short_of_the_count_expected_when_it_ends(cast, calendar, support_pupils):
    due = selectors.meetings_due_this_term(cast["sendco"], access_of(cast, "sendco"), today=TODAY)
    assert [(pupil.legal_surname, pupil.held, due.expected) for pupil in due.pupils] == [
        ("LastYear", 0, 1),
        ("None", 0, 1),
        ("OtherOnly", 0, 1),
    ]


def test_in_the_spring_term_two_reviews_are_due_by_its_end(cast, calendar, support_pupils):
    due = selectors.meetings_due_this_term(cast["sendco"], access_of(cast, "sendco"), today=datetime.date(2027, 2, 1))
    assert [pupil.legal_surname for pupil in due.pupils] == ["LastYear", "None", "OtherOnly", "OneReview"]


def test_meetings_behind_uses_1_september_to_31_august_and_christmas_without_a_calendar(cast, support_pupils):
    behind = selectors.meetings_behind(cast["sendco"], access_of(cast, "sendco"), today=datetime.date(2027, 1, 5))
    assert [row.pupil.legal_surname for row in behind] == ["LastYear", "None", "OtherOnly"]


def test_meetings_behind_takes_a_fixed_number_of_queries(cast, calendar, support_pupils):
    access = access_of(cast, "sendco")
    day = datetime.date(2027, 1, 10)
    with CaptureQueriesContext(connection) as first:
        selectors.meetings_behind(cast["sendco"], access, today=day)
    with CaptureQueriesContext(connection) as few:
        selectors.meetings_behind(cast["sendco"], access, today=day)
    for index in range(5):
        on_register(cast, taught_pupil(cast, f"Extra{index}"), "K")
    with CaptureQueriesContext(connection) as many:
        assert len(selectors.meetings_behind(cast["sendco"], access, today=day)) == 8
    # The school's year is read once (the calendar's terms), then kept for the day.
    assert len(first) == 2
    assert len(few) == len(many) == 1


def test_review_counts_this_year_per_pupil(cast, calendar, support_pupils):
    ids = [pupil.pk for pupil in support_pupils.values()]
    counts = selectors.sen_support_review_counts(cast.school, ids, today=datetime.date(2027, 3, 1))
    by_name = {pupil.legal_surname: counts.get(pupil.pk, 0) for pupil in support_pupils.values()}
    assert by_name == {"None": 0, "OneReview": 1, "OtherOnly": 0, "LastYear": 0, "TwoReviews": 2}


# --- "My class" ----------------------------------------------------------------------------------


def _plan_rows(pupils):
    return list(
        Pupil.objects.filter(pk__in=[pupil.pk for pupil in pupils])
        .annotate(**selectors.open_cycle_columns())
        .values("pk", *selectors.open_cycle_columns())
    )


def test_the_open_cycle_columns_give_the_open_cycle_and_none_without_one(cast):
    closed_cycle_for(cast, cast.taught_pupil)
    cycle = cycle_for(cast, cast.taught_pupil, strategies="Visual timetable", review_date=datetime.date(2027, 1, 15))
    closed_cycle_for(cast, cast.untaught_pupil)
    rows = {row["pk"]: row for row in _plan_rows([cast.taught_pupil, cast.untaught_pupil])}
    assert rows[cast.taught_pupil.pk] == {
        "pk": cast.taught_pupil.pk,
        "open_cycle_id": cycle.pk,
        "open_cycle_review_date": datetime.date(2027, 1, 15),
        "open_cycle_strategies": "Visual timetable",
    }
    assert rows[cast.untaught_pupil.pk]["open_cycle_id"] is None


def test_plan_summaries_give_review_date_strategies_and_targets_of_the_open_cycle(cast):
    closed_cycle_for(cast, cast.taught_pupil)
    cycle_for(cast, cast.taught_pupil, targets=2, strategies="Visual timetable", review_date=datetime.date(2027, 1, 15))
    summary = selectors.plan_summaries(_plan_rows([cast.taught_pupil, cast.untaught_pupil]))
    assert list(summary) == [cast.taught_pupil.pk]
    plan = summary[cast.taught_pupil.pk]
    assert (plan.review_date, plan.strategies) == (datetime.date(2027, 1, 15), "Visual timetable")
    assert [len(outcome.target_list) for outcome in plan.outcomes] == [2]


def test_plan_summaries_take_one_query_however_many_pupils_and_none_without_a_plan(cast):
    rows = _plan_rows([cast.taught_pupil])
    with CaptureQueriesContext(connection) as none:
        assert selectors.plan_summaries(rows) == {}
    cycle_for(cast, cast.taught_pupil)
    rows = _plan_rows([cast.taught_pupil])
    with CaptureQueriesContext(connection) as one:
        selectors.plan_summaries(rows)
    pupils = [taught_pupil(cast, f"Class{index}") for index in range(6)]
    for pupil in pupils:
        cycle = cycle_for(cast, pupil, targets=3)
        TargetFactory(outcome=OutcomeFactory(cycle=cycle))
    rows = _plan_rows(pupils)
    with CaptureQueriesContext(connection) as many:
        summary = selectors.plan_summaries(rows)
    assert len(summary) == 6
    assert all(len(plan.outcomes) == 2 for plan in summary.values())
    assert (len(none), len(one), len(many)) == (0, 1, 1)
