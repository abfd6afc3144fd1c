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


class Provision(TimestampedModel, ArchivableModel, VersionedModel):
    """An intervention delivered to a group or to one pupil by named staff, for a limited time.
    Time-limited by default: the planned end date is required, and a provision past it is due for
    review. An EHC plan's Section F line, or a whole-class adaptation, points here too: anything the
    school delivers is a provision, so the plan line will hold a foreign key to this row."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    intervention = models.ForeignKey(Intervention, on_delete=models.PROTECT, related_name="provisions")
    name = models.CharField(max_length=120)
    staff = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="delivered_provisions")
    starts_on = models.DateField("start date")
    ends_on = models.DateField("planned end date")
    room = models.CharField(max_length=80, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="provision_ends_after_start"),
        ]
        indexes = [models.Index(fields=["school", "ends_on"], name="provision_school_ends")]

    def __str__(self) -> str:
        return self.name

    def due_for_review(self, today) -> bool:
        return not self.is_archived and self.ends_on < today


# The outcome scale schools know (goal attainment scaling), until a school edits its own.
DEFAULT_OUTCOME_SCALE = (
    (-2, "Much less than expected"),
    (-1, "Less than expected"),
    (0, "As expected"),
    (1, "More than expected"),
    (2, "Much more than expected"),
)


class OutcomeScale(TimestampedModel, VersionedModel):
    """A school's own outcome scale for provision: (value, label) pairs, lowest first."""

    school = models.OneToOneField(School, on_delete=models.PROTECT, related_name="+")
    levels = models.JSONField()

    def __str__(self) -> str:
        return f"Outcome scale of {self.school}"

    @property
    def choices(self) -> list[tuple[int, str]]:
        return [(int(value), str(label)) for value, label in self.levels]


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"


class Slot(models.Model):
    """A weekly session of a provision: the day, the time it starts and how long it lasts."""

    provision = models.ForeignKey(Provision, on_delete=models.CASCADE, related_name="slots")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    starts_at = models.TimeField()
    minutes = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["weekday", "starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["provision", "weekday", "starts_at"], name="provision_slot_unique"),
            models.CheckConstraint(condition=Q(weekday__in=Weekday.values), name="provision_slot_weekday_known"),
            models.CheckConstraint(condition=Q(minutes__gte=1), name="provision_slot_minutes_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.starts_at:%H:%M}, {self.minutes} minutes"


class Member(TimestampedModel, VersionedModel):
    """A pupil in a provision, from the day they joined to the day they left (pupils start late and
    leave early), linked to the APDR cycle it serves and, where the staff choose, its outcomes."""

    provision = models.ForeignKey(Provision, on_delete=models.PROTECT, related_name="members")
    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.PROTECT, related_name="provision_memberships")
    joined_on = models.DateField()
    left_on = models.DateField(null=True, blank=True)
    leave_reason = models.CharField(max_length=200, blank=True)
    cycle = models.ForeignKey(
        "plans.Cycle", null=True, blank=True, on_delete=models.SET_NULL, related_name="provision_members"
    )
    outcomes = models.ManyToManyField("plans.Outcome", blank=True, related_name="provision_members")
    # Entry and exit data, in the intervention's measure (months for reading and spelling ages).
    entry_value = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    entry_on = models.DateField(null=True, blank=True)
    exit_value = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    exit_on = models.DateField(null=True, blank=True)
    # At the end: a rating on the school's outcome scale (by default -2 to +2) and a comment.
    outcome_rating = models.SmallIntegerField(null=True, blank=True)
    outcome_comment = models.TextField(blank=True)

    class Meta:
        ordering = ["provision", "pupil__sort_key", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["provision", "pupil"], name="provision_member_once"),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                name="provision_member_leaves_after_joining",
            ),
        ]
        indexes = [models.Index(fields=["pupil", "joined_on"], name="provision_member_pupil")]

    def __str__(self) -> str:
        return f"{self.pupil} in {self.provision}"

    def current_on(self, day) -> bool:
        return self.joined_on <= day and (self.left_on is None or self.left_on >= day)


class Session(TimestampedModel, VersionedModel):
    """One session of a provision on one day, as the person delivering it logged it. A session not
    held still counts: it is part of the attendance the impact is measured against."""

    class NotHeld(models.TextChoices):
        STAFF_ABSENT = "staff-absent", "Staff absent"
        PUPILS_ABSENT = "pupils-absent", "Pupils absent"
        ROOM = "room", "Room not available"
        TRIP = "trip", "Trip or event"
        STAFF_REDEPLOYED = "redeployed", "Staff needed elsewhere"
        OTHER = "other", "Other reason"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    provision = models.ForeignKey(Provision, on_delete=models.PROTECT, related_name="sessions")
    slot = models.ForeignKey(Slot, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    held_on = models.DateField()
    starts_at = models.TimeField()
    minutes = models.PositiveSmallIntegerField()
    held = models.BooleanField()
    not_held_reason = models.CharField(max_length=13, choices=NotHeld.choices, blank=True)
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["provision", "-held_on", "-starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["provision", "held_on", "starts_at"], name="provision_session_once"),
            models.CheckConstraint(
                condition=(Q(held=True) & Q(not_held_reason=""))
                | (
                    Q(held=False)
                    & Q(not_held_reason__in=["staff-absent", "pupils-absent", "room", "trip", "redeployed", "other"])
                ),
                name="provision_session_reason_iff_not_held",
            ),
        ]
        indexes = [models.Index(fields=["provision", "held_on"], name="provision_session_day")]

    def __str__(self) -> str:
        return f"{self.provision} on {self.held_on:%d/%m/%Y}"


class Attendance(models.Model):
    """Whether one pupil attended a session, with a short note when needed."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.PROTECT, related_name="+")
    attended = models.BooleanField()
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["session", "pk"]
        constraints = [models.UniqueConstraint(fields=["session", "pupil"], name="provision_attendance_once")]
        indexes = [models.Index(fields=["pupil", "session"], name="provision_attendance_pupil")]

    def __str__(self) -> str:
        return f"{self.pupil} {'attended' if self.attended else 'missed'} {self.session}"


# Costs live in their own module; imported here so that Django finds their models.
from .cost_models import SenBudget, StaffCost  # noqa: E402, F401

# Deployment and quality assurance live in their own module; imported here so they are this app's.
from .deployment_models import Cover, Observation, SlotAssignment, StaffHours  # noqa: E402, F401
