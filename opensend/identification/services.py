"""Raising, gathering and deciding concerns. Each runs in one transaction with its audit entries.

Every change to a concern raises its version, and a decision must quote the version it was made
from: a decision taken without seeing a contribution, an attached result or another triager's
decision is refused (the view answers 409) rather than saved over them.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from opensend.assessments.models import AssessmentResult
from opensend.assessments.services import assessment_create
from opensend.audit.models import AuditEvent
from opensend.audit.services import audit_change, diff, snapshot
from opensend.pupils.models import Pupil
from opensend.register import services as register
from opensend.register.codes import Provision
from opensend.schools.models import School

from .models import Concern, ConcernAssessment, Contribution, ContributionRequest

CONCERN_FIELDS = (
    "raised_on",
    "what_seen",
    "areas",
    "strategies_tried",
    "strategies_weeks",
    "parents_view",
    "parents_told",
    "parents_told_on",
)
DECISION_FIELDS = ("status", "decision", "decision_reason", "decided_by", "decided_on")


class StaleConcernError(Exception):
    """The concern changed after this person opened it."""


class ConcernDecidedError(Exception):
    """The concern has been decided; it takes no more requests or contributions."""


def concern_raise(*, actor, pupil: Pupil, school: School, **fields: Any) -> Concern:
    unknown = set(fields) - set(CONCERN_FIELDS)
    if unknown:
        raise ValueError(f"Not a concern field: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        concern = Concern(pupil=pupil, school=school, raised_by=actor, **fields)
        concern.full_clean()
        concern.save()
        audit_change(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            instance=concern,
            pupil=pupil,
            school=school,
            changes=diff({}, snapshot(concern, CONCERN_FIELDS)),
            summary="Concern raised",
        )
    return concern


def _lock_open(concern: Concern) -> Concern:
    current = Concern.objects.select_for_update().get(pk=concern.pk)
    if not current.is_open:
        raise ConcernDecidedError
    return current


def _bump(concern: Concern, *, gathering: bool = True) -> None:
    """A new version; a new concern that someone has started on is now gathering information."""
    update_fields = ["version", "updated_at"]
    if gathering and concern.status == Concern.Status.NEW:
        concern.status = Concern.Status.GATHERING
        update_fields.append("status")
    concern.version = F("version") + 1
    concern.save(update_fields=update_fields)
    concern.refresh_from_db(fields=["version"])


def contribution_request(
    *, actor, concern: Concern, on: datetime.date, asked=None, parent_name: str = "", message: str = ""
) -> ContributionRequest:
    """Ask a member of staff (`asked`) or record that a parent (`parent_name`) was asked for their view."""
    if (asked is None) == (not parent_name.strip()):
        raise ValueError("Ask either a member of staff or a parent.")
    with transaction.atomic():
        current = _lock_open(concern)
        if asked is not None:
            existing = ContributionRequest.objects.filter(
                concern=current, asked=asked, answered_on__isnull=True
            ).first()
            if existing is not None:
                return existing
        request = ContributionRequest.objects.create(
            concern=current,
            asked=asked,
            parent_name=parent_name.strip(),
            asked_by=actor,
            asked_on=on,
            message=message.strip(),
        )
        _bump(current)
        audit_change(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            instance=request,
            pupil=current.pupil,
            school=current.school,
            changes={"asked": [None, request.asked_label], "message": [None, request.message]},
            summary=f"Contribution to a concern asked of {request.asked_label}",
        )
    return request


def contribution_add(
    *,
    actor,
    concern: Concern,
    text: str,
    given_on: datetime.date,
    parent_name: str = "",
    request: ContributionRequest | None = None,
) -> Contribution:
    """The actor's own view, or (with `parent_name`) a parent's view the actor is recording.

    A member of staff's contribution answers their open request on the concern; a parent's answers
    `request` if given, else an open request to a parent of the same name."""
    if not text.strip():
        raise ValueError("A contribution needs some text.")
    with transaction.atomic():
        current = _lock_open(concern)
        open_requests = ContributionRequest.objects.select_for_update().filter(
            concern=current, answered_on__isnull=True
        )
        if parent_name.strip():
            kind, author, parent_name = Contribution.Kind.PARENT, None, parent_name.strip()
            answering = open_requests.filter(asked__isnull=True)
            answering = (
                answering.filter(pk=request.pk)
                if request is not None
                else answering.filter(parent_name__iexact=parent_name)
            )
        else:
            kind, author, parent_name = Contribution.Kind.STAFF, actor, ""
            answering = open_requests.filter(asked=actor)
        answered = answering.first()
        if answered is not None:
            answered.answered_on = given_on
            answered.save(update_fields=["answered_on", "updated_at"])
        contribution = Contribution(
            concern=current,
            kind=kind,
            author=author,
            parent_name=parent_name,
            recorded_by=actor,
            given_on=given_on,
            text=text.strip(),
            request=answered,
        )
        contribution.full_clean()
        contribution.save()
        _bump(current)
        audit_change(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            instance=contribution,
            pupil=current.pupil,
            school=current.school,
            changes={"kind": [None, kind], "by": [None, contribution.by_label], "text": [None, contribution.text]},
            summary=f"Contribution to a concern from {contribution.by_label}",
        )
    return contribution


def concern_attach_results(*, actor, concern: Concern, results: Iterable[AssessmentResult]) -> list[ConcernAssessment]:
    results = [result for result in results if result.pupil_id == concern.pupil_id]
    with transaction.atomic():
        current = _lock_open(concern)
        already = set(ConcernAssessment.objects.filter(concern=current).values_list("result_id", flat=True))
        links = ConcernAssessment.objects.bulk_create(
            [
                ConcernAssessment(concern=current, result=result, attached_by=actor)
                for result in results
                if result.pk not in already
            ]
        )
        if not links:
            return []
        _bump(current)
        audit_change(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            instance=current,
            pupil=current.pupil,
            school=current.school,
            changes={"assessments": [None, [str(link.result.public_id) for link in links]]},
            summary="Assessment results attached to a concern",
        )
    return links


def concern_add_result(*, actor, concern: Concern, school: School, **fields: Any) -> AssessmentResult:
    """Record a new assessment result for the concern's pupil and attach it, together."""
    with transaction.atomic():
        _lock_open(concern)
        result = assessment_create(actor=actor, pupil=concern.pupil, school=school, **fields)
        concern_attach_results(actor=actor, concern=concern, results=[result])
    return result


