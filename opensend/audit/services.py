"""Writing the audit log. Callers write inside their own transaction, so the record and its
audit entry commit or roll back together."""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from opensend.core.school_cache import school_changed

from .models import AuditEvent

Snapshot = dict[str, Any]


def _plain(value: Any) -> Any:
    """A JSON-safe form of a field value."""
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID | decimal.Decimal):
        return str(value)
    return value


def snapshot(instance: models.Model, fields: Iterable[str]) -> Snapshot:
    """The values of `fields` as the audit stores them (foreign keys by id)."""
    values: Snapshot = {}
    for name in fields:
        field = instance._meta.get_field(name)
        values[name] = _plain(getattr(instance, field.attname))
    return values


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    return {name: [before.get(name), after[name]] for name in after if before.get(name) != after[name]}


def _actor_label(actor) -> str:
    return actor.email if actor is not None else "system"


def audit_change(
    *,
    actor,
    action: str,
    instance: models.Model,
    changes: Mapping[str, list[Any]],
    pupil=None,
    school=None,
    summary: str = "",
) -> AuditEvent:
    if school is not None:
        school_changed(school.pk)
    return AuditEvent.objects.create(
        actor=actor,
        actor_label=_actor_label(actor),
        action=action,
        pupil=pupil,
        school=school,
        object_type=instance._meta.label_lower,
        object_id=str(instance.pk),
        changes=dict(changes),
        summary=summary[:200],
    )


def audit_view(*, actor, pupil, school=None, what: str = "pupil record") -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor,
        actor_label=_actor_label(actor),
        action=AuditEvent.Action.VIEW,
        pupil=pupil,
        school=school,
        object_type="pupils.pupil",
        object_id=str(pupil.pk),
        summary=f"Viewed {what}",
    )


def audit_list_view(*, actor, pupils, school=None, what: str) -> None:
    """One view entry for each pupil a list shows (a register of sensitive records), in one query."""
    AuditEvent.objects.bulk_create(
        AuditEvent(
            actor=actor,
            actor_label=_actor_label(actor),
            action=AuditEvent.Action.VIEW,
            pupil=pupil,
            school=school,
            object_type="pupils.pupil",
            object_id=str(pupil.pk),
            summary=f"Viewed {what}",
        )
        for pupil in pupils
    )


def archive_with_audit(*, actor, instance: models.Model, pupil, school, reason: str, summary: str):
    """Archive an archivable, versioned record with its reason, bumping its version, and audit it in
    the same transaction. Archiving twice changes nothing."""
    with transaction.atomic():
        current = type(instance).objects.select_for_update().get(pk=instance.pk)
        if current.is_archived:
            return current
        current.archived_at = timezone.now()
        current.archived_by = actor
        current.archive_reason = reason.strip()
        current.save_next_version()
        audit_change(
            actor=actor,
            action=AuditEvent.Action.ARCHIVE,
            instance=current,
            pupil=pupil,
            school=school,
            changes={"archive_reason": ["", current.archive_reason]},
            summary=summary,
        )
    return current
