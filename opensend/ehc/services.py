"""Changes to local authorities and EHC needs assessment requests. Each runs in one transaction with
its audit entry; an edit quotes the version it was made from, and a stale one changes nothing."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction

from opensend.audit.models import AuditEvent
from opensend.audit.services import archive_with_audit, audit_change, diff, snapshot
from opensend.pupils.models import Pupil
from opensend.schools.models import School

from .models import (
    AnnualReview,
    AssessmentRequest,
    LocalAuthority,
    OutcomeProgress,
    Plan,
    PlanDocument,
    PlanOutcome,
    ProvisionLine,
)

LA_FIELDS = (
    "code",
    "name",
    "send_team_email",
    "send_team_phone",
    "send_team_contacts",
    "portal_url",
    "local_variations",
)
REQUEST_FIELDS = ("local_authority", "made_by", "requested_on", "case_owner")
STEP_FIELDS = (
    "decision",
    "decision_on",
    "mediation_certificate_on",
    "advice_requested_on",
    "advice_sent_on",
    "no_plan_on",
    "draft_plan_on",
    "naming_consulted_on",
    "naming_response_on",
    "final_plan_on",
    "exception",
    "exception_details",
)
ALL_REQUEST_FIELDS = REQUEST_FIELDS + STEP_FIELDS


class StaleEditError(Exception):
    """Someone else saved this after the person opened it."""


def _assign(instance, fields: tuple, values: Mapping) -> None:
    unknown = set(values) - set(fields)
    if unknown:
        raise ValueError(f"Not editable here: {', '.join(sorted(unknown))}")
    for name, value in values.items():
        setattr(instance, name, value.strip() if isinstance(value, str) else value)


def _check_code_free(authority: LocalAuthority) -> None:
    taken = LocalAuthority.objects.filter(trust=authority.trust_id, code=authority.code).exclude(pk=authority.pk)
    if taken.exists():
        raise ValidationError({"code": f"The trust already has a local authority with the code {authority.code}"})


def _save_new(instance) -> None:
    instance.full_clean()
    instance.save()


def _save_versioned(instance) -> None:
    instance.full_clean()
    instance.save_next_version()


def _locked(model, pk: int, expected_version: int):
    current = model.objects.select_for_update().get(pk=pk)
    if current.version != expected_version or current.is_archived:
        raise StaleEditError
    return current


def create_local_authority(*, actor, school: School, values: Mapping) -> LocalAuthority:
    authority = LocalAuthority(trust=school.trust)
    _assign(authority, LA_FIELDS, values)
    with transaction.atomic():
        _check_code_free(authority)
        _save_new(authority)
        audit_change(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            instance=authority,
            changes=diff({}, snapshot(authority, LA_FIELDS)),
            school=school,
            summary=f"Added the local authority {authority.name}",
        )
    return authority


def update_local_authority(
    *, actor, school: School, authority: LocalAuthority, expected_version: int, values: Mapping
) -> LocalAuthority:
    with transaction.atomic():
        current = _locked(LocalAuthority, authority.pk, expected_version)
        before = snapshot(current, LA_FIELDS)
        _assign(current, LA_FIELDS, values)
        _check_code_free(current)
        _save_versioned(current)
        changes = diff(before, snapshot(current, LA_FIELDS))
        if changes:
            audit_change(
                actor=actor,
                action=AuditEvent.Action.UPDATE,
                instance=current,
                changes=changes,
                school=school,
                summary=f"Changed the local authority {current.name}",
            )
    return current


def _create(*, actor, instance, fields: tuple, values: Mapping, pupil, school, summary: str):
    _assign(instance, fields, values)
    with transaction.atomic():
        _save_new(instance)
        audit_change(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            instance=instance,
            changes=diff({}, snapshot(instance, fields)),
            pupil=pupil,
            school=school,
            summary=summary,
        )
    return instance


def _update(*, actor, instance, fields: tuple, expected_version: int, values: Mapping, pupil, school, summary: str):
    with transaction.atomic():
        current = _locked(type(instance), instance.pk, expected_version)
        before = snapshot(current, fields)
        _assign(current, fields, values)
        _save_versioned(current)
        changes = diff(before, snapshot(current, fields))
        if changes:
            audit_change(
                actor=actor,
                action=AuditEvent.Action.UPDATE,
                instance=current,
                changes=changes,
                pupil=pupil,
                school=school,
                summary=summary,
            )
    return current


def create_request(*, actor, pupil: Pupil, school: School, values: Mapping) -> AssessmentRequest:
    return _create(
        actor=actor,
        instance=AssessmentRequest(pupil=pupil, school=school, created_by=actor),
        fields=ALL_REQUEST_FIELDS,
        values=values,
        pupil=pupil,
        school=school,
        summary="Recorded a request for an EHC needs assessment",
    )


def update_request(
    *, actor, school: School, request: AssessmentRequest, expected_version: int, values: Mapping
) -> AssessmentRequest:
    return _update(
        actor=actor,
        instance=request,
        fields=ALL_REQUEST_FIELDS,
        expected_version=expected_version,
        values=values,
        pupil=request.pupil,
        school=school,
        summary="Updated an EHC needs assessment request",
    )


def archive_request(*, actor, school: School, request: AssessmentRequest, expected_version: int, reason: str):
    with transaction.atomic():
        _locked(AssessmentRequest, request.pk, expected_version)
        return archive_with_audit(
            actor=actor,
            instance=request,
            pupil=request.pupil,
            school=school,
            reason=reason,
            summary="Removed an EHC needs assessment request",
        )


PLAN_FIELDS = (
    "local_authority",
    "issued_on",
    "transfer_on",
    "transfer",
    "transfer_amended_on",
    "under_five_review_months",
    "case_owner",
)
REVIEW_FIELDS = (
    "meeting_on",
    "invitations_sent_on",
    "advice_circulated_on",
    "held",
    "report_sent_on",
    "decision",
    "decision_on",
    "amendment_notice_on",
    "final_amended_on",
)


def create_plan(*, actor, pupil: Pupil, school: School, values: Mapping) -> Plan:
    plan = Plan(pupil=pupil, school=school)
    return _create(
        actor=actor,
        instance=plan,
        fields=PLAN_FIELDS,
        values=values,
        pupil=pupil,
        school=school,
        summary="Recorded an EHC plan",
    )


def update_plan(*, actor, school: School, plan: Plan, expected_version: int, values: Mapping) -> Plan:
    return _update(
        actor=actor,
        instance=plan,
        fields=PLAN_FIELDS,
        expected_version=expected_version,
        values=values,
        pupil=plan.pupil,
        school=school,
        summary="Updated an EHC plan",
    )


def create_review(*, actor, school: School, plan: Plan, values: Mapping) -> AnnualReview:
    review = AnnualReview(plan=plan)
    return _create(
        actor=actor,
        instance=review,
        fields=REVIEW_FIELDS,
        values=values,
        pupil=plan.pupil,
        school=school,
        summary="Set up an annual review of an EHC plan",
    )


def update_review(*, actor, school: School, review: AnnualReview, expected_version: int, values: Mapping):
    return _update(
        actor=actor,
        instance=review,
        fields=REVIEW_FIELDS,
        expected_version=expected_version,
        values=values,
        pupil=review.plan.pupil,
        school=school,
        summary="Updated an annual review of an EHC plan",
    )


def add_document(*, actor, school: School, plan: Plan, kind: str, upload) -> PlanDocument:
    document = PlanDocument(
        plan=plan,
        kind=kind,
        original_name=upload.name[:200],
        content_type=upload.content_type,
        size=upload.size,
        uploaded_by=actor,
    )
    # The file is written before the row; if the row's transaction fails, the file goes too.
    document.file.save(upload.name, upload, save=False)
    try:
        _record_document(actor=actor, school=school, plan=plan, kind=kind, document=document)
    except BaseException:
        document.file.storage.delete(document.file.name)
        raise
    return document


def _record_document(*, actor, school: School, plan: Plan, kind: str, document: PlanDocument) -> None:
    with transaction.atomic():
        document.save()
        audit_change(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            instance=document,
            changes={
                "kind": [None, kind],
                "original_name": [None, document.original_name],
                "size": [None, document.size],
            },
            pupil=plan.pupil,
            school=school,
            summary=f"Added a document to an EHC plan: {document.get_kind_display()}",
        )


OUTCOME_FIELDS = ("area", "description")
PROVISION_FIELDS = ("outcome", "description", "how_often", "delivered_by")


def add_outcome(*, actor, school: School, plan: Plan, values: Mapping) -> PlanOutcome:
    return _create(
        actor=actor,
        instance=PlanOutcome(plan=plan),
        fields=OUTCOME_FIELDS,
        values=values,
        pupil=plan.pupil,
        school=school,
        summary="Added an outcome to an EHC plan",
    )


def add_provision_line(*, actor, school: School, plan: Plan, values: Mapping) -> ProvisionLine:
    return _create(
        actor=actor,
        instance=ProvisionLine(plan=plan),
        fields=PROVISION_FIELDS,
        values=values,
        pupil=plan.pupil,
        school=school,
        summary="Added a Section F provision line to an EHC plan",
    )


def record_outcome_progress(
    *, actor, school: School, review: AnnualReview, expected_version: int, entries: Mapping[PlanOutcome, tuple]
) -> AnnualReview:
    """Record, change or clear the progress towards each of the plan's outcomes at this review.
    The review's version guards the whole page: two people recording at once cannot both win."""
    with transaction.atomic():
        current = _locked(AnnualReview, review.pk, expected_version)
        existing = {item.outcome_id: item for item in OutcomeProgress.objects.filter(review=current)}
        changed = 0
        for outcome, (rating, comment) in entries.items():
            if outcome.plan_id != current.plan_id:
                raise ValidationError("An outcome of another plan cannot be recorded at this review")
            changed += _record_one(actor, school, current, outcome, existing.get(outcome.pk), rating, comment)
        if changed:
            current.save_next_version()
    return current


