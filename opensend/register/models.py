"""The SEND register: each pupil's SEN provision as dated history, their ranked needs, the
monitoring list ("cause for concern") and membership of a school's SEN unit or resourced provision."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from opensend.core.models import TimestampedModel
from opensend.pupils.models import Pupil
from opensend.schools.models import School

from .codes import Provision, SenType, broad_area, broad_area_label


class SenStatus(TimestampedModel):
    """One period of a pupil's SEN provision. The open row (no end date) is the current one."""

    class NotifiedBy(models.TextChoices):
        LETTER = "letter", "Letter"
        MEETING = "meeting", "Meeting"
        PHONE = "phone", "Phone call"
        EMAIL = "email", "Email"
        OTHER = "other", "Other"

    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, related_name="sen_statuses")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    provision = models.CharField(max_length=1, choices=Provision.choices)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    parents_notified_on = models.DateField(null=True, blank=True)
    parents_notified_by = models.CharField(max_length=7, choices=NotifiedBy.choices, blank=True)

    class Meta:
        ordering = ["pupil", "-start_date"]
        verbose_name_plural = "SEN statuses"
        constraints = [
            models.UniqueConstraint(
                fields=["pupil"], condition=Q(end_date__isnull=True), name="sen_status_one_open_per_pupil"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="sen_status_ends_after_start",
            ),
            models.CheckConstraint(condition=Q(provision__in=Provision.values), name="sen_status_provision_code"),
        ]
        indexes = [models.Index(fields=["school", "provision"], name="sen_status_school_provision")]

    def __str__(self) -> str:
        return f"{self.pupil}: {self.get_provision_display()} from {self.start_date:%d/%m/%Y}"


class SenNeed(TimestampedModel):
    """A pupil's need by census SEN type, ranked: 1 is the primary need."""

    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, related_name="sen_needs")
    need_type = models.CharField(max_length=4, choices=SenType.choices)
    rank = models.PositiveSmallIntegerField()
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["pupil", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["pupil", "rank"], condition=Q(end_date__isnull=True), name="sen_need_one_per_rank"
            ),
            models.UniqueConstraint(
                fields=["pupil", "need_type"], condition=Q(end_date__isnull=True), name="sen_need_type_once"
            ),
            models.CheckConstraint(condition=Q(rank__gte=1), name="sen_need_rank_from_one"),
            models.CheckConstraint(condition=Q(need_type__in=SenType.values), name="sen_need_type_code"),
        ]

    def __str__(self) -> str:
        return f"{self.pupil}: {self.need_type} (rank {self.rank})"

    @property
    def broad_area(self) -> str | None:
        return broad_area(self.need_type)

    @property
    def broad_area_label(self) -> str:
        return broad_area_label(self.need_type)


class MonitoringEntry(TimestampedModel):
    """A pupil the school is watching ("cause for concern"): not on the SEN register."""

    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, related_name="monitoring_entries")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.TextField(blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-started_on"]
        verbose_name_plural = "monitoring entries"
        constraints = [
            models.UniqueConstraint(
                fields=["pupil", "school"], condition=Q(ended_on__isnull=True), name="monitoring_one_open_per_school"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pupil} monitored at {self.school}"


class BaseMembership(TimestampedModel):
    """Membership of the school's SEN unit or resourced provision (census pupil indicators)."""

    class Kind(models.TextChoices):
        SEN_UNIT = "sen-unit", "SEN unit"
        RESOURCED_PROVISION = "resourced", "Resourced provision"

    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, related_name="base_memberships")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=9, choices=Kind.choices)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-started_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["pupil", "school", "kind"], condition=Q(ended_on__isnull=True), name="base_membership_one_open"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pupil} in the {self.get_kind_display()} at {self.school}"
