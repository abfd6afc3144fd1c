"""Changes to assess-plan-do-review cycles and parents' meetings. Each runs in one transaction with
its audit entry. A closed cycle is history: every change to it, or to its outcomes, targets and
notes, is refused with CycleClosedError."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from opensend.access import policy
from opensend.audit.models import AuditEvent
from opensend.audit.services import audit_change, diff, snapshot
from opensend.pupils.models import Pupil
from opensend.schools.models import School

from .models import Cycle, MeetingAction, Note, Outcome, ParentMeeting, PlanTemplate, Progress, Status, Target

# Targets copied from a template or an earlier cycle are due by the review, or after about a term.
DEFAULT_CYCLE_LENGTH = datetime.timedelta(weeks=12)

CYCLE_FIELDS = ("lead_teacher", "status", "opened_on", "review_date", "closed_on", "previous", "template")
ASSESS_FIELDS = ("findings", "evidence", "pupil_voice", "parent_voice")
PLAN_FIELDS = ("lead_teacher", "review_date", "strategies", "linked_provision", "who_does_what")
REVIEW_FIELDS = ("reviewed_on", "what_worked", "what_did_not_work", "next_steps")
OUTCOME_FIELDS = ("description",)
TARGET_FIELDS = ("description", "success_measure", "by_date", "who_does_what")
MEETING_FIELDS = ("held_on", "kind", "other_attendees", "pupil_views", "family_views", "notes", "decisions")
ACTION_FIELDS = ("description", "owner", "due_on")


class StaleEditError(Exception):
    """Someone else saved this after the person opened it."""


class CycleClosedError(Exception):
    """The cycle is closed: it is kept as history and cannot change."""


def _locked(cycle: Cycle, expected_version: int | None = None) -> Cycle:
    """The cycle's row, locked for this transaction, refusing changes to a closed or stale one."""
    current = Cycle.objects.select_for_update().get(pk=cycle.pk)
    if current.is_closed:
        raise CycleClosedError
    if expected_version is not None and current.version != expected_version:
        raise StaleEditError
    return current


def _save_versioned(instance) -> None:
    instance.full_clean()
    instance.save_next_version()


def _audit(*, actor, action: str, instance, changes, cycle: Cycle, school: School | None, summary: str) -> None:
    audit_change(
        actor=actor,
        action=action,
        instance=instance,
        changes=changes,
        pupil=cycle.pupil,
        school=school,
        summary=summary,
    )


