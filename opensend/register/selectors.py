"""Reading the SEND register for pages, exports and the census check (the overviews: aggregates.py).

Lists start from `policy.pupils_visible_to`, so nothing here widens what a person sees. Every page
takes a fixed number of queries whatever it shows: the rows, with their needs, flags and parents'
meetings, come from one query whose per-pupil columns are written as SQL (opensend.core.sql).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db.models import BooleanField, CharField, Count, DateField, Exists, OuterRef, Q, QuerySet, Subquery, Value
from django.urls import reverse
from django.utils import timezone

from opensend.access import policy
from opensend.access.policy import Capability
from opensend.core.school_cache import cached_for_school
from opensend.core.sql import RowSQL
from opensend.pupils.models import Enrolment, Pupil
from opensend.pupils.record_tabs import Badge

# The pupil list's own filters and school columns, so the register filters exactly as it does.
from opensend.pupils.selectors import (
    LIST_COLUMNS,
    PupilFilters,
    apply_pupil_filters,
    characteristic_flags,
    list_name,
    with_school_columns,
)
from opensend.schools.calendar import school_year
from opensend.schools.models import NCYear, School

from . import national
from .census import NO_BASE_INDICATOR_PHASES, CensusNeed, CensusPupil, Issue, Rule, Severity, check
from .codes import BroadArea, Provision, SenType, broad_area
from .models import BaseMembership, MonitoringEntry, SenNeed, SenStatus

PAGE_SIZE = 50
# The SEND Code of Practice (6.65): parents of pupils on SEN support are met at least three times a year.
SEN_SUPPORT_MEETINGS_EXPECTED = 3
# How parents' meetings are counted, said the same way wherever a count is shown.
MEETINGS_RULE = (
    "Parents of a pupil on SEN support are met three times a year, about once a term (SEND Code of "
    "Practice 6.65). The register and the home page both count the review meetings held with parents "
    "this school year, out of those three. The home page lists the pupils who need another one before "
    "this term ends to be on track."
)

WITH_SEN = (Provision.EHC_PLAN, Provision.SEN_SUPPORT)
SEN = "SEN"  # E and K together, as a provision filter and a row of the counts
NOT_RECORDED = "none"
EVERYONE = "all"  # the provision filter for the whole roll; the register opens on SEN
NO_AREA = "none"

_YEAR_LABELS = dict(NCYear.choices)
_SEN_URL_MARKER = "00000000-0000-0000-0000-000000000000"


# --- the school's bases -------------------------------------------------------------------------


@dataclass(frozen=True)
class Base:
    kind: str
    name: str  # the school's own name for it, e.g. "The Nest"
    kind_label: str

    @property
    def label(self) -> str:
        return f"{self.name} ({self.kind_label.lower()})" if self.name != self.kind_label else self.name


def school_bases(school: School) -> list[Base]:
    """The SEN unit and resourced provision the school has, under the school's own names."""
    bases = []
    if school.has_resourced_provision:
        label = BaseMembership.Kind.RESOURCED_PROVISION.label
        bases.append(Base(BaseMembership.Kind.RESOURCED_PROVISION, school.resourced_provision_name or label, label))
    if school.has_sen_unit:
        label = BaseMembership.Kind.SEN_UNIT.label
        bases.append(Base(BaseMembership.Kind.SEN_UNIT, school.sen_unit_name or label, label))
    return bases


def codes_in_area(area: str) -> list[str]:
    if area == NO_AREA:
        return [code for code in SenType.values if broad_area(code) is None]
    return [code for code in SenType.values if broad_area(code) == area]


# --- the current state of a pupil, as subqueries ----------------------------------------------------


# Without order_by() the models' default ordering ("pupil", ...) would join the pupils table into
# every subquery, once per row.
def open_status(pupil_ref: str = "pk") -> QuerySet[SenStatus]:
    return SenStatus.objects.filter(pupil=OuterRef(pupil_ref), end_date__isnull=True).order_by()


def open_need(pupil_ref: str = "pk") -> QuerySet[SenNeed]:
    return SenNeed.objects.filter(pupil=OuterRef(pupil_ref), end_date__isnull=True).order_by()


