"""Changes to pupil records. Each runs in one transaction with its audit entry."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from opensend.audit.models import AuditEvent
from opensend.audit.services import archive_with_audit, audit_change, diff, snapshot
from opensend.schools.models import School

from .models import Pupil

# The pupil fields a person may change through the record page or the MIS import.
PUPIL_EDITABLE_FIELDS = (
    "upn",
    "legal_surname",
    "legal_forename",
    "preferred_forename",
    "date_of_birth",
    "sex",
    "free_school_meals",
    "english_additional_language",
    "pupil_premium",
    "looked_after",
    "previously_looked_after",
    "medical_needs",
)


class StaleEditError(Exception):
    """Someone else saved the record after this person opened it."""


def pupil_create(*, actor, school: School | None, **fields: Any) -> Pupil:
    with transaction.atomic():
        pupil = Pupil(**fields)
        pupil.full_clean()
        pupil.save()
        audit_change(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            instance=pupil,
            pupil=pupil,
            school=school,
            changes=diff({}, snapshot(pupil, PUPIL_EDITABLE_FIELDS)),
            summary="Pupil record created",
        )
    return pupil


def pupil_update(*, actor, pupil: Pupil, school: School | None, expected_version: int, **fields: Any) -> Pupil:
    """Apply `fields` if nobody has saved since `expected_version`; audit what changed."""
    unknown = set(fields) - set(PUPIL_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        current = Pupil.objects.select_for_update().get(pk=pupil.pk)
        if current.version != expected_version:
            raise StaleEditError
        before = snapshot(current, PUPIL_EDITABLE_FIELDS)
        for name, value in fields.items():
            setattr(current, name, value)
        changes = diff(before, snapshot(current, PUPIL_EDITABLE_FIELDS))
        if not changes:
            return current
        current.full_clean()
        current.save_next_version()
        audit_change(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            instance=current,
            pupil=current,
            school=school,
            changes=changes,
            summary="Pupil details changed",
        )
    return current


def pupil_archive(*, actor, pupil: Pupil, school: School | None, reason: str) -> Pupil:
    if not reason.strip():
        raise ValueError("Give a reason for archiving the record.")
    return archive_with_audit(
        actor=actor, instance=pupil, pupil=pupil, school=school, reason=reason, summary="Pupil record archived"
    )
