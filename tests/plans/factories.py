"""Cycles, outcomes, targets and meetings for the plans tests. Defaults are valid and dull."""

from __future__ import annotations

import datetime

import factory

from opensend.plans.models import Cycle, Note, Outcome, ParentMeeting, Progress, Status, Target
from opensend.register.models import SenStatus


class CycleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cycle

    number = factory.Sequence(lambda n: n + 1)
    status = Status.DO
    opened_on = datetime.date(2026, 9, 14)
    review_date = datetime.date(2026, 12, 11)


class OutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outcome

    cycle = factory.SubFactory(CycleFactory)
    description = factory.Sequence(lambda n: f"Outcome {n}")


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    outcome = factory.SubFactory(OutcomeFactory)
    description = factory.Sequence(lambda n: f"Target {n}")
    success_measure = "8 out of 10 times"
    by_date = datetime.date(2026, 12, 11)


class NoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Note

    cycle = factory.SubFactory(CycleFactory)
    written_on = datetime.date(2026, 10, 5)
    text = "Session went well."


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ParentMeeting

    held_on = datetime.date(2026, 10, 12)
    kind = ParentMeeting.Kind.SEN_SUPPORT_REVIEW
    other_attendees = "Mum, class teacher"


def cycle_for(cast, pupil=None, *, targets: int = 1, **fields) -> Cycle:
    """A cycle for the taught pupil (by default) at Oakfield, led by the teacher, with one outcome
    holding `targets` targets."""
    pupil = pupil or cast.taught_pupil
    number = (Cycle.objects.filter(pupil=pupil).count()) + 1
    cycle = CycleFactory(pupil=pupil, school=cast.school, lead_teacher=cast["teacher"], number=number, **fields)
    if targets:
        outcome = OutcomeFactory(cycle=cycle, description="Reads CVC words")
        for _ in range(targets):
            TargetFactory(outcome=outcome)
    return cycle


def closed_cycle_for(cast, pupil=None, *, progress=(Progress.ACHIEVED,), **fields) -> Cycle:
    """A reviewed, closed cycle whose targets made the given progress."""
    defaults = {
        "status": Status.CLOSED,
        "opened_on": datetime.date(2026, 4, 20),
        "review_date": datetime.date(2026, 7, 10),
        "reviewed_on": datetime.date(2026, 7, 10),
        "closed_on": datetime.date(2026, 7, 13),
        "next_steps": "Keep the daily sessions.",
    }
    cycle = cycle_for(cast, pupil, targets=0, **(defaults | fields))
    outcome = OutcomeFactory(cycle=cycle, description="Reads CVC words")
    for level in progress:
        TargetFactory(outcome=outcome, progress=level, description=f"Target at {level}")
    return cycle


def on_register(cast, pupil, provision: str = "K", school=None) -> SenStatus:
    return SenStatus.objects.create(
        pupil=pupil, school=school or cast.school, provision=provision, start_date=datetime.date(2025, 9, 1)
    )


def assessment_result(cast, pupil=None, **fields):
    from opensend.assessments.models import AssessmentResult

    values = {"test_name": "Salford Sentence Reading Test", "taken_on": datetime.date(2026, 9, 20)}
    values |= {"standardised_score": 82} | fields
    return AssessmentResult.objects.create(pupil=pupil or cast.taught_pupil, school=cast.school, **values)
