"""Changes to the intervention library and to provision. Each runs in one transaction with its
audit entry; edits quote the version they started from and are refused if it has moved on."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F

from opensend.audit.models import AuditEvent
from opensend.audit.services import archive_with_audit, audit_change, diff, snapshot
from opensend.schools.models import School

from .models import DEFAULT_OUTCOME_SCALE, Attendance, Intervention, Member, OutcomeScale, Provision, Session, Slot

INTERVENTION_FIELDS = (
    "name",
    "broad_area",
    "wave",
    "description",
    "intended_outcome",
    "evidence_note",
    "evidence_strength",
    "typical_group_size",
    "session_minutes",
    "sessions_per_week",
    "duration_weeks",
    "staff_skill",
    "measure",
    "measure_name",
    "resources",
    "resources_cost",
)
NAME_TAKEN = "There is already an intervention called this in the library: choose another name."


class StaleEditError(Exception):
    """Someone else saved this after the person opened it."""


def _clean(values: Mapping) -> dict:
    unknown = set(values) - set(INTERVENTION_FIELDS)
    if unknown:
        raise ValueError(f"Not an intervention field: {', '.join(sorted(unknown))}")
    return {name: value.strip() if isinstance(value, str) else value for name, value in values.items()}


def _name_taken(*, trust_id: int, school_id: int | None, name: str, exclude_pk: int | None = None) -> bool:
    same = Intervention.objects.active().filter(trust_id=trust_id, school_id=school_id, name__iexact=name)
    return same.exclude(pk=exclude_pk).exists()


def _refuse_taken_name(intervention: Intervention) -> None:
    if _name_taken(
        trust_id=intervention.trust_id,
        school_id=intervention.school_id,
        name=intervention.name,
        exclude_pk=intervention.pk,
    ):
        raise ValidationError({"name": NAME_TAKEN})


def _audit(*, actor, action: str, intervention: Intervention, changes, school: School | None, summary: str) -> None:
    audit_change(actor=actor, action=action, instance=intervention, changes=changes, school=school, summary=summary)


def intervention_create(*, actor, school: School, values: Mapping) -> Intervention:
    with transaction.atomic():
        intervention = Intervention(trust_id=school.trust_id, school=school, created_by=actor, **_clean(values))
        intervention.full_clean()
        _refuse_taken_name(intervention)
        intervention.save()
        _audit(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            intervention=intervention,
            changes=diff({}, snapshot(intervention, INTERVENTION_FIELDS)),
            school=school,
            summary=f"Added {intervention.name} to the intervention library",
        )
    return intervention


def intervention_update(*, actor, intervention: Intervention, expected_version: int, values: Mapping) -> Intervention:
    values = _clean(values)
    with transaction.atomic():
        current = Intervention.objects.select_for_update().get(pk=intervention.pk)
        if current.version != expected_version or current.is_archived:
            raise StaleEditError
        before = snapshot(current, INTERVENTION_FIELDS)
        for name, value in values.items():
            setattr(current, name, value)
        changes = diff(before, snapshot(current, INTERVENTION_FIELDS))
        if not changes:
            return current
        current.full_clean()
        _refuse_taken_name(current)
        current.save_next_version()
        _audit(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            intervention=current,
            changes=changes,
            school=current.school,
            summary=f"Changed {current.name} in the intervention library",
        )
    return current


def intervention_archive(*, actor, intervention: Intervention, reason: str) -> Intervention:
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the intervention is being archived"})
    return archive_with_audit(
        actor=actor,
        instance=intervention,
        pupil=None,
        school=intervention.school,
        reason=reason,
        summary=f"Archived {intervention.name} from the intervention library",
    )


def _copy(*, actor, source: Intervention, school: School | None, summary: str) -> Intervention:
    values = {name: getattr(source, name) for name in INTERVENTION_FIELDS}
    with transaction.atomic():
        copy = Intervention(trust_id=source.trust_id, school=school, copied_from=source, created_by=actor, **values)
        _refuse_taken_name(copy)
        copy.save()
        _audit(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            intervention=copy,
            changes={"copied_from": [None, str(source.pk)]},
            school=school or source.school,
            summary=summary,
        )
    return copy


def intervention_copy_to_school(*, actor, source: Intervention, school: School) -> Intervention:
    """The school's own editable copy of an intervention from its trust's library."""
    if not source.in_trust_library or source.trust_id != school.trust_id or source.is_archived:
        raise ValidationError("Only an intervention in your trust's library can be copied.")
    return _copy(actor=actor, source=source, school=school, summary=f"Copied {source.name} from the trust library")


def intervention_share_with_trust(*, actor, intervention: Intervention) -> Intervention:
    """A copy of the school's intervention in the trust's library, for the trust's other schools."""
    if intervention.in_trust_library or intervention.is_archived:
        raise ValidationError("Only an intervention in your school's library can be shared.")
    return _copy(
        actor=actor, source=intervention, school=None, summary=f"Shared {intervention.name} with the trust library"
    )


