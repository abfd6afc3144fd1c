"""Local authorities a trust's schools deal with, and requests for an EHC needs assessment with
each step of the statutory process. The due dates come from opensend.deadlines, never from here."""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.utils import timezone

from opensend.core.models import ArchivableModel, TimestampedModel, VersionedModel
from opensend.pupils.models import Pupil
from opensend.register.codes import BroadArea
from opensend.schools.models import School, Trust, la_code_validator


class LocalAuthority(TimestampedModel, ArchivableModel, VersionedModel):
    """A local authority's SEND team as a trust's schools know it: one trust may work with several."""

    trust = models.ForeignKey(Trust, on_delete=models.PROTECT, related_name="local_authorities")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.CharField("LA code", max_length=3, validators=[la_code_validator])
    name = models.CharField(max_length=120)
    send_team_email = models.EmailField("SEND team email", blank=True)
    send_team_phone = models.CharField("SEND team phone", max_length=40, blank=True)
    send_team_contacts = models.TextField("SEND team contacts", blank=True)
    portal_url = models.URLField("portal address", blank=True)
    local_variations = models.TextField(blank=True)

    class Meta:
        ordering = ["trust", "name"]
        constraints = [models.UniqueConstraint(fields=["trust", "code"], name="local_authority_code_unique_per_trust")]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class MadeBy(models.TextChoices):
    SCHOOL = "school", "The school"
    PARENT = "parent", "A parent, with the school's support"
    YOUNG_PERSON = "young-person", "The young person, with the school's support"


class Decision(models.TextChoices):
    ASSESS = "assess", "Agreed to assess"
    REFUSED = "refused", "Refused to assess"


class Exception10_4(models.TextChoices):
    """SEND Regulations 2014 reg 10(4): when the local authority need not keep to the 16 and 20 weeks."""

    SCHOOL_CLOSED = "a", "(a) Advice asked of a school or college closed for at least 4 weeks"
    EARLY_YEARS_CLOSED = "b", "(b) Advice asked of an early years provider closed for at least 4 weeks"
    PERSONAL_CIRCUMSTANCES = "c", "(c) Exceptional personal circumstances of the child, parent or young person"
    ABSENT = "d", "(d) The child, parent or young person away from the area for at least 4 weeks"


