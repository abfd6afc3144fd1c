"""Reading the directory, referrals and reports: each scoped to the school (and its trust's shared
directory), each list a keyset page in a fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.urls import reverse

from opensend.core.pagination import KeysetPage, keyset_page
from opensend.deadlines.engine import Deadline, status
from opensend.deadlines.rules import rule
from opensend.deadlines.sources import OpenDeadline
from opensend.pupils.models import Pupil
from opensend.schools.models import School

from .models import (
    ACTED_ON,
    AWAITING,
    Outcome,
    Professional,
    Recommendation,
    Referral,
    ReferralStatus,
    Report,
    Service,
)

PAGE_SIZE = 25
RULE = "referral-response"


# --- The directory ----------------------------------------------------------------------------------


def directory(school: School) -> QuerySet[Service]:
    """The school's own services and those its trust shares with every school."""
    return (
        Service.objects.active()
        .filter(trust_id=school.trust_id)
        .filter(Q(school=school) | Q(school__isnull=True))
        .annotate(professional_count=Count("professionals", filter=Q(professionals__archived_at__isnull=True)))
    )


def directory_page(school: School, *, kind: str = "", after=None, before=None) -> KeysetPage:
    rows = directory(school)
    if kind:
        rows = rows.filter(kind=kind)
    return keyset_page(rows, ("name", "pk"), after=after, before=before, size=PAGE_SIZE)


def service_for(school: School, public_id) -> Service:
    found = directory(school).filter(public_id=public_id).select_related("owner").first()
    if found is None:
        raise Http404("No such service.")
    return found


def may_change_service(school: School, service: Service) -> bool:
    """A school changes its own entries, and the shared ones it added."""
    return service.owner_id == school.pk


def professionals(service: Service) -> QuerySet[Professional]:
    return service.professionals.active().order_by("name", "pk")


# --- Referrals ----------------------------------------------------------------------------------------


def pupil_referrals(pupil: Pupil, school: School) -> QuerySet[Referral]:
    return (
        Referral.objects.active()
        .filter(pupil=pupil, school=school)
        .select_related("service", "professional")
        .prefetch_related("chasers")
        .order_by("-created_at", "-pk")
    )


def referral_for(pupil: Pupil, school: School, public_id) -> Referral:
    found = (
        Referral.objects.active()
        .filter(pupil=pupil, school=school, public_id=public_id)
        .select_related("service", "professional", "created_by")
        .first()
    )
    if found is None:
        raise Http404("No such referral.")
    return found


def school_referrals(school: School, pupils: QuerySet[Pupil], *, show: str = "") -> QuerySet[Referral]:
    rows = Referral.objects.active().filter(school=school, pupil__in=pupils.values("pk"))
    if show == "awaiting":
        rows = rows.filter(status__in=AWAITING)
    elif show == "draft":
        rows = rows.filter(status=ReferralStatus.DRAFT)
    return rows.select_related("pupil", "service")


def referrals_page(school: School, pupils: QuerySet[Pupil], *, show: str = "", after=None, before=None) -> KeysetPage:
    return keyset_page(
        school_referrals(school, pupils, show=show), ("-created_at", "pk"), after=after, before=before, size=PAGE_SIZE
    )


def overdue_referrals(school: School, pupils: QuerySet[Pupil], today: datetime.date) -> QuerySet[Referral]:
    """Sent, not yet answered and past the date the engine expected a response by."""
    return (
        Referral.objects.active()
        .filter(school=school, pupil__in=pupils.values("pk"), status__in=AWAITING, expected_on__lt=today)
        .select_related("pupil", "service")
    )


def referral_deadline(referral: Referral) -> Deadline | None:
    """The stored expected date as the engine's deadline (it was worked out by the engine when the
    referral was sent, from the service's waiting time then)."""
    if referral.sent_on is None or referral.expected_on is None:
        return None
    return Deadline(rule(RULE), referral.sent_on, referral.expected_on)


def open_deadlines(school: School, pupils: QuerySet[Pupil], today: datetime.date) -> list[OpenDeadline]:
    """The school's referrals awaiting a response, in one query."""
    found = []
    for referral in (
        Referral.objects.active()
        .filter(school=school, pupil__in=pupils.values("pk"), status__in=AWAITING)
        .select_related("pupil")
    ):
        tracked = referral_deadline(referral)
        url = reverse(
            "casework:referral", kwargs={"pupil_id": referral.pupil.public_id, "referral_id": referral.public_id}
        )
        found.append(
            OpenDeadline(
                pupil=referral.pupil,
                rule=tracked.rule,
                starts=tracked.start,
                due=tracked.due,
                status=status(tracked, today=today),
                url=url,
            )
        )
    return found


# --- Reports and recommendations ------------------------------------------------------------------------


def pupil_reports(pupil: Pupil, school: School) -> QuerySet[Report]:
    return (
        Report.objects.active()
        .filter(pupil=pupil, school=school)
        .select_related("service", "referral")
        .prefetch_related(
            Prefetch(
                "recommendations",
                queryset=Recommendation.objects.select_related(
                    "target__outcome__cycle", "passport_version", "provision"
                ),
            )
        )
        .order_by("-written_on", "-pk")
    )


def report_for(pupil: Pupil, school: School, public_id) -> Report:
    found = pupil_reports(pupil, school).filter(public_id=public_id).select_related("added_by").first()
    if found is None:
        raise Http404("No such report.")
    return found


def recommendation_for(report: Report, recommendation_id: int) -> Recommendation:
    found = report.recommendations.filter(pk=recommendation_id).first()
    if found is None:
        raise Http404("No such recommendation.")
    return found


@dataclass(frozen=True)
class AdviceSummary:
    """How far a pupil's external advice has been incorporated into what the school does."""

    recommendations: int
    acted_on: int
    declined: int
    open: int


def advice_summary(pupil: Pupil, school: School) -> AdviceSummary:
    counts = Recommendation.objects.filter(
        report__pupil=pupil, report__school=school, report__archived_at__isnull=True
    ).aggregate(
        total=Count("pk"),
        acted=Count("pk", filter=Q(outcome__in=ACTED_ON)),
        declined=Count("pk", filter=Q(outcome=Outcome.DECLINED)),
        open=Count("pk", filter=Q(outcome=Outcome.OPEN)),
    )
    return AdviceSummary(counts["total"], counts["acted"], counts["declined"], counts["open"])


def advice_acted_on(pupil: Pupil, school: School) -> QuerySet[Recommendation]:
    """The recommendations the school took into the passport, a plan or a provision: what the
    pupil's teachers and TAs read (not the report, the referral or what was declined)."""
    return (
        Recommendation.objects.filter(
            report__pupil=pupil, report__school=school, report__archived_at__isnull=True, outcome__in=ACTED_ON
        )
        .select_related("report__service", "provision")
        .order_by("-outcome_on", "pk")
    )
