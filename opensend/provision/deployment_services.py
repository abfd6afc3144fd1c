"""Changes to staff deployment and quality assurance: who delivers a weekly session, cover for one
dated session, contracted hours and observations. Each runs in one transaction with its audit
entry; changes to an existing record quote the version they started from."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from opensend.audit.models import AuditEvent
from opensend.audit.services import archive_with_audit, audit_change, diff

from .models import Cover, Observation, Provision, Slot, SlotAssignment, StaffHours
from .services import StaleEditError

COVER_TAKEN = "This session already has cover on that date: cancel that cover first"


def _ids(people: Iterable) -> list[int]:
    return sorted(person.pk for person in people)


def slot_staff_set(*, actor, slot: Slot, expected_version: int, staff: Iterable) -> Slot:
    """From now on the weekly session is delivered by `staff`. Choosing exactly the provision's own
    staff clears the slot's assignment, so it follows the provision again. Quotes the provision's
    version, which it moves on."""
    staff = list(staff)
    if not staff:
        raise ValidationError({"staff": "Choose at least one member of staff who delivers this session"})
    with transaction.atomic():
        provision = Provision.objects.select_for_update().get(pk=slot.provision_id)
        if provision.version != expected_version or provision.is_archived:
            raise StaleEditError
        assigned = list(SlotAssignment.objects.filter(slot=slot))
        before = sorted(row.user_id for row in assigned) or _ids(provision.staff.all())
        after = _ids(staff)
        if before == after:
            return slot
        SlotAssignment.objects.filter(slot=slot).delete()
        if after != _ids(provision.staff.all()):
            SlotAssignment.objects.bulk_create(SlotAssignment(slot=slot, user=person) for person in staff)
        provision.save_next_version()
        audit_change(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            instance=slot,
            changes={"staff": [before, after]},
            school=provision.school,
            summary=f"Changed who delivers {provision.name}, {slot}",
        )
    return slot


def cover_create(
    *,
    actor,
    slot: Slot,
    on_date: datetime.date,
    covered_by,
    replaces=None,
    reason: str,
    note: str = "",
) -> Cover:
    """Someone covers the session of `slot` on `on_date`, in place of `replaces` if anyone."""
    provision = slot.provision
    if on_date.weekday() != slot.weekday:
        raise ValidationError(
            {"on_date": f"Choose a {slot.get_weekday_display()}: this session is on {slot.get_weekday_display()}s"}
        )
    if not provision.starts_on <= on_date <= provision.ends_on:
        raise ValidationError({"on_date": "Choose a date while the provision is running"})
    if replaces is not None and replaces.pk == covered_by.pk:
        raise ValidationError({"covered_by": "Choose someone other than the person who is away"})
    if reason not in Cover.Reason.values:
        raise ValidationError({"reason": "Choose why the session needs cover"})
    with transaction.atomic():
        if Cover.objects.active().filter(provision=provision, on_date=on_date, starts_at=slot.starts_at).exists():
            raise ValidationError({"on_date": COVER_TAKEN})
        try:
            with transaction.atomic():
                cover = Cover.objects.create(
                    provision=provision,
                    slot=slot,
                    on_date=on_date,
                    starts_at=slot.starts_at,
                    minutes=slot.minutes,
                    covered_by=covered_by,
                    replaces=replaces,
                    reason=reason,
                    note=note.strip(),
                    created_by=actor,
                )
        except IntegrityError as error:  # recorded by someone else a moment ago
            raise ValidationError({"on_date": COVER_TAKEN}) from error
        audit_change(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            instance=cover,
            changes=diff(
                {},
                {
                    "provision": provision.pk,
                    "on_date": on_date.isoformat(),
                    "starts_at": slot.starts_at.isoformat(),
                    "covered_by": covered_by.pk,
                    "replaces": replaces.pk if replaces else None,
                    "reason": reason,
                    "note": cover.note,
                },
            ),
            school=provision.school,
            summary=f"Cover for {provision.name} on {on_date:%d/%m/%Y}",
        )
    return cover


def cover_cancel(*, actor, cover: Cover, expected_version: int, reason: str) -> Cover:
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the cover is cancelled"})
    with transaction.atomic():
        current = Cover.objects.select_for_update().get(pk=cover.pk)
        if current.version != expected_version or current.is_archived:
            raise StaleEditError
        return archive_with_audit(
            actor=actor,
            instance=current,
            pupil=None,
            school=cover.provision.school,
            reason=reason,
            summary=f"Cancelled cover for {cover.provision.name} on {cover.on_date:%d/%m/%Y}",
        )


def staff_hours_set(*, actor, school, user, hours_per_week: Decimal, expected_version: int | None) -> StaffHours:
    """A member of staff's contracted hours a week at the school. `expected_version` is None when
    none were recorded yet."""
    if not Decimal(0) < hours_per_week <= Decimal(60):
        raise ValidationError({"hours_per_week": "Contracted hours must be more than 0 and no more than 60"})
    with transaction.atomic():
        row = StaffHours.objects.select_for_update().filter(school=school, user=user).first()
        if (row.version if row else None) != expected_version:
            raise StaleEditError
        before = str(row.hours_per_week) if row else None
        if row is None:
            try:
                with transaction.atomic():
                    row = StaffHours.objects.create(school=school, user=user, hours_per_week=hours_per_week)
            except IntegrityError as error:  # recorded by someone else a moment ago
                raise StaleEditError from error
        else:
            row.hours_per_week = hours_per_week
            row.save_next_version()
        audit_change(
            actor=actor,
            action=AuditEvent.Action.UPDATE if before else AuditEvent.Action.CREATE,
            instance=row,
            changes={"hours_per_week": [before, str(hours_per_week)]},
            school=school,
            summary=f"Contracted hours of {user.display_name}",
        )
    return row


OBSERVATION_FIELDS = ("observed_on", "seen", "strengths", "next_steps")


def observation_create(*, actor, provision: Provision, staff, values: dict) -> Observation:
    values = {name: value.strip() if isinstance(value, str) else value for name, value in values.items()}
    if set(values) != set(OBSERVATION_FIELDS):
        raise ValueError("An observation needs its date, what was seen, strengths and next steps")
    if values["observed_on"] < provision.starts_on:
        raise ValidationError({"observed_on": "The observation must be on or after the provision started"})
    with transaction.atomic():
        observation = Observation.objects.create(provision=provision, staff=staff, observer=actor, **values)
        audit_change(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            instance=observation,
            changes=diff({}, {"provision": provision.pk, "staff": staff.pk, **{k: str(v) for k, v in values.items()}}),
            school=provision.school,
            summary=f"Observed {staff.display_name} in {provision.name}",
        )
    return observation
