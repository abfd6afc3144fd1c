"""Identification: a member of staff raises a concern about a pupil; the SENDCo gathers
contributions from staff and parents and assessment results, then decides: the SEN register (K),
the monitoring list, or close with a reason."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from opensend.assessments.models import AssessmentResult
from opensend.core.models import TimestampedModel, VersionedModel
from opensend.pupils.models import Pupil
from opensend.register.codes import BroadArea
from opensend.register.models import MonitoringEntry, SenStatus
from opensend.schools.models import School


class Concern(TimestampedModel, VersionedModel):
    class Status(models.TextChoices):
        NEW = "new", "New"
        GATHERING = "gathering", "Gathering information"
        DECIDED = "decided", "Decided"

    class Decision(models.TextChoices):
        REGISTER = "register", "Added to the SEN register (SEN support)"
        MONITORING = "monitoring", "Put on the monitoring list"
        CLOSED = "closed", "Closed"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, related_name="concerns")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    raised_on = models.DateField()
    what_seen = models.TextField("what you see")
    # Values of opensend.register.codes.BroadArea: a pupil's needs often cut across areas.
    areas = models.JSONField(default=list, blank=True)
    strategies_tried = models.TextField(blank=True)
    strategies_weeks = models.PositiveSmallIntegerField(null=True, blank=True)
    parents_view = models.TextField("the parents' view", blank=True)
    parents_told = models.BooleanField(default=False)
    parents_told_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=9, choices=Status.choices, default=Status.NEW)
    decision = models.CharField(max_length=10, choices=Decision.choices, blank=True)
    decision_reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(null=True, blank=True)
    # What the decision made on the register; kept if that row is later corrected away.
    sen_status = models.ForeignKey(SenStatus, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    monitoring_entry = models.ForeignKey(
        MonitoringEntry, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assessments = models.ManyToManyField(AssessmentResult, through="ConcernAssessment", related_name="concerns")

    class Meta:
        ordering = ["-raised_on", "-id"]
        indexes = [
            models.Index(fields=["school", "status", "-raised_on", "-id"], name="concern_triage_list"),
            models.Index(fields=["raised_by", "-raised_on", "-id"], name="concern_raised_by"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=["new", "gathering", "decided"]), name="concern_status_code"),
            models.CheckConstraint(
                condition=(
                    Q(status="decided", decided_on__isnull=False, decision__in=["register", "monitoring", "closed"])
                    | (~Q(status="decided") & Q(decision="", decided_on__isnull=True))
                ),
                name="concern_decided_has_decision",
            ),
            models.CheckConstraint(
                condition=~Q(decision="closed") | ~Q(decision_reason=""), name="concern_closed_has_reason"
            ),
            models.CheckConstraint(
                condition=Q(parents_told=True, parents_told_on__isnull=False)
                | Q(parents_told=False, parents_told_on__isnull=True),
                name="concern_parents_told_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"Concern about {self.pupil} raised {self.raised_on:%d/%m/%Y}"

    def clean(self) -> None:
        unknown = [area for area in self.areas if area not in BroadArea.values]
        if unknown or len(set(self.areas)) != len(self.areas):
            raise ValidationError({"areas": "Choose from the four broad areas of need, each once."})

    @property
    def area_labels(self) -> list[str]:
        labels = dict(BroadArea.choices)
        return [labels[area] for area in self.areas if area in labels]

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.DECIDED


class ContributionRequest(TimestampedModel):
    """The SENDCo asked someone for their view: a member of staff, who sees it in "My concerns", or
    a parent or carer, asked outside the system and recorded here so the request is not forgotten."""

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="requests")
    asked = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    parent_name = models.CharField(max_length=200, blank=True)
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    asked_on = models.DateField()
    message = models.TextField(blank=True)
    answered_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["asked_on", "id"]
        indexes = [models.Index(fields=["asked", "answered_on"], name="contribution_request_asked")]
        constraints = [
            models.CheckConstraint(
                condition=Q(asked__isnull=False, parent_name="") | Q(asked__isnull=True) & ~Q(parent_name=""),
                name="contribution_request_one_person",
            ),
            models.UniqueConstraint(
                fields=["concern", "asked"],
                condition=Q(answered_on__isnull=True, asked__isnull=False),
                name="contribution_request_one_open_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"Contribution asked of {self.asked_label}"

    @property
    def asked_label(self) -> str:
        return self.asked.display_name if self.asked_id else self.parent_name

    @property
    def is_parent(self) -> bool:
        return self.asked_id is None


class Contribution(TimestampedModel):
    """A view on the concern, from a member of staff or from a parent (recorded by staff)."""

    class Kind(models.TextChoices):
        STAFF = "staff", "Member of staff"
        PARENT = "parent", "Parent or carer"

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="contributions")
    kind = models.CharField(max_length=6, choices=Kind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    parent_name = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    given_on = models.DateField()
    text = models.TextField()
    request = models.OneToOneField(
        ContributionRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="contribution"
    )

    class Meta:
        ordering = ["given_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="staff", author__isnull=False, parent_name="")
                | Q(kind="parent", author__isnull=True) & ~Q(parent_name=""),
                name="contribution_staff_or_parent",
            ),
        ]

    def __str__(self) -> str:
        return f"Contribution from {self.by_label}"

    @property
    def by_label(self) -> str:
        return self.author.display_name if self.author_id else self.parent_name


class ConcernAssessment(TimestampedModel):
    """An assessment result the SENDCo weighed in deciding the concern."""

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="+")
    result = models.ForeignKey(AssessmentResult, on_delete=models.CASCADE, related_name="+")
    attached_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["concern", "result"], name="concern_assessment_once")]

    def __str__(self) -> str:
        return f"{self.result} for {self.concern}"
