"""The graduated approach: assess-plan-do-review cycles per pupil, with their outcomes and SMART
targets, dated notes and review, the plan templates they may start from, and the parents' meetings
the Code of Practice expects three times a year for pupils on SEN support."""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from opensend.core.models import TimestampedModel, VersionedModel
from opensend.core.sql import RowSQL
from opensend.pupils.models import Contact, Pupil
from opensend.register.codes import BroadArea
from opensend.schools.calendar import SchoolYear
from opensend.schools.models import School


class Status(models.TextChoices):
    ASSESS = "assess", "Assess"
    PLAN = "plan", "Plan"
    DO = "do", "Do"
    REVIEW = "review", "Review"
    CLOSED = "closed", "Closed"


# The stages an open cycle moves through, in order; CLOSED follows REVIEW.
STAGES = (Status.ASSESS, Status.PLAN, Status.DO, Status.REVIEW)


class Progress(models.TextChoices):
    """Progress towards a target at review, from none to met."""

    NOT_STARTED = "not-started", "Not started"
    LITTLE = "little", "Little progress"
    SOME = "some", "Some progress"
    GOOD = "good", "Good progress"
    ACHIEVED = "achieved", "Achieved"


PROGRESS_COLOURS = {
    Progress.NOT_STARTED: "grey",
    Progress.LITTLE: "red",
    Progress.SOME: "yellow",
    Progress.GOOD: "blue",
    Progress.ACHIEVED: "green",
}


class PlanTemplate(TimestampedModel):
    """A starting point for a common plan. `outcomes` is a list of
    {"description": str, "targets": [{"description", "success_measure", "who_does_what"}]}."""

    name = models.CharField(max_length=120, unique=True)
    broad_area = models.CharField(max_length=25, choices=BroadArea.choices, blank=True)
    summary = models.CharField(max_length=300, blank=True)
    outcomes = models.JSONField(default=list)
    strategies = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CycleQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status=Status.CLOSED)

    def closed(self):
        return self.filter(status=Status.CLOSED)


class Cycle(TimestampedModel, VersionedModel):
    """One assess-plan-do-review cycle for one pupil, led by a teacher. Closed cycles are kept,
    read-only, as the pupil's history; the next cycle starts from the last one's review."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, related_name="apdr_cycles")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    number = models.PositiveSmallIntegerField(help_text="1 for the pupil's first cycle, then 2, 3, ...")
    lead_teacher = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=6, choices=Status.choices, default=Status.ASSESS)
    opened_on = models.DateField()
    review_date = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", help_text="The cycle it follows"
    )
    template = models.ForeignKey(PlanTemplate, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    # Assess
    findings = models.TextField("what was found", blank=True)
    evidence = models.TextField(blank=True)
    pupil_voice = models.TextField(blank=True)
    parent_voice = models.TextField(blank=True)
    # The screener and standardised results the assessment drew on.
    assessment_results = models.ManyToManyField("assessments.AssessmentResult", blank=True, related_name="apdr_cycles")

    # Plan (outcomes and their targets are rows of their own)
    strategies = models.TextField(blank=True)
    # Free text until the provision map exists.
    linked_provision = models.TextField(blank=True)
    who_does_what = models.TextField(blank=True)

    # Review (progress is recorded on each target)
    reviewed_on = models.DateField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    what_worked = models.TextField(blank=True)
    what_did_not_work = models.TextField(blank=True)
    next_steps = models.TextField(blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = CycleQuerySet.as_manager()

    class Meta:
        ordering = ["pupil", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["pupil"], condition=~Q(status="closed"), name="plan_cycle_one_open_per_pupil"
            ),
            models.UniqueConstraint(fields=["pupil", "number"], name="plan_cycle_number_unique"),
            models.CheckConstraint(condition=Q(status__in=Status.values), name="plan_cycle_status_known"),
            models.CheckConstraint(
                condition=(Q(status="closed") & Q(closed_on__isnull=False))
                | (~Q(status="closed") & Q(closed_on__isnull=True)),
                name="plan_cycle_closed_on_iff_closed",
            ),
            models.CheckConstraint(
                condition=Q(review_date__isnull=True) | Q(review_date__gte=F("opened_on")),
                name="plan_cycle_review_after_opening",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("opened_on")),
                name="plan_cycle_closes_after_opening",
            ),
        ]
        indexes = [models.Index(fields=["school", "status", "review_date"], name="plan_cycle_school_review")]

    def __str__(self) -> str:
        return f"Cycle {self.number} for {self.pupil}"

    @property
    def is_closed(self) -> bool:
        return self.status == Status.CLOSED

    @property
    def stage_index(self) -> int:
        return len(STAGES) if self.is_closed else STAGES.index(self.status)


class Outcome(TimestampedModel, VersionedModel):
    """What the pupil should be able to do by the end of the cycle: met through SMART targets."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="outcomes")
    position = models.PositiveSmallIntegerField(default=1)
    description = models.TextField()

    class Meta:
        ordering = ["cycle", "position", "pk"]

    def __str__(self) -> str:
        return self.description[:60]


