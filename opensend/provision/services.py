"""Changes to the intervention library and to provision. Each runs in one transaction with its
audit entry; edits quote the version they started from and are refused if it has moved on."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from opensend.audit.models import AuditEvent
from opensend.audit.services import archive_with_audit, audit_change, diff, snapshot
from opensend.schools.models import School

from .models import Intervention

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
        current.version = F("version") + 1
        current.save()
        current.refresh_from_db(fields=["version"])
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