class AssessmentRequest(TimestampedModel, ArchivableModel, VersionedModel):
    """One request for an EHC needs assessment and what came of it. A date left empty is a step not
    yet taken; the outcome follows from which steps have dates."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, related_name="ehc_requests")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="requests")
    made_by = models.CharField(max_length=12, choices=MadeBy.choices, default=MadeBy.SCHOOL)
    requested_on = models.DateField("date the local authority received the request")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    decision = models.CharField(max_length=7, choices=Decision.choices, blank=True)
    decision_on = models.DateField("date of the decision letter", null=True, blank=True)
    mediation_certificate_on = models.DateField(null=True, blank=True)

    advice_requested_on = models.DateField(
        "date the local authority asked the school for advice", null=True, blank=True
    )
    advice_sent_on = models.DateField("date the school sent its advice", null=True, blank=True)

    no_plan_on = models.DateField("date of the decision not to issue a plan", null=True, blank=True)
    draft_plan_on = models.DateField("date the draft plan was sent", null=True, blank=True)
    naming_consulted_on = models.DateField("date the school was consulted on being named", null=True, blank=True)
    naming_response_on = models.DateField("date the school answered the consultation", null=True, blank=True)
    final_plan_on = models.DateField("date the final plan was issued", null=True, blank=True)

    exception = models.CharField("reg 10(4) exception", max_length=1, choices=Exception10_4.choices, blank=True)
    exception_details = models.TextField(blank=True)

    class Meta:
        ordering = ["pupil", "-requested_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(exception="") | ~Q(exception_details=""), name="ehc_request_exception_has_details"
            ),
            models.CheckConstraint(
                condition=Q(no_plan_on__isnull=True) | Q(final_plan_on__isnull=True),
                name="ehc_request_no_plan_or_plan",
            ),
        ]

    def __str__(self) -> str:
        return f"EHC needs assessment request of {self.requested_on:%-d %B %Y}"

    def clean(self) -> None:
        errors = request_errors(self, today=timezone.localdate())
        if errors:
            raise ValidationError(errors)


# Each step's date, the one it cannot come before, and how the second is named in the message.
_ORDER = (
    ("decision_on", "requested_on", "the request"),
    ("advice_requested_on", "requested_on", "the request"),
    ("advice_sent_on", "advice_requested_on", "the local authority's request for advice"),
    ("mediation_certificate_on", "decision_on", "the decision letter"),
    ("no_plan_on", "decision_on", "the decision to assess"),
    ("draft_plan_on", "decision_on", "the decision to assess"),
    ("naming_consulted_on", "decision_on", "the decision to assess"),
    ("naming_response_on", "naming_consulted_on", "the consultation"),
    ("final_plan_on", "draft_plan_on", "the draft plan"),
)
_DATES = ("requested_on", *(later for later, _, _ in _ORDER))
_AFTER_ASSESSING = ("no_plan_on", "draft_plan_on", "naming_consulted_on", "naming_response_on", "final_plan_on")


def _order_errors(request: AssessmentRequest) -> dict[str, str]:
    errors = {}
    for later, earlier, name in _ORDER:
        later_on, earlier_on = getattr(request, later), getattr(request, earlier)
        if later_on is None:
            continue
        if earlier_on is None:
            errors[later] = f"Enter the date of {name} first"
        elif later_on < earlier_on:
            errors[later] = f"This date must be on or after {name} ({earlier_on:%-d %B %Y})"
    return errors


def _step_errors(request: AssessmentRequest) -> dict[str, str]:
    errors = {}
    if bool(request.decision) != bool(request.decision_on):
        field = "decision_on" if request.decision else "decision"
        errors[field] = "Enter both the decision and the date of its letter, or neither"
    if request.decision != Decision.ASSESS:
        for field in _AFTER_ASSESSING:
            if getattr(request, field):
                errors[field] = "This step follows a decision to assess: record that decision first"
    if request.mediation_certificate_on and request.decision != Decision.REFUSED:
        errors["mediation_certificate_on"] = "A mediation certificate follows a refusal to assess"
    if request.no_plan_on and (request.draft_plan_on or request.final_plan_on):
        errors["no_plan_on"] = "A decision not to issue a plan cannot sit with a draft or final plan"
    if request.exception and not request.exception_details.strip():
        errors["exception_details"] = "Say why the exception applies"
    if request.exception_details.strip() and not request.exception:
        errors["exception"] = "Choose which reg 10(4) exception applies"
    return errors


def request_errors(request: AssessmentRequest, *, today: datetime.date) -> dict[str, str]:
    """What is wrong with a request's steps, by field: dates out of order, in the future, or a step
    that cannot follow the ones recorded."""
    errors = {
        field: "The date cannot be in the future"
        for field in _DATES
        if getattr(request, field) is not None and getattr(request, field) > today
    }
    for field, message in {**_order_errors(request), **_step_errors(request)}.items():
        errors.setdefault(field, message)
    return errors


class Transfer(models.TextChoices):
    """The phase transfer a plan must be reviewed for (SEND Regulations 2014 reg 18(1))."""

    OTHER = "other", "Into school, infant to junior, primary to middle or secondary, middle to secondary"
    POST16 = "post16", "Secondary school to a post-16 institution"


class Plan(TimestampedModel, ArchivableModel, VersionedModel):
    """An EHC plan the school delivers: when it was issued, by which local authority, and the next
    phase transfer it must be reviewed for. Its annual reviews are rows of their own."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, related_name="ehc_plans")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="plans")
    issued_on = models.DateField("date the final plan was issued")
    transfer_on = models.DateField("date of the next phase transfer", null=True, blank=True)
    transfer = models.CharField(max_length=6, choices=Transfer.choices, blank=True)
    transfer_amended_on = models.DateField(
        "date the plan was amended to name the next school or college", null=True, blank=True
    )

    class Meta:
        ordering = ["pupil", "-issued_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(transfer_on__isnull=True, transfer="") | (Q(transfer_on__isnull=False) & ~Q(transfer="")),
                name="ehc_plan_transfer_date_and_kind_together",
            )
        ]

    def __str__(self) -> str:
        return f"EHC plan issued {self.issued_on:%-d %B %Y}"

    def clean(self) -> None:
        errors = {}
        if self.issued_on and self.issued_on > timezone.localdate():
            errors["issued_on"] = "The date cannot be in the future"
        if bool(self.transfer_on) != bool(self.transfer):
            field = "transfer" if self.transfer_on else "transfer_on"
            errors[field] = "Enter both the date of the transfer and its kind, or neither"
        if self.transfer_amended_on and not self.transfer_on:
            errors["transfer_amended_on"] = "Enter the date of the transfer first"
        if errors:
            raise ValidationError(errors)


class ReviewDecision(models.TextChoices):
    MAINTAIN = "maintain", "Keep the plan as it is"
    AMEND = "amend", "Amend the plan"
    CEASE = "cease", "Cease to maintain the plan"


