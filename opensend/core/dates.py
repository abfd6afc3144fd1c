"""Counting days the way statutory deadlines count them: calendar days, weeks and months, working
days (Monday to Friday less the England and Wales bank holidays) and school days (the days a
school is open, from term dates the caller passes in as plain date ranges).

A count of n days "after" a date ends on the nth day of that kind following it (the date itself
is not counted); a negative n counts back the same way."""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache

import holidays

# A span of days, first and last day included.
DateRange = tuple[datetime.date, datetime.date]

ONE_DAY = datetime.timedelta(days=1)


class CalendarTooShort(ValueError):
    """The term dates given end before the count does: no date is better than a wrong one."""


def add_days(start: datetime.date, days: int) -> datetime.date:
    return start + datetime.timedelta(days=days)


def add_weeks(start: datetime.date, weeks: int) -> datetime.date:
    return start + datetime.timedelta(weeks=weeks)


def add_months(start: datetime.date, months: int) -> datetime.date:
    """The same day of the month `months` later; a day the month lacks (31st, 29 February) falls
    back to the month's last day, so the deadline is never later than the law allows."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


@lru_cache(maxsize=64)
def bank_holidays(year: int) -> frozenset[datetime.date]:
    """England and Wales bank holidays (the `holidays` package's UK subdivision ENG; Wales keeps
    the same days), substitute days included."""
    return frozenset(holidays.UK(subdiv="ENG", years=year))


def is_bank_holiday(day: datetime.date) -> bool:
    return day in bank_holidays(day.year)


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and not is_bank_holiday(day)


def _step_days(start: datetime.date, count: int, counts: Callable[[datetime.date], bool]) -> datetime.date:
    step = ONE_DAY if count >= 0 else -ONE_DAY
    day, remaining = start, abs(count)
    while remaining:
        day += step
        if counts(day):
            remaining -= 1
    return day


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    return _step_days(start, days, is_working_day)


def school_open_days(terms: Iterable[DateRange]) -> frozenset[datetime.date]:
    """The weekdays inside the terms, less bank holidays (a May Day inside the summer term)."""
    days = set()
    for first, last in terms:
        day = first
        while day <= last:
            if is_working_day(day):
                days.add(day)
            day += ONE_DAY
    return frozenset(days)


def add_school_days(start: datetime.date, days: int, terms: Sequence[DateRange]) -> datetime.date:
    """The nth school day after `start`, the school being open on the weekdays of `terms` (its
    terms with half-term holidays already cut out). Raises CalendarTooShort when the terms end
    before the count does."""
    open_days = sorted(school_open_days(terms))
    if days >= 0:
        ahead = [day for day in open_days if day > start]
        if len(ahead) < days:
            raise CalendarTooShort(f"The school's term dates end before {days} school days after {start:%-d %B %Y}.")
        return ahead[days - 1] if days else start
    behind = [day for day in open_days if day < start]
    if len(behind) < -days:
        raise CalendarTooShort(f"The school's term dates start after {-days} school days before {start:%-d %B %Y}.")
    return behind[days]


def default_term_ends(academic_year_start: int) -> tuple[datetime.date, datetime.date, datetime.date]:
    """The last days of the three terms of an academic year starting in September of that year, for a
    school that has entered no terms: Christmas, the end of March and the end of July."""
    year = academic_year_start
    return (datetime.date(year, 12, 31), datetime.date(year + 1, 3, 31), datetime.date(year + 1, 7, 31))


def end_of_term_after(start: datetime.date, terms: int, term_ends: Iterable[datetime.date]) -> datetime.date:
    """The last day of the term `terms` terms after the one `start` falls in. A day in a holiday
    belongs to the term that follows it, so a meeting in the Christmas holiday counts as the spring
    term's. Raises CalendarTooShort when the term dates given end too soon."""
    later = sorted(end for end in set(term_ends) if end >= start)
    if len(later) <= terms:
        raise CalendarTooShort(f"The school's term dates end before {terms} terms after {start:%-d %B %Y}.")
    return later[terms]
