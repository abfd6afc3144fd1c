"""Counts about a school's or a trust's pupils: aggregates only, never names."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from opensend.core.school_cache import cached_for_school
from opensend.pupils.models import Enrolment

from .models import School, TeachingGroup, Trust, YearGroup


def _filter_choices(school: School) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    years = [(year.pk, str(year)) for year in YearGroup.objects.filter(school=school).order_by("sort_order")]
    groups = list(
        TeachingGroup.objects.active().filter(school=school).order_by("kind", "name").values_list("pk", "name")
    )
    return years, groups


def school_filter_choices(school: School) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """The school's year groups and active groups as (id, label) pairs, for every list page's
    filter: they change only at imports and setup, so they are kept until the school changes."""
    return cached_for_school(school.pk, "filter-choices", lambda: _filter_choices(school))


SMALL_NUMBER_MAX = 5


@dataclass(frozen=True)
class Characteristic:
    label: str
    count: int
    total: int

    @property
    def percent(self) -> float:
        return round(100 * self.count / self.total, 1) if self.total else 0.0

    # What the overviews show: counts from 1 to 5 could identify a pupil, so they are not shown.
    @property
    def suppressed(self) -> bool:
        return 1 <= self.count <= SMALL_NUMBER_MAX

    @property
    def shown(self) -> str:
        return f"fewer than {SMALL_NUMBER_MAX + 1}" if self.suppressed else str(self.count)

    @property
    def percent_shown(self) -> str:
        return "" if self.suppressed else f"{self.percent}%"


_CHARACTERISTICS = {
    "fsm": ("Free school meals", Q(pupil__free_school_meals=True)),
    "eal": ("English as an additional language", Q(pupil__english_additional_language=True)),
    "pp": ("Pupil premium", Q(pupil__pupil_premium=True)),
    "lac": (
        "Looked after or previously looked after",
        Q(pupil__looked_after=True) | Q(pupil__previously_looked_after=True),
    ),
}


def _on_roll(schools) -> object:
    return Enrolment.objects.current().filter(school__in=schools, pupil__archived_at__isnull=True)


def school_summary(school: School) -> dict:
    enrolments = _on_roll([school])
    counts = enrolments.aggregate(
        total=Count("pupil", distinct=True),
        **{key: Count("pupil", filter=condition, distinct=True) for key, (_, condition) in _CHARACTERISTICS.items()},
    )
    total = counts["total"]
    by_year = list(
        enrolments.values("year_group__nc_year", "year_group__sort_order")
        .annotate(pupils=Count("pupil", distinct=True))
        .order_by("year_group__sort_order")
    )
    return {
        "total": total,
        "characteristics": [Characteristic(label, counts[key], total) for key, (label, _) in _CHARACTERISTICS.items()],
        "by_year": by_year,
    }


def trust_summary(trust: Trust) -> list[dict]:
    """One row per school of the trust: pupils on roll and the characteristics, as counts."""
    schools = list(trust.schools.all())
    rows = (
        _on_roll(schools)
        .values("school_id", "school__name", "school__urn", "school__phase")
        .annotate(
            total=Count("pupil", distinct=True),
            **{
                key: Count("pupil", filter=condition, distinct=True) for key, (_, condition) in _CHARACTERISTICS.items()
            },
        )
        .order_by("school__name")
    )
    return [
        {
            "id": row["school_id"],
            "name": row["school__name"],
            "phase": School.Phase(row["school__phase"]).label,
            "total": row["total"],
            "characteristics": [
                Characteristic(label, row[key], row["total"]) for key, (label, _) in _CHARACTERISTICS.items()
            ],
        }
        for row in rows
    ]