# --- Provision -------------------------------------------------------------------------------------

PROVISION_FIELDS = ("intervention", "name", "starts_on", "ends_on", "room")


def _provision_snapshot(provision: Provision) -> dict:
    values = snapshot(provision, PROVISION_FIELDS)
    values["staff"] = sorted(provision.staff.values_list("pk", flat=True))
    return values


def _check_dates(starts_on: datetime.date, ends_on: datetime.date) -> None:
    if ends_on < starts_on:
        raise ValidationError({"ends_on": "The planned end date must be on or after the start date"})


def _check_intervention(intervention: Intervention, school: School) -> None:
    if intervention.school_id != school.pk or intervention.is_archived:
        raise ValidationError({"intervention": "Choose an intervention from your school's library"})


def provision_create(*, actor, school: School, values: Mapping, staff: Iterable) -> Provision:
    values = dict(values)
    _check_dates(values["starts_on"], values["ends_on"])
    _check_intervention(values["intervention"], school)
    with transaction.atomic():
        provision = Provision.objects.create(school=school, created_by=actor, **values)
        provision.staff.set(staff)
        audit_change(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            instance=provision,
            changes=diff({}, _provision_snapshot(provision)),
            school=school,
            summary=f"Started provision {provision.name}",
        )
    return provision


def provision_update(
    *, actor, provision: Provision, expected_version: int, values: Mapping, staff: Iterable
) -> Provision:
    values = dict(values)
    _check_dates(values["starts_on"], values["ends_on"])
    with transaction.atomic():
        current = Provision.objects.select_for_update().get(pk=provision.pk)
        if current.version != expected_version or current.is_archived:
            raise StaleEditError
        if values["intervention"].pk != current.intervention_id:
            _check_intervention(values["intervention"], current.school)
        before = _provision_snapshot(current)
        for name, value in values.items():
            setattr(current, name, value.strip() if isinstance(value, str) else value)
        current.save_next_version()
        current.staff.set(staff)
        changes = diff(before, _provision_snapshot(current))
        audit_change(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            instance=current,
            changes=changes,
            school=current.school,
            summary=f"Changed provision {current.name}",
        )
    return current


def provision_archive(*, actor, provision: Provision, reason: str) -> Provision:
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the provision is ending"})
    return archive_with_audit(
        actor=actor,
        instance=provision,
        pupil=None,
        school=provision.school,
        reason=reason,
        summary=f"Archived provision {provision.name}",
    )


def slot_add(*, actor, provision: Provision, weekday: int, starts_at: datetime.time, minutes: int) -> Slot:
    with transaction.atomic():
        if provision.slots.filter(weekday=weekday, starts_at=starts_at).exists():
            raise ValidationError({"starts_at": "This provision already has a session at that time on that day"})
        try:
            with transaction.atomic():
                slot = Slot.objects.create(provision=provision, weekday=weekday, starts_at=starts_at, minutes=minutes)
        except IntegrityError as error:  # added by someone else a moment ago
            raise ValidationError(
                {"starts_at": "This provision already has a session at that time on that day"}
            ) from error
        audit_change(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            instance=slot,
            changes={"slot": [None, str(slot)]},
            school=provision.school,
            summary=f"Added a weekly session to {provision.name}",
        )
    return slot


def slot_remove(*, actor, slot: Slot) -> None:
    # Logged sessions keep their own day, time and length, so removing the weekly slot loses nothing.
    with transaction.atomic():
        # A repeated or concurrent removal finds the slot gone and is refused, not audited twice.
        if not Slot.objects.select_for_update().filter(pk=slot.pk).exists():
            raise StaleEditError
        audit_change(
            actor=actor,
            action=AuditEvent.Action.ARCHIVE,
            instance=slot,
            changes={"slot": [str(slot), None]},
            school=slot.provision.school,
            summary=f"Removed a weekly session from {slot.provision.name}",
        )
        slot.delete()


