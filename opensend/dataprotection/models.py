"""The retention schedule, held as data, and the record of what was destroyed under it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class RetentionRule(models.Model):
    """One row of the school's retention schedule (IRMS toolkit for schools; statutory-rules 7.1).
    Seeded by a migration and changed only by a reviewed migration: there is no page to edit it."""

    class Trigger(models.TextChoices):
        DATE_OF_BIRTH = "date-of-birth", "Date of birth"

    class Action(models.TextChoices):
        DESTROY = "destroy", "Destroy securely"
        REVIEW = "review", "Review (never destroyed automatically)"

    class Applies(models.TextChoices):
        # The SEN file stays with the last school a pupil attended; earlier schools pass it on.
        SEN_FILE = "sen-file", "Pupils with any SEND record"
        NO_SEN_FILE = "no-sen-file", "Pupils with no SEND record"
        NOT_HELD = "not-held", "Not held in OpenSEND"

    key = models.SlugField(max_length=40, unique=True)
    record_kind = models.CharField(max_length=120)
    description = models.TextField()
    applies_to = models.CharField(max_length=12, choices=Applies.choices)
    trigger = models.CharField(max_length=14, choices=Trigger.choices)
    period_years = models.PositiveSmallIntegerField()
    action = models.CharField(max_length=8, choices=Action.choices)
    held_by = models.CharField(max_length=200, help_text="Which school keeps the record until then")
    source = models.CharField(max_length=300)

    class Meta:
        ordering = ["pk"]
        constraints = [models.CheckConstraint(condition=Q(period_years__gte=1), name="retention_period_positive")]

    def __str__(self) -> str:
        return f"{self.record_kind}: {self.get_trigger_display().lower()} + {self.period_years} years"


class DestructionRecord(models.Model):
    """What was destroyed under a rule: what kind, how many, when, who confirmed it and why. It
    holds nothing about the pupils themselves, so it is kept when their records are gone."""

    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="+")
    rule = models.ForeignKey(RetentionRule, on_delete=models.PROTECT, related_name="destructions")
    record_kind = models.CharField(max_length=120)
    records = models.PositiveIntegerField(help_text="How many pupils' records")
    rows = models.PositiveIntegerField(help_text="How many rows in all, audit events included")
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    confirmed_by_label = models.CharField(max_length=254)
    confirmed_role = models.CharField(max_length=40)
    confirmed_at = models.DateTimeField(default=timezone.now)
    reason = models.TextField()

    class Meta:
        ordering = ["-confirmed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.records} {self.record_kind} destroyed {self.confirmed_at:%Y-%m-%d}"
