"""Changes to the designated teacher's register and to PEPs. Each runs in one transaction with its
audit entry; an edit quotes the version it was made from, and a stale one changes nothing. A change
of care status also keeps the pupil's own "looked after" and "previously looked after" flags in step,
audited, because those flags decide which pupils the designated teacher reaches."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from opensend.audit.models import AuditEvent
from opensend.audit.services import audit_change, diff, snapshot
from opensend.pupils.models import Pupil
from opensend.schools.models import School

from .models import CareEvent, CareRecord, CareStatus, Pep, PepTarget, PpPlusSpend

CONTACT_FIELDS = (
    "care_authority",
    "care_authority_name",
    "legal_status",
    "placement",
    "pep_initiated_on",
    "social_worker_name",
    "social_worker_email",
    "social_worker_phone",
    "virtual_school_name",
    "virtual_school_email",
    "virtual_school_phone",
)
STATUS_FIELDS = ("status", "entered_care_on", "left_care_on", "arrangement", "arrangement_on")
RECORD_FIELDS = STATUS_FIELDS + CONTACT_FIELDS
PEP_FIELDS = (
    "kind",
    "meeting_on",
    "attendees",
    "attainment",
    "attendance_percent",
    "attendance_notes",
    "sen",
    "child_voice",
    "pp_plus_allocated",
    "annual_review",
)
TARGET_FIELDS = ("description", "progress", "progress_notes")
SPEND_FIELDS = ("amount", "purpose")
PUPIL_FLAGS = ("looked_after", "previously_looked_after")


class StaleEditError(Exception):
    """Someone else saved this after the person opened it."""


def _assign(instance, fields: tuple, values: Mapping) -> None:
    unknown = set(values) - set(fields)
    if unknown:
        raise ValueError(f"Not editable here: {', '.join(sorted(unknown))}")
    for name, value in values.items():
        setattr(instance, name, value.strip() if isinstance(value, str) else value)


def _locked(model, pk: int, expected_version: int):
    current = model.objects.select_for_update().get(pk=pk)
    if current.version != expected_version or getattr(current, "is_archived", False):
        raise StaleEditError
    return current


def _status_errors(record: CareRecord) -> dict[str, str]:
    """What the status needs: the date a looked-after child entered care; the order and date a
    previously looked-after child left care under; the date a child left care."""
    errors = {}
    today = timezone.localdate()
    if record.status == CareStatus.LOOKED_AFTER and not record.entered_care_on:
        errors["entered_care_on"] = "Enter the date the child entered care"
    if record.status == CareStatus.PREVIOUSLY:
        if not record.arrangement:
            errors["arrangement"] = "Select the order under which the child left care"
        if not record.arrangement_on:
            errors["arrangement_on"] = "Enter the date of the arrangement"
    if record.status == CareStatus.LEFT and not record.left_care_on:
        errors["left_care_on"] = "Enter the date the child left care"
    for name in ("entered_care_on", "left_care_on", "arrangement_on", "pep_initiated_on"):
        value = getattr(record, name)
        if value and value > today and name not in errors:
            errors[name] = f"The {CareRecord._meta.get_field(name).verbose_name} must be today or in the past"
    if record.entered_care_on and record.left_care_on and record.left_care_on < record.entered_care_on:
        errors.setdefault("left_care_on", "The date the child left care must be on or after the date they entered it")
    return errors


def _check(record: CareRecord) -> None:
    errors = _status_errors(record)
    if errors:
        raise ValidationError(errors)
    record.full_clean()


def _sync_pupil(*, actor, pupil: Pupil, school: School, status: str) -> None:
    """The pupil's flags follow the register, so the designated teacher reaches exactly the pupils on it."""
    current = Pupil.objects.select_for_update().get(pk=pupil.pk)
    before = snapshot(current, PUPIL_FLAGS)
    current.looked_after = status == CareStatus.LOOKED_AFTER
    current.previously_looked_after = status == CareStatus.PREVIOUSLY
    changes = diff(before, snapshot(current, PUPIL_FLAGS))
    if changes:
        current.save_next_version()
        audit_change(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            instance=current,
            changes=changes,
            pupil=current,
            school=school,
            summary="Looked-after status changed from the designated teacher's register",
        )


def _event_for(record: CareRecord, *, actor, detail: str = "") -> CareEvent | None:
    """The history line a status records: entering care, leaving it, or leaving under an order."""
    if record.status == CareStatus.LOOKED_AFTER:
        kind, on = CareEvent.Kind.ENTERED, record.entered_care_on
        detail = detail or record.get_legal_status_display()
    elif record.status == CareStatus.PREVIOUSLY:
        kind, on = CareEvent.Kind.ARRANGEMENT, record.arrangement_on
        detail = detail or record.get_arrangement_display()
    else:
        kind, on = CareEvent.Kind.LEFT, record.left_care_on
    return CareEvent.objects.create(record=record, kind=kind, on=on, detail=detail[:200], recorded_by=actor)


def add_to_register(*, actor, pupil: Pupil, school: School, values: Mapping) -> CareRecord:
    record = CareRecord(pupil=pupil, school=school)
    _assign(record, RECORD_FIELDS, values)
    with transaction.atomic():
        if CareRecord.objects.active().filter(pupil=pupil, school=school).exists():
            raise ValidationError({"status": "The pupil is already on the register: change their entry instead"})
        _check(record)
        try:
            # Two first saves at once both pass the check above; the database lets only one in.
            with transaction.atomic():
                record.save()
        except IntegrityError:
            raise ValidationError({"status": "This pupil is already on the register"}) from None
        _event_for(record, actor=actor)
        audit_change(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            instance=record,
            changes=diff({}, snapshot(record, RECORD_FIELDS)),
            pupil=pupil,
            school=school,
            summary=f"Added to the designated teacher's register: {record.get_status_display().lower()}",
        )
        _sync_pupil(actor=actor, pupil=pupil, school=school, status=record.status)
    return record


