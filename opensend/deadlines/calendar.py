"""A month of open deadlines laid out as a calendar: weeks of days for the grid, and the days that
have deadlines for the list a phone shows. Pure functions of the deadlines and today's date."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass, field

from .sources import OpenDeadline


@dataclass(frozen=True)
class Day:
    date: datetime.date
    in_month: bool
    past: bool
    today: bool
    deadlines: list[OpenDeadline] = field(default_factory=list)


@dataclass(frozen=True)
class Month:
    first: datetime.date
    weeks: list[list[Day]]
    previous: datetime.date
    next: datetime.date

    @property
    def days_with_deadlines(self) -> list[Day]:
        return [day for week in self.weeks for day in week if day.in_month and day.deadlines]

    @property
    def count(self) -> int:
        return sum(len(day.deadlines) for day in self.days_with_deadlines)


WEEKDAYS = [calendar.day_name[index] for index in range(7)]


def month_shown(asked: str | None, today: datetime.date) -> datetime.date:
    """The first day of the month asked for as YYYY-MM, or of this month if the ask cannot be read."""
    try:
        year, month = (int(part) for part in (asked or "").split("-"))
        return datetime.date(year, month, 1)
    except ValueError:
        return today.replace(day=1)


def _shift(first: datetime.date, months: int) -> datetime.date:
    index = first.year * 12 + first.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def month_of_deadlines(first: datetime.date, items: list[OpenDeadline], *, today: datetime.date) -> Month:
    """The weeks (Monday first) that hold the month, each day with the deadlines due on it."""
    by_day: dict[datetime.date, list[OpenDeadline]] = {}
    for item in items:
        by_day.setdefault(item.due, []).append(item)
    weeks = [
        [
            Day(
                date=day,
                in_month=day.month == first.month,
                past=day < today,
                today=day == today,
                deadlines=by_day.get(day, []),
            )
            for day in week
        ]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    ]
    return Month(first=first, weeks=weeks, previous=_shift(first, -1), next=_shift(first, 1))
