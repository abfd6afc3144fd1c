"""What pupil and staff imports share when they write: a plan worked out in full, then written in
one transaction, in batches, with an audit event for each record created or changed."""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from typing import Any, Protocol

from django.db import models, transaction

from opensend.accounts.models import User
from opensend.audit.models import AuditEvent
from opensend.core.school_cache import school_changed
from opensend.schools.models import School

from ..models import Pupil
from .results import ImportResult

BATCH = 500
# Postgres accepts at most 65,535 parameters in one statement; stay well below it.
_IN_CHUNK = 10_000


class Plan(Protocol):
    school: School

    def build(self) -> ImportResult: ...

    def write(self) -> None: ...


def plan_apply(plan: Plan, *, dry_run: bool) -> ImportResult:
    """Work out every change and write them all in one transaction; with dry_run, only count."""
    with transaction.atomic():
        result = plan.build()
        result.dry_run = dry_run
        if not dry_run:
            plan.write()
            school_changed(plan.school.pk)
    return result


def in_chunks(values: Sequence[Any], size: int = _IN_CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def audit_event(
    record: models.Model,
    *,
    action: str,
    changes: dict[str, list[Any]],
    actor: User | None,
    school: School,
    at: datetime.datetime,
    summary: str,
    pupil: Pupil | None = None,
) -> AuditEvent:
    """An unsaved event, for bulk_create."""
    return AuditEvent(
        at=at,
        actor=actor,
        # The command line has no signed-in person; the log says the import did it.
        actor_label=actor.email if actor is not None else "import",
        action=action,
        pupil=pupil,
        school=school,
        object_type=record._meta.label_lower,
        object_id=str(record.pk),
        changes=changes,
        summary=summary,
    )
