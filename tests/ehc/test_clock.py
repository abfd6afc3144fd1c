"""The statutory clock of an EHC needs assessment request at each step, from the deadline engine."""

from __future__ import annotations

import datetime

from opensend.deadlines.engine import Status
from opensend.ehc.clock import appeal_by, outcome, request_deadlines, steps
from opensend.ehc.models import AssessmentRequest, Decision, Exception10_4

d = datetime.date


def a_request(**steps_taken) -> AssessmentRequest:
    # Unsaved: the clock reads only the dates.
    return AssessmentRequest(requested_on=d(2026, 1, 12), **steps_taken)


def by_rule(request, today):
    return {item.rule.id: item for item in request_deadlines(request, today=today)}


def test_a_new_request_waits_for_the_decision_to_assess_and_runs_to_the_final_plan():
    clock = by_rule(a_request(), today=d(2026, 2, 16))
    assert list(clock) == ["ehc-decision-to-assess", "ehc-no-plan-decision", "ehc-final-plan"]
    assert clock["ehc-decision-to-assess"].deadline.due == d(2026, 2, 23)
    assert clock["ehc-decision-to-assess"].status == Status.DUE_SOON
    assert clock["ehc-no-plan-decision"].deadline.due == d(2026, 5, 4)
    assert clock["ehc-final-plan"].deadline.due == d(2026, 6, 1)
    assert outcome(a_request()) == "Waiting for the decision to assess"


def test_a_decision_after_six_weeks_is_met_late():
    request = a_request(decision=Decision.ASSESS, decision_on=d(2026, 2, 27))
    assert by_rule(request, today=d(2026, 3, 1))["ehc-decision-to-assess"].status == Status.MET_LATE


def test_a_refusal_gives_the_appeal_deadline_and_mediation_can_extend_it():
    refused = a_request(decision=Decision.REFUSED, decision_on=d(2026, 2, 20))
    clock = by_rule(refused, today=d(2026, 3, 1))
    assert list(clock) == ["ehc-decision-to-assess", "ehc-appeal"]
    assert appeal_by(list(clock.values())) == d(2026, 4, 20)
    assert outcome(refused) == "Refused to assess"

    refused.mediation_certificate_on = d(2026, 4, 1)
    tracked = request_deadlines(refused, today=d(2026, 4, 2))
    assert appeal_by(tracked) == d(2026, 5, 1)


def test_the_schools_advice_is_due_six_weeks_after_the_local_authority_asked():
    request = a_request(decision=Decision.ASSESS, decision_on=d(2026, 2, 20), advice_requested_on=d(2026, 2, 23))
    advice = by_rule(request, today=d(2026, 4, 7))["ehc-advice"]
    assert advice.deadline.due == d(2026, 4, 6)
    assert advice.status == Status.OVERDUE
    request.advice_sent_on = d(2026, 4, 1)
    assert by_rule(request, today=d(2026, 4, 7))["ehc-advice"].status == Status.MET


def test_assessed_with_no_plan_ends_the_clock_with_an_appeal():
    request = a_request(decision=Decision.ASSESS, decision_on=d(2026, 2, 20), no_plan_on=d(2026, 4, 30))
    clock = by_rule(request, today=d(2026, 5, 1))
    assert clock["ehc-no-plan-decision"].status == Status.MET
    assert "ehc-final-plan" not in clock
    assert clock["ehc-appeal"].deadline.due == d(2026, 6, 30)
    assert outcome(request) == "Assessed, no plan"


def test_a_draft_plan_opens_the_15_day_comment_window_and_the_naming_consultation():
    request = a_request(
        decision=Decision.ASSESS,
        decision_on=d(2026, 2, 20),
        draft_plan_on=d(2026, 4, 20),
        naming_consulted_on=d(2026, 4, 21),
    )
    clock = by_rule(request, today=d(2026, 5, 7))
    assert "ehc-no-plan-decision" not in clock
    assert clock["ehc-draft-comments"].deadline.due == d(2026, 5, 5)
    assert clock["ehc-draft-comments"].status == Status.CLOSED
    assert clock["ehc-naming-consultation"].deadline.due == d(2026, 5, 6)
    assert clock["ehc-naming-consultation"].status == Status.OVERDUE
    assert outcome(request) == "Draft plan sent"


def test_a_plan_issued_in_20_weeks_is_met():
    request = a_request(
        decision=Decision.ASSESS, decision_on=d(2026, 2, 20), draft_plan_on=d(2026, 4, 20), final_plan_on=d(2026, 6, 1)
    )
    assert by_rule(request, today=d(2026, 6, 2))["ehc-final-plan"].status == Status.MET
    assert outcome(request) == "Plan issued"


def test_a_reg_10_4_exception_waives_the_16_and_20_weeks_only_with_its_reason():
    request = a_request(
        decision=Decision.ASSESS,
        decision_on=d(2026, 2, 20),
        advice_requested_on=d(2026, 7, 15),
        exception=Exception10_4.SCHOOL_CLOSED,
        exception_details="Advice asked a week before the summer holiday.",
    )
    clock = by_rule(request, today=d(2026, 9, 1))
    assert clock["ehc-final-plan"].status == Status.WAIVED
    assert "Advice asked a week before the summer holiday." in clock["ehc-final-plan"].waived_reason
    assert clock["ehc-no-plan-decision"].status == Status.WAIVED
    # The school's advice and the decision to assess keep their own limits.
    assert clock["ehc-advice"].status == Status.OVERDUE
    assert clock["ehc-decision-to-assess"].status == Status.MET


def test_the_chronology_steps_are_the_dates_recorded():
    request = a_request(decision=Decision.ASSESS, decision_on=d(2026, 2, 20), draft_plan_on=d(2026, 4, 20))
    assert steps(request) == [
        (d(2026, 1, 12), "EHC needs assessment requested"),
        (d(2026, 2, 20), "Local authority agreed to assess"),
        (d(2026, 4, 20), "Draft EHC plan sent"),
    ]
