"""Reading pupils for pages: a filtered, keyset-paginated list, search and the record's parts.

Every function starts from `policy.pupils_visible_to`, so nothing here can widen what a person sees.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import CharField, Exists, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone

from opensend.access import policy
from opensend.core.sql import RowSQL
from opensend.schools.models import NCYear, TeachingGroup

from .models import Enrolment, GroupMembership, Pupil

PAGE_SIZE = 50

LIST_COLUMNS = (
    "public_id",
    "legal_surname",
    "legal_forename",
    "preferred_forename",
    "date_of_birth",
    "sex",
    "upn",
    "free_school_meals",
    "english_additional_language",
    "pupil_premium",
    "looked_after",
    "previously_looked_after",
    "sort_key",
)


@dataclass(frozen=True)
class PupilFilters:
    year_group: int | None = None
    group: int | None = None
    sex: str = ""
    free_school_meals: bool = False
    english_additional_language: bool = False
    pupil_premium: bool = False
    looked_after: bool = False


@dataclass(frozen=True)
class Page:
    rows: list[dict[str, Any]]
    total: int
    next_after: str | None
    previous_before: str | None
    is_first: bool


_YEAR_LABELS = dict(NCYear.choices)
_RECORD_URL_MARKER = "00000000-0000-0000-0000-000000000000"


def list_name(row: dict[str, Any]) -> str:
    """The name as lists show it: surname first, and the preferred forename with the legal one after it."""
    if row["preferred_forename"]:
        return f"{row['legal_surname']}, {row['preferred_forename']} ({row['legal_forename']})"
    return f"{row['legal_surname']}, {row['legal_forename']}"


_CHARACTERISTIC_TAGS = (
    ("pupil_premium", "PP", "blue"),
    ("free_school_meals", "FSM", "grey"),
    ("english_additional_language", "EAL", "grey"),
)


def characteristic_flags(row: dict[str, Any]) -> list[tuple[str, str]]:
    """Looked after, pupil premium, free school meals and EAL as (label, colour) tags."""
    flags = []
    if row["looked_after"]:
        flags.append(("Looked after", "purple"))
    elif row["previously_looked_after"]:
        flags.append(("Previously looked after", "purple"))
    return flags + [(label, colour) for column, label, colour in _CHARACTERISTIC_TAGS if row[column]]


def _decorated(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Add what each row shows (link, name, year, tags) once here rather than per row in the template,
    where each test and lookup costs more than the Python."""
    record_url = reverse("pupils:record", kwargs={"pupil_id": _RECORD_URL_MARKER})
    for row in rows:
        row["url"] = record_url.replace(_RECORD_URL_MARKER, str(row["public_id"]))
        row["name"] = list_name(row)
        row["year_label"] = _YEAR_LABELS.get(row["nc_year"], "")
        row["flags"] = characteristic_flags(row)
    return rows


# The year group of the pupil's current enrolment at the school (as Enrolment.objects.current()),
# and the first registration group by name; `%s` are the school, today and today, then the school.
_NC_YEAR_SQL = """
SELECT yg.nc_year FROM pupils_enrolment e INNER JOIN schools_yeargroup yg ON yg.id = e.year_group_id
WHERE e.pupil_id = {row} AND e.school_id = %s AND e.admission_date <= %s
  AND (e.leaving_date IS NULL OR e.leaving_date > %s)
ORDER BY e.admission_date DESC LIMIT 1"""
_REGISTRATION_GROUP_SQL = """
SELECT g.name FROM pupils_groupmembership gm INNER JOIN schools_teachinggroup g ON g.id = gm.group_id
WHERE gm.pupil_id = {row} AND g.school_id = %s AND g.kind = 'registration' AND g.archived_at IS NULL
ORDER BY g.name LIMIT 1"""


def with_school_columns(pupils: QuerySet[Pupil], school) -> QuerySet[Pupil]:
    """Add the year group and registration group at this school as columns of the same query."""
    today = timezone.localdate()
    return pupils.annotate(
        nc_year=RowSQL(_NC_YEAR_SQL, (school.pk, today, today), output_field=CharField()),
        registration_group=RowSQL(_REGISTRATION_GROUP_SQL, (school.pk,), output_field=CharField()),
    )


