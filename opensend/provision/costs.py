"""What provision costs, planned and delivered, over a period: the one place the arithmetic lives,
so the provision map, a pupil's provision history and any later funding view reconcile to the same
figures.

Money is counted in whole pence, so every total is exactly the sum of its rows:

- A session's staff cost is its length times the hourly costs of the provision's staff on that day
  (each person's rate in force that day: a pay rise counts from its date), rounded to the penny.
- Planned sessions come from the weekly slots: each slot's weekday on every day the school is open
  (its terms less half-terms; every working day where it has entered no terms) between the
  provision's start and planned end (or the day it was archived), inside the period.
- Delivered sessions are the sessions logged as held in the period; a session not held costs
  nothing delivered.
- Resources (the intervention's cost of resources) are bought once, when the provision starts: they
  count, planned and delivered, in the period holding its start date.
- A session's cost is shared equally among the pupils in the provision that day (joined on or
  before, not yet left); the odd pennies go one each to the first pupils by id. Resources are
  shared among all the provision's pupils. A session with no pupil that day is counted for the
  provision but shared with nobody ("not shared").
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import QuerySet
from django.utils import timezone

from opensend.core.dates import ONE_DAY, is_working_day, school_open_days
from opensend.pupils.models import Enrolment, GroupMembership, Pupil
from opensend.schools.calendar import term_dates
from opensend.schools.models import School, TeachingGroup

from .cost_models import SenBudget, StaffCost, financial_year_of
from .models import Member, Provision, Session, Slot

Pence = int


def to_pence(pounds: Decimal | None) -> Pence:
    if pounds is None:
        return 0
    return int((Decimal(pounds) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def pounds(pence: Pence) -> Decimal:
    return (Decimal(pence) / 100).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class Period:
    starts_on: datetime.date
    ends_on: datetime.date

    def __post_init__(self) -> None:
        if self.ends_on < self.starts_on:
            raise ValueError("A period ends on or after it starts.")

    def days(self) -> Iterable[datetime.date]:
        day = self.starts_on
        while day <= self.ends_on:
            yield day
            day += ONE_DAY

    def __contains__(self, day: datetime.date) -> bool:
        return self.starts_on <= day <= self.ends_on


def financial_year(year_starting: int) -> Period:
    return Period(datetime.date(year_starting, 4, 1), datetime.date(year_starting + 1, 3, 31))


def current_financial_year(today: datetime.date | None = None) -> Period:
    return financial_year(financial_year_of(today or timezone.localdate()))


# --- Pure arithmetic -----------------------------------------------------------------------------


class RateBook:
    """Each person's hourly costs (in pence) at a school, by the date each applies from."""

    def __init__(self, rates: Iterable[tuple[int, datetime.date, Pence]]) -> None:
        self._rates: dict[int, list[tuple[datetime.date, Pence]]] = defaultdict(list)
        for user_id, applies_from, pence in rates:
            self._rates[user_id].append((applies_from, pence))
        for entries in self._rates.values():
            entries.sort()

    def rate(self, user_id: int, day: datetime.date) -> Pence | None:
        """The hourly cost in force on `day`: the latest applying from that day or before."""
        found = None
        for applies_from, pence in self._rates.get(user_id, ()):
            if applies_from > day:
                break
            found = pence
        return found


