"""The services and professionals a school works with (its own directory and its trust's shared
one), each pupil's referrals to them, and the reports and advice that come back, with what the
school did about each recommendation. A referral's expected response date comes from
opensend.deadlines (rule `referral-response`), never from here."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import Q

from opensend.core.models import ArchivableModel, TimestampedModel, VersionedModel
from opensend.passports.models import PassportVersion
from opensend.plans.models import Target
from opensend.provision.models import Provision
from opensend.pupils.models import Pupil
from opensend.schools.models import School, Trust

MAX_WAITING_WEEKS = 104


class ServiceKind(models.TextChoices):
    EDUCATIONAL_PSYCHOLOGY = "ep", "Educational psychology"
    SPEECH_AND_LANGUAGE = "salt", "Speech and language therapy"
    OCCUPATIONAL_THERAPY = "ot", "Occupational therapy"
    CAMHS = "camhs", "Child and adolescent mental health (CAMHS)"
    PAEDIATRICS = "paediatrics", "Paediatrics"
    SOCIAL_CARE = "social-care", "Social care"
    SPECIALIST_TEACHER = "specialist-teacher", "Specialist teachers"
    VIRTUAL_SCHOOL = "virtual-school", "Virtual School"
    EARLY_HELP = "early-help", "Early help"
    OTHER = "other", "Other"


class Service(TimestampedModel, ArchivableModel, VersionedModel):
    """A service the school refers to. A school's own entry has `school`; an entry shared with every
    school of the trust has none, and is changed only from the school that shared it (`owner`)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    trust = models.ForeignKey(Trust, on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey(School, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    owner = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+", help_text="The school that added it")
    kind = models.CharField("type of service", max_length=20, choices=ServiceKind.choices)
    name = models.CharField(max_length=120)
    phone = models.CharField("phone number", max_length=40, blank=True)
    email = models.EmailField("email address", blank=True)
    address = models.TextField(blank=True)
    website = models.URLField(blank=True)
    referral_route = models.TextField("how to refer", help_text="The form, portal or person referrals go through")
    waiting_weeks = models.PositiveSmallIntegerField("usual waiting time in weeks")
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ServiceKind.values), name="casework_service_kind_known"),
            models.CheckConstraint(
                condition=Q(waiting_weeks__gte=1, waiting_weeks__lte=MAX_WAITING_WEEKS),
                name="casework_service_waiting_weeks_range",
            ),
            models.UniqueConstraint(
                fields=["school", "name"],
                condition=Q(archived_at__isnull=True, school__isnull=False),
                name="casework_service_name_unique_in_school",
            ),
            models.UniqueConstraint(
                fields=["trust", "name"],
                condition=Q(archived_at__isnull=True, school__isnull=True),
                name="casework_service_name_unique_in_trust",
            ),
        ]
        indexes = [models.Index(fields=["trust", "school", "name"], name="casework_service_directory")]

    def __str__(self) -> str:
        return self.name

    @property
    def shared(self) -> bool:
        return self.school_id is None


