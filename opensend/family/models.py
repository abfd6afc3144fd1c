"""The family contact log: every contact the school has with a pupil's parents and carers (who,
when, how, what was said and agreed, and what is to follow), the co-production record the SENDCo
shows an inspector."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from opensend.core.models import TimestampedModel
from opensend.pupils.models import Contact, Pupil
from opensend.schools.models import School


class FamilyContactQuerySet(models.QuerySet):
    def follow_ups_open(self) -> FamilyContactQuerySet:
        return self.filter(follow_up_by__isnull=False, follow_up_done_on__isnull=True)


class FamilyContact(TimestampedModel):
    class Method(models.TextChoices):
        CALL = "call", "Phone call"
        EMAIL = "email", "Email"
        MEETING = "meeting", "Meeting"
        LETTER = "letter", "Letter"
        HOME_SCHOOL_BOOK = "home-school-book", "Home-school book"
        TEXT = "text", "Text message"
        OTHER = "other", "Other"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, related_name="family_contacts")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    contact_with = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="+")
    method = models.CharField(max_length=16, choices=Method.choices)
    contacted_on = models.DateField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    said = models.TextField("what was said")
    agreed = models.TextField("what was agreed", blank=True)
    follow_up = models.TextField(blank=True)
    follow_up_by = models.DateField(null=True, blank=True)
    follow_up_done_on = models.DateField(null=True, blank=True)

    objects = FamilyContactQuerySet.as_manager()

    class Meta:
        ordering = ["pupil", "-contacted_on", "-pk"]
        indexes = [
            models.Index(fields=["pupil", "contacted_on"], name="family_contact_pupil_on"),
            models.Index(fields=["school", "contacted_on"], name="family_contact_school_on"),
            models.Index(fields=["by", "follow_up_done_on", "follow_up_by"], name="family_contact_follow_up"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    method__in=["call", "email", "meeting", "letter", "home-school-book", "text", "other"]
                ),
                name="family_contact_method_known",
            ),
            # A follow-up is dated, and only what is to follow can be done.
            models.CheckConstraint(
                condition=models.Q(follow_up_done_on__isnull=True) | models.Q(follow_up_by__isnull=False),
                name="family_contact_done_needs_follow_up",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_method_display()} on {self.contacted_on:%d/%m/%Y}"

    @property
    def follow_up_open(self) -> bool:
        return self.follow_up_by is not None and self.follow_up_done_on is None
