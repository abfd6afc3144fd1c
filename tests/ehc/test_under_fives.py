"""The under-fives review cadence: where the local authority asks, a child under 5 has their plan
reviewed every 3 to 6 months (SEND Code of Practice 9.178), worked through the deadline engine."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from opensend.deadlines.engine import PeriodNotAllowed, due_date
from opensend.deadlines.rules import RULES_BY_ID
from opensend.ehc.clock import plan_deadlines
from opensend.ehc.models import AnnualReview, Plan
from opensend.pupils.models import Pupil

d = datetime.date

WORKED = [
    # (months, plan issued or last reviewed, review due, why)
    (3, d(2026, 3, 10), d(2026, 6, 10), "3 months"),
    (4, d(2026, 10, 31), d(2027, 2, 28), "4 months from 31 October end on 28 February"),
    (4, d(2027, 10, 31), d(2028, 2, 29), "and on 29 February in a leap year"),
    (5, d(2026, 12, 25), d(2027, 5, 25), "5 months from Christmas Day, calendar months"),
    (6, d(2026, 8, 31), d(2027, 2, 28), "6 months from 31 August, never later than the month's end"),
]


@pytest.mark.parametrize(("months", "start", "due", "why"), WORKED, ids=[w[3] for w in WORKED])
def test_the_under_fives_review_falls_due_after_the_interval_the_local_authority_asks(months, start, due, why):
    assert due_date("under-five-review-due", start, period=months) == due


def test_the_rule_offers_3_to_6_months_and_names_its_source():
    rule = RULES_BY_ID["under-five-review-due"]
    assert rule.period_text == "3 to 6 months after the plan being issued or last reviewed"
    assert rule.source == "SEND Code of Practice 9.178"


@pytest.mark.parametrize("months", [2, 7, 12])
def test_an_interval_outside_3_to_6_months_is_refused(months):
    with pytest.raises(PeriodNotAllowed):
        due_date("under-five-review-due", d(2026, 3, 10), period=months)


def test_a_period_cannot_be_asked_of_a_rule_with_a_fixed_one():
    with pytest.raises(PeriodNotAllowed):
        due_date("ar-report", d(2026, 3, 10), period=3)


ISSUED = d(2026, 1, 15)
FEBRUARY = d(2026, 2, 1)


def a_plan(*, born: datetime.date, months: int | None, issued=ISSUED) -> Plan:
    # Unsaved: the clock reads only dates.
    return Plan(pupil=Pupil(date_of_birth=born), issued_on=issued, under_five_review_months=months)


def next_review(plan: Plan, reviews=(), today=FEBRUARY):
    return plan_deadlines(plan, list(reviews), today=today)[0]


def test_a_three_year_old_whose_local_authority_asks_is_reviewed_within_4_months():
    found = next_review(a_plan(born=d(2022, 9, 1), months=4))
    assert found.rule.id == "under-five-review-due"
    assert found.deadline.due == d(2026, 5, 15)


def test_without_the_setting_an_under_five_keeps_the_12_months():
    found = next_review(a_plan(born=d(2022, 9, 1), months=None))
    assert (found.rule.id, found.deadline.due) == ("annual-review-due", d(2027, 1, 15))


def test_the_interval_runs_from_the_last_review_held():
    plan = a_plan(born=d(2022, 9, 1), months=3)
    held = AnnualReview(plan=plan, meeting_on=d(2026, 4, 20), held=True)
    assert next_review(plan, [held], today=d(2026, 5, 1)).deadline.due == d(2026, 7, 20)


def test_once_the_child_is_5_at_the_last_review_the_12_months_return():
    plan = a_plan(born=d(2021, 4, 19), months=3)
    held = AnnualReview(plan=plan, meeting_on=d(2026, 4, 19), held=True)  # the fifth birthday
    found = next_review(plan, [held], today=d(2026, 5, 1))
    assert (found.rule.id, found.deadline.due) == ("annual-review-due", d(2027, 4, 19))


@pytest.mark.django_db
def test_the_setting_is_refused_for_a_child_already_5():
    from ..factories import PupilFactory
    from .factories import PlanFactory

    plan = PlanFactory(pupil=PupilFactory(date_of_birth=d(2015, 1, 1)), under_five_review_months=3)
    with pytest.raises(ValidationError) as raised:
        plan.full_clean()
    assert "under_five_review_months" in raised.value.message_dict


def test_deadline_calc_takes_the_interval_the_local_authority_asks_for():
    import io
    import json

    from django.core.management import CommandError, call_command

    out = io.StringIO()
    call_command("deadline_calc", rule="under-five-review-due", start="2027-10-31", period=4, stdout=out)
    assert json.loads(out.getvalue())["due"] == "2028-02-29"
    with pytest.raises(CommandError):
        call_command("deadline_calc", rule="under-five-review-due", start="2027-10-31", period=9, stdout=io.StringIO())