def member_add(
    *, actor, provision: Provision, pupil, joined_on: datetime.date, cycle=None, outcomes: Iterable = ()
) -> Member:
    if joined_on > provision.ends_on:
        raise ValidationError({"joined_on": "A pupil cannot join after the provision's planned end date"})
    if cycle is not None and cycle.pupil_id != pupil.pk:
        raise ValidationError({"cycle": "Choose one of this pupil's own plans"})
    outcomes = list(outcomes)
    if any(outcome.cycle_id != getattr(cycle, "pk", None) for outcome in outcomes):
        raise ValidationError({"outcomes": "Choose outcomes from the plan this provision serves"})
    with transaction.atomic():
        if provision.members.filter(pupil=pupil).exists():
            raise ValidationError({"pupil": "This pupil is already in this provision"})
        try:
            with transaction.atomic():
                member = Member.objects.create(provision=provision, pupil=pupil, joined_on=joined_on, cycle=cycle)
        except IntegrityError as error:  # added by someone else a moment ago
            raise ValidationError({"pupil": "This pupil is already in this provision"}) from error
        member.outcomes.set(outcomes)
        audit_change(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            instance=member,
            changes={
                "provision": [None, str(provision.pk)],
                "joined_on": [None, joined_on.isoformat()],
                "cycle": [None, str(cycle.pk) if cycle else None],
                "outcomes": [None, sorted(outcome.pk for outcome in outcomes)],
            },
            pupil=pupil,
            school=provision.school,
            summary=f"Joined {provision.name}",
        )
    return member


def member_leave(
    *, actor, member: Member, left_on: datetime.date, reason: str = "", expected_version: int | None = None
) -> Member:
    with transaction.atomic():
        current = Member.objects.select_for_update().select_related("provision", "pupil").get(pk=member.pk)
        if expected_version is not None and current.version != expected_version:
            raise StaleEditError
        if current.left_on is not None:
            raise ValidationError({"left_on": "This pupil has already left the provision"})
        if left_on < current.joined_on:
            raise ValidationError({"left_on": "The date they left must be on or after the date they joined"})
        current.left_on = left_on
        current.leave_reason = reason.strip()
        current.version = F("version") + 1
        current.save(update_fields=["left_on", "leave_reason", "version", "updated_at"])
        current.refresh_from_db(fields=["version"])
        audit_change(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            instance=current,
            changes={"left_on": [None, left_on.isoformat()], "leave_reason": ["", current.leave_reason]},
            pupil=current.pupil,
            school=current.provision.school,
            summary=f"Left {current.provision.name}",
        )
    return current


# --- Sessions --------------------------------------------------------------------------------------


def session_log(
    *,
    actor,
    provision: Provision,
    slot: Slot,
    held_on: datetime.date,
    held: bool,
    not_held_reason: str = "",
    note: str = "",
    attendance: Mapping[int, tuple[bool, str]],
    expected_version: int | None = None,
) -> Session:
    """Record (or correct) the session of `slot` on `held_on`. `attendance` maps each pupil's id to
    (attended, note); a session not held marks nobody present. `expected_version` is None for a
    first log and the version the person opened for a correction."""
    if held and not_held_reason:
        raise ValidationError({"not_held_reason": "A session that was held has no reason for not being held"})
    if not held and not not_held_reason:
        raise ValidationError({"not_held_reason": "Choose why the session did not happen"})
    if held_on.weekday() != slot.weekday or slot.provision_id != provision.pk:
        raise ValidationError("That day does not match the session's day of the week")
    with transaction.atomic():
        session = (
            Session.objects.select_for_update().filter(provision=provision, held_on=held_on, starts_at=slot.starts_at)
        ).first()
        if (session.version if session else None) != expected_version:
            raise StaleEditError
        before: dict = {}
        if session is None:
            session = Session(
                provision=provision, slot=slot, held_on=held_on, starts_at=slot.starts_at, minutes=slot.minutes
            )
            action = AuditEvent.Action.CREATE
        else:
            before = {"held": session.held, "not_held_reason": session.not_held_reason, "note": session.note}
            action = AuditEvent.Action.UPDATE
            session.version = F("version") + 1
        session.held, session.not_held_reason, session.note = held, not_held_reason, note.strip()
        session.recorded_by = actor
        try:
            with transaction.atomic():
                session.save()
        except IntegrityError as error:
            # Someone else logged the same session first.
            raise StaleEditError from error
        session.refresh_from_db(fields=["version"])
        _record_attendance(actor=actor, session=session, attendance=attendance, action=action)
        audit_change(
            actor=actor,
            action=action,
            instance=session,
            changes=diff(before, {"held": held, "not_held_reason": not_held_reason, "note": session.note}),
            school=provision.school,
            summary=f"Logged {provision.name} on {held_on:%d/%m/%Y}",
        )
    return session


