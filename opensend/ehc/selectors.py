from __future__ import annotations

import datetime
from dataclasses import dataclass
from statistics import median

from django.db.models import Prefetch, QuerySet
from django.urls import reverse

from opensend.deadlines.engine import deadline
from opensend.deadlines.rules import Rule, rule
from opensend.deadlines.sources import OpenDeadline
from opensend.pupils.models import Pupil
from opensend.schools.models import School, Trust

from . import clock
from .models import AnnualReview, AssessmentRequest, LocalAuthority, Plan, PlanDocument, PlanOutcome, ProvisionLine


def local_authorities(trust: Trust) -> QuerySet[LocalAuthority]:
    return LocalAuthority.objects.active().filter(trust=trust).order_by("name")


def local_authority(trust: Trust, public_id) -> LocalAuthority | None:
    return local_authorities(trust).filter(public_id=public_id).first()


def pupil_requests(pupil: Pupil, school: School) -> QuerySet[AssessmentRequest]:
    """The requests this school made (or supported) for the pupil, newest first."""
    return (
        AssessmentRequest.objects.active()
        .filter(pupil=pupil, school=school)
        .select_related("local_authority")
        .order_by("-requested_on", "-pk")
    )


def pupil_request(pupil: Pupil, school: School, public_id) -> AssessmentRequest | None:
    return pupil_requests(pupil, school).filter(public_id=public_id).first()


def open_deadlines(school: School, pupils: QuerySet[Pupil], today: datetime.date) -> list:
    """The open deadlines of the school's requests, plans and annual reviews for these pupils, in
    three queries."""
    requests = (
        AssessmentRequest.objects.active()
        .filter(school=school, pupil__in=pupils.values("pk"))
        .select_related("pupil", "local_authority")
    )
    found = []
    for request in requests:
        url = reverse("ehc:pupil", kwargs={"pupil_id": request.pupil.public_id})
        for item in clock.request_deadlines(request, today=today):
            found.append(
                OpenDeadline(
                    pupil=request.pupil,
                    rule=item.rule,
                    starts=item.deadline.start,
                    due=item.deadline.due,
                    status=item.status,
                    local_authority=request.local_authority.name,
                    url=url,
                    waived_reason=item.waived_reason,
                )
            )
    return found + _plan_open_deadlines(school, pupils, today)


def _plan_open_deadlines(school: School, pupils: QuerySet[Pupil], today: datetime.date) -> list:
    plans = (
        Plan.objects.active()
        .filter(school=school, pupil__in=pupils.values("pk"))
        .select_related("pupil", "local_authority")
        .prefetch_related(Prefetch("reviews", queryset=AnnualReview.objects.active()))
    )
    found = []
    for plan in plans:
        reviews = list(plan.reviews.all())
        tracked = clock.plan_deadlines(plan, reviews, today=today)
        tracked += [item for review in reviews for item in clock.review_deadlines(review, today=today)]
        url = reverse("ehc:pupil", kwargs={"pupil_id": plan.pupil.public_id})
        found += [
            OpenDeadline(
                pupil=plan.pupil,
                rule=item.rule,
                starts=item.deadline.start,
                due=item.deadline.due,
                status=item.status,
                local_authority=plan.local_authority.name,
                url=url,
            )
            for item in tracked
        ]
    return found


# The steps whose actual time the local authorities page reports: (rule, when it was done).
TIMED_STEPS = (
    ("ehc-decision-to-assess", "decision_on"),
    ("ehc-no-plan-decision", "no_plan_on"),
    ("ehc-final-plan", "final_plan_on"),
)
_STEP_ORDER = {rule_id: index for index, (rule_id, _) in enumerate(TIMED_STEPS)}


@dataclass(frozen=True)
class StepTimes:
    """How long one step took a local authority for this school's requests."""

    rule: Rule
    count: int
    within: int
    median_weeks: float
    excepted: int  # done late under a recorded reg 10(4) exception

    @property
    def summary(self) -> str:
        return (
            f"median {self.median_weeks:g} weeks, {self.within} of {self.count} within "
            f"{self.rule.period} {self.rule.unit.value}"
        )


def _weeks(start: datetime.date, end: datetime.date) -> float:
    return round((end - start).days / 7, 1)


def timeliness(school: School) -> dict[int, list[StepTimes]]:
    """For each local authority (by pk), the steps it has completed for the school's requests: how
    many, how many inside the statutory period, the median time taken, and how many ran late under
    an exception. One query."""
    taken: dict[tuple[int, str], list[tuple[AssessmentRequest, datetime.date]]] = {}
    for request in AssessmentRequest.objects.active().filter(school=school):
        for rule_id, field in TIMED_STEPS:
            done_on = getattr(request, field)
            if done_on is not None:
                taken.setdefault((request.local_authority_id, rule_id), []).append((request, done_on))
    found: dict[int, list[StepTimes]] = {}
    for (authority_id, rule_id), done in sorted(taken.items(), key=lambda pair: _STEP_ORDER[pair[0][1]]):
        dues = [deadline(rule_id, request.requested_on).due for request, _ in done]
        late = [(request, on) for (request, on), due in zip(done, dues, strict=True) if on > due]
        found.setdefault(authority_id, []).append(
            StepTimes(
                rule=rule(rule_id),
                count=len(done),
                within=len(done) - len(late),
                median_weeks=median(_weeks(request.requested_on, on) for request, on in done),
                excepted=sum(1 for request, _ in late if request.exception),
            )
        )
    return found


def pupil_plans(pupil: Pupil, school: School) -> list[tuple[Plan, list[AnnualReview]]]:
    """The school's EHC plans for the pupil, newest first, each with its reviews (latest first)."""
    plans = list(
        Plan.objects.active()
        .filter(pupil=pupil, school=school)
        .select_related("local_authority")
        .prefetch_related(
            Prefetch("reviews", queryset=AnnualReview.objects.active().order_by("-meeting_on", "-pk")),
            Prefetch("documents", queryset=PlanDocument.objects.active().order_by("-created_at", "-pk")),
        )
        .order_by("-issued_on", "-pk")
    )
    return [(plan, list(plan.reviews.all())) for plan in plans]


def pupil_plan(pupil: Pupil, school: School, public_id) -> Plan | None:
    return Plan.objects.active().filter(pupil=pupil, school=school, public_id=public_id).first()


def plan_review(plan: Plan, public_id) -> AnnualReview | None:
    return AnnualReview.objects.active().filter(plan=plan, public_id=public_id).first()


def plan_document(plan: Plan, public_id) -> PlanDocument | None:
    return PlanDocument.objects.active().filter(plan=plan, public_id=public_id).first()


def plans_with_provision(pupil: Pupil, school: School) -> list[Plan]:
    """The school's plans for the pupil with their outcomes and Section F lines, in three queries."""
    return list(
        Plan.objects.active()
        .filter(pupil=pupil, school=school)
        .select_related("local_authority")
        .prefetch_related(
            Prefetch("outcomes", queryset=PlanOutcome.objects.order_by("area", "pk")),
            Prefetch("provision_lines", queryset=ProvisionLine.objects.select_related("outcome").order_by("pk")),
        )
        .order_by("-issued_on", "-pk")
    )