class AnnualReview(TimestampedModel, ArchivableModel, VersionedModel):
    """One annual review of a plan, from the meeting date the school sets to the final amended plan."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="reviews")
    meeting_on = models.DateField("date of the review meeting")
    invitations_sent_on = models.DateField(null=True, blank=True)
    advice_circulated_on = models.DateField(null=True, blank=True)
    held = models.BooleanField("the meeting was held", default=False)
    report_sent_on = models.DateField("date the review report was sent", null=True, blank=True)
    decision = models.CharField(max_length=8, choices=ReviewDecision.choices, blank=True)
    decision_on = models.DateField("date of the local authority's decision", null=True, blank=True)
    amendment_notice_on = models.DateField("date the proposed amendments were sent", null=True, blank=True)
    final_amended_on = models.DateField("date the final amended plan was issued", null=True, blank=True)

    class Meta:
        ordering = ["plan", "-meeting_on"]

    def __str__(self) -> str:
        return f"Annual review of {self.meeting_on:%-d %B %Y}"

    def clean(self) -> None:
        errors = review_errors(self, today=timezone.localdate())
        if errors:
            raise ValidationError(errors)


_REVIEW_ORDER = (
    ("report_sent_on", "meeting_on", "the meeting"),
    ("decision_on", "meeting_on", "the meeting"),
    ("amendment_notice_on", "meeting_on", "the meeting"),
    ("final_amended_on", "amendment_notice_on", "the proposed amendments"),
)
_BEFORE_MEETING = ("invitations_sent_on", "advice_circulated_on")


def review_errors(review: AnnualReview, *, today: datetime.date) -> dict[str, str]:
    errors = {}
    for field in (*_BEFORE_MEETING, *(later for later, _, _ in _REVIEW_ORDER)):
        if getattr(review, field) is not None and getattr(review, field) > today:
            errors[field] = "The date cannot be in the future"
    for field in _BEFORE_MEETING:
        if getattr(review, field) and review.meeting_on and getattr(review, field) > review.meeting_on:
            errors.setdefault(field, "This date must be on or before the meeting")
    for later, earlier, name in _REVIEW_ORDER:
        later_on, earlier_on = getattr(review, later), getattr(review, earlier)
        if later_on is not None and earlier_on is None:
            errors.setdefault(later, f"Enter the date of {name} first")
        elif later_on is not None and later_on < earlier_on:
            errors.setdefault(later, f"This date must be on or after {name} ({earlier_on:%-d %B %Y})")
    after_meeting = ("report_sent_on", "decision_on", "amendment_notice_on", "final_amended_on")
    if not review.held and any(getattr(review, field) for field in after_meeting):
        errors.setdefault("held", "Record that the meeting was held first")
    if review.held and review.meeting_on and review.meeting_on > today:
        errors.setdefault("held", "A meeting in the future cannot have been held")
    if bool(review.decision) != bool(review.decision_on):
        errors.setdefault("decision_on" if review.decision else "decision", "Enter both the decision and its date")
    if review.amendment_notice_on and review.decision != ReviewDecision.AMEND:
        errors.setdefault("amendment_notice_on", "Proposed amendments follow a decision to amend")
    return errors


def _documents():
    return storages["documents"]


def _document_path(instance: PlanDocument, filename: str) -> str:
    # A random name: the file's own name may carry the pupil's, and the path must not.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    return f"ehc-plans/{uuid.uuid4()}.{extension}"


class PlanDocument(TimestampedModel, ArchivableModel):
    """A document of a plan (the issued or amended plan, a review report), kept through the
    "documents" storage and read only through the download view."""

    class Kind(models.TextChoices):
        FINAL = "final", "Final EHC plan"
        AMENDED = "amended", "Amended EHC plan"
        DRAFT = "draft", "Draft EHC plan"
        REVIEW_REPORT = "review-report", "Annual review report"
        OTHER = "other", "Other"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(max_length=13, choices=Kind.choices)
    file = models.FileField(storage=_documents, upload_to=_document_path, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["plan", "-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.original_name})"


class PlanOutcome(TimestampedModel):
    """An outcome in Section E of a plan, under the broad area of need it belongs to."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="outcomes")
    area = models.CharField("area of need", max_length=25, choices=BroadArea.choices)
    description = models.TextField()

    class Meta:
        ordering = ["plan", "area", "pk"]

    def __str__(self) -> str:
        return self.description


class ProvisionLine(TimestampedModel):
    """A line of Section F: the provision the plan specifies, how often and by whom, and the outcome
    it serves, so the school can show what it provides against what the plan says."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="provision_lines")
    outcome = models.ForeignKey(
        PlanOutcome, null=True, blank=True, on_delete=models.PROTECT, related_name="provision_lines"
    )
    description = models.TextField("provision")
    how_often = models.CharField(max_length=120, blank=True)
    delivered_by = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["plan", "pk"]

    def __str__(self) -> str:
        return self.description


class ReviewMeeting(TimestampedModel, VersionedModel):
    """What the review paperwork is filled from: where and when the meeting is, the professionals
    invited and asked for advice, and, once it is held, who came, the child's and parents' views,
    the amendments recommended and, from Year 9, preparing for adulthood."""

    review = models.OneToOneField(AnnualReview, on_delete=models.PROTECT, related_name="meeting")
    time = models.CharField("time of the meeting", max_length=40, blank=True)
    place = models.CharField("place of the meeting", max_length=200, blank=True)
    pupil_invited = models.BooleanField("the pupil is invited", default=False)
    professionals = models.TextField(
        "professionals invited and asked for advice", blank=True, help_text="One a line: name, role, organisation."
    )
    attendees = models.TextField("who attended", blank=True)
    pupil_views = models.TextField("the child's or young person's views", blank=True)
    parent_views = models.TextField("the parents' views", blank=True)
    amendments = models.TextField("amendments recommended", blank=True)
    preparing_for_adulthood = models.TextField("preparing for adulthood", blank=True)

    def __str__(self) -> str:
        return f"Meeting record of the {str(self.review).lower()}"

    @property
    def professional_lines(self) -> list[str]:
        return [line.strip() for line in self.professionals.splitlines() if line.strip()]