def _update_fields(*, actor, cycle: Cycle, school, expected_version: int, fields: tuple, values: Mapping, summary: str):
    unknown = set(values) - set(fields)
    if unknown:
        raise ValueError(f"Not editable here: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        current = _locked(cycle, expected_version)
        before = snapshot(current, fields)
        for name, value in values.items():
            setattr(current, name, value.strip() if isinstance(value, str) else value)
        changes = diff(before, snapshot(current, fields))
        if not changes:
            return current
        _save_versioned(current)
        _audit(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            instance=current,
            changes=changes,
            cycle=current,
            school=school,
            summary=summary,
        )
    return current


def cycle_start(
    *,
    actor,
    pupil: Pupil,
    school: School,
    lead_teacher,
    opened_on: datetime.date,
    review_date: datetime.date | None = None,
    template: PlanTemplate | None = None,
    previous: Cycle | None = None,
) -> Cycle:
    """Open a new cycle at Assess. From `previous` (a closed, reviewed cycle of the same pupil) it
    takes the targets not yet achieved, under their outcomes, and the next steps as its first
    assessment notes; from `template` its outcomes, targets and strategies."""
    if opened_on > timezone.localdate():
        raise ValidationError({"opened_on": "The date the cycle starts must be today or in the past"})
    if review_date is not None and review_date < opened_on:
        raise ValidationError({"review_date": "The review date must be on or after the date the cycle starts."})
    with transaction.atomic():
        # One change at a time per pupil, so two people cannot both open "the" current cycle.
        Pupil.objects.select_for_update().filter(pk=pupil.pk).first()
        if Cycle.objects.filter(pupil=pupil).open().exists():
            raise ValidationError("This pupil already has an open cycle: review and close it before starting another.")
        if previous is not None:
            if previous.pupil_id != pupil.pk or not previous.is_closed or previous.reviewed_on is None:
                raise ValidationError("A new cycle can only start from a reviewed, closed cycle of the same pupil.")
            if opened_on < previous.closed_on:
                raise ValidationError({"opened_on": "The new cycle cannot start before the last one closed."})
        number = (Cycle.objects.filter(pupil=pupil).aggregate(last=Max("number"))["last"] or 0) + 1
        cycle = Cycle(
            pupil=pupil,
            school=school,
            number=number,
            lead_teacher=lead_teacher,
            status=Status.ASSESS,
            opened_on=opened_on,
            review_date=review_date,
            previous=previous,
            template=template,
            created_by=actor,
        )
        due = review_date or opened_on + DEFAULT_CYCLE_LENGTH
        outcomes: list[tuple[Outcome, list[Target]]] = []
        if previous is not None:
            cycle.findings = _next_steps_note(previous)
            outcomes += _carried_forward(previous, due)
        if template is not None:
            cycle.strategies = template.strategies
            outcomes += _from_template(template, due)
        cycle.full_clean()
        cycle.save()
        _write_outcomes(cycle, outcomes)
        _audit(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            instance=cycle,
            changes=diff({}, snapshot(cycle, (*CYCLE_FIELDS, "findings", "strategies"))),
            cycle=cycle,
            school=school,
            summary=f"Assess, plan, do, review cycle {number} started"
            + (f" from the review of cycle {previous.number}" if previous else "")
            + (f" with the template {template.name}" if template else ""),
        )
    return cycle


def _next_steps_note(previous: Cycle) -> str:
    heading = f"Next steps from the review of cycle {previous.number} on {previous.reviewed_on:%-d %B %Y}:"
    return f"{heading}\n{previous.next_steps}".strip()


def _carried_forward(previous: Cycle, due: datetime.date) -> list[tuple[Outcome, list[Target]]]:
    carried = []
    for outcome in previous.outcomes.prefetch_related("targets"):
        targets = [
            Target(
                description=target.description,
                success_measure=target.success_measure,
                by_date=due,
                who_does_what=target.who_does_what,
            )
            for target in outcome.targets.all()
            if target.progress != Progress.ACHIEVED
        ]
        if targets:
            carried.append((Outcome(description=outcome.description), targets))
    return carried


def _from_template(template: PlanTemplate, due: datetime.date) -> list[tuple[Outcome, list[Target]]]:
    return [
        (
            Outcome(description=item["description"]),
            [
                Target(
                    description=target["description"],
                    success_measure=target.get("success_measure", ""),
                    by_date=due,
                    who_does_what=target.get("who_does_what", ""),
                )
                for target in item.get("targets", [])
            ],
        )
        for item in template.outcomes
    ]


def _write_outcomes(cycle: Cycle, outcomes: list[tuple[Outcome, list[Target]]]) -> None:
    for position, (outcome, targets) in enumerate(outcomes, start=1):
        outcome.cycle = cycle
        outcome.position = position
        outcome.save()
        for target_position, target in enumerate(targets, start=1):
            target.outcome = outcome
            target.position = target_position
        Target.objects.bulk_create(targets)


def cycle_update_assess(
    *, actor, cycle: Cycle, school: School, expected_version: int, assessment_results=None, **values: str
) -> Cycle:
    """Change what the assessment found; `assessment_results` (the pupil's own results), if given,
    replaces the results it links to."""
    unknown = set(values) - set(ASSESS_FIELDS)
    if unknown:
        raise ValueError(f"Not editable here: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        current = _locked(cycle, expected_version)
        before = snapshot(current, ASSESS_FIELDS)
        for name, value in values.items():
            setattr(current, name, value.strip())
        changes = diff(before, snapshot(current, ASSESS_FIELDS))
        if assessment_results is not None:
            if any(result.pupil_id != current.pupil_id for result in assessment_results):
                raise ValidationError({"assessment_results": "Link only this pupil's own assessment results."})
            linked = sorted(current.assessment_results.values_list("pk", flat=True))
            wanted = sorted(result.pk for result in assessment_results)
            if linked != wanted:
                changes["assessment_results"] = [linked, wanted]
                current.assessment_results.set(assessment_results)
        if not changes:
            return current
        _save_versioned(current)
        _audit(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            instance=current,
            changes=changes,
            cycle=current,
            school=school,
            summary=f"Assessment of cycle {current.number} changed",
        )
    return current


def cycle_update_plan(*, actor, cycle: Cycle, school: School, expected_version: int, **values) -> Cycle:
    """Change the strategies, linked provision, who does what, the review date or the lead."""
    review_date = values.get("review_date")
    if review_date is not None and review_date < cycle.opened_on:
        raise ValidationError({"review_date": "The review date must be on or after the date the cycle started."})
    return _update_fields(
        actor=actor,
        cycle=cycle,
        school=school,
        expected_version=expected_version,
        fields=PLAN_FIELDS,
        values=values,
        summary=f"Plan of cycle {cycle.number} changed",
    )


def cycle_advance(*, actor, cycle: Cycle, school: School, expected_version: int) -> Cycle:
    """Move from Assess to Plan, or from Plan to Do once there is a target and a review date.
    Do moves on to Review by recording the review (cycle_review)."""
    with transaction.atomic():
        current = _locked(cycle, expected_version)
        if current.status == Status.ASSESS:
            to = Status.PLAN
        elif current.status == Status.PLAN:
            problems = []
            if not Target.objects.filter(outcome__cycle=current).exists():
                problems.append("Add at least one outcome with a target before starting the Do stage.")
            if current.review_date is None:
                problems.append("Set a review date before starting the Do stage.")
            # Do notes are dated on or after the start, so a cycle not yet started would refuse them all.
            if current.opened_on > timezone.localdate():
                problems.append(f"The Do stage can start on {current.opened_on:%-d %B %Y}, when the cycle starts.")
            if problems:
                raise ValidationError(problems)
            to = Status.DO
        else:
            raise ValidationError("Record the review to move this cycle on.")
        before = current.status
        current.status = to
        _save_versioned(current)
        _audit(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            instance=current,
            changes={"status": [before, to]},
            cycle=current,
            school=school,
            summary=f"Cycle {current.number} moved to {current.get_status_display()}",
        )
    return current


def outcome_add(*, actor, cycle: Cycle, school: School, description: str) -> Outcome:
    with transaction.atomic():
        current = _locked(cycle)
        last = current.outcomes.aggregate(last=Max("position"))["last"] or 0
        outcome = Outcome(cycle=current, position=last + 1, description=description.strip())
        outcome.full_clean()
        outcome.save()
        _audit(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            instance=outcome,
            changes=diff({}, snapshot(outcome, OUTCOME_FIELDS)),
            cycle=current,
            school=school,
            summary=f"Outcome added to cycle {current.number}",
        )
    return outcome


def _update_part(*, actor, part, cycle: Cycle, school, expected_version: int, fields, values, summary: str):
    """Change a versioned part of an open cycle (an outcome or a target) and audit what changed."""
    unknown = set(values) - set(fields)
    if unknown:
        raise ValueError(f"Not editable here: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        locked_cycle = _locked(cycle)
        current = type(part).objects.select_for_update().get(pk=part.pk)
        if current.version != expected_version:
            raise StaleEditError
        before = snapshot(current, fields)
        for name, value in values.items():
            setattr(current, name, value.strip() if isinstance(value, str) else value)
        changes = diff(before, snapshot(current, fields))
        if changes:
            _save_versioned(current)
            _audit(
                actor=actor,
                action=AuditEvent.Action.UPDATE,
                instance=current,
                changes=changes,
                cycle=locked_cycle,
                school=school,
                summary=summary.format(number=locked_cycle.number),
            )
    return current


def outcome_update(*, actor, outcome: Outcome, school: School, expected_version: int, description: str) -> Outcome:
    return _update_part(
        actor=actor,
        part=outcome,
        cycle=outcome.cycle,
        school=school,
        expected_version=expected_version,
        fields=OUTCOME_FIELDS,
        values={"description": description},
        summary="Outcome in cycle {number} changed",
    )


def outcome_remove(*, actor, outcome: Outcome, school: School, expected_version: int) -> None:
    """Remove an outcome and its targets from an open plan. The audit entry keeps what they said."""
    with transaction.atomic():
        cycle = _locked(outcome.cycle)
        current = Outcome.objects.select_for_update().get(pk=outcome.pk)
        if current.version != expected_version:
            raise StaleEditError
        removed = snapshot(current, OUTCOME_FIELDS)
        removed["targets"] = [snapshot(target, TARGET_FIELDS) for target in current.targets.all()]
        _audit(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            instance=current,
            changes={"removed": [removed, None]},
            cycle=cycle,
            school=school,
            summary=f"Outcome removed from cycle {cycle.number}",
        )
        current.delete()


def target_add(
    *,
    actor,
    outcome: Outcome,
    school: School,
    description: str,
    success_measure: str,
    by_date: datetime.date,
    who_does_what: str = "",
) -> Target:
    with transaction.atomic():
        cycle = _locked(outcome.cycle)
        last = outcome.targets.aggregate(last=Max("position"))["last"] or 0
        target = Target(
            outcome=outcome,
            position=last + 1,
            description=description.strip(),
            success_measure=success_measure.strip(),
            by_date=by_date,
            who_does_what=who_does_what.strip(),
        )
        target.full_clean()
        target.save()
        _audit(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            instance=target,
            changes=diff({}, snapshot(target, TARGET_FIELDS)),
            cycle=cycle,
            school=school,
            summary=f"Target added to cycle {cycle.number}",
        )
    return target


def target_update(*, actor, target: Target, school: School, expected_version: int, **values) -> Target:
    return _update_part(
        actor=actor,
        part=target,
        cycle=target.outcome.cycle,
        school=school,
        expected_version=expected_version,
        fields=TARGET_FIELDS,
        values=values,
        summary="Target in cycle {number} changed",
    )


def target_remove(*, actor, target: Target, school: School, expected_version: int) -> None:
    with transaction.atomic():
        cycle = _locked(target.outcome.cycle)
        current = Target.objects.select_for_update().get(pk=target.pk)
        if current.version != expected_version:
            raise StaleEditError
        _audit(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            instance=current,
            changes={"removed": [snapshot(current, TARGET_FIELDS), None]},
            cycle=cycle,
            school=school,
            summary=f"Target removed from cycle {cycle.number}",
        )
        current.delete()


def note_add(*, actor, cycle: Cycle, school: School, written_on: datetime.date, text: str) -> Note:
    """Notes are only ever added, so two people writing at once need no version check."""
    if written_on > timezone.localdate():
        raise ValidationError({"written_on": "The date of a note cannot be in the future."})
    with transaction.atomic():
        current = _locked(cycle)
        if written_on < current.opened_on:
            raise ValidationError({"written_on": "The date must be on or after the day the cycle started."})
        note = Note(cycle=current, author=actor, written_on=written_on, text=text.strip())
        note.full_clean()
        note.save()
        _audit(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            instance=note,
            changes=diff({}, snapshot(note, ("written_on", "text"))),
            cycle=current,
            school=school,
            summary=f"Note added to cycle {current.number}",
        )
    return note


def cycle_review(
    *,
    actor,
    cycle: Cycle,
    school: School,
    expected_version: int,
    reviewed_on: datetime.date,
    progress: Mapping[int, tuple[str, str]],
    what_worked: str,
    what_did_not_work: str,
    next_steps: str,
) -> Cycle:
    """Record the review: progress (and a comment) on every target, keyed by the target's id, what
    worked, what did not and the next steps. Allowed from Do, or again at Review to correct it."""
    with transaction.atomic():
        current = _locked(cycle, expected_version)
        if current.status not in (Status.DO, Status.REVIEW):
            raise ValidationError("A cycle is reviewed after its Do stage has started.")
        if reviewed_on < current.opened_on:
            raise ValidationError({"reviewed_on": "The review cannot be before the cycle started."})
        if reviewed_on > timezone.localdate():
            raise ValidationError({"reviewed_on": "The date the review was held must be today or in the past"})
        targets = {target.pk: target for target in Target.objects.select_for_update().filter(outcome__cycle=current)}
        if set(progress) != set(targets):
            raise ValidationError(
                "The targets have changed since you opened this page. Open the review again to rate every target."
            )
        changes = {}
        for pk, (level, comment) in progress.items():
            if level not in Progress.values:
                raise ValidationError("Choose the progress made towards every target.")
            target = targets[pk]
            if (target.progress, target.review_comment) != (level, comment.strip()):
                changes[f"target {pk}"] = [[target.progress, target.review_comment], [level, comment.strip()]]
                target.progress, target.review_comment = level, comment.strip()
                target.version = F("version") + 1
                target.save(update_fields=["progress", "review_comment", "version", "updated_at"])
        before = snapshot(current, (*REVIEW_FIELDS, "status", "reviewed_by"))
        current.reviewed_on = reviewed_on
        current.reviewed_by = actor
        current.what_worked = what_worked.strip()
        current.what_did_not_work = what_did_not_work.strip()
        current.next_steps = next_steps.strip()
        current.status = Status.REVIEW
        changes |= diff(before, snapshot(current, (*REVIEW_FIELDS, "status", "reviewed_by")))
        _save_versioned(current)
        _audit(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            instance=current,
            changes=changes,
            cycle=current,
            school=school,
            summary=f"Review of cycle {current.number} recorded",
        )
    return current


def cycle_close(*, actor, cycle: Cycle, school: School, expected_version: int, closed_on: datetime.date) -> Cycle:
    """Close a reviewed cycle. From then on it is read-only history."""
    with transaction.atomic():
        current = _locked(cycle, expected_version)
        if current.status != Status.REVIEW or current.reviewed_on is None:
            raise ValidationError("Record the review before closing the cycle.")
        if Target.objects.filter(outcome__cycle=current, progress="").exists():
            raise ValidationError("Record the progress made towards every target before closing the cycle.")
        if closed_on < current.reviewed_on:
            raise ValidationError({"closed_on": "The cycle cannot close before its review."})
        if closed_on > timezone.localdate():
            raise ValidationError({"closed_on": "The date the cycle closed must be today or in the past"})
        current.status = Status.CLOSED
        current.closed_on = closed_on
        current.closed_by = actor
        _save_versioned(current)
        _audit(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            instance=current,
            changes={"status": [Status.REVIEW, Status.CLOSED], "closed_on": [None, closed_on.isoformat()]},
            cycle=current,
            school=school,
            summary=f"Cycle {current.number} closed",
        )
    return current


def meeting_record(
    *,
    actor,
    pupil: Pupil,
    school: School,
    held_on: datetime.date,
    kind: str,
    staff_present: Iterable = (),
    family_present: Iterable = (),
    other_attendees: str = "",
    pupil_views: str = "",
    family_views: str = "",
    notes: str = "",
    decisions: str = "",
) -> ParentMeeting:
    """Record a meeting once held. Family members present must be the pupil's own parents or carers."""
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": "Record a meeting once it has been held: the date cannot be in the future."})
    staff_present, family_present = list(staff_present), list(family_present)
    if any(contact.pupil_id != pupil.pk for contact in family_present):
        raise ValidationError({"family_present": "Choose family members from this pupil's parents and carers"})
    if not (staff_present or family_present or other_attendees.strip()):
        raise ValidationError({"other_attendees": "Enter who attended"})
    with transaction.atomic():
        meeting = ParentMeeting(
            pupil=pupil,
            school=school,
            held_on=held_on,
            kind=kind,
            other_attendees=other_attendees.strip(),
            pupil_views=pupil_views.strip(),
            family_views=family_views.strip(),
            notes=notes.strip(),
            decisions=decisions.strip(),
            recorded_by=actor,
        )
        meeting.full_clean()
        meeting.save()
        meeting.staff_present.set(staff_present)
        meeting.family_present.set(family_present)
        changes = diff({}, snapshot(meeting, MEETING_FIELDS))
        changes["staff_present"] = [None, sorted(person.pk for person in staff_present)]
        changes["family_present"] = [None, sorted(contact.pk for contact in family_present)]
        audit_change(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            instance=meeting,
            pupil=pupil,
            school=school,
            changes=changes,
            summary=f"{meeting.get_kind_display()} recorded",
        )
    return meeting


def action_add(
    *, actor, meeting: ParentMeeting, school: School, description: str, owner, due_on: datetime.date
) -> MeetingAction:
    """An action the meeting agreed, for a member of staff to do by a date."""
    if meeting.school_id != school.pk:
        raise ValidationError("Actions are added only to meetings held at this school.")
    if owner is not None and owner not in [user for user, _ in policy.staff_who_see(meeting.pupil, school)]:
        raise ValidationError({"owner": "Choose someone at the school who can see this pupil's record"})
    with transaction.atomic():
        action = MeetingAction(meeting=meeting, description=description.strip(), owner=owner, due_on=due_on)
        action.full_clean()
        action.save()
        audit_change(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            instance=action,
            pupil=meeting.pupil,
            school=school,
            changes=diff({}, snapshot(action, ACTION_FIELDS)),
            summary=f"Action from the {meeting.get_kind_display().lower()} added",
        )
    return action


class ActionAlreadyDoneError(Exception):
    """The action was marked done already, perhaps by someone else."""


def action_done(*, actor, action: MeetingAction, school: School, done_on: datetime.date | None = None) -> MeetingAction:
    """Mark an action done (today unless another day is given); done once, never undone."""
    done_on = done_on or timezone.localdate()
    with transaction.atomic():
        current = MeetingAction.objects.select_for_update().select_related("meeting__pupil").get(pk=action.pk)
        if current.is_done:
            raise ActionAlreadyDoneError
        before = snapshot(current, ("done_on", "done_by"))
        current.done_on = done_on
        current.done_by = actor
        current.save(update_fields=["done_on", "done_by", "updated_at"])
        audit_change(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            instance=current,
            pupil=current.meeting.pupil,
            school=school,
            changes=diff(before, snapshot(current, ("done_on", "done_by"))),
            summary="Action from a meeting marked done",
        )
    return current
