"""Destroying records that the retention schedule says are due, once a SENDCo or head confirms it.

A destroyed pupil's audit events go with the record: they hold the same personal data (names in
the changes, who looked at the child's file), so keeping them would keep the record past its date.
The database lets audit events be deleted only for a pupil named in an erasure permit, and the
permit exists only inside the transaction below. What remains is the destruction record: the
kind, how many, when, who confirmed it and why, with nothing about the pupils.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import router, transaction
from django.db.models import ProtectedError
from django.db.models.deletion import Collector

from opensend.accounts.models import User
from opensend.audit.models import AuditEvent, ErasurePermit
from opensend.audit.services import audit_change
from opensend.pupils.models import Pupil
from opensend.schools.models import School

from . import selectors
from .models import DestructionRecord, RetentionRule


class NothingToDestroy(ValueError):
    pass


def _delete_with_collector(queryset) -> int:
    collector = Collector(using=router.db_for_write(queryset.model))
    collector.collect(queryset)
    deleted, _ = collector.delete()
    return deleted


def _erase_pupil(pupil: Pupil) -> int:
    """Delete every row that points at the pupil, then the pupil: the rows that others protect
    (a passport photo its versions use) wait until those others are gone."""
    pending = [
        relation.related_model._base_manager.filter(**{relation.field.name: pupil})
        for relation in Pupil._meta.related_objects
        if relation.one_to_many or relation.one_to_one
    ]
    deleted = 0
    while pending:
        waiting = []
        for queryset in pending:
            try:
                deleted += _delete_with_collector(queryset)
            except ProtectedError:
                waiting.append(queryset)
        if len(waiting) == len(pending):
            raise ProtectedError("Something outside the pupil's record still refers to it.", set())
        pending = waiting
    return deleted + _delete_with_collector(Pupil.objects.filter(pk=pupil.pk))


def destroy_due_records(
    *, actor: User, role: str, school: School, rule: RetentionRule, confirmed_pupil_ids: Iterable, reason: str
) -> DestructionRecord:
    """Destroy the records the person confirmed that are still due under the rule, all or none."""
    with transaction.atomic():
        pupils = list(
            selectors.due_pupils(rule, school).filter(public_id__in=list(confirmed_pupil_ids)).select_for_update()
        )
        if not pupils:
            raise NothingToDestroy("None of these records is due for destruction any more.")
        rows = 0
        for pupil in pupils:
            ErasurePermit.objects.create(pupil_id=pupil.pk)
            rows += _erase_pupil(pupil)
            ErasurePermit.objects.filter(pupil_id=pupil.pk).delete()
        record = DestructionRecord.objects.create(
            school=school,
            rule=rule,
            record_kind=rule.record_kind,
            records=len(pupils),
            rows=rows,
            confirmed_by=actor,
            confirmed_by_label=actor.email,
            confirmed_role=role,
            reason=reason.strip(),
        )
        audit_change(
            actor=actor,
            action=AuditEvent.Action.DESTROY,
            instance=record,
            school=school,
            changes={},
            summary=f"Destroyed {record.records} {rule.record_kind} record(s) under the retention schedule",
        )
    return record
