"""Destroying records that the retention schedule says are due, once a SENDCo or head confirms it.

A destroyed pupil's audit events go with the record: they hold the same personal data (names in
the changes, who looked at the child's file), so keeping them would keep the record past its date.
The database lets audit events be deleted only for a pupil named in an erasure permit, and the
permit exists only inside the transaction below. What remains is the destruction record: the
kind, how many, when, who confirmed it and why, with nothing about the pupils.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import router, transaction
from django.db.models import FileField, Model, ProtectedError
from django.db.models.deletion import Collector
from django.utils import timezone

from opensend.accounts.models import User
from opensend.audit.models import AuditEvent, ErasurePermit
from opensend.audit.services import audit_change
from opensend.pupils.models import Pupil
from opensend.schools.models import School

from . import selectors
from .models import DestructionRecord, RetentionOverride, RetentionRule, SubjectAccessExport


class NothingToDestroy(ValueError):
    pass


class PeriodChangedMeanwhile(Exception):
    """Someone else changed the school's period since this person's page was opened."""


# Longer than anyone could need a school's SEN file: a typing slip, not a choice.
LONGEST_PERIOD_YEARS = 100


def set_retention_period(
    *, actor: User, school: School, rule: RetentionRule, period_years: int, reason: str, seen_years: int
) -> RetentionOverride:
    """Record the school's own period for one rule, ending the choice before it. Never shorter than
    the schedule: the schedule's periods are the law's and the toolkit's floor (the SEN file outlives
    a claim under the Limitation Act), so a shorter one is a change to the schedule, by review."""
    if period_years < rule.period_years:
        raise ValidationError(
            {
                "period_years": f"The period must be at least {rule.period_years} years, as the retention schedule "
                "says: a school may keep records longer, never for less"
            }
        )
    if period_years > LONGEST_PERIOD_YEARS:
        raise ValidationError({"period_years": f"The period must be {LONGEST_PERIOD_YEARS} years or fewer"})
    with transaction.atomic():
        in_force = RetentionOverride.objects.select_for_update().filter(school=school, rule=rule, ended_at__isnull=True)
        current = in_force.first()
        before = current.period_years if current else rule.period_years
        if before != seen_years:
            raise PeriodChangedMeanwhile
        if before == period_years:
            raise ValidationError({"period_years": f"The school already keeps these records for {period_years} years"})
        now = timezone.now()
        if current:
            current.ended_at = now
            current.save(update_fields=["ended_at"])
        override = RetentionOverride.objects.create(
            school=school,
            rule=rule,
            period_years=period_years,
            reason=reason.strip(),
            set_by=actor,
            set_by_label=actor.email,
            set_at=now,
        )
        audit_change(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            instance=override,
            school=school,
            changes={"period_years": [before, period_years], "reason": ["", override.reason]},
            summary=f"Retention of {rule.record_kind} set to {period_years} years",
        )
    return override


def clear_expired_exports(schools) -> int:
    """Drop the content of subject access exports past their download window: an expired export
    would otherwise keep a copy of the whole record in the database."""
    expired = SubjectAccessExport.objects.filter(
        school__in=schools, requested_at__lt=timezone.now() - SubjectAccessExport.KEPT_FOR
    ).exclude(content__isnull=True)
    return expired.update(content=None)


def _delete_with_collector(queryset) -> int:
    collector = Collector(using=router.db_for_write(queryset.model))
    collector.collect(queryset)
    deleted, _ = collector.delete()
    return deleted


def _pupil_rows(pupil: Pupil) -> dict[type[Model], set]:
    """Every row that refers to the pupil, directly or through a row that does, by model. Hidden
    relations (related_name="+") count: they hold the pupil's data as much as any other."""
    rows: dict[type[Model], set] = {Pupil: {pupil.pk}}
    frontier = [(Pupil, {pupil.pk})]
    while frontier:
        model, pks = frontier.pop()
        for relation in model._meta.get_fields(include_hidden=True):
            if not (relation.auto_created and not relation.concrete and (relation.one_to_many or relation.one_to_one)):
                continue
            related = relation.related_model
            found = set(
                related._base_manager.filter(**{f"{relation.field.name}__in": pks}).values_list("pk", flat=True)
            )
            new = found - rows.get(related, set())
            if new:
                rows.setdefault(related, set()).update(new)
                frontier.append((related, new))
    return rows


def _stored_files(rows: dict[type[Model], set]) -> list[tuple]:
    files = []
    for model, pks in rows.items():
        for field in model._meta.concrete_fields:
            if isinstance(field, FileField):
                names = model._base_manager.filter(pk__in=pks).exclude(**{field.name: ""})
                files += [(field.storage, name) for name in names.values_list(field.name, flat=True)]
    return files


def _delete_files_after_commit(files: list[tuple]) -> None:
    def delete() -> None:
        for storage, name in files:
            storage.delete(name)

    transaction.on_commit(delete)


def _erase_pupil(pupil: Pupil) -> int:
    """Delete every row that belongs to the pupil, then the pupil: a row others protect (a plan its
    reviews refer to) waits until those others are gone. Stored files go once the deletion commits."""
    rows = _pupil_rows(pupil)
    del rows[Pupil]
    _delete_files_after_commit(_stored_files(rows))
    pending = [model._base_manager.filter(pk__in=pks) for model, pks in rows.items()]
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
