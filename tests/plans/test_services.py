"""The services of the graduated approach: each change audited, closed cycles read-only, stale
edits refused, templates applied and the next cycle started from the last review."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from opensend.audit.models import AuditEvent
from opensend.plans import services
from opensend.plans.models import Cycle, Note, Outcome, ParentMeeting, PlanTemplate, Progress, Status, Target

from .factories import CycleFactory, assessment_result, closed_cycle_for, cycle_for

SEPT = datetime.date(2026, 9, 14)


def start(cast, **kwargs) -> Cycle:
    values = {
        "actor": cast["teacher"],
        "pupil": cast.taught_pupil,
        "school": cast.school,
        "lead_teacher": cast["teacher"],
        "opened_on": SEPT,
    }
    return services.cycle_start(**(values | kwargs))


def events(instance) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(object_type=instance._meta.label_lower, object_id=str(instance.pk)))


def test_a_new_cycle_opens_at_assess_as_the_pupils_first_and_is_audited(cast):
    cycle = start(cast)
    assert (cycle.status, cycle.number, cycle.opened_on) == (Status.ASSESS, 1, SEPT)
    [event] = events(cycle)
    assert (event.action, event.pupil, event.actor) == ("create", cast.taught_pupil, cast["teacher"])


def test_a_second_open_cycle_for_the_same_pupil_is_refused(cast):
    start(cast)
    with pytest.raises(ValidationError, match="already has an open cycle"):
        start(cast)


def test_the_database_allows_one_open_cycle_per_pupil(cast):
    cycle_for(cast)
    with pytest.raises(IntegrityError), transaction.atomic():
        CycleFactory(pupil=cast.taught_pupil, school=cast.school, lead_teacher=cast["teacher"], number=9)


def test_a_template_gives_the_cycle_its_outcomes_targets_and_strategies(cast):
    template = PlanTemplate.objects.get(name="Emotional regulation")
    cycle = start(cast, template=template, review_date=datetime.date(2026, 12, 4))
    outcomes = list(cycle.outcomes.order_by("position"))
    assert [o.description for o in outcomes] == [item["description"] for item in template.outcomes]
    targets = Target.objects.filter(outcome__cycle=cycle)
    assert targets.count() == sum(len(item["targets"]) for item in template.outcomes)
    assert {target.by_date for target in targets} == {datetime.date(2026, 12, 4)}
    assert cycle.strategies == template.strategies
    assert cycle.template == template


def test_the_data_migration_seeds_the_common_templates(db):
    names = set(PlanTemplate.objects.values_list("name", flat=True))
    assert {
        "Phonics and early reading",
        "Speech and language: attention and listening",
        "Emotional regulation",
        "Fine motor and handwriting",
        "Working memory and organisation",
    } <= names


def test_the_next_cycle_carries_forward_unmet_targets_and_the_next_steps(cast):
    previous = closed_cycle_for(cast, progress=(Progress.ACHIEVED, Progress.SOME, Progress.LITTLE))
    cycle = start(cast, previous=previous, opened_on=datetime.date(2026, 9, 7))
    assert cycle.number == 2
    assert cycle.previous == previous
    assert "Keep the daily sessions." in cycle.findings
    assert "review of cycle 1 on 10 July 2026" in cycle.findings
    carried = Target.objects.filter(outcome__cycle=cycle)
    assert sorted(t.description for t in carried) == ["Target at little", "Target at some"]
    assert all(target.progress == "" for target in carried)
    assert cycle.outcomes.get().description == "Reads CVC words"


def test_an_outcome_whose_targets_were_all_achieved_is_not_carried_forward(cast):
    previous = closed_cycle_for(cast, progress=(Progress.ACHIEVED,))
    cycle = start(cast, previous=previous, opened_on=datetime.date(2026, 9, 7))
    assert not cycle.outcomes.exists()


def test_a_cycle_cannot_start_from_one_that_is_still_open(cast):
    other = cycle_for(cast, cast.untaught_pupil)
    with pytest.raises(ValidationError, match="reviewed, closed cycle of the same pupil"):
        start(cast, previous=other)


def test_the_assessment_update_is_audited_with_before_and_after(cast):
    cycle = cycle_for(cast, status=Status.ASSESS, findings="")
    updated = services.cycle_update_assess(
        actor=cast["sendco"], cycle=cycle, school=cast.school, expected_version=1, findings="Struggles to blend"
    )
    assert updated.version == 2
    [event] = events(cycle)
    assert event.changes == {"findings": ["", "Struggles to blend"]}


def test_the_assessment_links_the_pupils_assessment_results(cast):
    cycle = cycle_for(cast, status=Status.ASSESS)
    result = assessment_result(cast)
    services.cycle_update_assess(
        actor=cast["sendco"], cycle=cycle, school=cast.school, expected_version=1, assessment_results=[result]
    )
    assert list(cycle.assessment_results.all()) == [result]
    assert events(cycle)[0].changes == {"assessment_results": [[], [result.pk]]}


def test_another_pupils_assessment_result_cannot_be_linked(cast):
    cycle = cycle_for(cast, status=Status.ASSESS)
    theirs = assessment_result(cast, cast.untaught_pupil)
    with pytest.raises(ValidationError):
        services.cycle_update_assess(
            actor=cast["sendco"], cycle=cycle, school=cast.school, expected_version=1, assessment_results=[theirs]
        )
    assert not cycle.assessment_results.exists()


def test_a_stale_assessment_update_is_refused_and_changes_nothing(cast):
    cycle = cycle_for(cast, status=Status.ASSESS)
    services.cycle_update_assess(
        actor=cast["sendco"], cycle=cycle, school=cast.school, expected_version=1, evidence="A"
    )
    with pytest.raises(services.StaleEditError):
        services.cycle_update_assess(
            actor=cast["teacher"], cycle=cycle, school=cast.school, expected_version=1, evidence="B"
        )
    assert Cycle.objects.get(pk=cycle.pk).evidence == "A"


def test_a_stale_target_update_is_refused(cast):
    cycle = cycle_for(cast)
    target = Target.objects.get(outcome__cycle=cycle)
    services.target_update(
        actor=cast["teacher"], target=target, school=cast.school, expected_version=1, who_does_what="TA"
    )
    with pytest.raises(services.StaleEditError):
        services.target_update(
            actor=cast["sendco"], target=target, school=cast.school, expected_version=1, who_does_what="SENDCo"
        )


def test_the_plan_update_sets_strategies_review_date_and_lead(cast):
    cycle = cycle_for(cast, status=Status.PLAN)
    services.cycle_update_plan(
        actor=cast["sendco"],
        cycle=cycle,
        school=cast.school,
        expected_version=1,
        strategies="Visual timetable",
        review_date=datetime.date(2027, 1, 15),
        lead_teacher=cast["sendco"],
    )
    cycle.refresh_from_db()
    assert (cycle.strategies, cycle.review_date, cycle.lead_teacher) == (
        "Visual timetable",
        datetime.date(2027, 1, 15),
        cast["sendco"],
    )


def test_a_cycle_moves_from_assess_to_plan_to_do(cast):
    cycle = cycle_for(cast, status=Status.ASSESS)
    cycle = services.cycle_advance(actor=cast["teacher"], cycle=cycle, school=cast.school, expected_version=1)
    assert cycle.status == Status.PLAN
    cycle = services.cycle_advance(actor=cast["teacher"], cycle=cycle, school=cast.school, expected_version=2)
    assert cycle.status == Status.DO


def test_the_do_stage_needs_a_target_and_a_review_date(cast):
    cycle = cycle_for(cast, status=Status.PLAN, targets=0, review_date=None)
    with pytest.raises(ValidationError) as error:
        services.cycle_advance(actor=cast["teacher"], cycle=cycle, school=cast.school, expected_version=1)
    assert len(error.value.messages) == 2


def test_outcomes_and_targets_are_added_changed_and_removed_with_audit(cast):
    cycle = cycle_for(cast, status=Status.PLAN, targets=0)
    outcome = services.outcome_add(actor=cast["teacher"], cycle=cycle, school=cast.school, description="Reads")
    target = services.target_add(
        actor=cast["teacher"],
        outcome=outcome,
        school=cast.school,
        description="Blend",
        success_measure="8 of 10",
        by_date=datetime.date(2026, 12, 11),
    )
    services.outcome_update(
        actor=cast["teacher"], outcome=outcome, school=cast.school, expected_version=1, description="Reads words"
    )
    services.target_remove(actor=cast["teacher"], target=target, school=cast.school, expected_version=1)
    services.outcome_remove(
        actor=cast["teacher"], outcome=Outcome.objects.get(pk=outcome.pk), school=cast.school, expected_version=2
    )
    assert not Outcome.objects.filter(cycle=cycle).exists()
    summaries = list(
        AuditEvent.objects.filter(pupil=cast.taught_pupil).order_by("pk").values_list("summary", flat=True)
    )
    assert summaries == [
        "Outcome added to cycle 1",
        "Target added to cycle 1",
        "Outcome in cycle 1 changed",
        "Target removed from cycle 1",
        "Outcome removed from cycle 1",
    ]


def test_a_removed_target_is_kept_in_the_audit_log(cast):
    cycle = cycle_for(cast)
    target = Target.objects.get(outcome__cycle=cycle)
    services.target_remove(actor=cast["teacher"], target=target, school=cast.school, expected_version=1)
    event = AuditEvent.objects.get(summary="Target removed from cycle 1")
    assert event.changes["removed"][0]["description"] == target.description


def test_a_note_is_added_with_its_author_and_date(cast):
    cycle = cycle_for(cast)
    note = services.note_add(
        actor=cast["ta"], cycle=cycle, school=cast.school, written_on=datetime.date(2026, 10, 1), text="Good week"
    )
    assert (note.author, note.written_on, note.text) == (cast["ta"], datetime.date(2026, 10, 1), "Good week")
    assert events(note)[0].summary == "Note added to cycle 1"


def test_a_note_dated_before_the_cycle_started_is_refused(cast):
    cycle = cycle_for(cast)
    with pytest.raises(ValidationError):
        services.note_add(
            actor=cast["teacher"], cycle=cycle, school=cast.school, written_on=datetime.date(2026, 9, 1), text="x"
        )


def review(cast, cycle, progress, **kwargs):
    values = {
        "actor": cast["teacher"],
        "cycle": cycle,
        "school": cast.school,
        "expected_version": cycle.version,
        "reviewed_on": datetime.date(2026, 12, 1),
        "progress": progress,
        "what_worked": "Daily sessions",
        "what_did_not_work": "",
        "next_steps": "Next phase",
    }
    return services.cycle_review(**(values | kwargs))


def test_the_review_records_progress_on_each_target_and_moves_to_review(cast):
    cycle = cycle_for(cast, targets=2)
    first, second = Target.objects.filter(outcome__cycle=cycle).order_by("pk")
    reviewed = review(cast, cycle, {first.pk: ("achieved", "Met"), second.pk: ("some", "")})
    assert reviewed.status == Status.REVIEW
    assert reviewed.reviewed_by == cast["teacher"]
    assert Target.objects.get(pk=first.pk).progress == "achieved"
    assert Target.objects.get(pk=second.pk).progress == "some"


def test_the_review_must_rate_every_target(cast):
    cycle = cycle_for(cast, targets=2)
    first = Target.objects.filter(outcome__cycle=cycle).first()
    with pytest.raises(ValidationError, match="targets have changed"):
        review(cast, cycle, {first.pk: ("achieved", "")})


def test_a_cycle_is_not_reviewed_before_its_do_stage(cast):
    cycle = cycle_for(cast, status=Status.PLAN)
    target = Target.objects.get(outcome__cycle=cycle)
    with pytest.raises(ValidationError):
        review(cast, cycle, {target.pk: ("achieved", "")})


def test_a_cycle_is_closed_only_after_its_review(cast):
    cycle = cycle_for(cast)
    with pytest.raises(ValidationError, match="Record the review"):
        services.cycle_close(
            actor=cast["teacher"], cycle=cycle, school=cast.school, expected_version=1, closed_on=datetime.date.today()
        )


def test_closing_a_reviewed_cycle_records_when_and_who(cast):
    cycle = cycle_for(cast)
    target = Target.objects.get(outcome__cycle=cycle)
    cycle = review(cast, cycle, {target.pk: ("good", "")})
    closed = services.cycle_close(
        actor=cast["sendco"],
        cycle=cycle,
        school=cast.school,
        expected_version=cycle.version,
        closed_on=datetime.date(2026, 12, 2),
    )
    assert (closed.status, closed.closed_on, closed.closed_by) == (
        Status.CLOSED,
        datetime.date(2026, 12, 2),
        cast["sendco"],
    )


def _closed_changes(cast, cycle):
    outcome = cycle.outcomes.get()
    target = Target.objects.filter(outcome=outcome).first()
    who = {"actor": cast["sendco"], "school": cast.school}
    return {
        "assess": lambda: services.cycle_update_assess(
            cycle=cycle, expected_version=cycle.version, findings="x", **who
        ),
        "plan": lambda: services.cycle_update_plan(cycle=cycle, expected_version=cycle.version, strategies="x", **who),
        "advance": lambda: services.cycle_advance(cycle=cycle, expected_version=cycle.version, **who),
        "outcome add": lambda: services.outcome_add(cycle=cycle, description="x", **who),
        "outcome update": lambda: services.outcome_update(outcome=outcome, expected_version=1, description="x", **who),
        "outcome remove": lambda: services.outcome_remove(outcome=outcome, expected_version=1, **who),
        "target add": lambda: services.target_add(
            outcome=outcome, description="x", success_measure="y", by_date=datetime.date(2026, 12, 1), **who
        ),
        "target update": lambda: services.target_update(target=target, expected_version=1, description="x", **who),
        "target remove": lambda: services.target_remove(target=target, expected_version=1, **who),
        "note": lambda: services.note_add(cycle=cycle, written_on=datetime.date(2026, 7, 1), text="x", **who),
        "review": lambda: review(cast, cycle, {target.pk: ("achieved", "")}),
        "close": lambda: services.cycle_close(
            cycle=cycle, expected_version=cycle.version, closed_on=datetime.date(2026, 7, 20), **who
        ),
    }


@pytest.mark.parametrize(
    "change",
    [
        "assess",
        "plan",
        "advance",
        "outcome add",
        "outcome update",
        "outcome remove",
        "target add",
        "target update",
        "target remove",
        "note",
        "review",
        "close",
    ],
)
def test_a_closed_cycle_refuses_every_change(cast, change):
    cycle = closed_cycle_for(cast, progress=(Progress.SOME,))
    before = AuditEvent.objects.count()
    with pytest.raises(services.CycleClosedError):
        _closed_changes(cast, cycle)[change]()
    assert AuditEvent.objects.count() == before
    assert Target.objects.filter(outcome__cycle=cycle).count() == 1
    assert Note.objects.filter(cycle=cycle).count() == 0


def test_a_meeting_with_parents_is_recorded_and_audited(cast):
    meeting = services.meeting_record(
        actor=cast["teacher"],
        pupil=cast.taught_pupil,
        school=cast.school,
        held_on=datetime.date(2026, 10, 12),
        kind=ParentMeeting.Kind.SEN_SUPPORT_REVIEW,
        other_attendees="Mum, class teacher",
        decisions="Read nightly",
    )
    assert meeting.recorded_by == cast["teacher"]
    [event] = events(meeting)
    assert event.changes["kind"] == [None, "sen-support-review"]


def test_a_meeting_cannot_be_recorded_before_it_is_held(cast):
    with pytest.raises(ValidationError):
        services.meeting_record(
            actor=cast["teacher"],
            pupil=cast.taught_pupil,
            school=cast.school,
            held_on=datetime.date.today() + datetime.timedelta(days=3),
            kind="other",
            other_attendees="Mum",
        )