# The same states as columns of a pupil query, written as SQL (see opensend.core.sql): the open
# SEN status (at most one, by constraint), the primary need, monitoring and base membership.
_PROVISION_SQL = "SELECT provision FROM register_senstatus WHERE pupil_id = {row} AND end_date IS NULL"
_PROVISION_START_SQL = "SELECT start_date FROM register_senstatus WHERE pupil_id = {row} AND end_date IS NULL"
_PRIMARY_NEED_SQL = "SELECT need_type FROM register_senneed WHERE pupil_id = {row} AND end_date IS NULL AND rank = 1"
# The open needs as "rank:code" pairs joined by commas, in no particular order (sorted in Python).
_NEEDS_SQL = {
    "postgresql": "SELECT string_agg(rank || ':' || need_type, ',') FROM register_senneed "
    "WHERE pupil_id = {row} AND end_date IS NULL",
    "sqlite": "SELECT group_concat(rank || ':' || need_type, ',') FROM register_senneed "
    "WHERE pupil_id = {row} AND end_date IS NULL",
}
_MONITORED_SQL = """EXISTS (SELECT 1 FROM register_monitoringentry
WHERE pupil_id = {row} AND school_id = %s AND ended_on IS NULL)"""
_IN_BASE_SQL = """EXISTS (SELECT 1 FROM register_basemembership
WHERE pupil_id = {row} AND school_id = %s AND kind = %s AND ended_on IS NULL)"""


def provision_column() -> RowSQL:
    """The pupil's current SEN provision (N, K or E; None if not recorded), as a column."""
    return RowSQL(_PROVISION_SQL, output_field=CharField())


def on_register_or_monitored(pupils: QuerySet[Pupil], school: School) -> QuerySet[Pupil]:
    """Those of these pupils on SEN support or with an EHC plan, or on the school's monitoring list."""
    return pupils.alias(provision=provision_column(), monitored=_monitored_column(school)).filter(
        Q(provision__in=[Provision.SEN_SUPPORT, Provision.EHC_PLAN]) | Q(monitored=True)
    )


def _primary_need_column() -> RowSQL:
    return RowSQL(_PRIMARY_NEED_SQL, output_field=CharField())


def _monitored_column(school: School) -> RowSQL:
    return RowSQL(_MONITORED_SQL, (school.pk,), output_field=BooleanField())


def _monitored(school: School) -> Exists:
    return Exists(MonitoringEntry.objects.filter(pupil=OuterRef("pk"), school=school, ended_on__isnull=True))


def _in_base(school: School, kind: str | None = None) -> Exists:
    memberships = BaseMembership.objects.filter(pupil=OuterRef("pk"), school=school, ended_on__isnull=True)
    return Exists(memberships.filter(kind=kind) if kind else memberships)


# --- the register list -------------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterFilters:
    provision: str = ""  # N, K, E, SEN (K or E) or "none" (not recorded)
    need: str = ""  # a SEN type, at any rank
    area: str = ""  # a broad area of any need, or "none"
    base: str = ""  # a BaseMembership kind, or "any"
    monitoring: bool = False
    pupil: PupilFilters = field(default_factory=PupilFilters)


def _filtered(user, access: policy.Access, filters: RegisterFilters) -> QuerySet[Pupil]:
    school = access.school
    pupils = apply_pupil_filters(policy.pupils_visible_to(user, access), school, filters.pupil)
    pupils = pupils.annotate(provision=provision_column())
    if filters.provision == SEN:
        pupils = pupils.filter(provision__in=[Provision.SEN_SUPPORT, Provision.EHC_PLAN])
    elif filters.provision == NOT_RECORDED:
        pupils = pupils.filter(provision__isnull=True)
    elif filters.provision:
        pupils = pupils.filter(provision=filters.provision)
    if filters.need:
        pupils = pupils.filter(Exists(open_need().filter(need_type=filters.need)))
    if filters.area:
        pupils = pupils.filter(Exists(open_need().filter(need_type__in=codes_in_area(filters.area))))
    if filters.base:
        pupils = pupils.filter(_in_base(school, None if filters.base == "any" else filters.base))
    if filters.monitoring:
        pupils = pupils.filter(_monitored(school))
    return pupils


