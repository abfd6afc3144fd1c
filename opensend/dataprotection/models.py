"""The retention schedule, held as data, and the record of what was destroyed under it."""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class RetentionRule(models.Model):
    """One row of the school's retention schedule (IRMS toolkit for schools; statutory-rules 7.1).
    Seeded by a migration and changed only by a reviewed migration. A school may keep a kind of
    record longer than the schedule says, with its reason (`RetentionOverride`), never shorter."""

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


class RetentionOverride(models.Model):
    """A school's longer period for one rule of the schedule, with who set it and why. Rows are
    never edited: a new choice ends the one before, so the history of the school's choices stays."""

    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="+")
    rule = models.ForeignKey(RetentionRule, on_delete=models.PROTECT, related_name="overrides")
    period_years = models.PositiveSmallIntegerField()
    reason = models.TextField()
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_by_label = models.CharField(max_length=254)
    set_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-set_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "rule"], condition=Q(ended_at__isnull=True), name="retention_one_current_override"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule.record_kind}: {self.period_years} years at school {self.school_id}"


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


class SubjectAccessExport(models.Model):
    """One subject access export of one pupil's record, built by a task because a long record takes
    longer than a request should. The ZIP is kept for a week, then its content is removed."""

    KEPT_FOR = datetime.timedelta(days=7)

    class Status(models.TextChoices):
        PENDING = "pending", "Being prepared"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.CASCADE, related_name="subject_access_exports")
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=7, choices=Status.choices, default=Status.PENDING)
    content = models.BinaryField(null=True, blank=True, editable=False)
    size = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)
    seconds = models.FloatField(null=True, blank=True, help_text="How long the export took to build")

    class Meta:
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"Subject access export {self.public_id} ({self.status})"

    @property
    def expires_at(self):
        return self.requested_at + self.KEPT_FOR

    @property
    def downloadable(self) -> bool:
        return self.status == self.Status.READY and self.content is not None and timezone.now() < self.expires_at
