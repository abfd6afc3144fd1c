"""Due dates and statuses from the rules table: pure functions of the rule, the date of the
starting event, the school's term dates (for school-day rules) and today."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import models

from opensend.core.dates import DateRange, add_days, add_months, add_school_days, add_weeks, add_working_days

from .rules import Days, Direction, Rule, Unit, rule

# A deadline this close is "due soon" (the daily digest looks 14 days ahead too).
DUE_SOON_DAYS = 14


class TermDatesNeeded(ValueError):
    """A school-day rule was asked for without the school's term dates."""


class Status(models.TextChoices):
    MET = "met", "Met"
    MET_LATE = "met-late", "Met late"
    WAIVED = "waived", "Waived"
    OVERDUE = "overdue", "Overdue"
    DUE_SOON = "due-soon", "Due soon"
    UPCOMING = "upcoming", "Not yet due"
    # A window the family has (to comment, to appeal) that has ended.
    CLOSED = "closed", "Closed"


@dataclass(frozen=True)
class Deadline:
    rule: Rule
    start: datetime.date
    due: datetime.date

    def as_json(self) -> dict:
        return {
            "rule": self.rule.id,
            "start": self.start.isoformat(),
            "due": self.due.isoformat(),
            "days": self.rule.days.value,
            "source": self.rule.source,
            "description": self.rule.description,
            "period": self.rule.period_text,
        }


def _count(found: Rule, start: datetime.date, sign: int, terms: Sequence[DateRange] | None) -> datetime.date:
    amount = sign * found.period
    if found.unit == Unit.MONTHS:
        return add_months(start, amount)
    if found.unit == Unit.WEEKS:
        return add_weeks(start, amount)
    if found.days == Days.WORKING:
        return add_working_days(start, amount)
    if found.days == Days.SCHOOL:
        if terms is None:
            raise TermDatesNeeded(f"The rule {found.id} counts school days: give the school's term dates.")
        return add_school_days(start, amount, terms)
    return add_days(start, amount)


def _with_period(rule_id: str, period: int | None) -> Rule:
    found = rule(rule_id)
    if period is None:
        return found
    if not found.period_from:
        raise ValueError(f"The rule {rule_id} has a fixed period.")
    if period < 1:
        raise ValueError(f"The period of {rule_id} must be at least 1.")
    return dataclasses.replace(found, period=period)


def due_date(
    rule_id: str,
    start: datetime.date,
    *,
    terms: Sequence[DateRange] | None = None,
    period: int | None = None,
) -> datetime.date:
    """The due date under the rule for an event on `start`; for a rule that counts back from the
    event (invitations before a meeting) the last day to act; for a phase transfer, `start` is the
    date of the transfer. `period` replaces the rule's own only where the rule says what sets it
    (a service's usual waiting time)."""
    found = _with_period(rule_id, period)
    if found.unit == Unit.DAY_OF_YEAR:
        return datetime.date(start.year, found.month, found.period)
    return _count(found, start, -1 if found.direction == Direction.BEFORE else 1, terms)


def deadline(
    rule_id: str, start: datetime.date, *, terms: Sequence[DateRange] | None = None, period: int | None = None
) -> Deadline:
    return Deadline(_with_period(rule_id, period), start, due_date(rule_id, start, terms=terms, period=period))


def status(
    found: Deadline,
    *,
    today: datetime.date,
    done_on: datetime.date | None = None,
    waived_reason: str = "",
) -> Status:
    """Met (on time or late) once done; waived when an exception the rule allows is recorded with
    its reason; otherwise overdue (or, for a window the family has, closed), due soon or not yet
    due by today's date."""
    if waived_reason and not found.rule.exception_source:
        raise ValueError(f"The rule {found.rule.id} allows no exception.")
    if done_on is not None:
        if done_on <= found.due:
            return Status.MET
        return Status.WAIVED if waived_reason else Status.MET_LATE
    if waived_reason:
        return Status.WAIVED
    if today > found.due:
        return Status.CLOSED if found.rule.window else Status.OVERDUE
    if (found.due - today).days <= DUE_SOON_DAYS:
        return Status.DUE_SOON
    return Status.UPCOMING
