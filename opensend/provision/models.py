"""Provision: the school's library of interventions (each school keeps its own, and may copy from
its trust's shared library), and the provision that delivers them to pupils."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from opensend.core.models import ArchivableModel, TimestampedModel, VersionedModel
from opensend.register.codes import BroadArea
from opensend.schools.models import School, Trust


class Wave(models.IntegerChoices):
    QUALITY_FIRST = 1, "Wave 1: quality first teaching"
    SMALL_GROUP = 2, "Wave 2: small group"
    SPECIALIST = 3, "Wave 3: individual or specialist"


class Measure(models.TextChoices):
    """How progress in an intervention is measured at entry and exit."""

    STANDARDISED_SCORE = "standardised-score", "Standardised score"
    READING_AGE = "reading-age", "Reading age (months)"
    SPELLING_AGE = "spelling-age", "Spelling age (months)"
    COUNT = "count", "A count"
    PERCENTAGE = "percentage", "A percentage"
    SCHOOL_SCALE = "school-scale", "A scale the school defines"
    NONE = "none", "No entry and exit measure"


class Intervention(TimestampedModel, ArchivableModel, VersionedModel):
    """A reusable, evidence-informed intervention. A school's own record has `school`; the trust's
    shared library, which schools copy from, has none."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    trust = models.ForeignKey(Trust, on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey(School, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    copied_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The record it was copied from",
    )
    name = models.CharField(max_length=120)
    broad_area = models.CharField("area of need", max_length=25, choices=BroadArea.choices)
    wave = models.PositiveSmallIntegerField(choices=Wave.choices)
    description = models.TextField()
    intended_outcome = models.TextField(blank=True)
    evidence_note = models.TextField("evidence", blank=True)
    evidence_strength = models.CharField("strength of evidence", max_length=200, blank=True)
    typical_group_size = models.PositiveSmallIntegerField(default=1)
    session_minutes = models.PositiveSmallIntegerField("session length in minutes")
    sessions_per_week = models.PositiveSmallIntegerField()
    duration_weeks = models.PositiveSmallIntegerField("duration in weeks")
    staff_skill = models.CharField("staff skill needed", max_length=200, blank=True)
    measure = models.CharField("entry and exit measure", max_length=18, choices=Measure.choices)
    measure_name = models.CharField("assessment used", max_length=120, blank=True)
    resources = models.TextField(blank=True)
    resources_cost = models.DecimalField("cost of resources (£)", max_digits=8, decimal_places=2, null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "name"],
                condition=Q(archived_at__isnull=True, school__isnull=False),
                name="intervention_name_unique_in_school",
            ),
            models.UniqueConstraint(
                fields=["trust", "name"],
                condition=Q(archived_at__isnull=True, school__isnull=True),
                name="intervention_name_unique_in_trust_library",
            ),
            models.CheckConstraint(condition=Q(wave__in=Wave.values), name="intervention_wave_known"),
            models.CheckConstraint(condition=Q(measure__in=Measure.values), name="intervention_measure_known"),
            models.CheckConstraint(condition=Q(broad_area__in=BroadArea.values), name="intervention_area_known"),
            models.CheckConstraint(
                condition=Q(
                    session_minutes__gte=1, sessions_per_week__gte=1, duration_weeks__gte=1, typical_group_size__gte=1
                ),
                name="intervention_sizes_positive",
            ),
        ]
        indexes = [models.Index(fields=["school", "name"], name="intervention_school_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def in_trust_library(self) -> bool:
        return self.school_id is None