ROW_COLUMNS = (
    "pk",
    *LIST_COLUMNS,
    "nc_year",
    "registration_group",
    "provision",
    "provision_start",
    "monitored",
    "meetings_held",
    "needs_pairs",
    "medical_needs",
)


def _base_column(kind: str) -> str:
    return f"in_{kind.replace('-', '_')}"


def _row_values(pupil_ids, school: School, extra: dict[str, RowSQL] | None = None) -> QuerySet:
    """The columns of the register rows for these pupils (ids, or a query of ids: a page of the
    filtered register), in one query, with any `extra` columns. The ids are chosen first, so the
    columns are worked out for the page's rows only, not for every pupil the filters select."""
    bases = [base.kind for base in school_bases(school)]
    extra = extra or {}
    return (
        with_school_columns(Pupil.objects.filter(pk__in=pupil_ids), school)
        .annotate(
            provision=provision_column(),
            provision_start=RowSQL(_PROVISION_START_SQL, output_field=DateField()),
            monitored=_monitored_column(school),
            meetings_held=_meetings_held(school),
            needs_pairs=RowSQL(_NEEDS_SQL, output_field=CharField()),
            **{
                _base_column(kind): RowSQL(_IN_BASE_SQL, (school.pk, kind), output_field=BooleanField())
                for kind in bases
            },
            **extra,
        )
        .values(*ROW_COLUMNS, *(_base_column(kind) for kind in bases), *extra)
    )


@dataclass(frozen=True)
class NeedShown:
    code: str
    rank: int
    label: str
    area_label: str


_NEED_LABELS = dict(SenType.choices)


def _needs_shown(pairs: str | None) -> list[NeedShown]:
    """The row's needs column ("2:SEMH,1:SLCN") as the needs in rank order."""
    needs = []
    for rank, code in sorted(
        (int(rank), code) for rank, code in (pair.split(":") for pair in (pairs or "").split(",") if pair)
    ):
        area = broad_area(code)
        needs.append(
            NeedShown(code, rank, _NEED_LABELS.get(code, code), BroadArea(area).label if area else "No broad area")
        )
    return needs


def _flags(row: dict[str, Any], base_names: list[str]) -> list[tuple[str, str]]:
    """The row's tags as (label, colour), worked out here once rather than by a dozen template tests."""
    flags = [("Monitoring", "yellow")] if row["monitored"] else []
    if row["medical_needs"].strip():
        flags.append(("Medical", "red"))
    flags += [(name, "purple") for name in base_names]
    return flags + characteristic_flags(row)


def _decorated(rows: list[dict[str, Any]], school: School) -> list[dict[str, Any]]:
    """Add what each row shows (links, labels, needs, bases, flags), worked out once here."""
    sen_url = reverse("register:sen", kwargs={"pupil_id": _SEN_URL_MARKER})
    bases = school_bases(school)
    provisions = dict(Provision.choices)
    for row in rows:
        row["url"] = sen_url.replace(_SEN_URL_MARKER, str(row["public_id"]))
        row["name"] = list_name(row)
        row["year_label"] = _YEAR_LABELS.get(row["nc_year"], "")
        row["provision_label"] = provisions.get(row["provision"], "Not recorded")
        shows_since = row["provision_start"] and row["provision"] != Provision.NONE
        row["provision_since"] = f"{row['provision_start']:%-d %b %Y}" if shows_since else ""
        row["needs"] = _needs_shown(row["needs_pairs"])
        row["bases"] = [base.name for base in bases if row.get(_base_column(base.kind))]
        row["flags"] = _flags(row, row["bases"])
        row["meetings"] = row["meetings_held"] if row["provision"] == Provision.SEN_SUPPORT else None
    return rows


@dataclass(frozen=True)
class Page:
    rows: list[dict[str, Any]]
    total: int
    next_after: str | None
    previous_before: str | None
    is_first: bool


