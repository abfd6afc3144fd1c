"""The costed provision map: the school's costed provision (opensend.provision.costs) grouped for
each view (the school, year groups, classes, groups, pupils, waves, areas of need), the same rows
for the page, the Excel workbook and the PDF. Every view's rows add up to the school's total: the
share of a session no pupil was in that day is its own row."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from opensend.register.codes import BroadArea
from opensend.schools.models import NC_YEAR_ORDER, NCYear

from .costs import SchoolCosts, Spend, pounds
from .models import Wave

VIEWS = (
    ("school", "School"),
    ("year", "Year groups"),
    ("class", "Classes"),
    ("group", "Groups"),
    ("pupil", "Pupils"),
    ("wave", "Waves"),
    ("area", "Areas of need"),
)
# Views that name no pupil and no group: for those who read no SEND records.
AGGREGATE_VIEWS = ("school", "year", "wave", "area")
NOT_SHARED = "Not shared with any pupil"
NO_YEAR = "No year group"
NO_CLASS = "No class"


@dataclass
class MapRow:
    label: str
    spend: Spend
    pupils: int = 0
    provisions: int = 0
    detail: dict = field(default_factory=dict)
    # The share of sessions no pupil was in: counted, never divided per pupil.
    not_shared: bool = False

    @property
    def per_pupil_planned(self) -> Decimal | None:
        if not self.pupils or self.not_shared:
            return None
        return pounds(round(self.spend.planned / self.pupils))

    @property
    def per_pupil_delivered(self) -> Decimal | None:
        if not self.pupils or self.not_shared:
            return None
        return pounds(round(self.spend.delivered / self.pupils))


@dataclass
class ProvisionMap:
    costs: SchoolCosts | None  # None for a trust's map, whose rows are schools
    view: str
    rows: list[MapRow]
    total: MapRow


def provision_map(costs: SchoolCosts, view: str) -> ProvisionMap:
    build = {
        "school": _by_school,
        "year": lambda c: _by_pupil_key(c, lambda pid: c.year_of.get(pid, NO_YEAR), _year_order),
        "class": lambda c: _by_pupil_key(c, lambda pid: c.class_of.get(pid, NO_CLASS), _name_order),
        "group": _by_group,
        "pupil": _by_pupil,
        "wave": lambda c: _by_provision_key(c, lambda item: Wave(item.provision.intervention.wave).label),
        "area": lambda c: _by_provision_key(c, lambda item: BroadArea(item.provision.intervention.broad_area).label),
    }[view]
    return ProvisionMap(costs=costs, view=view, rows=build(costs), total=_total(costs))


def _total(costs: SchoolCosts) -> MapRow:
    pupils = {pid for item in costs.provisions for pid in item.pupils}
    resources = pounds(sum(item.resources for item in costs.provisions))
    return MapRow(
        "Total", costs.total, pupils=len(pupils), provisions=len(costs.provisions), detail={"resources": resources}
    )


def _by_school(costs: SchoolCosts) -> list[MapRow]:
    total = _total(costs)
    total.label = costs.school.name
    return [total]


def _by_provision_key(costs: SchoolCosts, key) -> list[MapRow]:
    grouped: dict[str, list] = defaultdict(list)
    for item in costs.provisions:
        grouped[key(item)].append(item)
    rows = []
    for label in sorted(grouped):
        spend = Spend()
        for item in grouped[label]:
            spend.add(item.spend)
        pupils = {pid for item in grouped[label] for pid in item.pupils}
        rows.append(MapRow(label, spend, pupils=len(pupils), provisions=len(grouped[label])))
    return rows


def _year_order(label: str):
    codes = {choice.label: NC_YEAR_ORDER[choice.value] for choice in NCYear}
    return (codes.get(label, 99), label)


def _name_order(label: str):
    return (label in (NO_CLASS, NO_YEAR), label.casefold())


def _by_pupil_key(costs: SchoolCosts, key, order) -> list[MapRow]:
    spend: dict[str, Spend] = defaultdict(Spend)
    pupils: dict[str, set[int]] = defaultdict(set)
    provisions: dict[str, set[int]] = defaultdict(set)
    for item in costs.provisions:
        for pupil_id, share in item.pupils.items():
            label = key(pupil_id)
            spend[label].add(share)
            pupils[label].add(pupil_id)
            provisions[label].add(item.provision.pk)
    rows = [
        MapRow(label, spend[label], pupils=len(pupils[label]), provisions=len(provisions[label]))
        for label in sorted(spend, key=order)
    ]
    return rows + _not_shared_row(costs)


def _not_shared_row(costs: SchoolCosts) -> list[MapRow]:
    leftover = costs.not_shared
    if not (leftover.planned or leftover.delivered):
        return []
    provisions = sum(1 for item in costs.provisions if item.not_shared.planned or item.not_shared.delivered)
    return [MapRow(NOT_SHARED, leftover, provisions=provisions, not_shared=True)]


def how_often(slots) -> str:
    slots = list(slots)
    if not slots:
        return "No weekly sessions"
    minutes = sorted({slot.minutes for slot in slots})
    length = " or ".join(str(value) for value in minutes)
    return f"{len(slots)} a week, {length} minutes"


def _by_group(costs: SchoolCosts) -> list[MapRow]:
    rows = []
    for item in costs.provisions:
        provision = item.provision
        intervention = provision.intervention
        rows.append(
            MapRow(
                provision.name,
                item.spend,
                pupils=len(item.pupils),
                provisions=1,
                detail={
                    "provision": provision,
                    "intervention": intervention.name,
                    "wave": intervention.wave,
                    "area": BroadArea(intervention.broad_area).label,
                    "staff": ", ".join(person.display_name for person in item.staff),
                    "how_often": how_often(item.slots),
                    "starts_on": provision.starts_on,
                    "ends_on": provision.ends_on,
                    "resources": pounds(item.resources),
                },
            )
        )
    return rows


def _by_pupil(costs: SchoolCosts) -> list[MapRow]:
    names: dict[int, list[str]] = defaultdict(list)
    for item in costs.provisions:
        for pupil_id in item.pupils:
            names[pupil_id].append(item.provision.name)
    rows = []
    for pupil_id, spend in costs.pupil_spend().items():
        pupil = costs.pupils[pupil_id]
        rows.append(
            MapRow(
                pupil.full_name,
                spend,
                pupils=1,
                provisions=len(names[pupil_id]),
                detail={
                    "pupil": pupil,
                    "year": costs.year_of.get(pupil_id, ""),
                    "class": costs.class_of.get(pupil_id, ""),
                    "provision_names": ", ".join(names[pupil_id]),
                },
            )
        )
    rows.sort(key=lambda row: row.detail["pupil"].sort_key)
    return rows + _not_shared_row(costs)


def trust_map(schools_costs: list[SchoolCosts]) -> ProvisionMap:
    """One row for each school of a trust, for the trust SEND lead: aggregates only."""
    rows = []
    total = Spend()
    for costs in schools_costs:
        row = _total(costs)
        row.label = costs.school.name
        rows.append(row)
        total.add(row.spend)
    summary = MapRow(
        "Total",
        total,
        pupils=sum(row.pupils for row in rows),
        provisions=sum(row.provisions for row in rows),
    )
    return ProvisionMap(costs=None, view="school", rows=rows, total=summary)
