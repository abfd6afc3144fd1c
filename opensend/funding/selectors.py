"""What the funding pages read: the school's frameworks and applications, each application's
evidence (generated from the provision costs, the APDR history and the assessments the school holds),
and the funding view for a financial year, whose cost column is opensend.provision.costs' own figures
so that it reconciles to the costed provision map."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Max, Q, QuerySet

from opensend.assessments.models import AssessmentResult
from opensend.ehc.models import Plan
from opensend.plans.models import Cycle
from opensend.provision import costs
from opensend.provision.costs import Period, Spend
from opensend.pupils.models import Pupil
from opensend.schools.models import School

from .models import FUNDED, Application, Framework, days_between

RENEWAL_SOON_DAYS = 42  # renewals due within six weeks are shown as due soon
Pence = int


def frameworks(school: School, *, archived: bool = False) -> QuerySet[Framework]:
    rows = Framework.objects.filter(school=school, archived_at__isnull=not archived)
    return rows.select_related("local_authority").annotate(band_count=Count("bands", filter=Q(bands__archived_at=None)))


def applications(school: School) -> QuerySet[Application]:
    return (
        Application.objects.active().filter(school=school).select_related("pupil", "local_authority", "band__framework")
    )


def pupil_applications(pupil: Pupil, school: School) -> QuerySet[Application]:
    return applications(school).filter(pupil=pupil).order_by("-starts_on", "-pk")


def renewals_due(school: School, today: datetime.date) -> QuerySet[Application]:
    """Funded applications still running whose renewal date is past or within six weeks."""
    soon = today + datetime.timedelta(days=RENEWAL_SOON_DAYS)
    return applications(school).filter(
        status__in=[s for s in FUNDED if s != "ended"], renewal_on__isnull=False, renewal_on__lte=soon
    )


def renewal_state(application: Application, today: datetime.date) -> str:
    """ "overdue", "due soon" or "" for an application's renewal date."""
    if application.renewal_on is None or application.status not in FUNDED or application.status == "ended":
        return ""
    if application.renewal_on < today:
        return "overdue"
    if application.renewal_on <= today + datetime.timedelta(days=RENEWAL_SOON_DAYS):
        return "due soon"
    return ""


def to_pence(pounds: Decimal | None) -> Pence:
    return costs.to_pence(pounds)


def received_in(application: Application, period: Period) -> Pence:
    """What the school receives from an award in the period: the amount awarded pro rata to the days
    of the award's period falling inside it, to the penny."""
    if not application.is_funded:
        return 0
    overlap = days_between(max(application.starts_on, period.starts_on), min(application.ends_on, period.ends_on))
    share = (
        Decimal(to_pence(application.amount_awarded))
        * overlap
        / days_between(application.starts_on, application.ends_on)
    )
    return int(share.quantize(Decimal(1), rounding=ROUND_HALF_UP))


# --- Evidence ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Evidence:
    cost: Spend | None  # None for those who do not see costs
    cycles: int
    last_review: datetime.date | None
    assessments: list[AssessmentResult]


def evidence(application: Application, *, with_costs: bool) -> Evidence:
    """The evidence an application rests on, from what the school holds: the pupil's share of the
    cost of their provision over the funding period, their APDR cycles and the latest assessments."""
    pupil, school = application.pupil, application.school
    cost = None
    if with_costs:
        cost = costs.pupil_cost(pupil, school, Period(application.starts_on, application.ends_on))
    history = Cycle.objects.filter(pupil=pupil, school=school).aggregate(count=Count("pk"), last=Max("reviewed_on"))
    latest = list(AssessmentResult.objects.active().filter(pupil=pupil, school=school).order_by("-taken_on", "-pk")[:3])
    return Evidence(cost, history["count"], history["last"], latest)


# --- The funding view ------------------------------------------------------------------------------


@dataclass
class FundingRow:
    pupil: Pupil
    received: Pence = 0
    cost: Pence = 0  # the pupil's share of the planned cost of their provision
    delivered: Pence = 0
    has_plan: bool = False
    applications: list[Application] = field(default_factory=list)

    @property
    def gap(self) -> Pence:
        """What the pupil's provision costs beyond what the school receives for them (negative: a surplus)."""
        return self.cost - self.received

    @property
    def short(self) -> bool:
        return self.funded and self.gap > 0

    @property
    def funded(self) -> bool:
        return any(application.is_funded for application in self.applications)

    @property
    def plan_without_topup(self) -> bool:
        return self.has_plan and not self.funded


@dataclass
class FundingView:
    school: School
    period: Period
    rows: list[FundingRow]
    not_shared: Pence
    budget: Pence

    @property
    def received(self) -> Pence:
        return sum(row.received for row in self.rows)

    @property
    def cost(self) -> Pence:
        return sum(row.cost for row in self.rows)

    @property
    def delivered(self) -> Pence:
        return sum(row.delivered for row in self.rows)

    @property
    def gap(self) -> Pence:
        return self.cost - self.received

    @property
    def total_cost(self) -> Pence:
        """Everything the school's provision costs in the year, shared with pupils or not."""
        return self.cost + self.not_shared

    @property
    def short(self) -> list[FundingRow]:
        """Pupils with top-up whose provision costs more than it. A pupil with no top-up is met
        from the notional SEN budget (or, with a plan, is in `plans_without_topup`)."""
        return [row for row in self.rows if row.short]

    @property
    def plans_without_topup(self) -> list[FundingRow]:
        return [row for row in self.rows if row.plan_without_topup]


def funding_view(school: School, period: Period) -> FundingView:
    """Per pupil, what the school receives in top-up over the period against what their provision
    costs; every pupil with a share of the cost, a funded application or an EHC plan. A fixed number
    of queries, whatever the number of pupils."""
    school_costs = costs.school_costs(school, period)
    rows: dict[int, FundingRow] = {}

    def row(pupil: Pupil) -> FundingRow:
        return rows.setdefault(pupil.pk, FundingRow(pupil))

    for pupil_id, spend in school_costs.pupil_spend().items():
        found = row(school_costs.pupils[pupil_id])
        found.cost, found.delivered = spend.planned, spend.delivered
    overlapping = applications(school).filter(starts_on__lte=period.ends_on, ends_on__gte=period.starts_on)
    for application in overlapping.order_by("starts_on", "pk"):
        found = row(application.pupil)
        found.applications.append(application)
        found.received += received_in(application, period)
    plans = Plan.objects.active().filter(school=school, issued_on__lte=period.ends_on).select_related("pupil")
    for plan in plans:
        row(plan.pupil).has_plan = True
    ordered = sorted(rows.values(), key=lambda item: (item.pupil.sort_key, item.pupil.pk))
    return FundingView(school, period, ordered, school_costs.not_shared.planned, school_costs.budget)
