"""Recording, correcting and archiving assessment results. Each runs in one transaction with its
audit entry."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from opensend.audit.models import AuditEvent
from opensend.audit.services import archive_with_audit, audit_change, diff, snapshot
from opensend.pupils.models import Pupil
from opensend.schools.models import School

from .models import AssessmentResult

RESULT_FIELDS = (
    "test_name",
    "taken_on",
    "raw_score",
    "standardised_score",
    "percentile",
    "age_equivalent_months",
    "assessor",
    "assessor_name",
    "notes",
)


class StaleEditError(Exception):
    """Someone else saved the result after this person opened it."""


def assessment_create(*, actor, pupil: Pupil, school: School, **fields: Any) -> AssessmentResult:
    _refuse_unknown(fields)
    with transaction.atomic():
        result = AssessmentResult(pupil=pupil, school=school, recorded_by=actor, **fields)
        result.full_clean()
        result.save()
        audit_change(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            instance=result,
            pupil=pupil,
            school=school,
            changes=diff({}, snapshot(result, RESULT_FIELDS)),
            summary=f"Assessment result recorded: {result.test_name}",
        )
    return result


def assessment_update(
    *, actor, result: AssessmentResult, school: School, expected_version: int, **fields: Any
) -> AssessmentResult:
    """Apply `fields` if nobody has saved since `expected_version`; audit what changed."""
    _refuse_unknown(fields)
    with transaction.atomic():
        current = AssessmentResult.objects.select_for_update().get(pk=result.pk)
        if current.version != expected_version or current.is_archived:
            raise StaleEditError
        before = snapshot(current, RESULT_FIELDS)
        for name, value in fields.items():
            setattr(current, name, value)
        changes = diff(before, snapshot(current, RESULT_FIELDS))
        if not changes:
            return current
        current.full_clean()
        current.save_next_version()
        audit_change(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            instance=current,
            pupil=current.pupil,
            school=school,
            changes=changes,
            summary=f"Assessment result changed: {current.test_name}",
        )
    return current


def assessment_archive(*, actor, result: AssessmentResult, school: School, reason: str) -> AssessmentResult:
    if not reason.strip():
        raise ValueError("Give a reason for archiving the result.")
    return archive_with_audit(
        actor=actor,
        instance=result,
        pupil=result.pupil,
        school=school,
        reason=reason,
        summary=f"Assessment result archived: {result.test_name}",
    )


def _refuse_unknown(fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(RESULT_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
