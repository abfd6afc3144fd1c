"""Pupils, their enrolments at the schools of a trust, their groups and their parents or carers."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from opensend.core.models import ArchivableModel, TimestampedModel, VersionedModel
from opensend.schools.models import School, TeachingGroup, Trust, YearGroup


class Sex(models.TextChoices):
    # Census sex codes.
    FEMALE = "F", "Female"
    MALE = "M", "Male"


MEDICAL_NEEDS_MAX_LENGTH = 2000
MEDICAL_NEEDS_TOO_LONG = f"Medical needs must be {MEDICAL_NEEDS_MAX_LENGTH:,} characters or fewer"


def tidy_multiline(text: str) -> str:
    """Free text as stored: Unix line breaks, no spaces at the ends of lines, no blank lines before
    or after. Browsers send Windows line breaks and MIS exports either kind; without this the same
    text typed in OpenSEND and exported from the MIS would differ, and every import would change it."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()


def pupil_sort_key(surname: str, forename: str, public_id: uuid.UUID | str) -> str:
    """One unique, case-insensitive column to order and page pupil lists by (keyset pagination)."""
    return f"{surname.casefold()}\x1f{forename.casefold()}\x1f{public_id}"


class PupilQuerySet(models.QuerySet):
    def active(self):
        return self.filter(archived_at__isnull=True)


# What a row that names a pupil and links to them loads (`full_name` and the public id), with `only()`.
PUPIL_NAME_FIELDS = ("public_id", "legal_forename", "preferred_forename", "legal_surname")


class Pupil(TimestampedModel, ArchivableModel, VersionedModel):
    """A child known to a trust. Paths carry `public_id`, never the name or UPN."""

    trust = models.ForeignKey(Trust, on_delete=models.PROTECT, related_name="pupils")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    upn = models.CharField("UPN", max_length=13, blank=True)
    legal_surname = models.CharField(max_length=100)
    legal_forename = models.CharField(max_length=100)
    preferred_forename = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField()
    sex = models.CharField(max_length=1, choices=Sex.choices)
    free_school_meals = models.BooleanField("FSM", default=False)
    english_additional_language = models.BooleanField("EAL", default=False)
    pupil_premium = models.BooleanField(default=False)
    looked_after = models.BooleanField("looked after", default=False)
    previously_looked_after = models.BooleanField(default=False)
    medical_needs = models.TextField(
        blank=True,
        # What staff need at a glance, not the healthcare plan itself. TextField has no limit in
        # the database, so the edit form, the MIS import and full_clean hold to this one.
        validators=[MaxLengthValidator(MEDICAL_NEEDS_MAX_LENGTH, message=MEDICAL_NEEDS_TOO_LONG)],
        help_text=(
            "Medical conditions staff need to know about and what to do, one to a line. "
            "For example: Asthma: blue inhaler in her bag; may need it after PE."
        ),
    )
    sort_key = models.CharField(max_length=250, editable=False, db_index=True)

    objects = PupilQuerySet.as_manager()

    class Meta:
        ordering = ["sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["upn"], condition=~Q(upn=""), name="pupil_upn_unique"),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs) -> None:
        self.sort_key = pupil_sort_key(self.legal_surname, self.legal_forename, self.public_id)
        super().save(*args, **kwargs)

    @property
    def known_as(self) -> str:
        return self.preferred_forename or self.legal_forename

    @property
    def full_name(self) -> str:
        return f"{self.known_as} {self.legal_surname}"

    @property
    def has_medical_needs(self) -> bool:
        return bool(self.medical_needs.strip())

    def age_on(self, day) -> int:
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class EnrolmentQuerySet(models.QuerySet):
    def current(self, on=None):
        day = on or timezone.localdate()
        return self.filter(Q(leaving_date__isnull=True) | Q(leaving_date__gt=day), admission_date__lte=day)


class Enrolment(TimestampedModel):
    """A pupil on roll at a school from admission until leaving; moves within a trust add a row."""

    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, related_name="enrolments")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="enrolments")
    year_group = models.ForeignKey(YearGroup, on_delete=models.PROTECT, related_name="enrolments")
    admission_date = models.DateField()
    leaving_date = models.DateField(null=True, blank=True)
    leaving_reason = models.CharField(max_length=200, blank=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        ordering = ["-admission_date"]
        indexes = [models.Index(fields=["school", "leaving_date"], name="enrolment_school_leaving")]
        constraints = [
            models.UniqueConstraint(
                fields=["pupil", "school"], condition=Q(leaving_date__isnull=True), name="enrolment_one_open_per_school"
            ),
            models.CheckConstraint(
                condition=Q(leaving_date__isnull=True) | Q(leaving_date__gte=models.F("admission_date")),
                name="enrolment_leaves_after_admission",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pupil} at {self.school}"


class GroupMembership(TimestampedModel):
    """A pupil in a registration or teaching group."""

    group = models.ForeignKey(TeachingGroup, on_delete=models.CASCADE, related_name="pupil_memberships")
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="group_memberships")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["group", "pupil"], name="group_membership_unique")]

    def __str__(self) -> str:
        return f"{self.pupil} in {self.group}"


