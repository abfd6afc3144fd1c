"""The designated teacher's register of looked-after and previously looked-after pupils, with the
dated history of each pupil entering and leaving care, and their personal education plans (PEPs):
attainment, attendance, SEN, the child's voice, targets and Pupil Premium Plus. The PEP clock's due
dates come from opensend.deadlines, never from here."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from opensend.core.models import ArchivableModel, TimestampedModel, VersionedModel
from opensend.ehc.models import AnnualReview, LocalAuthority
from opensend.pupils.models import Pupil
from opensend.schools.models import School


class CareStatus(models.TextChoices):
    LOOKED_AFTER = "looked-after", "Looked after"
    PREVIOUSLY = "previously", "Previously looked after"
    # Left care with no post-care order (returned home): kept on the register for its history.
    LEFT = "left", "No longer looked after"


class LegalStatus(models.TextChoices):
    SECTION_20 = "s20", "Accommodated by agreement (Children Act 1989, s.20)"
    INTERIM_CARE_ORDER = "interim-care", "Interim care order (s.38)"
    CARE_ORDER = "care-order", "Care order (s.31)"
    PLACEMENT_ORDER = "placement", "Placement order (Adoption and Children Act 2002, s.21)"
    EMERGENCY_PROTECTION = "epo", "Emergency protection order (s.44)"
    REMANDED = "remand", "Remanded to local authority accommodation"


class Placement(models.TextChoices):
    FOSTER = "foster", "Foster care"
    KINSHIP = "kinship", "Family and friends (kinship) foster care"
    RESIDENTIAL = "residential", "Children's home"
    WITH_PARENTS = "with-parents", "Placed with parents"
    ADOPTION = "adoption", "Placed for adoption"
    OTHER = "other", "Other placement"


class Arrangement(models.TextChoices):
    """How a previously looked-after child left care (the census's post-looked-after arrangement)."""

    ADOPTION = "adoption", "Adoption"
    SPECIAL_GUARDIANSHIP = "sgo", "Special guardianship order"
    CHILD_ARRANGEMENTS = "cao", "Child arrangements order"
    RESIDENCE = "residence", "Residence order"
    ADOPTED_ABROAD = "abroad", "Adopted from state care outside England and Wales"


class CareRecord(TimestampedModel, ArchivableModel, VersionedModel):
    """A pupil's entry on a school's designated teacher register: their care status now, who looks
    after them and whom to contact."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, related_name="care_records")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=12, choices=CareStatus.choices)
    care_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    care_authority_name = models.CharField("care authority (if not in the directory)", max_length=120, blank=True)
    entered_care_on = models.DateField("date the child entered care", null=True, blank=True)
    left_care_on = models.DateField("date the child left care", null=True, blank=True)
    legal_status = models.CharField(max_length=12, choices=LegalStatus.choices, blank=True)
    placement = models.CharField("placement type", max_length=12, choices=Placement.choices, blank=True)
    pep_initiated_on = models.DateField("date the social worker initiated the PEP", null=True, blank=True)
    social_worker_name = models.CharField(max_length=120, blank=True)
    social_worker_email = models.EmailField(blank=True)
    social_worker_phone = models.CharField(max_length=40, blank=True)
    virtual_school_name = models.CharField("Virtual School contact", max_length=120, blank=True)
    virtual_school_email = models.EmailField("Virtual School email", blank=True)
    virtual_school_phone = models.CharField("Virtual School phone", max_length=40, blank=True)
    arrangement = models.CharField("post-care arrangement", max_length=10, choices=Arrangement.choices, blank=True)
    arrangement_on = models.DateField("date of the arrangement", null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["pupil", "school"],
                condition=models.Q(archived_at__isnull=True),
                name="lac_one_register_entry_per_pupil_and_school",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} register entry"

    @property
    def authority(self) -> str:
        return self.care_authority.name if self.care_authority_id else self.care_authority_name


class CareEvent(TimestampedModel):
    """One dated change on the register: entering care, leaving it, a post-care order."""

    class Kind(models.TextChoices):
        ENTERED = "entered", "Entered care"
        LEFT = "left", "Left care"
        ARRANGEMENT = "arrangement", "Left care under a post-care order"
        ADDED = "added", "Added to the register"

    record = models.ForeignKey(CareRecord, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    on = models.DateField()
    detail = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-on", "-pk"]


class Pep(TimestampedModel, ArchivableModel, VersionedModel):
    """One personal education plan meeting and what it recorded."""

    class Kind(models.TextChoices):
        INITIAL = "initial", "Initial PEP"
        REVIEW = "review", "PEP review"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    record = models.ForeignKey(CareRecord, on_delete=models.PROTECT, related_name="peps")
    kind = models.CharField(max_length=7, choices=Kind.choices)
    meeting_on = models.DateField("date of the PEP meeting")
    attendees = models.TextField(blank=True)
    attainment = models.TextField("attainment and progress", blank=True)
    attendance_percent = models.DecimalField(
        "attendance (%)",
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    attendance_notes = models.TextField(blank=True)
    sen = models.TextField("special educational needs", blank=True)
    child_voice = models.TextField("the child's voice", blank=True)
    pp_plus_allocated = models.DecimalField(
        "Pupil Premium Plus allocated (£)",
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    annual_review = models.ForeignKey(
        AnnualReview, on_delete=models.PROTECT, null=True, blank=True, related_name="peps"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-meeting_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.meeting_on:%-d %B %Y}"


class PepTarget(TimestampedModel, VersionedModel):
    class Progress(models.TextChoices):
        NOT_STARTED = "not-started", "Not started"
        WORKING = "working", "Working towards"
        ACHIEVED = "achieved", "Achieved"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    pep = models.ForeignKey(Pep, on_delete=models.PROTECT, related_name="targets")
    description = models.TextField("target")
    progress = models.CharField(max_length=11, choices=Progress.choices, default=Progress.NOT_STARTED)
    progress_notes = models.TextField(blank=True)

    class Meta:
        ordering = ["pk"]


class PpPlusSpend(TimestampedModel):
    """A line of Pupil Premium Plus spending agreed at the PEP."""

    pep = models.ForeignKey(Pep, on_delete=models.PROTECT, related_name="spending")
    amount = models.DecimalField("amount (£)", max_digits=8, decimal_places=2, validators=[MinValueValidator(0)])
    purpose = models.CharField("what it pays for", max_length=200)

    class Meta:
        ordering = ["pk"]
