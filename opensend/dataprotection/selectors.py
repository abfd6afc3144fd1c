"""What the retention schedule says is due: pupils whose records have reached their date at the
school that keeps them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from opensend.assessments.models import AssessmentResult
from opensend.ehc.models import AssessmentRequest, Plan
from opensend.identification.models import Concern
from opensend.passports.models import PassportVersion
from opensend.plans.models import Cycle, ParentMeeting
from opensend.provision.models import Member
from opensend.pupils.models import Enrolment, Pupil
from opensend.register.models import MonitoringEntry, SenNeed, SenStatus
from opensend.schools.models import School

from .models import DestructionRecord, RetentionOverride, RetentionRule

# Any of these makes a pupil's record a SEN file.
SEN_FILE_MODELS = (
    SenStatus,
    SenNeed,
    MonitoringEntry,
    Concern,
    AssessmentResult,
    Cycle,
    ParentMeeting,
    PassportVersion,
    AssessmentRequest,
    Plan,
    Member,
)


def years_before(day: datetime.date, years: int) -> datetime.date:
    """The date `years` before `day`. Someone born on 29 February reaches an anniversary in a
    common year on 1 March, so the 29th counts back to the 28th."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def due_date(period_years: int, date_of_birth: datetime.date) -> datetime.date:
    try:
        return date_of_birth.replace(year=date_of_birth.year + period_years)
    except ValueError:
        return datetime.date(date_of_birth.year + period_years, 3, 1)


def current_override(rule: RetentionRule, school: School) -> RetentionOverride | None:
    return RetentionOverride.objects.filter(rule=rule, school=school, ended_at__isnull=True).first()


def period_years(rule: RetentionRule, school: School) -> int:
    """How long this school keeps the record: the schedule's period, or the school's longer one."""
    override = current_override(rule, school)
    return override.period_years if override else rule.period_years


def override_history(rule: RetentionRule, school: School) -> QuerySet[RetentionOverride]:
    return RetentionOverride.objects.filter(rule=rule, school=school).select_related("set_by")


def _has_sen_file() -> Q:
    condition = Q()
    for model in SEN_FILE_MODELS:
        condition |= Exists(model.objects.filter(pupil=OuterRef("pk")))
    return condition


def _last_school() -> Subquery:
    latest = Enrolment.objects.filter(pupil=OuterRef("pk")).order_by("-admission_date", "-pk")
    return Subquery(latest.values("school_id")[:1])


def due_pupils(
    rule: RetentionRule, school: School, today: datetime.date | None = None, *, years: int | None = None
) -> QuerySet[Pupil]:
    """Pupils whose record falls under the rule and has reached its date (after the school's own
    period where it keeps the record longer), who have left, and whose last school was this one (it
    keeps the file). Archived records are included: archiving keeps them."""
    if rule.applies_to == RetentionRule.Applies.NOT_HELD or rule.action != RetentionRule.Action.DESTROY:
        return Pupil.objects.none()
    today = today or timezone.localdate()
    years = years if years is not None else period_years(rule, school)
    # Still on roll anywhere in the trust, or joining one of its schools later: not due.
    on_roll = Enrolment.objects.filter(Q(leaving_date__isnull=True) | Q(leaving_date__gt=today), pupil=OuterRef("pk"))
    pupils = (
        Pupil.objects.filter(trust=school.trust_id, date_of_birth__lte=years_before(today, years))
        .alias(last_school=_last_school())
        .filter(last_school=school.pk)
        .exclude(Exists(on_roll))
    )
    sen_file = _has_sen_file()
    pupils = pupils.filter(sen_file) if rule.applies_to == RetentionRule.Applies.SEN_FILE else pupils.exclude(sen_file)
    return pupils.order_by("date_of_birth", "pk")


@dataclass(frozen=True)
class DueRow:
    pupil: Pupil
    due_on: datetime.date
    left_on: datetime.date | None


def due_rows(rule: RetentionRule, school: School, *, limit: int, today: datetime.date | None = None) -> list[DueRow]:
    years = period_years(rule, school)
    left = Enrolment.objects.filter(pupil=OuterRef("pk"), school=school).order_by("-admission_date", "-pk")
    pupils = due_pupils(rule, school, today, years=years).annotate(left_on=Subquery(left.values("leaving_date")[:1]))
    return [DueRow(pupil, due_date(years, pupil.date_of_birth), pupil.left_on) for pupil in pupils[:limit]]


@dataclass(frozen=True)
class ScheduleRow:
    rule: RetentionRule
    due: int
    override: RetentionOverride | None

    @property
    def period_years(self) -> int:
        return self.override.period_years if self.override else self.rule.period_years


def schedule(school: School, today: datetime.date | None = None) -> list[ScheduleRow]:
    overrides = {
        override.rule_id: override
        for override in RetentionOverride.objects.filter(school=school, ended_at__isnull=True).select_related("set_by")
    }
    rows = []
    for rule in RetentionRule.objects.all():
        override = overrides.get(rule.pk)
        years = override.period_years if override else rule.period_years
        rows.append(ScheduleRow(rule, due_pupils(rule, school, today, years=years).count(), override))
    return rows


def destructions(school: School) -> QuerySet[DestructionRecord]:
    return DestructionRecord.objects.filter(school=school).select_related("rule")
