"""High-needs funding: the banding or descriptor frameworks each local authority uses (a list the
school keeps), and top-up (Element 3) applications per pupil with what was asked, what was awarded,
for which period and the provision the money pays for. Seen only by those the access policy names
(FUNDING_READ); what a pupil's provision costs comes from opensend.provision.costs, never from here."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from opensend.core.models import ArchivableModel, TimestampedModel, VersionedModel
from opensend.ehc.models import LocalAuthority, ProvisionLine
from opensend.provision.models import Provision
from opensend.pupils.models import Pupil
from opensend.schools.models import School


class Framework(TimestampedModel, ArchivableModel, VersionedModel):
    """A local authority's banding or descriptor framework (INDES, matrix bands), as the school
    records it."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="+")
    name = models.CharField("name of the framework", max_length=120)
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["school", "local_authority", "name", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.local_authority.name})"


class Band(TimestampedModel, ArchivableModel, VersionedModel):
    """One band or descriptor level of a framework, with the annual amount where the LA publishes one."""

    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="bands")
    code = models.CharField("band code or name", max_length=40)
    description = models.CharField(max_length=200, blank=True)
    annual_amount = models.DecimalField("annual amount (£)", max_digits=9, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["framework", "code", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(annual_amount__isnull=True) | Q(annual_amount__gte=0),
                name="funding_band_amount_not_negative",
            )
        ]

    def __str__(self) -> str:
        return f"{self.framework.name} {self.code}"


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    AWARDED = "awarded", "Awarded"
    PART_AWARDED = "part", "Part-awarded"
    REFUSED = "refused", "Refused"
    ENDED = "ended", "Ended"


# The statuses under which the school receives the amount awarded (an ended award paid until its end).
FUNDED = (Status.AWARDED, Status.PART_AWARDED, Status.ENDED)
DECIDED = (*FUNDED, Status.REFUSED)


class Application(TimestampedModel, ArchivableModel, VersionedModel):
    """A top-up (Element 3) application for one pupil: to which LA, for which band, how much was
    asked and awarded, for which period, when it must be renewed and the provision it pays for."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, related_name="topup_applications")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="+")
    band = models.ForeignKey(Band, on_delete=models.PROTECT, related_name="applications")
    amount_asked = models.DecimalField("amount asked for the period (£)", max_digits=9, decimal_places=2)
    amount_awarded = models.DecimalField(
        "amount awarded for the period (£)", max_digits=9, decimal_places=2, null=True, blank=True
    )
    status = models.CharField(max_length=9, choices=Status.choices, default=Status.DRAFT)
    starts_on = models.DateField("start of the funding period")
    ends_on = models.DateField("end of the funding period")
    renewal_on = models.DateField("renewal date", null=True, blank=True)
    submitted_on = models.DateField("date submitted", null=True, blank=True)
    decided_on = models.DateField("date of the decision", null=True, blank=True)
    notes = models.TextField(blank=True)
    provisions = models.ManyToManyField(Provision, blank=True, related_name="+")
    provision_lines = models.ManyToManyField(ProvisionLine, blank=True, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["school", "-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="funding_period_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(amount_asked__gte=0), name="funding_asked_not_negative"),
            models.CheckConstraint(
                condition=Q(amount_awarded__isnull=True) | Q(amount_awarded__gte=0), name="funding_awarded_not_negative"
            ),
        ]
        indexes = [models.Index(fields=["school", "renewal_on"], name="funding_school_renewal")]

    def __str__(self) -> str:
        return f"Top-up funding from {self.starts_on:%-d %B %Y} ({self.get_status_display().lower()})"

    @property
    def is_funded(self) -> bool:
        return self.status in FUNDED and self.amount_awarded is not None

    def clean(self) -> None:
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = "The end of the funding period must be on or after its start"
        if self.status in FUNDED and self.amount_awarded is None:
            errors["amount_awarded"] = "Enter the amount awarded"
        if self.status in (Status.DRAFT, Status.SUBMITTED, Status.REFUSED) and self.amount_awarded:
            errors["amount_awarded"] = "Leave the amount awarded empty until an award is made"
        if self.status != Status.DRAFT and self.submitted_on is None:
            errors["submitted_on"] = "Enter the date the application was submitted"
        if self.status in DECIDED and self.decided_on is None:
            errors["decided_on"] = "Enter the date of the decision"
        if (
            self.band_id
            and self.local_authority_id
            and self.band.framework.local_authority_id != self.local_authority_id
        ):
            errors["band"] = "Choose a band of a framework this local authority uses"
        if errors:
            raise ValidationError(errors)


def days_between(first: datetime.date, last: datetime.date) -> int:
    return max((last - first).days + 1, 0)


def prorated(
    amount: Decimal, starts_on: datetime.date, ends_on: datetime.date, first: datetime.date, last: datetime.date
) -> Decimal:
    """`amount` for the days from `starts_on` to `ends_on`, the part of it falling in `first` to `last`."""
    overlap = days_between(max(starts_on, first), min(ends_on, last))
    return Decimal(amount) * overlap / days_between(starts_on, ends_on)