def update_contacts(*, actor, school: School, record: CareRecord, expected_version: int, values: Mapping) -> CareRecord:
    """Change the care authority, legal status, placement and contacts; the status has its own step."""
    with transaction.atomic():
        current = _locked(CareRecord, record.pk, expected_version)
        before = snapshot(current, CONTACT_FIELDS)
        _assign(current, CONTACT_FIELDS, values)
        _check(current)
        current.save_next_version()
        changes = diff(before, snapshot(current, CONTACT_FIELDS))
        if changes:
            audit_change(
                actor=actor,
                action=AuditEvent.Action.UPDATE,
                instance=current,
                changes=changes,
                pupil=current.pupil,
                school=school,
                summary="Changed the designated teacher's register entry",
            )
    return current


def change_status(*, actor, school: School, record: CareRecord, expected_version: int, values: Mapping) -> CareRecord:
    """The child entered care again, left it, or left it under a post-care order: a dated line in
    the history, and the pupil's flags follow."""
    with transaction.atomic():
        current = _locked(CareRecord, record.pk, expected_version)
        before = snapshot(current, STATUS_FIELDS)
        _assign(current, STATUS_FIELDS, values)
        if current.status == CareStatus.LOOKED_AFTER:
            current.left_care_on, current.arrangement, current.arrangement_on = None, "", None
        _check(current)
        current.save_next_version()
        changes = diff(before, snapshot(current, STATUS_FIELDS))
        if changes:
            _event_for(current, actor=actor)
            audit_change(
                actor=actor,
                action=AuditEvent.Action.UPDATE,
                instance=current,
                changes=changes,
                pupil=current.pupil,
                school=school,
                summary=f"Care status now {current.get_status_display().lower()}",
            )
            _sync_pupil(actor=actor, pupil=current.pupil, school=school, status=current.status)
    return current


def _pep_errors(pep: Pep) -> dict[str, str]:
    errors = {}
    if pep.meeting_on and pep.meeting_on > timezone.localdate():
        errors["meeting_on"] = "The date of the PEP meeting must be today or in the past"
    review = pep.annual_review
    if review is not None and review.meeting_on != pep.meeting_on:
        errors["annual_review"] = (
            f"The annual review chosen was held on {review.meeting_on:%-d %B %Y}: a PEP held with it has the same date"
        )
    return errors


def record_pep(*, actor, record: CareRecord, school: School, values: Mapping) -> Pep:
    pep = Pep(record=record, recorded_by=actor)
    _assign(pep, PEP_FIELDS, values)
    with transaction.atomic():
        errors = _pep_errors(pep)
        if errors:
            raise ValidationError(errors)
        pep.full_clean()
        pep.save()
        audit_change(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            instance=pep,
            changes=diff({}, snapshot(pep, PEP_FIELDS)),
            pupil=record.pupil,
            school=school,
            summary=f"Recorded the {pep}",
        )
    return pep


def update_pep(*, actor, school: School, pep: Pep, expected_version: int, values: Mapping) -> Pep:
    with transaction.atomic():
        current = _locked(Pep, pep.pk, expected_version)
        before = snapshot(current, PEP_FIELDS)
        _assign(current, PEP_FIELDS, values)
        errors = _pep_errors(current)
        if errors:
            raise ValidationError(errors)
        current.full_clean()
        current.save_next_version()
        changes = diff(before, snapshot(current, PEP_FIELDS))
        if changes:
            audit_change(
                actor=actor,
                action=AuditEvent.Action.UPDATE,
                instance=current,
                changes=changes,
                pupil=current.record.pupil,
                school=school,
                summary=f"Changed the {current}",
            )
    return current


def _add_line(*, actor, instance, fields: tuple, values: Mapping, school: School, summary: str):
    _assign(instance, fields, values)
    with transaction.atomic():
        instance.full_clean()
        instance.save()
        audit_change(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            instance=instance,
            changes=diff({}, snapshot(instance, fields)),
            pupil=instance.pep.record.pupil,
            school=school,
            summary=summary,
        )
    return instance


def add_target(*, actor, pep: Pep, school: School, values: Mapping) -> PepTarget:
    return _add_line(
        actor=actor, instance=PepTarget(pep=pep), fields=TARGET_FIELDS, values=values, school=school,
        summary=f"Added a target to the {pep}",
    )  # fmt: skip


def update_target(*, actor, target: PepTarget, school: School, expected_version: int, values: Mapping) -> PepTarget:
    with transaction.atomic():
        current = _locked(PepTarget, target.pk, expected_version)
        before = snapshot(current, TARGET_FIELDS)
        _assign(current, TARGET_FIELDS, values)
        current.full_clean()
        current.save_next_version()
        changes = diff(before, snapshot(current, TARGET_FIELDS))
        if changes:
            audit_change(
                actor=actor,
                action=AuditEvent.Action.UPDATE,
                instance=current,
                changes=changes,
                pupil=current.pep.record.pupil,
                school=school,
                summary=f"Updated a target's progress on the {current.pep}",
            )
    return current


def add_spend(*, actor, pep: Pep, school: School, values: Mapping) -> PpPlusSpend:
    return _add_line(
        actor=actor, instance=PpPlusSpend(pep=pep), fields=SPEND_FIELDS, values=values, school=school,
        summary=f"Added Pupil Premium Plus spending to the {pep}",
    )  # fmt: skip
