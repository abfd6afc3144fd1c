"""Changes to the directory, referrals and reports. Each runs in one transaction with its audit
entry; edits quote the version they started from and are refused if it has moved on. Expected
response dates come only from the deadline engine."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from opensend.audit.models import AuditEvent
from opensend.audit.services import audit_change, diff, snapshot
from opensend.deadlines.engine import due_date
from opensend.pupils.models import Pupil
from opensend.schools.models import School

from .models import (
    Chaser,
    Consent,
    Outcome,
    Professional,
    Recommendation,
    Referral,
    ReferralStatus,
    Report,
    Service,
)
from .selectors import RULE

SERVICE_FIELDS = ("kind", "name", "phone", "email", "address", "website", "referral_route", "waiting_weeks", "notes")
PROFESSIONAL_FIELDS = ("name", "job_title", "phone", "email")
REFERRAL_FIELDS = ("service", "professional", "reason", "consent", "consent_on")
STATUS_FIELDS = ("status", "status_on", "sent_on", "waiting_weeks", "expected_on")
REPORT_FIELDS = ("referral", "service", "title", "author", "written_on")
OUTCOME_FIELDS = ("outcome", "outcome_on", "outcome_note", "passport_version", "target", "provision")
NAME_TAKEN = "There is already a service called this in the directory: choose another name."

S = ReferralStatus
# Where a referral may go next. A draft is sent or dropped; a sent one is answered (accepted, put on
# the waiting list, seen or declined) and in the end closed.
NEXT_STATUSES: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.SENT, S.CLOSED}),
    S.SENT: frozenset({S.ACCEPTED, S.WAITING, S.SEEN, S.DECLINED, S.CLOSED}),
    S.ACCEPTED: frozenset({S.WAITING, S.SEEN, S.CLOSED}),
    S.WAITING: frozenset({S.SEEN, S.CLOSED}),
    S.SEEN: frozenset({S.CLOSED}),
    S.DECLINED: frozenset({S.CLOSED}),
    S.CLOSED: frozenset(),
}


class StaleEditError(Exception):
    """Someone else saved this after the person opened it."""


def _strip(values: Mapping, allowed: tuple[str, ...]) -> dict:
    unknown = set(values) - set(allowed)
    if unknown:
        raise ValueError(f"Unknown fields: {', '.join(sorted(unknown))}")
    return {name: value.strip() if isinstance(value, str) else value for name, value in values.items()}


def _locked(model, instance, expected_version: int):
    current = model.objects.select_for_update().get(pk=instance.pk)
    if current.version != expected_version or getattr(current, "is_archived", False):
        raise StaleEditError
    return current


# --- The directory ------------------------------------------------------------------------------------


def _refuse_taken_name(service: Service) -> None:
    same = Service.objects.active().filter(trust_id=service.trust_id, school_id=service.school_id)
    if same.filter(name__iexact=service.name).exclude(pk=service.pk).exists():
        raise ValidationError({"name": NAME_TAKEN})


def service_create(*, actor, school: School, values: Mapping, shared: bool = False) -> Service:
    """A service in the school's own directory, or (`shared`) in the trust's, which every school of
    the trust uses."""
    with transaction.atomic():
        service = Service(
            trust_id=school.trust_id, school=None if shared else school, owner=school, **_strip(values, SERVICE_FIELDS)
        )
        service.full_clean()
        _refuse_taken_name(service)
        service.save()
        where = "the trust's directory" if shared else "the directory"
        audit_change(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            instance=service,
            changes=diff({}, snapshot(service, (*SERVICE_FIELDS, "school"))),
            school=school,
            summary=f"Added {service.name} to {where} of services",
        )
    return service


def service_update(*, actor, school: School, service: Service, expected_version: int, values: Mapping) -> Service:
    if service.owner_id != school.pk:
        raise ValidationError("Only the school that added this service can change it.")
    values = _strip(values, SERVICE_FIELDS)
    with transaction.atomic():
        current = _locked(Service, service, expected_version)
        before = snapshot(current, SERVICE_FIELDS)
        for name, value in values.items():
            setattr(current, name, value)
        changes = diff(before, snapshot(current, SERVICE_FIELDS))
        if not changes:
            return current
        current.full_clean()
        _refuse_taken_name(current)
        current.save_next_version()
        audit_change(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            instance=current,
            changes=changes,
            school=school,
            summary=f"Changed {current.name} in the directory of services",
        )
    return current


def professional_add(*, actor, school: School, service: Service, values: Mapping) -> Professional:
    if service.owner_id != school.pk:
        raise ValidationError("Only the school that added this service can change it.")
    with transaction.atomic():
        professional = Professional(service=service, **_strip(values, PROFESSIONAL_FIELDS))
        professional.full_clean()
        professional.save()
        audit_change(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            instance=professional,
            changes=diff({}, snapshot(professional, (*PROFESSIONAL_FIELDS, "service"))),
            school=school,
            summary=f"Added {professional.name} to {service.name}",
        )
    return professional


# --- Referrals ------------------------------------------------------------------------------------------


def expected_response(service: Service, sent_on: datetime.date) -> datetime.date:
    """When the service is expected to respond: the deadline engine's `referral-response` rule with
    the service's usual waiting time."""
    return due_date(RULE, sent_on, period=service.waiting_weeks)