def apply_pupil_filters(pupils: QuerySet[Pupil], school, filters: PupilFilters) -> QuerySet[Pupil]:
    if filters.year_group:
        in_year = Enrolment.objects.current().filter(
            pupil=OuterRef("pk"), school=school, year_group_id=filters.year_group
        )
        pupils = pupils.filter(Exists(in_year))
    if filters.group:
        in_group = GroupMembership.objects.filter(pupil=OuterRef("pk"), group_id=filters.group, group__school=school)
        pupils = pupils.filter(Exists(in_group))
    if filters.sex:
        pupils = pupils.filter(sex=filters.sex)
    flags = {
        name: True
        for name in ("free_school_meals", "english_additional_language", "pupil_premium")
        if getattr(filters, name)
    }
    if flags:
        pupils = pupils.filter(**flags)
    if filters.looked_after:
        pupils = pupils.filter(Q(looked_after=True) | Q(previously_looked_after=True))
    return pupils


def pupil_page(
    user, access: policy.Access, filters: PupilFilters, *, after: str | None = None, before: str | None = None
) -> Page:
    """One page of the pupils this person may see, ordered by surname then forename.

    Keyset pagination on the unique `sort_key`: the cursor is the public id of the row at the edge
    of the page, so no name reaches the URL and a deep page costs what the first one does.
    """
    visible = apply_pupil_filters(policy.pupils_visible_to(user, access), access.school, filters)
    total = visible.count()
    rows_query = with_school_columns(visible, access.school)
    if before:
        edge = Pupil.objects.filter(public_id=before).values("sort_key")[:1]
        rows = list(
            rows_query.filter(sort_key__lt=Subquery(edge))
            .order_by("-sort_key")
            .values(*LIST_COLUMNS, "nc_year", "registration_group")[: PAGE_SIZE + 1]
        )
        has_more_before = len(rows) > PAGE_SIZE
        rows = _decorated(list(reversed(rows[:PAGE_SIZE])))
        return Page(
            rows=rows,
            total=total,
            next_after=str(rows[-1]["public_id"]) if rows else None,
            previous_before=str(rows[0]["public_id"]) if rows and has_more_before else None,
            is_first=not has_more_before,
        )
    if after:
        edge = Pupil.objects.filter(public_id=after).values("sort_key")[:1]
        rows_query = rows_query.filter(sort_key__gt=Subquery(edge))
    rows = list(rows_query.order_by("sort_key").values(*LIST_COLUMNS, "nc_year", "registration_group")[: PAGE_SIZE + 1])
    has_more = len(rows) > PAGE_SIZE
    rows = _decorated(rows[:PAGE_SIZE])
    return Page(
        rows=rows,
        total=total,
        next_after=str(rows[-1]["public_id"]) if rows and has_more else None,
        previous_before=str(rows[0]["public_id"]) if rows and after else None,
        is_first=not after,
    )


SEARCH_LIMIT = 50


def pupil_search(user, access: policy.Access, text: str) -> list[dict[str, Any]]:
    """Pupils matching a UPN exactly or a name in part, at most SEARCH_LIMIT of them."""
    text = text.strip()
    if not text:
        return []
    visible = policy.pupils_visible_to(user, access)
    # Every word must match some part of the name, so "Tia Tau" narrows rather than widens.
    every_word = Q()
    for word in text.split()[:4]:
        every_word &= (
            Q(legal_surname__icontains=word) | Q(legal_forename__icontains=word) | Q(preferred_forename__icontains=word)
        )
    matches = Q(upn=text.upper()) | every_word
    found = with_school_columns(visible.filter(matches), access.school)
    return _decorated(
        list(found.order_by("sort_key").values(*LIST_COLUMNS, "nc_year", "registration_group")[:SEARCH_LIMIT])
    )


def pupil_enrolments(pupil: Pupil) -> list[Enrolment]:
    return list(pupil.enrolments.select_related("school", "year_group").order_by("-admission_date"))


def pupil_groups(pupil: Pupil, school) -> list[TeachingGroup]:
    return list(
        TeachingGroup.objects.active().filter(school=school, pupil_memberships__pupil=pupil).order_by("kind", "name")
    )
