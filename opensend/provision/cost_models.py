"""What provision costs: each member of staff's hourly cost at a school, dated so that a pay rise
changes costs from its date and never rewrites the past, and the school's notional SEN budget for
each financial year (April to March). Seen and changed only with PROVISION_COSTS."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q

from opensend.core.models import TimestampedModel, VersionedModel
from opensend.schools.models import School


class StaffCost(TimestampedModel):
    """An hourly cost (pay with on-costs) for one person at one school from a date, until the date
    of their next rate there."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    hourly_cost = models.DecimalField("hourly cost with on-costs (£)", max_digits=7, decimal_places=2)
    applies_from = models.DateField("applies from")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["school", "user", "applies_from"]
        constraints = [
            models.UniqueConstraint(fields=["school", "user", "applies_from"], name="staff_cost_once_per_day"),
            models.CheckConstraint(condition=Q(hourly_cost__gt=0), name="staff_cost_positive"),
        ]

    def __str__(self) -> str:
        return f"£{self.hourly_cost} an hour from {self.applies_from:%d/%m/%Y}"


def financial_year_of(day: datetime.date) -> int:
    """The financial year a day falls in, named by the year it starts (1 April to 31 March)."""
    return day.year if day.month >= 4 else day.year - 1


class SenBudget(TimestampedModel, VersionedModel):
    """The school's notional SEN budget for one financial year, from 1 April of `year_starting`."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    year_starting = models.PositiveSmallIntegerField("financial year starting April")
    amount = models.DecimalField("notional SEN budget (£)", max_digits=10, decimal_places=2)
    note = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["school", "-year_starting"]
        constraints = [
            models.UniqueConstraint(fields=["school", "year_starting"], name="sen_budget_once_per_year"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="sen_budget_not_negative"),
        ]

    def __str__(self) -> str:
        return f"Notional SEN budget {self.label}"

    @property
    def starts_on(self) -> datetime.date:
        return datetime.date(self.year_starting, 4, 1)

    @property
    def ends_on(self) -> datetime.date:
        return datetime.date(self.year_starting + 1, 3, 31)

    @property
    def label(self) -> str:
        return f"{self.year_starting}-{(self.year_starting + 1) % 100:02d}"