def _lock_for_decision(concern: Concern, expected_version: int) -> Concern:
    current = Concern.objects.select_for_update().select_related("pupil", "school").get(pk=concern.pk)
    if current.version != expected_version or not current.is_open:
        raise StaleConcernError
    return current


def _record_decision(*, actor, concern: Concern, decision: str, reason: str, on: datetime.date, **links: Any) -> None:
    before = snapshot(concern, DECISION_FIELDS)
    concern.status = Concern.Status.DECIDED
    concern.decision = decision
    concern.decision_reason = reason.strip()
    concern.decided_by = actor
    concern.decided_on = on
    for name, value in links.items():
        setattr(concern, name, value)
    concern.full_clean()
    concern.save_next_version()
    audit_change(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        instance=concern,
        pupil=concern.pupil,
        school=concern.school,
        changes=diff(before, snapshot(concern, DECISION_FIELDS)),
        summary=f"Concern decided: {concern.get_decision_display()}",
    )


def concern_decide_register(
    *,
    actor,
    concern: Concern,
    expected_version: int,
    reason: str,
    start_date: datetime.date,
    parents_notified_on: datetime.date,
    parents_notified_by: str,
    primary_need: str = "",
) -> Concern:
    """Put the pupil on SEN support (K) from `start_date`, with the parents' formal notification,
    and, if known, their primary need."""
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the pupil needs SEN support"})
    if start_date > timezone.localdate():
        raise ValidationError({"start_date": "The date SEN support starts must be today or in the past"})
    with transaction.atomic():
        current = _lock_for_decision(concern, expected_version)
        status = register.current_status(current.pupil)
        if status is not None and status.provision in (Provision.SEN_SUPPORT, Provision.EHC_PLAN):
            current_label = status.get_provision_display()
            raise ValidationError(
                {"__all__": f"{current.pupil.full_name} is already on the SEN register ({current_label})"}
            )
        sen_status = register.sen_status_set(
            actor=actor,
            pupil=current.pupil,
            school=current.school,
            provision=Provision.SEN_SUPPORT,
            start_date=start_date,
            reason=reason,
            parents_notified_on=parents_notified_on,
            parents_notified_by=parents_notified_by,
        )
        if primary_need:
            register.sen_needs_set(
                actor=actor, pupil=current.pupil, school=current.school, needs=[primary_need], on=start_date
            )
        _record_decision(
            actor=actor,
            concern=current,
            decision=Concern.Decision.REGISTER,
            reason=reason,
            # The day of the decision, not the start of SEN support: the outcome shows both.
            on=timezone.localdate(),
            sen_status=sen_status,
        )
    return current


def concern_decide_monitoring(
    *, actor, concern: Concern, expected_version: int, reason: str, on: datetime.date
) -> Concern:
    with transaction.atomic():
        current = _lock_for_decision(concern, expected_version)
        entry = register.monitoring_add(actor=actor, pupil=current.pupil, school=current.school, reason=reason, on=on)
        _record_decision(
            actor=actor,
            concern=current,
            decision=Concern.Decision.MONITORING,
            reason=reason,
            on=on,
            monitoring_entry=entry,
        )
    return current


def concern_close(*, actor, concern: Concern, expected_version: int, reason: str, on: datetime.date) -> Concern:
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the concern is being closed"})
    with transaction.atomic():
        current = _lock_for_decision(concern, expected_version)
        _record_decision(actor=actor, concern=current, decision=Concern.Decision.CLOSED, reason=reason, on=on)
    return current
