"""Every rule of the deadline table with worked dates: across bank holidays, Easter, Christmas,
29 February and a school's own term dates."""

from __future__ import annotations

import datetime

import pytest

from opensend.deadlines.engine import Status, TermDatesNeeded, deadline, due_date, status
from opensend.deadlines.rules import RULES, RULES_BY_ID, Days

from ..core.test_dates import TERMS

d = datetime.date

WORKED_EXAMPLES = [
    # (rule, starting event, due date, why this example)
    ("ehc-decision-to-assess", d(2026, 1, 12), d(2026, 2, 23), "6 weeks"),
    ("ehc-decision-to-assess", d(2026, 3, 20), d(2026, 5, 1), "calendar weeks run through Easter"),
    ("ehc-decision-to-assess", d(2026, 12, 1), d(2027, 1, 12), "and through Christmas"),
    ("ehc-advice", d(2028, 2, 2), d(2028, 3, 15), "6 weeks over 29 February"),
    ("ehc-no-plan-decision", d(2026, 1, 12), d(2026, 5, 4), "16 weeks, due even on a bank holiday"),
    ("ehc-draft-comments", d(2026, 12, 20), d(2027, 1, 4), "15 calendar days over Christmas"),
    ("ehc-naming-consultation", d(2028, 2, 20), d(2028, 3, 6), "15 days over 29 February"),
    ("ehc-final-plan", d(2026, 1, 12), d(2026, 6, 1), "20 weeks"),
    ("ehc-final-plan", d(2027, 11, 1), d(2028, 3, 20), "20 weeks over Christmas and 29 February"),
    ("ehc-appeal", d(2026, 2, 23), d(2026, 4, 23), "2 months from the decision letter"),
    ("ehc-appeal", d(2025, 12, 31), d(2026, 2, 28), "2 months from 31 December end on 28 February"),
    ("ehc-appeal-after-mediation", d(2028, 1, 30), d(2028, 2, 29), "1 month ending on 29 February"),
    ("reassessment-final-plan", d(2026, 9, 1), d(2026, 12, 8), "14 weeks"),
    ("annual-review-due", d(2026, 3, 10), d(2027, 3, 10), "12 months"),
    ("annual-review-due", d(2024, 2, 29), d(2025, 2, 28), "12 months from 29 February, never later"),
    ("ar-invitations", d(2026, 4, 14), d(2026, 3, 31), "2 weeks before the meeting"),
    ("ar-advice-circulated", d(2027, 1, 5), d(2026, 12, 22), "2 weeks before, back over Christmas"),
    ("ar-report", d(2026, 12, 17), d(2026, 12, 31), "2 weeks after the meeting"),
    ("ar-la-decision", d(2026, 12, 17), d(2027, 1, 14), "4 weeks after the meeting"),
    ("amendment-representations", d(2028, 2, 14), d(2028, 2, 29), "15 days ending on 29 February"),
    ("amendment-final-plan", d(2028, 2, 14), d(2028, 4, 10), "8 weeks over 29 February"),
    ("phase-transfer", d(2027, 9, 1), d(2027, 2, 15), "15 February of the year of transfer"),
    ("phase-transfer", d(2028, 9, 4), d(2028, 2, 15), "in a leap year too"),
    ("phase-transfer-post16", d(2027, 9, 1), d(2027, 3, 31), "31 March of the year of transfer"),
    ("pep-initiate", d(2026, 3, 30), d(2026, 4, 15), "10 working days over Good Friday and Easter Monday"),
    ("pep-first-review", d(2026, 12, 11), d(2027, 1, 13), "20 working days over Christmas and New Year"),
    ("pep-first-review", d(2026, 5, 1), d(2026, 6, 2), "over both May bank holidays"),
    ("educational-record-request", d(2026, 10, 16), d(2026, 11, 13), "15 school days over half-term"),
    ("educational-record-request", d(2026, 12, 7), d(2027, 1, 12), "15 school days over Christmas"),
    ("referral-response", d(2026, 12, 1), d(2027, 1, 12), "6 weeks where the service records no waiting time"),
]


@pytest.mark.parametrize(("rule_id", "start", "due", "why"), WORKED_EXAMPLES, ids=[w[3] for w in WORKED_EXAMPLES])
def test_the_worked_example_gives_the_due_date(rule_id, start, due, why):
    assert due_date(rule_id, start, terms=TERMS) == due