def _page_rows(matching: QuerySet[Pupil], school: School, *, after: str | None, before: str | None):
    """The page's rows by keyset on the pupil's unique sort key, and whether there are more on the
    far side of the cursor."""
    if before:
        edge = Pupil.objects.filter(public_id=before).values("sort_key")[:1]
        ids = matching.filter(sort_key__lt=Subquery(edge)).order_by("-sort_key").values("pk")[: PAGE_SIZE + 1]
        rows = list(_row_values(ids, school).order_by("-sort_key"))
        return list(reversed(rows[:PAGE_SIZE])), len(rows) > PAGE_SIZE
    if after:
        edge = Pupil.objects.filter(public_id=after).values("sort_key")[:1]
        matching = matching.filter(sort_key__gt=Subquery(edge))
    rows = list(_row_values(matching.order_by("sort_key").values("pk")[: PAGE_SIZE + 1], school).order_by("sort_key"))
    return rows[:PAGE_SIZE], len(rows) > PAGE_SIZE


def register_page(
    user,
    access: policy.Access,
    filters: RegisterFilters,
    *,
    after: str | None = None,
    before: str | None = None,
    counted: RegisterFilters | None = None,
) -> tuple[Page, RegisterStats]:
    """One page of the register (keyset pagination on the pupil's unique sort key, as the pupil list)
    and the counts for everyone `counted` selects (the filters, unless told otherwise: the register
    opens on the pupils with SEN and counts the whole roll beside England)."""
    school = access.school
    matching = _filtered(user, access, filters)
    counted = filters if counted is None else counted
    counted_pupils = matching if counted == filters else _filtered(user, access, counted)
    stats = _cached_stats(user, access, counted, counted_pupils)
    rows, more = _page_rows(matching, school, after=after, before=before)
    _decorated(rows, school)
    first_id, last_id = (str(rows[0]["public_id"]), str(rows[-1]["public_id"])) if rows else (None, None)
    if before:
        page = Page(
            rows, stats.total, next_after=last_id, previous_before=first_id if more else None, is_first=not more
        )
    else:
        page = Page(
            rows,
            stats.total,
            next_after=last_id if more else None,
            previous_before=first_id if after else None,
            is_first=not after,
        )
    return page, stats


def register_rows_for(pupil_ids, school: School, extra: dict[str, RowSQL] | None = None) -> dict[int, dict[str, Any]]:
    """The register's row (provision, needs, monitoring, bases, flags) for each of these pupils, by
    pupil id, in one query: for pages that show a few pupils' SEN at a glance, such as "my class",
    which add their own `extra` columns. `pupil_ids` may be a query of ids; callers choose them from
    `policy.pupils_visible_to`."""
    rows = _decorated(list(_row_values(pupil_ids, school, extra)), school)
    return {row["pk"]: row for row in rows}


EXPORT_BATCH = 500


def register_rows(user, access: policy.Access, filters: RegisterFilters) -> Iterator[dict[str, Any]]:
    """Every row the filters select, in register order, for the exports: in batches, so the needs
    of a whole school take a few queries and never one per pupil."""
    school = access.school
    matching = _filtered(user, access, filters).order_by("sort_key")
    last = None
    while True:
        batch_ids = (matching.filter(sort_key__gt=last) if last is not None else matching).values("pk")[:EXPORT_BATCH]
        batch = list(_row_values(batch_ids, school).order_by("sort_key"))
        if not batch:
            return
        yield from _decorated(batch, school)
        last = batch[-1]["sort_key"]


# --- counts beside national figures ------------------------------------------------------------


@dataclass(frozen=True)
class Share:
    label: str
    count: int
    total: int
    national: national.Figure | None = None
    code: str = ""

    @property
    def percent(self) -> float:
        return round(100 * self.count / self.total, 1) if self.total else 0.0


@dataclass(frozen=True)
class NeedRow:
    code: str
    label: str
    area_label: str
    ehc_plan: Share
    sen_support: Share
    all_sen: Share
    national_ehc_plan: national.Figure | None


@dataclass(frozen=True)
class RegisterStats:
    total: int
    provision: list[Share]
    needs: list[NeedRow]
    areas: list[NeedRow]
    with_sen: int