class Professional(TimestampedModel, ArchivableModel, VersionedModel):
    """A named person at a service."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="professionals")
    name = models.CharField(max_length=120)
    job_title = models.CharField(max_length=120, blank=True)
    phone = models.CharField("phone number", max_length=40, blank=True)
    email = models.EmailField("email address", blank=True)

    class Meta:
        ordering = ["service", "name", "pk"]

    def __str__(self) -> str:
        return f"{self.name}, {self.job_title}" if self.job_title else self.name


class Consent(models.TextChoices):
    GIVEN = "given", "Given"
    REFUSED = "refused", "Refused"
    NOT_NEEDED = "not-needed", "Not needed"


class ReferralStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SENT = "sent", "Sent"
    ACCEPTED = "accepted", "Accepted"
    WAITING = "waiting", "On the waiting list"
    SEEN = "seen", "Seen"
    CLOSED = "closed", "Closed"
    DECLINED = "declined", "Declined by the service"


# Sent and not yet answered: the expected response date is still running.
AWAITING = (ReferralStatus.SENT, ReferralStatus.ACCEPTED, ReferralStatus.WAITING)
STATUS_COLOURS = {
    ReferralStatus.DRAFT: "grey",
    ReferralStatus.SENT: "blue",
    ReferralStatus.ACCEPTED: "light-blue",
    ReferralStatus.WAITING: "yellow",
    ReferralStatus.SEEN: "green",
    ReferralStatus.CLOSED: "grey",
    ReferralStatus.DECLINED: "red",
}


class Referral(TimestampedModel, ArchivableModel, VersionedModel):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, related_name="referrals")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="referrals")
    professional = models.ForeignKey(
        Professional, null=True, blank=True, on_delete=models.PROTECT, related_name="referrals"
    )
    reason = models.TextField("why the pupil is being referred")
    consent = models.CharField("parent consent", max_length=10, choices=Consent.choices)
    consent_on = models.DateField("date of the parent's answer", null=True, blank=True)
    status = models.CharField(max_length=8, choices=ReferralStatus.choices, default=ReferralStatus.DRAFT)
    status_on = models.DateField("date of the status")
    sent_on = models.DateField("date sent", null=True, blank=True)
    # The service's usual waiting time when the referral went, and the date the deadline engine
    # worked out from it: a later change to the directory does not move a referral already sent.
    waiting_weeks = models.PositiveSmallIntegerField(null=True, blank=True)
    expected_on = models.DateField("expected response", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ReferralStatus.values), name="casework_referral_status_known"
            ),
            models.CheckConstraint(condition=Q(consent__in=Consent.values), name="casework_referral_consent_known"),
            models.CheckConstraint(
                condition=Q(consent=Consent.NOT_NEEDED) | Q(consent_on__isnull=False),
                name="casework_referral_consent_dated",
            ),
            models.CheckConstraint(
                condition=Q(status=ReferralStatus.DRAFT)
                | Q(sent_on__isnull=False, expected_on__isnull=False, waiting_weeks__isnull=False),
                name="casework_referral_sent_dated",
            ),
            models.CheckConstraint(
                condition=Q(status=ReferralStatus.DRAFT) | ~Q(consent=Consent.REFUSED),
                name="casework_referral_not_sent_without_consent",
            ),
        ]
        indexes = [
            models.Index(fields=["school", "status", "expected_on"], name="casework_referral_due"),
            models.Index(fields=["pupil", "school"], name="casework_referral_pupil"),
        ]

    def __str__(self) -> str:
        return f"Referral to {self.service.name}"

    @property
    def status_colour(self) -> str:
        return STATUS_COLOURS.get(self.status, "grey")

    @property
    def awaiting(self) -> bool:
        return self.status in AWAITING


class Chaser(TimestampedModel):
    """A dated note of chasing the service about a referral."""

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="chasers")
    on = models.DateField("date chased")
    note = models.TextField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["referral", "-on", "-pk"]

    def __str__(self) -> str:
        return f"Chased on {self.on:%-d %B %Y}"


def _documents():
    return storages["documents"]


def _report_path(instance: Report, filename: str) -> str:
    # A random name: the file's own name may carry the pupil's, and the path must not.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    return f"casework-reports/{uuid.uuid4()}.{extension}"


class Report(TimestampedModel, ArchivableModel, VersionedModel):
    """A report or advice received from a service about a pupil, with its document (kept through the
    "documents" storage and read only through the download view) when there is one."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, related_name="casework_reports")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    referral = models.ForeignKey(Referral, null=True, blank=True, on_delete=models.PROTECT, related_name="reports")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="reports")
    title = models.CharField(max_length=200)
    author = models.CharField("written by", max_length=200)
    written_on = models.DateField("date of the report")
    file = models.FileField(storage=_documents, upload_to=_report_path, max_length=200, blank=True)
    original_name = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-written_on", "pk"]
        indexes = [models.Index(fields=["pupil", "school"], name="casework_report_pupil")]

    def __str__(self) -> str:
        return self.title


class Outcome(models.TextChoices):
    """What the school did about a recommendation."""

    OPEN = "", "Not yet decided"
    PASSPORT = "passport", "Added to the pupil passport"
    PLAN_TARGET = "plan-target", "Made a plan target"
    PROVISION = "provision", "Met by a provision"
    DECLINED = "declined", "Declined"


ACTED_ON = (Outcome.PASSPORT, Outcome.PLAN_TARGET, Outcome.PROVISION)


class Recommendation(TimestampedModel, VersionedModel):
    """One recommendation of a report, and what the school did about it, linked to the record where
    it was acted on: the passport version, the plan target or the provision."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="recommendations")
    position = models.PositiveSmallIntegerField(default=1)
    text = models.TextField("recommendation")
    outcome = models.CharField(max_length=11, choices=Outcome.choices, blank=True, default=Outcome.OPEN)
    outcome_on = models.DateField("date decided", null=True, blank=True)
    outcome_note = models.TextField("what was done, or why it was declined", blank=True)
    # Another feature's records: links, not owners, so they never stop that record being removed.
    passport_version = models.ForeignKey(
        PassportVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    target = models.ForeignKey(Target, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    provision = models.ForeignKey(Provision, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["report", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="") | Q(outcome__in=Outcome.values), name="casework_recommendation_outcome_known"
            ),
            models.CheckConstraint(
                condition=Q(outcome="") | Q(outcome_on__isnull=False), name="casework_recommendation_outcome_dated"
            ),
            models.CheckConstraint(
                condition=~Q(outcome=Outcome.DECLINED) | ~Q(outcome_note=""),
                name="casework_recommendation_declined_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def acted_on(self) -> bool:
        return self.outcome in ACTED_ON

    @property
    def outcome_colour(self) -> str:
        return {"": "yellow", Outcome.DECLINED: "grey"}.get(self.outcome, "green")
