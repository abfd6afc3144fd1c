"""Reading concerns for pages: the triage list, "My concerns", a pupil's concerns and one concern's
parts. Lists start from policy.pupils_visible_to and take a fixed number of queries."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from opensend.access import policy
from opensend.access.policy import Capability
from opensend.accounts.models import Role, User
from opensend.assessments.models import AssessmentResult
from opensend.pupils.models import Enrolment, Pupil
from opensend.schools.models import NCYear, School

from .models import Concern, ConcernAssessment, Contribution, ContributionRequest

PAGE_SIZE = 25
_YEAR_LABELS = dict(NCYear.choices)

# The triage list's filters: (key, label, condition).
STATUS_FILTERS: tuple[tuple[str, str, Q], ...] = (
    ("open", "Open", ~Q(status=Concern.Status.DECIDED)),
    ("new", "New", Q(status=Concern.Status.NEW)),
    ("gathering", "Gathering information", Q(status=Concern.Status.GATHERING)),
    ("decided", "Decided", Q(status=Concern.Status.DECIDED)),
    ("all", "All", Q()),
)
STATUS_FILTER_KEYS = tuple(key for key, _, _ in STATUS_FILTERS)


@dataclass(frozen=True)
class ConcernPage:
    rows: list[Concern]
    next_after: str | None
    previous_before: str | None


def _count(queryset: QuerySet, **filters) -> Coalesce:
    counted = queryset.filter(**filters).order_by().values("concern").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def with_list_columns(concerns: QuerySet[Concern], school: School) -> QuerySet[Concern]:
    """The people, the pupil's year at the school and the contribution counts, in the same query."""
    year = Enrolment.objects.filter(pupil=OuterRef("pupil_id"), school=school).order_by("-admission_date")
    return concerns.select_related("pupil", "raised_by", "decided_by").annotate(
        nc_year=Subquery(year.values("year_group__nc_year")[:1]),
        contribution_count=_count(Contribution.objects, concern=OuterRef("pk")),
        open_request_count=_count(ContributionRequest.objects, concern=OuterRef("pk"), answered_on__isnull=True),
    )


def _label_years(rows: list[Concern]) -> list[Concern]:
    for row in rows:
        row.year_label = _YEAR_LABELS.get(getattr(row, "nc_year", None), "")
    return rows


def _cursor(value: str | None) -> str | None:
    try:
        return str(uuid.UUID(value)) if value else None
    except ValueError:
        return None


def concern_page(concerns: QuerySet[Concern], *, after: str | None = None, before: str | None = None) -> ConcernPage:
    """One page of `concerns`, newest raised first. Keyset pagination on (raised_on, id): the cursor
    is the public id of the concern at the page's edge, so a deep page costs what the first does."""
    after, before = _cursor(after), _cursor(before)
    edge_id = after or before
    if edge_id:
        edge = Concern.objects.filter(public_id=edge_id)
        edge_date = Subquery(edge.values("raised_on")[:1])
        edge_pk = Subquery(edge.values("pk")[:1])
    if before:
        earlier = concerns.filter(Q(raised_on__gt=edge_date) | Q(raised_on=edge_date, pk__gt=edge_pk))
        rows = list(earlier.order_by("raised_on", "pk")[: PAGE_SIZE + 1])
        has_more_before = len(rows) > PAGE_SIZE
        rows = list(reversed(rows[:PAGE_SIZE]))
        return ConcernPage(
            rows=_label_years(rows),
            next_after=str(rows[-1].public_id) if rows else None,
            previous_before=str(rows[0].public_id) if rows and has_more_before else None,
        )
    if after:
        concerns = concerns.filter(Q(raised_on__lt=edge_date) | Q(raised_on=edge_date, pk__lt=edge_pk))
    rows = list(concerns.order_by("-raised_on", "-pk")[: PAGE_SIZE + 1])
    has_more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    return ConcernPage(
        rows=_label_years(rows),
        next_after=str(rows[-1].public_id) if rows and has_more else None,
        previous_before=str(rows[0].public_id) if rows and after else None,
    )


def concerns_visible_to(user, access: policy.Access) -> QuerySet[Concern]:
    """Concerns raised at the access's school about pupils this person may see."""
    visible = policy.pupils_visible_to(user, access, current_only=False)
    return Concern.objects.filter(school=access.school, pupil__in=visible.values("pk"))