class Target(TimestampedModel, VersionedModel):
    """A specific, measurable, time-bound step towards an outcome, with its progress at review."""

    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="targets")
    position = models.PositiveSmallIntegerField(default=1)
    description = models.TextField()
    success_measure = models.TextField("measure of success")
    by_date = models.DateField("by")
    who_does_what = models.TextField(blank=True)
    progress = models.CharField(max_length=11, choices=Progress.choices, blank=True)
    review_comment = models.TextField(blank=True)

    class Meta:
        ordering = ["outcome", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress="") | Q(progress__in=Progress.values), name="plan_target_progress_known"
            ),
        ]

    def __str__(self) -> str:
        return self.description[:60]

    @property
    def progress_colour(self) -> str:
        return PROGRESS_COLOURS.get(self.progress, "grey")


class Note(TimestampedModel):
    """What happened during the Do stage: dated, by whom."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_on = models.DateField()
    text = models.TextField()

    class Meta:
        ordering = ["cycle", "-written_on", "-pk"]

    def __str__(self) -> str:
        return f"Note of {self.written_on:%d/%m/%Y}"


class ParentMeetingQuerySet(models.QuerySet):
    def sen_support_reviews(self, year: SchoolYear, day: datetime.date) -> ParentMeetingQuerySet:
        """SEN support review meetings held from the start of the academic year up to `day`, at
        any school of the trust: what the Code of Practice's three a year is counted from."""
        return self.filter(
            kind=ParentMeeting.Kind.SEN_SUPPORT_REVIEW, held_on__gte=year.starts_on, held_on__lte=min(day, year.ends_on)
        )

    def reviews_held(self, year: SchoolYear, day: datetime.date) -> RowSQL:
        """The number of those meetings for each pupil, as a column of a pupil query."""
        return RowSQL(
            _REVIEWS_HELD_SQL,
            (ParentMeeting.Kind.SEN_SUPPORT_REVIEW, year.starts_on, min(day, year.ends_on)),
            output_field=models.IntegerField(),
        )


# The same meetings as ParentMeetingQuerySet.sen_support_reviews, counted per pupil.
_REVIEWS_HELD_SQL = """SELECT COUNT(*) FROM plans_parentmeeting
WHERE pupil_id = {row} AND kind = %s AND held_on >= %s AND held_on <= %s"""


class ParentMeeting(TimestampedModel):
    """A meeting about the pupil: with their parents or carers (for SEN support pupils the Code of
    Practice, 6.65, expects at least three review meetings a year), or with other professionals
    (multi-agency, team around the family, PEP, transition, annual review). What was decided is
    recorded with the actions that follow, each with an owner and a due date."""

    class Kind(models.TextChoices):
        SEN_SUPPORT_REVIEW = "sen-support-review", "SEN support review (APDR)"
        PARENTS_CONSULTATION = "parents-consultation", "Parents' consultation"
        MULTI_AGENCY = "multi-agency", "Multi-agency meeting"
        TEAM_AROUND_FAMILY = "team-around-family", "Team around the family"
        PEP = "pep", "Personal education plan (PEP) meeting"
        TRANSITION = "transition", "Transition meeting"
        ANNUAL_REVIEW = "annual-review", "EHCP annual review meeting"
        OTHER = "other", "Other meeting"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, related_name="parent_meetings")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    staff_present = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    family_present = models.ManyToManyField(Contact, blank=True, related_name="+")
    # Professionals and anyone else present, as written. When the school keeps a directory of
    # professionals, those it lists join the meeting as links beside this text.
    other_attendees = models.TextField(blank=True)
    pupil_views = models.TextField(blank=True)
    family_views = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    decisions = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = ParentMeetingQuerySet.as_manager()

    class Meta:
        ordering = ["pupil", "-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    kind__in=[
                        "sen-support-review",
                        "parents-consultation",
                        "multi-agency",
                        "team-around-family",
                        "pep",
                        "transition",
                        "annual-review",
                        "other",
                    ]
                ),
                name="parent_meeting_kind_known",
            ),
        ]
        indexes = [
            models.Index(fields=["school", "kind", "held_on"], name="parent_meeting_school_kind"),
            models.Index(fields=["pupil", "held_on"], name="parent_meeting_pupil_held"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.pupil} on {self.held_on:%d/%m/%Y}"


# Meetings of every kind are this one model; the name it had when it held only parents' meetings stays.
Meeting = ParentMeeting


class MeetingActionQuerySet(models.QuerySet):
    def open(self) -> MeetingActionQuerySet:
        return self.filter(done_on__isnull=True)


class MeetingAction(TimestampedModel):
    """Something a meeting agreed to do: who does it, by when, and when it was done."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    meeting = models.ForeignKey(ParentMeeting, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = MeetingActionQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "due_on", "pk"]
        indexes = [models.Index(fields=["owner", "done_on", "due_on"], name="meeting_action_owner_open")]

    def __str__(self) -> str:
        return f"Action due {self.due_on:%d/%m/%Y}"

    @property
    def is_done(self) -> bool:
        return self.done_on is not None
