"""Changes to the SEND register. Each runs in one transaction with its audit entries and keeps the
invariants the census relies on: one open provision per pupil, one need per rank, NSA only with K."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction

from opensend.audit.models import AuditEvent
from opensend.audit.services import audit_change, snapshot
from opensend.pupils.models import Pupil
from opensend.schools.models import School

from .codes import Provision, SenType
from .models import BaseMembership, MonitoringEntry, SenNeed, SenStatus

AUDITED_STATUS_FIELDS = ("provision", "start_date", "end_date", "reason", "parents_notified_on", "parents_notified_by")


def current_status(pupil: Pupil) -> SenStatus | None:
    return pupil.sen_statuses.filter(end_date__isnull=True).first()


def sen_status_set(
    *,
    actor,
    pupil: Pupil,
    school: School,
    provision: str,
    start_date: datetime.date,
    reason: str,
    parents_notified_on: datetime.date | None = None,
    parents_notified_by: str = "",
) -> SenStatus:
    """Close the pupil's open provision the day before `start_date` and open the new one."""
    if provision not in Provision.values:
        raise ValidationError({"provision": "Choose N, K or E."})
    with transaction.atomic():
        Pupil.objects.select_for_update().filter(pk=pupil.pk).first()  # one change at a time per pupil
        previous = current_status(pupil)
        if previous is not None:
            if start_date <= previous.start_date:
                began = f"{previous.start_date:%d/%m/%Y}"
                raise ValidationError(
                    {"start_date": f"The start date must be after {began}, when the current one began."}
                )
            before = snapshot(previous, AUDITED_STATUS_FIELDS)
            previous.end_date = start_date - datetime.timedelta(days=1)
            previous.save(update_fields=["end_date", "updated_at"])
            audit_change(
                actor=actor,
                action=AuditEvent.Action.UPDATE,
                instance=previous,
                pupil=pupil,
                school=school,
                changes={"end_date": [before["end_date"], previous.end_date.isoformat()]},
                summary=f"SEN provision {previous.provision} ended",
            )
        if provision == Provision.NONE:
            _end_needs_not_allowed_without_sen(actor=actor, pupil=pupil, school=school, on=start_date)
        else:
            if provision != Provision.SEN_SUPPORT:
                _refuse_nsa(pupil)
            _end_monitoring_on_joining_the_register(actor=actor, pupil=pupil, school=school, on=start_date)
        status = SenStatus(
            pupil=pupil,
            school=school,
            provision=provision,
            start_date=start_date,
            reason=reason.strip(),
            decided_by=actor,
            parents_notified_on=parents_notified_on,
            parents_notified_by=parents_notified_by,
        )
        status.full_clean()
        status.save()
        audit_change(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            instance=status,
            pupil=pupil,
            school=school,
            changes={name: [None, value] for name, value in snapshot(status, AUDITED_STATUS_FIELDS).items()},
            summary=f"SEN provision set to {status.get_provision_display()}",
        )
    return status


def _refuse_nsa(pupil: Pupil) -> None:
    if pupil.sen_needs.filter(end_date__isnull=True, need_type=SenType.NSA).exists():
        raise ValidationError({"provision": "NSA is a need for SEN support (K) only: change the needs first."})


def _end_monitoring_on_joining_the_register(*, actor, pupil: Pupil, school: School, on: datetime.date) -> None:
    """The monitoring list is for pupils before a decision about the register: joining it ends monitoring."""
    entry = MonitoringEntry.objects.filter(pupil=pupil, school=school, ended_on__isnull=True).first()
    if entry is not None:
        monitoring_end(actor=actor, entry=entry, reason="Added to the SEN register", on=on)


def _end_needs_not_allowed_without_sen(*, actor, pupil: Pupil, school: School, on: datetime.date) -> None:
    """A pupil with provision N has no recorded needs (census rule 2125): end them."""
    for need in pupil.sen_needs.filter(end_date__isnull=True):
        need.end_date = max(on - datetime.timedelta(days=1), need.start_date)
        need.save(update_fields=["end_date", "updated_at"])
        audit_change(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            instance=need,
            pupil=pupil,
            school=school,
            changes={"end_date": [None, need.end_date.isoformat()]},
            summary=f"Need {need.need_type} ended",
        )