def _stats_matrix(pupils: QuerySet[Pupil]) -> dict[tuple[str | None, str | None], int]:
    """Pupils counted by (current provision, primary need), in one query."""
    rows = (
        pupils.annotate(primary_need=_primary_need_column())
        .order_by()
        .values("provision", "primary_need")
        .annotate(pupils=Count("pk"))
    )
    return {(row["provision"], row["primary_need"]): row["pupils"] for row in rows}


def register_stats_name(user, access: policy.Access, filters: RegisterFilters) -> str:
    """What the counts for these filters depend on besides the school's records: who is on roll
    depends on the day; people who see the whole school share them."""
    whose = "school" if policy.Scope.ALL in access.scopes else f"user-{user.pk}"
    what = hashlib.sha256(repr(filters).encode()).hexdigest()[:20]
    return f"register-stats:{whose}:{timezone.localdate().isoformat()}:{what}"


def _cached_stats(user, access: policy.Access, filters: RegisterFilters, matching: QuerySet[Pupil]) -> RegisterStats:
    """The counts for these filters, worked out once until the school's records change (they are
    the same on every page of the register)."""
    name = register_stats_name(user, access, filters)
    return cached_for_school(access.school.pk, name, lambda: register_stats(matching))


def register_stats(pupils: QuerySet[Pupil]) -> RegisterStats:
    """Counts and percentages for the pupils selected, by provision, primary need and broad area."""
    matrix = _stats_matrix(pupils)
    by_provision: dict[str | None, int] = defaultdict(int)
    for (provision, _), count in matrix.items():
        by_provision[provision] += count
    total = sum(by_provision.values())
    ehcp, support = by_provision[Provision.EHC_PLAN], by_provision[Provision.SEN_SUPPORT]
    provision = [
        Share("EHC plan (E)", ehcp, total, national.PROVISION[Provision.EHC_PLAN], Provision.EHC_PLAN),
        Share("SEN support (K)", support, total, national.PROVISION[Provision.SEN_SUPPORT], Provision.SEN_SUPPORT),
        Share("All SEN (E and K)", ehcp + support, total, national.PROVISION[SEN], SEN),
        Share("No SEN (N)", by_provision[Provision.NONE], total, None, Provision.NONE),
    ]
    if by_provision[None]:
        provision.append(Share("Provision not recorded", by_provision[None], total, None, NOT_RECORDED))
    return RegisterStats(
        total=total,
        provision=provision,
        needs=_need_rows(matrix, ehcp, support),
        areas=_area_rows(matrix, ehcp, support),
        with_sen=ehcp + support,
    )


def _need_rows(matrix, ehcp: int, support: int) -> list[NeedRow]:
    labels = dict(SenType.choices)
    rows = []
    codes = {need for (provision, need) in matrix if provision in (Provision.EHC_PLAN, Provision.SEN_SUPPORT)}
    for code in sorted(codes, key=lambda code: (code is None, code or "")):
        e = matrix.get((Provision.EHC_PLAN, code), 0)
        k = matrix.get((Provision.SEN_SUPPORT, code), 0)
        label = labels.get(code, code) if code else "No need recorded"
        area = broad_area(code) if code else None
        rows.append(
            NeedRow(
                code=code or "",
                label=label,
                area_label=BroadArea(area).label if area else ("No broad area" if code else ""),
                ehc_plan=Share(label, e, ehcp),
                sen_support=Share(label, k, support),
                all_sen=Share(label, e + k, ehcp + support),
                national_ehc_plan=national.ehc_plan_primary_need(code) if code else None,
            )
        )
    return sorted(rows, key=lambda row: (not row.code, -row.all_sen.count, row.code))


def _area_rows(matrix, ehcp: int, support: int) -> list[NeedRow]:
    national_areas = national.ehc_plan_broad_areas()
    rows = []
    for area, label in [*BroadArea.choices, (NO_AREA, "No broad area (OTH, NSA)")]:
        codes = set(codes_in_area(area))
        e = sum(count for (provision, need), count in matrix.items() if provision == "E" and need in codes)
        k = sum(count for (provision, need), count in matrix.items() if provision == "K" and need in codes)
        rows.append(
            NeedRow(
                code=area,
                label=label,
                area_label=label,
                ehc_plan=Share(label, e, ehcp),
                sen_support=Share(label, k, support),
                all_sen=Share(label, e + k, ehcp + support),
                national_ehc_plan=national_areas.get(area),
            )
        )
    return rows