def session_cost(minutes: int, rates: Sequence[Pence | None]) -> Pence:
    """A session's staff cost: its length times the staff's hourly costs, to the penny. A person
    with no hourly cost that day adds nothing (the page names them)."""
    per_hour = sum(rate for rate in rates if rate is not None)
    return int((Decimal(minutes * per_hour) / 60).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def share(pence: Pence, pupil_ids: Sequence[int]) -> dict[int, Pence]:
    """`pence` shared equally among the pupils, the odd pennies one each to the first by id, so
    the shares add up to exactly `pence`."""
    if not pupil_ids:
        return {}
    ordered = sorted(pupil_ids)
    each, odd = divmod(pence, len(ordered))
    return {pupil_id: each + (1 if index < odd else 0) for index, pupil_id in enumerate(ordered)}


def planned_days(
    weekday: int, first: datetime.date, last: datetime.date, period: Period, open_on: Callable[[datetime.date], bool]
) -> list[datetime.date]:
    """The days a weekly slot falls on between `first` and `last`, inside the period, when the
    school is open."""
    start, end = max(first, period.starts_on), min(last, period.ends_on)
    if end < start:
        return []
    day = start + datetime.timedelta(days=(weekday - start.weekday()) % 7)
    days = []
    while day <= end:
        if open_on(day):
            days.append(day)
        day += datetime.timedelta(days=7)
    return days


def open_days_rule(spans: Sequence[tuple[datetime.date, datetime.date]]) -> Callable[[datetime.date], bool]:
    """Whether the school is open on a day: inside its terms (less half-terms) where it has entered
    them, and on every working day after the last term it has entered (or always, with none)."""
    open_days = school_open_days(spans)
    known_until = max((last for _, last in spans), default=None)

    def open_on(day: datetime.date) -> bool:
        if known_until is not None and day <= known_until:
            return day in open_days
        return is_working_day(day)

    return open_on


@dataclass(frozen=True)
class MemberDates:
    pupil_id: int
    joined_on: datetime.date
    left_on: datetime.date | None

    def in_on(self, day: datetime.date) -> bool:
        return self.joined_on <= day and (self.left_on is None or self.left_on >= day)


@dataclass
class Spend:
    """Sessions, hours and pence, planned and delivered."""

    planned_sessions: int = 0
    planned_minutes: int = 0
    planned: Pence = 0
    delivered_sessions: int = 0
    delivered_minutes: int = 0
    delivered: Pence = 0

    def add(self, other: Spend) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def planned_hours(self) -> Decimal:
        return (Decimal(self.planned_minutes) / 60).quantize(Decimal("0.01"))

    @property
    def delivered_hours(self) -> Decimal:
        return (Decimal(self.delivered_minutes) / 60).quantize(Decimal("0.01"))

    @property
    def planned_pounds(self) -> Decimal:
        return pounds(self.planned)

    @property
    def delivered_pounds(self) -> Decimal:
        return pounds(self.delivered)


@dataclass
class ProvisionCost:
    """One provision's cost over a period, and each pupil's share of it."""

    provision: Provision
    spend: Spend = field(default_factory=Spend)
    resources: Pence = 0
    pupils: dict[int, Spend] = field(default_factory=dict)
    not_shared: Spend = field(default_factory=Spend)
    staff_without_rate: set[int] = field(default_factory=set)
    # The provision's weekly slots and staff, as read with it.
    slots: list = field(default_factory=list)
    staff: list = field(default_factory=list)

    def pupil(self, pupil_id: int) -> Spend:
        return self.pupils.setdefault(pupil_id, Spend())


def cost_provision(
    provision: Provision,
    *,
    slots: Sequence[tuple[int, int]],
    staff_ids: Sequence[int],
    members: Sequence[MemberDates],
    held: Sequence[tuple[datetime.date, int]],
    rates: RateBook,
    period: Period,
    open_on: Callable[[datetime.date], bool],
    resources: Pence = 0,
    last_day: datetime.date | None = None,
) -> ProvisionCost:
    """The cost of one provision over the period. `slots`: (weekday, minutes) of its weekly
    sessions; `held`: (day, minutes) of its sessions logged as held; `last_day`: the day planning
    stops (its planned end, or the day it was archived)."""
    result = ProvisionCost(provision)
    members_of = {member.pupil_id for member in members}
    for pupil_id in members_of:
        result.pupil(pupil_id)

    def cost_on(day: datetime.date, minutes: int) -> Pence:
        day_rates = [rates.rate(user_id, day) for user_id in staff_ids]
        result.staff_without_rate.update(uid for uid, rate in zip(staff_ids, day_rates, strict=True) if rate is None)
        return session_cost(minutes, day_rates)

    def shared(day: datetime.date, minutes: int, pence: Pence, *, planned: bool) -> None:
        present = [member.pupil_id for member in members if member.in_on(day)]
        targets = {pupil_id: result.pupil(pupil_id) for pupil_id in present}
        portions = share(pence, present)
        for spend, portion in [(result.spend, pence)] + [(targets[pid], part) for pid, part in portions.items()]:
            _count(spend, minutes, portion, planned=planned)
        if not present:
            _count(result.not_shared, minutes, pence, planned=planned)

    for weekday, minutes in slots:
        for day in planned_days(weekday, provision.starts_on, last_day or provision.ends_on, period, open_on):
            shared(day, minutes, cost_on(day, minutes), planned=True)
    for day, minutes in held:
        if day in period:
            shared(day, minutes, cost_on(day, minutes), planned=False)
    if resources and provision.starts_on in period:
        result.resources = resources
        result.spend.planned += resources
        result.spend.delivered += resources
        portions = share(resources, sorted(members_of))
        for pupil_id, portion in portions.items():
            result.pupils[pupil_id].planned += portion
            result.pupils[pupil_id].delivered += portion
        if not portions:
            result.not_shared.planned += resources
            result.not_shared.delivered += resources
    return result


def _count(spend: Spend, minutes: int, pence: Pence, *, planned: bool) -> None:
    if planned:
        spend.planned_sessions += 1
        spend.planned_minutes += minutes
        spend.planned += pence
    else:
        spend.delivered_sessions += 1
        spend.delivered_minutes += minutes
        spend.delivered += pence


def budget_for(period: Period, budgets: Iterable[tuple[int, Pence]]) -> Pence:
    """The notional SEN budget for the period: each financial year's budget pro rata to the days of
    that year inside the period."""
    total = Decimal(0)
    for year_starting, pence in budgets:
        year = financial_year(year_starting)
        first, last = max(year.starts_on, period.starts_on), min(year.ends_on, period.ends_on)
        if last < first:
            continue
        days_in_year = (year.ends_on - year.starts_on).days + 1
        total += Decimal(pence) * ((last - first).days + 1) / days_in_year
    return int(total.quantize(Decimal(1), rounding=ROUND_HALF_UP))


# --- Reading and costing a school's provision ------------------------------------------------------


@dataclass
class SchoolCosts:
    """Every provision at a school over a period, costed, with what the rows are grouped by."""

    school: School
    period: Period
    provisions: list[ProvisionCost]
    budget: Pence
    budget_years: list[SenBudget]
    pupils: dict[int, Pupil]
    year_of: dict[int, str]
    class_of: dict[int, str]
    staff_names: dict[int, str]

    @property
    def total(self) -> Spend:
        total = Spend()
        for item in self.provisions:
            total.add(item.spend)
        return total

    @property
    def not_shared(self) -> Spend:
        total = Spend()
        for item in self.provisions:
            total.add(item.not_shared)
        return total

    def pupil_spend(self) -> dict[int, Spend]:
        """Each pupil's share across every provision."""
        totals: dict[int, Spend] = defaultdict(Spend)
        for item in self.provisions:
            for pupil_id, spend in item.pupils.items():
                totals[pupil_id].add(spend)
        return dict(totals)

    @property
    def staff_without_rate(self) -> list[str]:
        missing = set().union(*(item.staff_without_rate for item in self.provisions))
        return sorted(self.staff_names.get(user_id, "Unknown") for user_id in missing)


def provisions_in(school: School, period: Period, *, wave: int | None = None, area: str = "") -> QuerySet[Provision]:
    rows = Provision.objects.filter(school=school, starts_on__lte=period.ends_on, ends_on__gte=period.starts_on)
    if wave:
        rows = rows.filter(intervention__wave=wave)
    if area:
        rows = rows.filter(intervention__broad_area=area)
    return rows


def school_costs(
    school: School,
    period: Period,
    *,
    provisions: QuerySet[Provision] | None = None,
    pupil: Pupil | None = None,
) -> SchoolCosts:
    """Cost every provision at the school overlapping the period (or those given). With `pupil`,
    only the provision that pupil was in. A fixed number of queries whatever the data size."""
    rows = provisions if provisions is not None else provisions_in(school, period)
    if pupil is not None:
        rows = rows.filter(members__pupil=pupil)
    # Each read filters by the provisions' query rather than a list of ids, so the page makes the
    # same queries with no provision as with a thousand (bench/query_baseline.json).
    provisions_list = list(rows.select_related("intervention").order_by("name", "pk"))
    slots: dict[int, list[Slot]] = defaultdict(list)
    for slot in Slot.objects.filter(provision__in=rows.values("pk")):
        slots[slot.provision_id].append(slot)
    staff: dict[int, list] = defaultdict(list)
    for link in (
        Provision.staff.through.objects.filter(provision__in=rows.values("pk"))
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    ):
        staff[link.provision_id].append(link.user)
    members = list(Member.objects.filter(provision__in=rows.values("pk")).select_related("pupil"))
    held: dict[int, list[tuple[datetime.date, int]]] = defaultdict(list)
    for provision_id, day, minutes in Session.objects.filter(
        provision__in=rows.values("pk"), held=True, held_on__range=(period.starts_on, period.ends_on)
    ).values_list("provision_id", "held_on", "minutes"):
        held[provision_id].append((day, minutes))
    rates = RateBook(
        (user_id, applies_from, to_pence(cost))
        for user_id, applies_from, cost in StaffCost.objects.filter(school=school).values_list(
            "user_id", "applies_from", "hourly_cost"
        )
    )
    open_on = open_days_rule(term_dates(school, from_day=period.starts_on))
    members_by_provision: dict[int, list[MemberDates]] = defaultdict(list)
    pupils: dict[int, Pupil] = {}
    for member in members:
        members_by_provision[member.provision_id].append(MemberDates(member.pupil_id, member.joined_on, member.left_on))
        pupils[member.pupil_id] = member.pupil
    staff_names: dict[int, str] = {}
    costed = []
    for provision in provisions_list:
        people = staff[provision.pk]
        staff_names.update((person.pk, person.display_name) for person in people)
        item = cost_provision(
            provision,
            slots=[(slot.weekday, slot.minutes) for slot in slots[provision.pk]],
            staff_ids=[person.pk for person in people],
            members=members_by_provision[provision.pk],
            held=held[provision.pk],
            rates=rates,
            period=period,
            open_on=open_on,
            resources=to_pence(provision.intervention.resources_cost),
            last_day=_last_planned_day(provision),
        )
        item.slots, item.staff = slots[provision.pk], people
        costed.append(item)
    if pupil is not None:
        for item in costed:
            item.pupils = {pupil.pk: item.pupils.get(pupil.pk, Spend())}
    budgets = list(
        SenBudget.objects.filter(
            school=school,
            year_starting__gte=financial_year_of(period.starts_on),
            year_starting__lte=financial_year_of(period.ends_on),
        ).order_by("year_starting")
    )
    year_of, class_of = _year_and_class(school, Member.objects.filter(provision__in=rows.values("pk")), period.ends_on)
    return SchoolCosts(
        school=school,
        period=period,
        provisions=costed,
        budget=budget_for(period, [(budget.year_starting, to_pence(budget.amount)) for budget in budgets]),
        budget_years=budgets,
        pupils=pupils,
        year_of=year_of,
        class_of=class_of,
        staff_names=staff_names,
    )


def _last_planned_day(provision: Provision) -> datetime.date:
    if provision.archived_at is None:
        return provision.ends_on
    return min(provision.ends_on, timezone.localtime(provision.archived_at).date() - ONE_DAY)


def _year_and_class(
    school: School, members: QuerySet[Member], on: datetime.date
) -> tuple[dict[int, str], dict[int, str]]:
    """Each pupil's year group at the school (their latest enrolment there by the period's end) and
    their registration class. Two queries."""
    pupil_ids = members.values("pupil_id")
    year_of: dict[int, str] = {}
    enrolments = (
        Enrolment.objects.filter(school=school, pupil_id__in=pupil_ids, admission_date__lte=on)
        .select_related("year_group")
        .order_by("pupil_id", "admission_date")
    )
    for enrolment in enrolments:
        year_of[enrolment.pupil_id] = str(enrolment.year_group)
    class_of: dict[int, str] = {}
    for pupil_id, name in (
        GroupMembership.objects.filter(
            pupil_id__in=pupil_ids,
            group__school=school,
            group__kind=TeachingGroup.Kind.REGISTRATION,
            group__archived_at__isnull=True,
        )
        .order_by("pupil_id", "group__name")
        .values_list("pupil_id", "group__name")
    ):
        class_of.setdefault(pupil_id, name)
    return year_of, class_of


# --- What other features call ----------------------------------------------------------------------


def pupil_cost(pupil: Pupil, school: School, period: Period) -> Spend:
    """A pupil's share of the cost of their provision at the school over the period."""
    costs = school_costs(school, period, pupil=pupil)
    total = Spend()
    for item in costs.provisions:
        total.add(item.pupils.get(pupil.pk, Spend()))
    return total


def school_total(school: School, period: Period) -> Spend:
    """The whole cost of the school's provision over the period."""
    return school_costs(school, period).total


def staff_rates_on(school: School, day: datetime.date) -> dict[int, Decimal]:
    """Each person's hourly cost in force at the school on `day`."""
    latest: dict[int, Decimal] = {}
    for user_id, cost in (
        StaffCost.objects.filter(school=school, applies_from__lte=day)
        .order_by("user_id", "applies_from")
        .values_list("user_id", "hourly_cost")
    ):
        latest[user_id] = cost
    return latest


__all__ = [
    "Period",
    "ProvisionCost",
    "RateBook",
    "SchoolCosts",
    "Spend",
    "budget_for",
    "cost_provision",
    "current_financial_year",
    "financial_year",
    "planned_days",
    "pupil_cost",
    "school_costs",
    "school_total",
    "session_cost",
    "share",
]