def sen_needs_set(*, actor, pupil: Pupil, school: School, needs: Sequence[str], on: datetime.date) -> list[SenNeed]:
    """Replace the pupil's current needs with `needs`, in rank order (the first is the primary need)."""
    codes = [code for code in needs if code]
    if len(set(codes)) != len(codes):
        raise ValidationError({"needs": "Each need can be recorded once."})
    unknown = [code for code in codes if code not in SenType.values]
    if unknown:
        raise ValidationError({"needs": f"Not a census SEN type: {', '.join(unknown)}."})
    with transaction.atomic():
        Pupil.objects.select_for_update().filter(pk=pupil.pk).first()
        status = current_status(pupil)
        provision = status.provision if status else Provision.NONE
        if codes and provision == Provision.NONE:
            raise ValidationError({"needs": "Needs are recorded for pupils on SEN support or with an EHC plan."})
        if SenType.NSA in codes and provision != Provision.SEN_SUPPORT:
            raise ValidationError({"needs": "NSA can only be used with SEN support (census rule 2175)."})
        current = list(pupil.sen_needs.filter(end_date__isnull=True).order_by("rank"))
        if [need.need_type for need in current] == codes:
            return current
        for need in current:
            need.end_date = max(on - datetime.timedelta(days=1), need.start_date)
            need.save(update_fields=["end_date", "updated_at"])
        created = SenNeed.objects.bulk_create(
            [
                SenNeed(pupil=pupil, need_type=code, rank=rank, start_date=on, recorded_by=actor)
                for rank, code in enumerate(codes, start=1)
            ]
        )
        audit_change(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            instance=pupil,
            pupil=pupil,
            school=school,
            changes={"needs": [[need.need_type for need in current], codes]},
            summary="SEN needs changed",
        )
    return created


def monitoring_add(*, actor, pupil: Pupil, school: School, reason: str, on: datetime.date) -> MonitoringEntry:
    if not reason.strip():
        raise ValidationError({"reason": "Say why the pupil is being monitored."})
    with transaction.atomic():
        existing = MonitoringEntry.objects.filter(pupil=pupil, school=school, ended_on__isnull=True).first()
        if existing is not None:
            return existing
        entry = MonitoringEntry.objects.create(
            pupil=pupil, school=school, reason=reason.strip(), started_on=on, added_by=actor
        )
        audit_change(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            instance=entry,
            pupil=pupil,
            school=school,
            changes={"reason": [None, entry.reason], "started_on": [None, on.isoformat()]},
            summary="Added to the monitoring list",
        )
    return entry


def monitoring_end(*, actor, entry: MonitoringEntry, reason: str, on: datetime.date) -> MonitoringEntry:
    with transaction.atomic():
        if entry.ended_on is not None:
            return entry
        entry.ended_on = max(on, entry.started_on)
        entry.end_reason = reason.strip()
        entry.save(update_fields=["ended_on", "end_reason", "updated_at"])
        audit_change(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            instance=entry,
            pupil=entry.pupil,
            school=entry.school,
            changes={"ended_on": [None, entry.ended_on.isoformat()], "end_reason": ["", entry.end_reason]},
            summary="Taken off the monitoring list",
        )
    return entry


def base_membership_set(
    *, actor, pupil: Pupil, school: School, kind: str, member: bool, on: datetime.date
) -> BaseMembership | None:
    """Start or end the pupil's membership of the school's SEN unit or resourced provision."""
    has_base = {
        BaseMembership.Kind.SEN_UNIT: school.has_sen_unit,
        BaseMembership.Kind.RESOURCED_PROVISION: school.has_resourced_provision,
    }
    if member and not has_base.get(kind, False):
        label = dict(BaseMembership.Kind.choices).get(kind, kind)
        raise ValidationError({"kind": f"{school.name} has no {label.lower()} set up."})
    with transaction.atomic():
        current = BaseMembership.objects.filter(pupil=pupil, school=school, kind=kind, ended_on__isnull=True).first()
        if member and current is None:
            current = BaseMembership.objects.create(pupil=pupil, school=school, kind=kind, started_on=on)
            change = {"member": [False, True]}
        elif not member and current is not None:
            current.ended_on = max(on, current.started_on)
            current.save(update_fields=["ended_on", "updated_at"])
            change = {"member": [True, False]}
        else:
            return current
        audit_change(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            instance=current,
            pupil=pupil,
            school=school,
            changes=change,
            summary=f"{current.get_kind_display()} membership {'started' if member else 'ended'}",
        )
    return current
