"""The 2026/27 school calendar the demo runs in, and first and last days of earlier years
(for admission dates of pupils who joined before this year)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

ACADEMIC_YEAR_NAME = "2026/27"
ACADEMIC_YEAR_START = datetime.date(2026, 9, 1)
ACADEMIC_YEAR_END = datetime.date(2027, 8, 31)
CURRENT_START_YEAR = ACADEMIC_YEAR_START.year


@dataclass(frozen=True)
class TermDates:
    name: str
    starts_on: datetime.date
    ends_on: datetime.date
    half_term_starts_on: datetime.date
    half_term_ends_on: datetime.date


# A typical local authority pattern for 2026/27 (Easter Sunday is 28 March 2027).
TERMS_2026_27: tuple[TermDates, ...] = (
    TermDates(
        "autumn",
        datetime.date(2026, 9, 2),
        datetime.date(2026, 12, 18),
        datetime.date(2026, 10, 26),
        datetime.date(2026, 10, 30),
    ),
    TermDates(
        "spring",
        datetime.date(2027, 1, 4),
        datetime.date(2027, 3, 26),
        datetime.date(2027, 2, 15),
        datetime.date(2027, 2, 19),
    ),
    TermDates(
        "summer",
        datetime.date(2027, 4, 12),
        datetime.date(2027, 7, 21),
        datetime.date(2027, 5, 31),
        datetime.date(2027, 6, 4),
    ),
)


def terms_for(*, inset_days: int) -> tuple[TermDates, ...]:
    """The trust's calendar, with the first day of the year moved by a school's extra INSET days."""
    autumn, *rest = TERMS_2026_27
    shifted = TermDates(
        autumn.name,
        autumn.starts_on + datetime.timedelta(days=inset_days),
        autumn.ends_on,
        autumn.half_term_starts_on,
        autumn.half_term_ends_on,
    )
    return (shifted, *rest)


def next_weekday(day: datetime.date) -> datetime.date:
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


def previous_weekday(day: datetime.date) -> datetime.date:
    while day.weekday() >= 5:
        day -= datetime.timedelta(days=1)
    return day


def first_day(start_year: int, *, inset_days: int = 0) -> datetime.date:
    """The first day of the academic year that starts in `start_year`."""
    if start_year == CURRENT_START_YEAR:
        return terms_for(inset_days=inset_days)[0].starts_on
    return next_weekday(datetime.date(start_year, 9, 2))


def last_day(start_year: int) -> datetime.date:
    """The last day of the academic year that starts in `start_year`."""
    if start_year == CURRENT_START_YEAR:
        return TERMS_2026_27[-1].ends_on
    return previous_weekday(datetime.date(start_year + 1, 7, 22))