class ContactMethod(models.TextChoices):
    """How a parent or carer prefers the school to get in touch."""

    PHONE = "phone", "Phone call"
    EMAIL = "email", "Email"
    TEXT = "text", "Text message"
    LETTER = "letter", "Letter"
    IN_PERSON = "in-person", "In person"


class Contact(TimestampedModel, ArchivableModel):
    """A parent, carer or other adult with a relationship to the pupil."""

    class Relationship(models.TextChoices):
        MOTHER = "mother", "Mother"
        FATHER = "father", "Father"
        PARENT = "parent", "Parent"
        CARER = "carer", "Carer"
        FOSTER_CARER = "foster-carer", "Foster carer"
        SOCIAL_WORKER = "social-worker", "Social worker"
        GRANDPARENT = "grandparent", "Grandparent"
        OTHER = "other", "Other"

    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, related_name="contacts")
    name = models.CharField(max_length=200)
    relationship = models.CharField(max_length=14, choices=Relationship.choices)
    parental_responsibility = models.BooleanField(default=False)
    priority = models.PositiveSmallIntegerField(default=1)
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    # How to reach this person well: kept by the school, never overwritten by the MIS import.
    language = models.CharField("preferred language", max_length=60, blank=True)
    interpreter_needed = models.BooleanField(default=False)
    preferred_contact = models.CharField(
        "preferred way to be contacted", max_length=10, choices=ContactMethod.choices, blank=True
    )
    accessibility_needs = models.TextField(blank=True)

    class Meta:
        ordering = ["pupil", "priority"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_relationship_display()})"

    @property
    def has_communication_needs(self) -> bool:
        return bool(self.language or self.interpreter_needed or self.preferred_contact or self.accessibility_needs)


class ImportJob(TimestampedModel):
    """One upload of an MIS export. Status and progress live here, so any app server can show them
    while another runs the job."""

    class Kind(models.TextChoices):
        PUPILS = "pupils", "Pupils and their groups"
        STAFF = "staff", "Staff and the groups they teach"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to start"
        VALIDATING = "validating", "Checking the file"
        FAILED = "failed", "Not imported"
        APPLYING = "applying", "Saving the changes"
        DONE = "done", "Finished"

    RUNNING = (Status.PENDING, Status.VALIDATING, Status.APPLYING)

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="import_jobs")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=6, choices=Kind.choices)
    check_only = models.BooleanField(default=False, help_text="Check the file and count the changes; write nothing.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    original_filename = models.CharField(max_length=255)
    # Emptied when the job ends: the file holds every pupil's personal data and is not needed again.
    content = models.TextField(blank=True)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True, help_text="[{row, field, message}]")
    result = models.JSONField(default=dict, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Saved with every change of status or progress. A running job whose heartbeat stopped was lost
    # when its server restarted (mis_import.jobs gives it up).
    heartbeat_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["school", "-created_at"], name="import_job_school_recent")]
        constraints = [
            # Two imports at once would each check the file against the records as they were.
            models.UniqueConstraint(
                fields=["school"],
                condition=Q(status__in=["pending", "validating", "applying"]),  # RUNNING
                name="import_job_one_running_per_school",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} import {self.original_filename} ({self.get_status_display()})"

    @property
    def is_running(self) -> bool:
        return self.status in self.RUNNING

    @property
    def percent_done(self) -> int:
        return round(100 * self.rows_done / self.rows_total) if self.rows_total else 0