def _record_one(actor, school, review, outcome, found: OutcomeProgress | None, rating: str, comment: str) -> int:
    before = {"rating": found.rating, "comment": found.comment} if found else {}
    after = {"rating": rating or None, "comment": comment if rating else None}
    changes = diff(before, after) if before or rating else {}
    if not changes:
        return 0
    summary = f"Progress towards an EHC plan outcome at the {review.in_a_sentence}"
    if not rating:
        audit_change(
            actor=actor,
            action=AuditEvent.Action.DESTROY,
            instance=found,
            changes=changes,
            pupil=review.plan.pupil,
            school=school,
            summary=f"Cleared the {summary[0].lower()}{summary[1:]}",
        )
        found.delete()
        return 1
    if found is None:
        found = OutcomeProgress(review=review, outcome=outcome, recorded_by=actor)
    found.rating, found.comment, found.recorded_by = rating, comment, actor
    found.full_clean()
    found.save()
    action = AuditEvent.Action.UPDATE if before else AuditEvent.Action.CREATE
    audit_change(
        actor=actor,
        action=action,
        instance=found,
        changes=changes,
        pupil=review.plan.pupil,
        school=school,
        summary=f"Recorded the {summary[0].lower()}{summary[1:]}",
    )
    return 1


def link_provision(
    *, actor, school: School, line: ProvisionLine, provisions, seen: list[int] | None = None
) -> ProvisionLine:
    """Set which of the school's provision delivers a Section F line; `seen` is the links the person
    saw, and a change someone made since is refused rather than undone."""
    wanted = list(provisions)
    if any(provision.school_id != school.pk for provision in wanted):
        raise ValidationError({"provisions": "Choose provision this school runs"})
    with transaction.atomic():
        current = ProvisionLine.objects.select_for_update().get(pk=line.pk)
        if seen is not None and sorted(current.provisions.values_list("pk", flat=True)) != seen:
            raise StaleEditError
        before = sorted(current.provisions.values_list("name", flat=True))
        current.provisions.set(wanted)
        after = sorted(provision.name for provision in wanted)
        if before != after:
            audit_change(
                actor=actor,
                action=AuditEvent.Action.UPDATE,
                instance=current,
                changes={"provisions": [before, after]},
                pupil=current.plan.pupil,
                school=school,
                summary="Linked a Section F provision line to the provision that delivers it",
            )
    return current