def _check_referral(referral: Referral) -> None:
    errors = {}
    if referral.professional_id and referral.professional.service_id != referral.service_id:
        errors["professional"] = "Choose someone who works at the service, or nobody"
    if referral.consent in (Consent.GIVEN, Consent.REFUSED) and referral.consent_on is None:
        errors["consent_on"] = "Enter the date the parent gave or refused consent"
    if referral.consent == Consent.NOT_NEEDED:
        referral.consent_on = None
    if referral.consent == Consent.REFUSED and referral.status != S.DRAFT:
        errors["consent"] = "A referral the parent has refused consent for cannot have been sent"
    if errors:
        raise ValidationError(errors)


def _audit_referral(*, actor, referral: Referral, action: str, changes, summary: str) -> None:
    audit_change(
        actor=actor,
        action=action,
        instance=referral,
        changes=changes,
        pupil=referral.pupil,
        school=referral.school,
        summary=summary,
    )


def referral_create(*, actor, school: School, pupil: Pupil, values: Mapping) -> Referral:
    """A draft referral; it is sent with `referral_set_status`."""
    values = _strip(values, REFERRAL_FIELDS)
    with transaction.atomic():
        referral = Referral(
            pupil=pupil, school=school, created_by=actor, status=S.DRAFT, status_on=timezone.localdate(), **values
        )
        _check_referral(referral)
        referral.full_clean()
        referral.save()
        _audit_referral(
            actor=actor,
            referral=referral,
            action=AuditEvent.Action.CREATE,
            changes=diff({}, snapshot(referral, (*REFERRAL_FIELDS, "status"))),
            summary=f"Drafted a referral to {referral.service.name}",
        )
    return referral


def referral_update(*, actor, referral: Referral, expected_version: int, values: Mapping) -> Referral:
    values = _strip(values, REFERRAL_FIELDS)
    with transaction.atomic():
        current = _locked(Referral, referral, expected_version)
        if current.status != S.DRAFT and values.get("service", current.service) != current.service:
            raise ValidationError({"service": "A referral that has been sent stays with its service"})
        before = snapshot(current, REFERRAL_FIELDS)
        for name, value in values.items():
            setattr(current, name, value)
        _check_referral(current)
        changes = diff(before, snapshot(current, REFERRAL_FIELDS))
        if not changes:
            return current
        current.full_clean()
        current.save_next_version()
        _audit_referral(
            actor=actor,
            referral=current,
            action=AuditEvent.Action.UPDATE,
            changes=changes,
            summary=f"Changed a referral to {current.service.name}",
        )
    return current


def referral_set_status(
    *, actor, referral: Referral, expected_version: int, status: str, on: datetime.date
) -> Referral:
    """Move the referral on. Sending it needs consent given (or not needed) and dates the expected
    response from the service's usual waiting time, through the deadline engine."""
    with transaction.atomic():
        current = _locked(Referral, referral, expected_version)
        if status not in NEXT_STATUSES[current.status]:
            raise ValidationError(
                {
                    "status": f"A referral that is {current.get_status_display().lower()} cannot become "
                    f"{S(status).label.lower()}"
                }
            )
        if current.sent_on and on < current.sent_on:
            raise ValidationError({"on": "The date cannot be before the referral was sent"})
        before = snapshot(current, STATUS_FIELDS)
        current.status, current.status_on = status, on
        if status == S.SENT:
            if current.consent == Consent.REFUSED:
                raise ValidationError({"status": "The parent refused consent: the referral cannot be sent"})
            current.sent_on = on
            current.waiting_weeks = current.service.waiting_weeks
            current.expected_on = expected_response(current.service, on)
        current.full_clean()
        current.save_next_version()
        _audit_referral(
            actor=actor,
            referral=current,
            action=AuditEvent.Action.UPDATE,
            changes=diff(before, snapshot(current, STATUS_FIELDS)),
            summary=f"Referral to {current.service.name}: {current.get_status_display().lower()}",
        )
    return current


