"""A school's academic year and its terms, as the statutory and Code of Practice counts use them.

Read on every register page and dashboard, so each school's year is cached (calendars change at
setup, not during the day)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from opensend.core.dates import ONE_DAY, DateRange, default_term_ends
from opensend.core.school_cache import cached_for_school

from .models import AcademicYear, School, Term


@dataclass(frozen=True)
class SchoolYear:
    """The academic year a day falls in at a school, and the last day of each of its terms."""

    starts_on: datetime.date
    ends_on: datetime.date
    term_ends: tuple[datetime.date, ...] = field(default_factory=tuple)

    def terms_ended_by(self, day: datetime.date) -> int:
        return sum(1 for end in self.term_ends if end < day)

    def has_term_ending_on_or_after(self, day: datetime.date) -> bool:
        return any(end >= day for end in self.term_ends)


def _default_year(day: datetime.date) -> SchoolYear:
    """1 September to 31 August when the school has no calendar; terms end at Christmas, the end
    of March and the end of July."""
    start = day.year if day.month >= 9 else day.year - 1
    return SchoolYear(
        datetime.date(start, 9, 1),
        datetime.date(start + 1, 8, 31),
        (datetime.date(start, 12, 31), datetime.date(start + 1, 3, 31), datetime.date(start + 1, 7, 31)),
    )


def _year_from_calendar(school: School, day: datetime.date) -> SchoolYear:
    terms = list(
        Term.objects.filter(
            academic_year__school=school, academic_year__starts_on__lte=day, academic_year__ends_on__gte=day
        )
        .select_related("academic_year")
        .order_by("starts_on")
    )
    if terms:
        year = terms[0].academic_year
        return SchoolYear(year.starts_on, year.ends_on, tuple(term.ends_on for term in terms))
    year = AcademicYear.objects.filter(school=school, starts_on__lte=day, ends_on__gte=day).first()
    if year is None:
        return _default_year(day)
    return SchoolYear(year.starts_on, year.ends_on, _default_year(year.starts_on).term_ends)


def school_year(school: School, *, today: datetime.date | None = None) -> SchoolYear:
    """The school's academic year containing `today` (by default, today in Europe/London)."""
    day = today or timezone.localdate()
    return cached_for_school(school.pk, f"year:{day.isoformat()}", lambda: _year_from_calendar(school, day))


def _open_spans(term: Term) -> list[DateRange]:
    if term.half_term_starts_on and term.half_term_ends_on:
        return [
            (term.starts_on, term.half_term_starts_on - ONE_DAY),
            (term.half_term_ends_on + ONE_DAY, term.ends_on),
        ]
    return [(term.starts_on, term.ends_on)]


def term_dates(school: School, *, from_day: datetime.date) -> list[DateRange]:
    """The spans the school is open (its terms less half-terms) from the academic year holding
    `from_day` onwards, for counting school days. Empty when the school has entered no terms: school
    days are then not counted at all, rather than guessed."""
    terms = Term.objects.filter(academic_year__school=school, academic_year__ends_on__gte=from_day).order_by(
        "starts_on"
    )
    return [span for term in terms for span in _open_spans(term)]


def term_ends(school: School, *, from_day: datetime.date, years: int = 3) -> list[datetime.date]:
    """The last day of each of the school's terms, from the academic year holding `from_day` for
    `years` years: the terms the school entered, and for a year it has not entered, terms ending at
    Christmas, the end of March and the end of July (counting in whole terms needs no more)."""
    first = from_day.year if from_day.month >= 9 else from_day.year - 1
    entered = list(
        Term.objects.filter(
            academic_year__school=school,
            academic_year__ends_on__gte=datetime.date(first, 9, 1),
            academic_year__starts_on__lt=datetime.date(first + years, 9, 1),
        ).values_list("ends_on", flat=True)
    )
    ends = set(entered)
    for year in range(first, first + years):
        spans = (datetime.date(year, 9, 1), datetime.date(year + 1, 8, 31))
        if not any(spans[0] <= end <= spans[1] for end in entered):
            ends.update(default_term_ends(year))
    return sorted(ends)