# --- SEN support parents' meetings (recorded by the plans feature) --------------------------------


def _parent_meeting_model():
    # The plans feature is built alongside the register; until it is installed there is nothing to count.
    try:
        return apps.get_model("plans", "ParentMeeting")
    except LookupError:
        return None


def meetings_recorded() -> bool:
    return _parent_meeting_model() is not None


def _meetings_held(school: School):
    """SEN support review meetings this academic year, as a column of the rows (0 while meetings
    are not recorded in OpenSEND)."""
    model = _parent_meeting_model()
    if model is None:
        return Value(0)
    day = timezone.localdate()
    return model.objects.reviews_held(school_year(school, today=day), day)


# --- one pupil's SEN record ------------------------------------------------------------------------


@dataclass
class BaseRecord:
    base: Base
    current: BaseMembership | None
    past: list[BaseMembership]


@dataclass
class SenRecord:
    current: SenStatus | None
    history: list[SenStatus]
    needs: list[SenNeed]
    past_needs: list[SenNeed]
    monitoring: MonitoringEntry | None
    past_monitoring: list[MonitoringEntry]
    bases: list[BaseRecord]

    @property
    def provision(self) -> str:
        return self.current.provision if self.current else ""

    @property
    def has_sen(self) -> bool:
        return self.provision in (Provision.SEN_SUPPORT, Provision.EHC_PLAN)

    @property
    def current_bases(self) -> list[BaseRecord]:
        return [record for record in self.bases if record.current]


def sen_record(pupil: Pupil, school: School) -> SenRecord:
    statuses = list(pupil.sen_statuses.select_related("decided_by", "school").order_by("-start_date", "-pk"))
    needs = list(pupil.sen_needs.order_by("rank", "-start_date"))
    entries = list(MonitoringEntry.objects.filter(pupil=pupil, school=school).select_related("added_by"))
    memberships = list(BaseMembership.objects.filter(pupil=pupil, school=school).order_by("-started_on"))
    bases = [
        BaseRecord(
            base=base,
            current=next((m for m in memberships if m.kind == base.kind and m.ended_on is None), None),
            past=[m for m in memberships if m.kind == base.kind and m.ended_on is not None],
        )
        for base in school_bases(school)
    ]
    return SenRecord(
        current=next((status for status in statuses if status.end_date is None), None),
        history=statuses,
        needs=[need for need in needs if need.end_date is None],
        past_needs=sorted(
            (need for need in needs if need.end_date is not None), key=lambda need: (need.end_date, -need.rank)
        )[::-1],
        monitoring=next((entry for entry in entries if entry.ended_on is None), None),
        past_monitoring=[entry for entry in entries if entry.ended_on is not None],
        bases=bases,
    )


def register_badges(pupil: Pupil, access: policy.Access) -> list[Badge]:
    """The identity bar's SEN tags, for people who may read SEN records: one query."""
    if not access.can(Capability.SEN_READ):
        return []
    state = (
        Pupil.objects.filter(pk=pupil.pk)
        .annotate(provision=provision_column(), monitored=_monitored_column(access.school))
        .values("provision", "monitored")
        .first()
    )
    if state is None:
        return []
    badges = []
    if state["provision"] == Provision.EHC_PLAN:
        badges.append(Badge("EHC plan", "pink"))
    elif state["provision"] == Provision.SEN_SUPPORT:
        badges.append(Badge("SEN support", "turquoise"))
    if state["monitored"]:
        badges.append(Badge("Monitoring", "yellow"))
    return badges


# --- the census check --------------------------------------------------------------------------


@dataclass(frozen=True)
class CensusIssue:
    issue: Issue
    pupil: dict[str, Any]


