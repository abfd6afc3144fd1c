"""The register in numbers for the school and trust overviews, which governors, business managers and
trust leads read: counts by provision and broad area of need, no names, and counts from 1 to 5
shown as "fewer than 6" so that no pupil can be identified."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Subquery

from opensend.pupils.models import Enrolment
from opensend.schools.models import School
from opensend.schools.selectors import SMALL_NUMBER_MAX

from . import national
from .codes import BroadArea, Provision
from .selectors import NO_AREA, SEN, WITH_SEN, codes_in_area, open_need, open_status


@dataclass(frozen=True)
class SmallCount:
    """A count on a page for people who see no names: 1 to 5 are shown as "fewer than 6"."""

    count: int
    total: int

    @property
    def suppressed(self) -> bool:
        return 1 <= self.count <= SMALL_NUMBER_MAX

    @property
    def shown(self) -> str:
        return f"fewer than {SMALL_NUMBER_MAX + 1}" if self.suppressed else f"{self.count:,}"

    @property
    def percent_shown(self) -> str:
        if self.suppressed:
            return ""
        return f"{round(100 * self.count / self.total, 1) if self.total else 0.0}%"


@dataclass(frozen=True)
class AggregateRow:
    label: str
    value: SmallCount
    national: national.Figure | None = None


@dataclass(frozen=True)
class RegisterAggregate:
    total: int
    provision: list[AggregateRow]
    areas: list[AggregateRow]


def register_aggregates(schools: Iterable[School]) -> dict[int, RegisterAggregate]:
    """Per school: pupils on roll by provision (% of pupils) and by broad area of primary need (% of
    pupils with SEN). One query for any number of schools."""
    rows = (
        Enrolment.objects.current()
        .filter(school__in=list(schools), pupil__archived_at__isnull=True)
        .annotate(
            provision=Subquery(open_status("pupil").values("provision")[:1]),
            primary_need=Subquery(open_need("pupil").filter(rank=1).values("need_type")[:1]),
        )
        .order_by()
        .values("school_id", "provision", "primary_need")
        .annotate(pupils=Count("pupil_id", distinct=True))
    )
    matrices: dict[int, dict[tuple[str | None, str | None], int]] = defaultdict(dict)
    for row in rows:
        matrices[row["school_id"]][(row["provision"], row["primary_need"])] = row["pupils"]
    return {school_id: _aggregate(matrix) for school_id, matrix in matrices.items()}


def _aggregate(matrix: dict[tuple[str | None, str | None], int]) -> RegisterAggregate:
    total = sum(matrix.values())
    ehcp = sum(count for (provision, _), count in matrix.items() if provision == Provision.EHC_PLAN)
    support = sum(count for (provision, _), count in matrix.items() if provision == Provision.SEN_SUPPORT)
    with_sen = ehcp + support
    provision = [
        AggregateRow("EHC plan", SmallCount(ehcp, total), national.PROVISION[Provision.EHC_PLAN]),
        AggregateRow("SEN support", SmallCount(support, total), national.PROVISION[Provision.SEN_SUPPORT]),
        AggregateRow("All SEN", SmallCount(with_sen, total), national.PROVISION[SEN]),
    ]
    national_areas = national.ehc_plan_broad_areas()
    areas = []
    for area, label in [*BroadArea.choices, (NO_AREA, "No broad area")]:
        codes = set(codes_in_area(area))
        count = sum(n for (prov, need), n in matrix.items() if prov in WITH_SEN and need in codes)
        areas.append(AggregateRow(label, SmallCount(count, with_sen), national_areas.get(area)))
    return RegisterAggregate(total=total, provision=provision, areas=areas)


EMPTY_AGGREGATE = _aggregate({})