def test_every_rule_has_a_worked_example():
    assert {example[0] for example in WORKED_EXAMPLES} == set(RULES_BY_ID)


def test_every_rule_names_its_source_and_describes_itself():
    for rule in RULES:
        assert rule.source and rule.description and rule.starting_event, rule.id


def test_the_rule_ids_are_the_published_interface():
    assert set(RULES_BY_ID) >= {
        "ehc-decision-to-assess",
        "ehc-advice",
        "ehc-no-plan-decision",
        "ehc-final-plan",
        "ehc-draft-comments",
        "ehc-naming-consultation",
        "reassessment-final-plan",
        "annual-review-due",
        "ar-invitations",
        "ar-advice-circulated",
        "ar-report",
        "ar-la-decision",
        "amendment-representations",
        "amendment-final-plan",
        "phase-transfer",
        "phase-transfer-post16",
        "pep-initiate",
        "pep-first-review",
    }


def test_a_rule_shows_its_period_and_source_in_words():
    invitations = RULES_BY_ID["ar-invitations"]
    assert invitations.period_text == "2 weeks before the review meeting"
    assert invitations.summary == "Invitations at least 2 weeks before the meeting: SEND Regulations 2014, reg 20(3)"
    assert RULES_BY_ID["pep-initiate"].period_text == "10 working days after the child becoming looked after"
    assert RULES_BY_ID["phase-transfer"].period_text == "15 February in the calendar year of the transfer"


def test_a_school_day_rule_needs_the_schools_term_dates():
    assert RULES_BY_ID["educational-record-request"].days == Days.SCHOOL
    with pytest.raises(TermDatesNeeded):
        due_date("educational-record-request", d(2026, 10, 16))


def test_an_unknown_rule_is_refused():
    with pytest.raises(KeyError):
        due_date("ehc-made-up", d(2026, 1, 1))


FINAL_PLAN = deadline("ehc-final-plan", d(2026, 1, 12))  # due 1 June 2026


@pytest.mark.parametrize(
    ("today", "done_on", "waived_reason", "expected"),
    [
        (d(2026, 5, 1), None, "", Status.UPCOMING),
        (d(2026, 5, 18), None, "", Status.DUE_SOON),
        (d(2026, 6, 1), None, "", Status.DUE_SOON),
        (d(2026, 6, 2), None, "", Status.OVERDUE),
        (d(2026, 7, 1), d(2026, 6, 1), "", Status.MET),
        (d(2026, 7, 1), d(2026, 6, 2), "", Status.MET_LATE),
        (d(2026, 7, 1), None, "Reg 10(4)(a): advice asked of the school over the summer holiday", Status.WAIVED),
        (d(2026, 9, 1), d(2026, 8, 20), "Reg 10(4)(d): the family was abroad for 5 weeks", Status.WAIVED),
    ],
)
def test_the_status_follows_the_due_date_what_was_done_and_any_exception(today, done_on, waived_reason, expected):
    assert status(FINAL_PLAN, today=today, done_on=done_on, waived_reason=waived_reason) == expected


def test_a_window_the_family_has_closes_rather_than_going_overdue():
    comments = deadline("ehc-draft-comments", d(2026, 12, 20))  # ends 4 January 2027
    assert status(comments, today=d(2026, 12, 28)) == Status.DUE_SOON
    assert status(comments, today=d(2027, 1, 5)) == Status.CLOSED


def test_only_a_rule_with_an_exception_in_law_can_be_waived():
    decision = deadline("ehc-decision-to-assess", d(2026, 1, 12))
    with pytest.raises(ValueError, match="allows no exception"):
        status(decision, today=d(2026, 3, 1), waived_reason="Busy")


def test_the_json_carries_the_rule_dates_kind_of_days_and_source():
    assert deadline("pep-initiate", d(2026, 3, 30)).as_json() == {
        "rule": "pep-initiate",
        "start": "2026-03-30",
        "due": "2026-04-15",
        "days": "working",
        "source": RULES_BY_ID["pep-initiate"].source,
        "description": RULES_BY_ID["pep-initiate"].description,
        "period": "10 working days after the child becoming looked after",
    }