@dataclass(frozen=True)
class CensusReport:
    school: School
    pupils_checked: int
    issues: list[CensusIssue]

    @property
    def errors(self) -> list[CensusIssue]:
        return [item for item in self.issues if item.issue.is_error]

    @property
    def queries(self) -> list[CensusIssue]:
        return [item for item in self.issues if not item.issue.is_error]

    @property
    def pupils_with_errors(self) -> int:
        return len({item.issue.key for item in self.errors})

    def by_rule(self) -> list[tuple[Rule, int]]:
        counts: dict[str, int] = defaultdict(int)
        rules = {}
        for item in self.issues:
            counts[item.issue.rule.number] += 1
            rules[item.issue.rule.number] = item.issue.rule
        order = sorted(counts, key=lambda number: (rules[number].severity != Severity.ERROR, number))
        return [(rules[number], counts[number]) for number in order]


def _indicator(member: bool, school_has: bool, phase: str) -> bool | None:
    """The census indicator for one kind of base: None (not given) where it is not required from the
    school, or where the pupil is recorded in a base the school does not have."""
    if phase in NO_BASE_INDICATOR_PHASES:
        return True if member else None
    if member and not school_has:
        return None
    return member


def census_report(school: School) -> CensusReport:
    """Every pupil on roll at the school checked against the census SEN rules: three queries."""
    on_roll = Enrolment.objects.current().filter(school=school).values("pupil_id")
    pupils = list(
        Pupil.objects.active()
        .filter(pk__in=on_roll)
        .annotate(provision=provision_column())
        .order_by("sort_key")
        .values("pk", "public_id", "legal_surname", "legal_forename", "preferred_forename", "upn", "provision")
    )
    needs: dict[int, list[CensusNeed]] = defaultdict(list)
    for pupil_id, code, rank in (
        SenNeed.objects.filter(pupil_id__in=on_roll, end_date__isnull=True)
        .order_by("pupil_id", "rank")
        .values_list("pupil_id", "need_type", "rank")
    ):
        needs[pupil_id].append(CensusNeed(code, rank))
    kinds: dict[int, set[str]] = defaultdict(set)
    for pupil_id, kind in BaseMembership.objects.filter(
        school=school, ended_on__isnull=True, pupil_id__in=on_roll
    ).values_list("pupil_id", "kind"):
        kinds[pupil_id].add(kind)
    unit, resourced = BaseMembership.Kind.SEN_UNIT, BaseMembership.Kind.RESOURCED_PROVISION
    census_pupils = []
    for row in pupils:
        mine = kinds[row["pk"]]
        notes = []
        if unit in mine and not school.has_sen_unit:
            notes.append(f"Recorded in an SEN unit, but {school.name} has no SEN unit set up.")
        if resourced in mine and not school.has_resourced_provision:
            notes.append(f"Recorded in a resourced provision, but {school.name} has none set up.")
        census_pupils.append(
            CensusPupil(
                key=row["pk"],
                provision=row["provision"],
                needs=tuple(needs[row["pk"]]),
                sen_unit_indicator=_indicator(unit in mine, school.has_sen_unit, school.phase),
                resourced_provision_indicator=_indicator(
                    resourced in mine, school.has_resourced_provision, school.phase
                ),
                indicator_note=" ".join(notes),
            )
        )
    by_pk = {row["pk"]: row for row in pupils}
    sen_url = reverse("register:sen", kwargs={"pupil_id": _SEN_URL_MARKER})
    record_url = reverse("pupils:record", kwargs={"pupil_id": _SEN_URL_MARKER})
    for row in pupils:
        row["sen_url"] = sen_url.replace(_SEN_URL_MARKER, str(row["public_id"]))
        row["record_url"] = record_url.replace(_SEN_URL_MARKER, str(row["public_id"]))
    issues = [CensusIssue(issue, by_pk[issue.key]) for issue in check(census_pupils, phase=school.phase)]
    return CensusReport(school=school, pupils_checked=len(pupils), issues=issues)


def school_register_stats(user, access: policy.Access) -> RegisterStats:
    """The whole register's counts for the pupils this person may see (the dashboard's summary)."""
    filters = RegisterFilters()
    return _cached_stats(user, access, filters, _filtered(user, access, filters))
