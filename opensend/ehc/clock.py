"""The statutory clocks of EHC needs assessment requests, EHC plans and their annual reviews: which
deadlines apply at the step reached, each with its due date from opensend.deadlines, what was done
and when, and its status."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from opensend.deadlines.engine import Deadline, Status, deadline, status

from .models import AnnualReview, AssessmentRequest, Decision, Plan, Transfer, is_under_five


@dataclass(frozen=True)
class TrackedDeadline:
    deadline: Deadline
    status: Status
    done_on: datetime.date | None = None
    waived_reason: str = ""

    @property
    def rule(self):
        return self.deadline.rule


def _exception_text(request: AssessmentRequest) -> str:
    if not request.exception:
        return ""
    return f"{request.get_exception_display()}: {request.exception_details.strip()}"


def _track(rule_id: str, start, *, today, done_on=None, waived_reason: str = "", period=None) -> TrackedDeadline:
    found = deadline(rule_id, start, period=period)
    # A recorded reg 10(4) exception sets aside only the limits that regulation names.
    waived = waived_reason if "reg 10(4)" in found.rule.exception_source else ""
    return TrackedDeadline(found, status(found, today=today, done_on=done_on, waived_reason=waived), done_on, waived)


def _appeal(request: AssessmentRequest, decided_on: datetime.date, today) -> list[TrackedDeadline]:
    tracked = [_track("ehc-appeal", decided_on, today=today)]
    if request.mediation_certificate_on:
        tracked.append(_track("ehc-appeal-after-mediation", request.mediation_certificate_on, today=today))
    return tracked


def request_deadlines(request: AssessmentRequest, *, today: datetime.date) -> list[TrackedDeadline]:
    """The deadlines of the steps the request has reached, in the order of the process."""
    exception = _exception_text(request)
    tracked = [_track("ehc-decision-to-assess", request.requested_on, today=today, done_on=request.decision_on)]
    if request.decision == Decision.REFUSED:
        return tracked + _appeal(request, request.decision_on, today)
    if request.advice_requested_on:
        tracked.append(_track("ehc-advice", request.advice_requested_on, today=today, done_on=request.advice_sent_on))
    if not (request.draft_plan_on or request.final_plan_on):
        tracked.append(
            _track(
                "ehc-no-plan-decision",
                request.requested_on,
                today=today,
                done_on=request.no_plan_on,
                waived_reason=exception,
            )
        )
    if request.no_plan_on:
        return tracked + _appeal(request, request.no_plan_on, today)
    if request.draft_plan_on:
        tracked.append(_track("ehc-draft-comments", request.draft_plan_on, today=today))
    if request.naming_consulted_on:
        tracked.append(
            _track(
                "ehc-naming-consultation",
                request.naming_consulted_on,
                today=today,
                done_on=request.naming_response_on,
            )
        )
    tracked.append(
        _track(
            "ehc-final-plan", request.requested_on, today=today, done_on=request.final_plan_on, waived_reason=exception
        )
    )
    return tracked


def outcome(request: AssessmentRequest) -> str:
    if request.decision == Decision.REFUSED:
        return "Refused to assess"
    if request.no_plan_on:
        return "Assessed, no plan"
    if request.final_plan_on:
        return "Plan issued"
    if request.draft_plan_on:
        return "Draft plan sent"
    if request.decision == Decision.ASSESS:
        return "Being assessed"
    return "Waiting for the decision to assess"


def appeal_by(tracked: list[TrackedDeadline]) -> datetime.date | None:
    """The last day to appeal: 2 months from the decision or, if later, 1 month from mediation."""
    dates = [item.deadline.due for item in tracked if item.rule.id.startswith("ehc-appeal")]
    return max(dates) if dates else None


def steps(request: AssessmentRequest) -> list[tuple[datetime.date, str]]:
    """The steps the request has reached, each with its date, as the pupil's chronology lists them."""
    refused = request.decision == Decision.REFUSED
    dated = (
        (request.requested_on, "EHC needs assessment requested"),
        (request.decision_on, "Local authority refused to assess" if refused else "Local authority agreed to assess"),
        (request.mediation_certificate_on, "Mediation certificate issued"),
        (request.advice_sent_on, "School's advice sent for the EHC needs assessment"),
        (request.no_plan_on, "Local authority decided not to issue an EHC plan"),
        (request.draft_plan_on, "Draft EHC plan sent"),
        (request.final_plan_on, "Final EHC plan issued"),
    )
    return [(on, title) for on, title in dated if on is not None]


def review_deadlines(review: AnnualReview, *, today: datetime.date) -> list[TrackedDeadline]:
    """The statutory steps of one annual review, counted from its meeting date."""
    meeting = review.meeting_on
    tracked = [
        _track("ar-invitations", meeting, today=today, done_on=review.invitations_sent_on),
        _track("ar-advice-circulated", meeting, today=today, done_on=review.advice_circulated_on),
    ]
    if review.held:
        tracked.append(_track("ar-report", meeting, today=today, done_on=review.report_sent_on))
        tracked.append(_track("ar-la-decision", meeting, today=today, done_on=review.decision_on))
    if review.amendment_notice_on:
        tracked.append(_track("amendment-representations", review.amendment_notice_on, today=today))
        tracked.append(
            _track("amendment-final-plan", review.amendment_notice_on, today=today, done_on=review.final_amended_on)
        )
    return tracked


def plan_deadlines(plan: Plan, reviews: list[AnnualReview], *, today: datetime.date) -> list[TrackedDeadline]:
    """The plan's own deadlines: the next annual review, 12 months from the plan or the last review
    held (or, for a child under 5 whose local authority asks, the shorter interval it asks for), and
    the phase transfer deadline when a transfer is recorded."""
    held = [review.meeting_on for review in reviews if review.held]
    tracked = [_next_review(plan, max([plan.issued_on, *held]), today)]
    if plan.transfer_on:
        rule_id = "phase-transfer-post16" if plan.transfer == Transfer.POST16 else "phase-transfer"
        tracked.append(_track(rule_id, plan.transfer_on, today=today, done_on=plan.transfer_amended_on))
    return tracked


def _next_review(plan: Plan, last: datetime.date, today: datetime.date) -> TrackedDeadline:
    # The shorter interval always falls inside the statutory 12 months, so it is the one to show; a
    # child who turns 5 before it falls due still has that review (Code of Practice 9.178 asks for
    # the shorter cycle as guidance, and showing the earlier date never gives less time than the law).
    if plan.under_five_review_months and is_under_five(plan.pupil, last):
        return _track("under-five-review-due", last, today=today, period=plan.under_five_review_months)
    return _track("annual-review-due", last, today=today)


def plan_steps(plan: Plan, reviews: list[AnnualReview]) -> list[tuple[datetime.date, str]]:
    """The plan's and its reviews' steps with their dates, as the pupil's chronology lists them."""
    dated = [(plan.issued_on, "EHC plan issued"), (plan.transfer_amended_on, "EHC plan amended for the phase transfer")]
    for review in reviews:
        dated += [
            (review.meeting_on if review.held else None, "Annual review meeting held"),
            (review.report_sent_on, "Annual review report sent"),
            (review.decision_on, f"Local authority's review decision: {review.get_decision_display().lower()}"),
            (review.final_amended_on, "Final amended EHC plan issued"),
        ]
    return [(on, title) for on, title in dated if on is not None]