def chaser_add(*, actor, referral: Referral, on: datetime.date, note: str) -> Chaser:
    with transaction.atomic():
        chaser = Chaser(referral=referral, on=on, note=note.strip(), by=actor)
        chaser.full_clean()
        chaser.save()
        audit_change(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            instance=chaser,
            changes=diff({}, snapshot(chaser, ("referral", "on", "note"))),
            pupil=referral.pupil,
            school=referral.school,
            summary=f"Chased the referral to {referral.service.name}",
        )
    return chaser


# --- Reports and recommendations --------------------------------------------------------------------------


def report_add(
    *, actor, school: School, pupil: Pupil, values: Mapping, upload=None, recommendations: Sequence[str] = ()
) -> Report:
    """A report received, with its document when there is one and its recommendations. The file is
    written before the row; if the row's transaction fails, the file goes too."""
    values = _strip(values, REPORT_FIELDS)
    report = Report(pupil=pupil, school=school, added_by=actor, **values)
    if report.referral_id and (report.referral.pupil_id != pupil.pk or report.referral.school_id != school.pk):
        raise ValidationError({"referral": "Choose one of this pupil's referrals"})
    if upload is not None:
        report.original_name = upload.name[:200]
        report.content_type = upload.content_type
        report.size = upload.size
        report.file.save(upload.name, upload, save=False)
    try:
        with transaction.atomic():
            _record_report(actor=actor, report=report)
            for text in recommendations:
                recommendation_add(actor=actor, report=report, text=text)
    except BaseException:
        if report.file:
            report.file.storage.delete(report.file.name)
        raise
    return report


def _record_report(*, actor, report: Report) -> None:
    with transaction.atomic():
        report.full_clean(exclude=["file"])
        report.save()
        audit_change(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            instance=report,
            changes=diff({}, snapshot(report, (*REPORT_FIELDS, "original_name", "size"))),
            pupil=report.pupil,
            school=report.school,
            summary=f"Added a report from {report.service.name}: {report.title}",
        )


def recommendation_add(*, actor, report: Report, text: str) -> Recommendation:
    with transaction.atomic():
        position = report.recommendations.count() + 1
        recommendation = Recommendation(report=report, position=position, text=text.strip())
        recommendation.full_clean()
        recommendation.save()
        audit_change(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            instance=recommendation,
            changes=diff({}, snapshot(recommendation, ("report", "position", "text"))),
            pupil=report.pupil,
            school=report.school,
            summary=f"Added a recommendation to the report {report.title}",
        )
    return recommendation


# The record each outcome points at, and what must be chosen for it.
OUTCOME_LINKS = {
    Outcome.PASSPORT: "passport_version",
    Outcome.PLAN_TARGET: "target",
    Outcome.PROVISION: "provision",
}


def _check_outcome(recommendation: Recommendation, pupil: Pupil) -> None:
    outcome = recommendation.outcome
    for kind, link in OUTCOME_LINKS.items():
        if kind != outcome:
            setattr(recommendation, link, None)
    errors = {}
    if outcome == Outcome.DECLINED and not recommendation.outcome_note:
        errors["outcome_note"] = "Enter why the recommendation was declined"
    if outcome and recommendation.outcome_on is None:
        errors["outcome_on"] = "Enter the date it was decided"
    if outcome == Outcome.OPEN:
        recommendation.outcome_on = None
    version = recommendation.passport_version
    if version is not None and version.pupil_id != pupil.pk:
        errors["passport_version"] = "Choose a version of this pupil's passport"
    target = recommendation.target
    if target is not None and target.outcome.cycle.pupil_id != pupil.pk:
        errors["target"] = "Choose one of this pupil's targets"
    provision = recommendation.provision
    if provision is not None and not provision.members.filter(pupil=pupil).exists():
        errors["provision"] = "Choose a provision this pupil is in"
    if errors:
        raise ValidationError(errors)


def recommendation_decide(
    *, actor, recommendation: Recommendation, expected_version: int, values: Mapping
) -> Recommendation:
    """Record what the school did about a recommendation: added to the passport, made a plan
    target, met by a provision (each linked to that record where it can be), or declined with a
    reason. Setting it back to undecided clears the rest."""
    values = _strip(values, OUTCOME_FIELDS)
    report = recommendation.report
    with transaction.atomic():
        current = _locked(Recommendation, recommendation, expected_version)
        before = snapshot(current, OUTCOME_FIELDS)
        for name, value in values.items():
            setattr(current, name, value)
        _check_outcome(current, report.pupil)
        current.decided_by = actor if current.outcome else None
        changes = diff(before, snapshot(current, OUTCOME_FIELDS))
        if not changes:
            return current
        current.full_clean()
        current.save_next_version()
        audit_change(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            instance=current,
            changes=changes,
            pupil=report.pupil,
            school=report.school,
            summary=f"Recorded what was done about a recommendation: {current.get_outcome_display().lower()}",
        )
    return current
