from __future__ import annotations

import datetime
import functools
import uuid
from dataclasses import dataclass
from statistics import median

from django.db.models import Prefetch, QuerySet
from django.urls import get_script_prefix, reverse

from opensend.access import policy
from opensend.accounts.models import Membership, Role, User
from opensend.core.school_cache import cached_for_school
from opensend.deadlines.engine import Status, deadline
from opensend.deadlines.rules import Rule, rule
from opensend.deadlines.sources import OPEN_STATUSES, OpenDeadline
from opensend.provision.models import Member, Provision
from opensend.pupils.models import PUPIL_NAME_FIELDS, Pupil
from opensend.schools.models import School, Trust

from . import clock
from .models import (
    AnnualReview,
    AssessmentRequest,
    LocalAuthority,
    OutcomeProgress,
    Plan,
    PlanDocument,
    PlanOutcome,
    ProvisionLine,
)


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


# The caseload reads every open plan and request of a school on each request: only the columns its
# clocks and rows use are loaded (at 80 plans a school this halves the time spent building rows).
_ROW_FIELDS = (
    "pupil__public_id",
    "pupil__legal_forename",
    "pupil__preferred_forename",
    "pupil__legal_surname",
    "pupil__date_of_birth",
    "local_authority__name",
    "case_owner__public_id",
    "case_owner__first_name",
    "case_owner__last_name",
    "case_owner__email",
)
_REQUEST_STEPS = ("requested_on", "decision", "decision_on", "mediation_certificate_on", "advice_requested_on",
                  "advice_sent_on", "no_plan_on", "draft_plan_on", "naming_consulted_on", "naming_response_on",
                  "final_plan_on", "exception", "exception_details")  # fmt: skip
_PLAN_STEPS = ("issued_on", "transfer_on", "transfer", "transfer_amended_on", "under_five_review_months")
_REVIEW_STEPS = ("meeting_on", "invitations_sent_on", "advice_circulated_on", "held", "report_sent_on", "decision",
                 "decision_on", "amendment_notice_on", "final_amended_on")  # fmt: skip


def _pupil_url(pupil: Pupil) -> str:
    # One reverse() for the page, the pupil's id put in its place: reverse costs more than the row.
    return _ehc_url_template(get_script_prefix()).replace(str(_PLACEHOLDER), str(pupil.public_id))


_PLACEHOLDER = uuid.UUID(int=0)


@functools.lru_cache(maxsize=8)
def _ehc_url_template(script_prefix: str) -> str:
    return reverse("ehc:pupil", kwargs={"pupil_id": _PLACEHOLDER})


def open_deadlines(school: School, pupils: QuerySet[Pupil], today: datetime.date) -> list:
    """The open deadlines of the school's requests, plans and annual reviews for these pupils, in
    three queries."""
    requests = (
        AssessmentRequest.objects.active()
        .filter(school=school, pupil__in=pupils.values("pk"))
        .select_related("pupil", "local_authority", "case_owner")
        .only(*_REQUEST_STEPS, *_ROW_FIELDS)
    )
    found = []
    for request in requests:
        url = _pupil_url(request.pupil)
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
                    owner=request.case_owner,
                )
            )
    return found + _plan_open_deadlines(school, pupils, today)


@dataclass(frozen=True)
class _PlanDeadline:
    """One open deadline of a plan or its reviews, as kept between requests: ids, dates and the
    local authority's name, never the pupil's name."""

    pupil_id: int
    owner_id: int | None
    rule_id: str
    starts: datetime.date
    due: datetime.date
    status: str
    local_authority: str
    url: str


# Part of the cache key: a change to `_PlanDeadline` must not read deadlines kept before it.
_KEPT_FORM = 1


def _plan_open_deadlines(school: School, pupils: QuerySet[Pupil], today: datetime.date) -> list:
    """The deadlines of the school's plans and their annual reviews for these pupils. Working them
    out reads every plan with its reviews and runs each clock: about 0.3 ms a plan, so a school's
    are kept until its records change or the day does (docs/benchmarks.md). Two queries when kept:
    the pupils in scope among them, and their case owners."""
    kept = cached_for_school(
        school.pk, f"ehc-plan-deadlines:{today.isoformat()}", lambda: _plan_deadlines(school, today)
    )
    shown = pupils.filter(pk__in={item.pupil_id for item in kept}).only(*PUPIL_NAME_FIELDS, "date_of_birth")
    by_pupil = {pupil.pk: pupil for pupil in shown}
    owners = User.objects.filter(pk__in={item.owner_id for item in kept if item.pupil_id in by_pupil}).only(
        "public_id", "first_name", "last_name", "email"
    )
    by_owner = {owner.pk: owner for owner in owners}
    return [
        OpenDeadline(
            pupil=by_pupil[item.pupil_id],
            rule=rule(item.rule_id),
            starts=item.starts,
            due=item.due,
            status=Status(item.status),
            local_authority=item.local_authority,
            url=item.url,
            owner=by_owner.get(item.owner_id),
        )
        for item in kept
        if item.pupil_id in by_pupil
    ]