def _record_attendance(*, actor, session: Session, attendance: Mapping[int, tuple[bool, str]], action: str) -> None:
    existing = {row.pupil_id: row for row in session.attendance.select_related("pupil")}
    pupils = {member.pupil_id: member.pupil for member in session.provision.members.select_related("pupil")}
    for pupil_id, (attended, note) in attendance.items():
        attended = attended and session.held
        note = note.strip()
        row = existing.get(pupil_id)
        before = {"attended": row.attended, "note": row.note} if row else {}
        if row is None:
            row = Attendance(session=session, pupil_id=pupil_id)
        row.attended, row.note = attended, note
        changes = diff(before, {"attended": attended, "note": note})
        if not changes:
            continue
        row.save()
        audit_change(
            actor=actor,
            action=action if before == {} else AuditEvent.Action.UPDATE,
            instance=row,
            changes=changes,
            pupil=pupils.get(pupil_id),
            school=session.provision.school,
            summary=f"{'Attended' if attended else 'Missed'} {session.provision.name} on {session.held_on:%d/%m/%Y}",
        )


# --- Entry and exit data, outcomes and the school's outcome scale -----------------------------------

RESULT_FIELDS = ("entry_value", "entry_on", "exit_value", "exit_on", "outcome_rating", "outcome_comment")


def member_record_results(*, actor, member: Member, expected_version: int, values: Mapping) -> Member:
    """A pupil's entry and exit data in the intervention's measure, and their outcome rating."""
    values = {name: value.strip() if isinstance(value, str) else value for name, value in values.items()}
    if set(values) - set(RESULT_FIELDS):
        raise ValueError("Not an entry, exit or outcome field")
    entry_on, exit_on = values.get("entry_on"), values.get("exit_on")
    if entry_on and exit_on and exit_on < entry_on:
        raise ValidationError({"exit_on": "The exit date must be on or after the entry date"})
    with transaction.atomic():
        current = Member.objects.select_for_update().select_related("provision", "pupil").get(pk=member.pk)
        if current.version != expected_version:
            raise StaleEditError
        before = snapshot(current, RESULT_FIELDS)
        for name, value in values.items():
            setattr(current, name, value)
        changes = diff(before, snapshot(current, RESULT_FIELDS))
        if not changes:
            return current
        current.save_next_version()
        audit_change(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            instance=current,
            changes=changes,
            pupil=current.pupil,
            school=current.provision.school,
            summary=f"Recorded entry, exit or outcome in {current.provision.name}",
        )
    return current


def outcome_scale_set(*, actor, school: School, levels: list[tuple[int, str]], expected_version: int | None):
    """Replace the school's outcome scale. `expected_version` is None while the school still uses
    the default scale."""
    values = [value for value, _ in levels]
    if len(levels) < 2 or len(set(values)) != len(values):
        raise ValidationError({"levels": "Enter at least two levels, each with a different number"})
    with transaction.atomic():
        scale = OutcomeScale.objects.select_for_update().filter(school=school).first()
        if (scale.version if scale else None) != expected_version:
            raise StaleEditError
        before = scale.levels if scale else [list(level) for level in DEFAULT_OUTCOME_SCALE]
        ordered = [[value, label.strip()] for value, label in sorted(levels)]
        if scale is None:
            scale = OutcomeScale.objects.create(school=school, levels=ordered)
        else:
            scale.levels = ordered
            scale.save_next_version()
        audit_change(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            instance=scale,
            changes={"levels": [before, ordered]},
            school=school,
            summary="Changed the outcome scale for provision",
        )
    return scale
