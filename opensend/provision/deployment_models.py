"""Staff deployment and quality assurance: who delivers a weekly session when it is not the
provision's usual staff (for good, or on one date as cover), each person's contracted hours at a
school, and observations of sessions. Loaded by models.py, so they belong to the provision app."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from opensend.core.models import ArchivableModel, TimestampedModel, VersionedModel
from opensend.schools.models import School


class SlotAssignment(TimestampedModel):
    """A weekly session delivered by someone other than its provision's staff. A slot with any
    assignment is delivered by exactly its assigned people; a slot without one by the provision's
    staff. Changed through the provision's version (the slot has none of its own)."""

    slot = models.ForeignKey("provision.Slot", on_delete=models.CASCADE, related_name="assignments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["slot", "pk"]
        constraints = [models.UniqueConstraint(fields=["slot", "user"], name="provision_slot_assignment_once")]

    def __str__(self) -> str:
        return f"{self.user} delivers {self.slot}"


class Cover(TimestampedModel, ArchivableModel, VersionedModel):
    """One dated session of a provision delivered by someone else, because its usual person is away
    (or needed elsewhere). The covering person sees it on their home page that day and logs it."""

    class Reason(models.TextChoices):
        ABSENT = "absent", "Staff absent"
        TRAINING = "training", "Staff on training"
        REDEPLOYED = "redeployed", "Staff needed elsewhere"
        OTHER = "other", "Other reason"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    provision = models.ForeignKey("provision.Provision", on_delete=models.PROTECT, related_name="covers")
    slot = models.ForeignKey("provision.Slot", null=True, blank=True, on_delete=models.SET_NULL, related_name="covers")
    on_date = models.DateField("date")
    # The session's own time, kept so the record still reads right if the weekly slot is removed.
    starts_at = models.TimeField()
    minutes = models.PositiveSmallIntegerField()
    covered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="covers_given")
    replaces = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="covers_needed"
    )
    reason = models.CharField(max_length=10, choices=Reason.choices)
    note = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["on_date", "starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["provision", "on_date", "starts_at"],
                condition=Q(archived_at__isnull=True),
                name="provision_cover_once",
            ),
            models.CheckConstraint(
                condition=Q(reason__in=["absent", "training", "redeployed", "other"]), name="provision_cover_reason"
            ),
        ]
        indexes = [models.Index(fields=["covered_by", "on_date"], name="provision_cover_person_day")]

    def __str__(self) -> str:
        return f"{self.covered_by} covers {self.provision} on {self.on_date:%d/%m/%Y}"


class StaffHours(TimestampedModel, VersionedModel):
    """How many hours a week a member of staff is contracted for at a school, to set the hours they
    are deployed on provision against. Kept per person and school rather than per role: one person
    may hold two roles at a school (teacher and TA) on one contract."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    hours_per_week = models.DecimalField(max_digits=4, decimal_places=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["school", "user"], name="provision_staff_hours_once"),
            models.CheckConstraint(
                condition=Q(hours_per_week__gt=0, hours_per_week__lte=60), name="provision_staff_hours_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.hours_per_week} hours a week at {self.school}"


class Observation(TimestampedModel, ArchivableModel, VersionedModel):
    """Quality assurance: what an observer saw of a session of a provision delivered by a member of
    staff, its strengths and the next steps. The person observed reads their own."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    provision = models.ForeignKey("provision.Provision", on_delete=models.PROTECT, related_name="observations")
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="observations_of")
    observer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="observations_by")
    observed_on = models.DateField()
    seen = models.TextField("what was seen")
    strengths = models.TextField()
    next_steps = models.TextField("next steps")

    class Meta:
        ordering = ["-observed_on", "-pk"]
        indexes = [models.Index(fields=["staff", "observed_on"], name="provision_observation_staff")]

    def __str__(self) -> str:
        return f"Observation of {self.staff} in {self.provision} on {self.observed_on:%d/%m/%Y}"