def triage_counts(user, access: policy.Access) -> dict[str, int]:
    aggregates = {key: Count("pk", filter=condition) for key, _, condition in STATUS_FILTERS}
    return concerns_visible_to(user, access).aggregate(**aggregates)


def new_concerns(user, access: policy.Access) -> QuerySet[Concern]:
    """Concerns waiting for triage, newest raised first, with their pupils."""
    return (
        concerns_visible_to(user, access)
        .filter(status=Concern.Status.NEW)
        .select_related("pupil")
        .order_by("-raised_on", "-pk")
    )


def triage_page(user, access: policy.Access, status: str, *, after=None, before=None) -> ConcernPage:
    condition = {key: condition for key, _, condition in STATUS_FILTERS}[status]
    concerns = with_list_columns(concerns_visible_to(user, access).filter(condition), access.school)
    return concern_page(concerns, after=after, before=before)


def raised_by_page(user, access: policy.Access, *, after=None, before=None) -> ConcernPage:
    concerns = with_list_columns(concerns_visible_to(user, access).filter(raised_by=user), access.school)
    return concern_page(concerns, after=after, before=before)


REQUESTS_SHOWN = 50


def _requests_of(user, access: policy.Access) -> QuerySet[ContributionRequest]:
    visible = policy.pupils_visible_to(user, access, current_only=False)
    return ContributionRequest.objects.filter(
        asked=user, concern__school=access.school, concern__pupil__in=visible.values("pk")
    ).select_related("concern", "concern__pupil", "asked_by")


def requests_asked_of(user, access: policy.Access) -> list[ContributionRequest]:
    """What this person has been asked for, unanswered first, then the most recent."""
    ordered = _requests_of(user, access).order_by(F("answered_on").desc(nulls_first=True), "-asked_on", "-pk")
    return list(ordered[:REQUESTS_SHOWN])


def requests_waiting_for(user, access: policy.Access) -> QuerySet[ContributionRequest]:
    """What this person has been asked for and not yet answered, the most recent first."""
    return _requests_of(user, access).filter(answered_on__isnull=True).order_by("-asked_on", "-pk")


def pupil_concerns(pupil: Pupil, school: School) -> list[Concern]:
    return _label_years(
        list(with_list_columns(Concern.objects.filter(pupil=pupil), school).order_by("-raised_on", "-pk"))
    )


@dataclass(frozen=True)
class ConcernParts:
    contributions: list[Contribution]
    open_requests: list[ContributionRequest]
    results: list[AssessmentResult]


def concern_parts(concern: Concern) -> ConcernParts:
    return ConcernParts(
        contributions=list(
            Contribution.objects.filter(concern=concern)
            .select_related("author", "recorded_by", "request")
            .order_by("given_on", "pk")
        ),
        open_requests=list(
            ContributionRequest.objects.filter(concern=concern, answered_on__isnull=True)
            .select_related("asked", "asked_by")
            .order_by("asked_on", "pk")
        ),
        results=list(
            AssessmentResult.objects.active()
            .filter(pk__in=ConcernAssessment.objects.filter(concern=concern).values("result_id"))
            .select_related("assessor", "school")
            .order_by("test_name", "taken_on")
        ),
    )


def results_to_attach(concern: Concern) -> list[AssessmentResult]:
    attached = ConcernAssessment.objects.filter(concern=concern).values("result_id")
    return list(
        AssessmentResult.objects.active()
        .filter(pupil_id=concern.pupil_id)
        .exclude(pk__in=attached)
        .order_by("-taken_on", "test_name")
    )


@dataclass(frozen=True)
class StaffChoice:
    user: User
    label: str


def can_be_asked(access: policy.Access) -> bool:
    """Whether these roles let a person be asked for a contribution: they read SEND records of pupils."""
    return access.can(Capability.SEN_READ) and access.can(Capability.PUPIL_LIST)


def staff_who_can_see(pupil: Pupil, school: School, *, excluding: User | None = None) -> list[StaffChoice]:
    """Staff at the school whose roles let them read this pupil's SEND record: the people a SENDCo
    may ask for a contribution. A convenience for the form; opening the concern checks the policy."""
    role_labels = dict(Role.choices)
    choices = []
    for user, access in policy.staff_who_see(pupil, school):
        if (excluding is not None and user.pk == excluding.pk) or not can_be_asked(access):
            continue
        what = ", ".join(sorted(role_labels[role] for role in access.roles))
        choices.append(StaffChoice(user, f"{user.display_name} ({what})"))
    return sorted(choices, key=lambda choice: (choice.user.last_name, choice.user.first_name))