def _plan_deadlines(school: School, today: datetime.date) -> list[_PlanDeadline]:
    reviews = AnnualReview.objects.active().only("plan_id", *_REVIEW_STEPS)
    plans = (
        Plan.objects.active()
        .filter(school=school)
        .select_related("pupil", "local_authority")
        .only(*_PLAN_STEPS, "pupil__public_id", "pupil__date_of_birth", "local_authority__name", "case_owner")
        .prefetch_related(Prefetch("reviews", queryset=reviews))
    )
    found = []
    for plan in plans:
        reviews = list(plan.reviews.all())
        tracked = clock.plan_deadlines(plan, reviews, today=today)
        tracked += [item for review in reviews for item in clock.review_deadlines(review, today=today)]
        url = _pupil_url(plan.pupil)
        found += [
            _PlanDeadline(
                pupil_id=plan.pupil_id,
                owner_id=plan.case_owner_id,
                rule_id=item.rule.id,
                starts=item.deadline.start,
                due=item.deadline.due,
                status=item.status.value,
                local_authority=plan.local_authority.name,
                url=url,
            )
            for item in tracked
            if item.status in OPEN_STATUSES
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
        .select_related("local_authority", "pupil", "case_owner")
        .prefetch_related(
            Prefetch(
                "reviews",
                queryset=AnnualReview.objects.active()
                .order_by("-meeting_on", "-pk")
                .prefetch_related(
                    Prefetch(
                        "outcome_progress",
                        queryset=OutcomeProgress.objects.select_related("outcome").order_by(
                            "outcome__area", "outcome__pk"
                        ),
                    )
                ),
            ),
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


def plans_with_provision(pupil: Pupil, school: School, *, with_progress: bool = False) -> list[Plan]:
    """The school's plans for the pupil with their outcomes (and, for those who read reviews, the
    progress recorded at each review, oldest first) and Section F lines with the provision linked
    to each, in a fixed number of queries."""
    outcomes = PlanOutcome.objects.order_by("area", "pk")
    if with_progress:
        progress = OutcomeProgress.objects.filter(review__archived_at__isnull=True).select_related("review")
        outcomes = outcomes.prefetch_related(
            Prefetch("progress", queryset=progress.order_by("review__meeting_on", "pk"))
        )
    lines = ProvisionLine.objects.select_related("outcome").prefetch_related(
        Prefetch("provisions", queryset=Provision.objects.active().order_by("name", "pk"))
    )
    return list(
        Plan.objects.active()
        .filter(pupil=pupil, school=school)
        .select_related("local_authority")
        .prefetch_related(
            Prefetch("outcomes", queryset=outcomes), Prefetch("provision_lines", queryset=lines.order_by("pk"))
        )
        .order_by("-issued_on", "-pk")
    )


@dataclass(frozen=True)
class Delivery:
    """What the school provides against one Section F line: the linked provision the pupil takes
    part in, and any linked provision they are not in. No provision delivering: not yet delivered."""

    delivering: list[Provision]
    without_pupil: list[Provision]


def delivery(line: ProvisionLine, taking_part: set[int]) -> Delivery:
    linked = list(line.provisions.all())
    return Delivery(
        delivering=[provision for provision in linked if provision.pk in taking_part],
        without_pupil=[provision for provision in linked if provision.pk not in taking_part],
    )


def pupil_provision_ids(pupil: Pupil, school: School, today: datetime.date) -> set[int]:
    """The school's provision the pupil takes part in today: what delivers a Section F line."""
    members = Member.objects.filter(pupil=pupil, provision__school=school, joined_on__lte=today)
    return set(members.exclude(left_on__lt=today).values_list("provision_id", flat=True))


def school_provisions(school: School) -> QuerySet[Provision]:
    """The provision a Section F line can be linked to: the school's, running or planned."""
    return Provision.objects.active().filter(school=school).order_by("name", "pk")


def plan_line(plan: Plan, public_id) -> ProvisionLine | None:
    return ProvisionLine.objects.filter(plan=plan, public_id=public_id).select_related("plan__pupil").first()


def plan_outcomes(plan: Plan) -> QuerySet[PlanOutcome]:
    return PlanOutcome.objects.filter(plan=plan).order_by("area", "pk")


def review_progress(review: AnnualReview) -> dict[int, OutcomeProgress]:
    return {item.outcome_id: item for item in OutcomeProgress.objects.filter(review=review)}


def case_owners(school: School) -> QuerySet[User]:
    """Who can own a case at the school: the people who follow its statutory deadlines."""
    roles = [
        role for role, capabilities in policy.ROLE_CAPABILITIES.items() if policy.Capability.DEADLINES in capabilities
    ]
    members = Membership.objects.filter(school=school, is_active=True, role__in=roles)
    return User.objects.filter(is_active=True, pk__in=members.values("user_id")).order_by(
        "last_name", "first_name", "pk"
    )


def default_case_owner(school: School, actor) -> User | None:
    """The person recording a case owns it if they can; otherwise the school's SENDCo, if it has one."""
    owners = case_owners(school)
    if owners.filter(pk=actor.pk).exists():
        return actor
    sendcos = Membership.objects.filter(school=school, is_active=True, role=Role.SENDCO)
    return owners.filter(pk__in=sendcos.values("user_id")).first()
