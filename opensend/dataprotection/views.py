from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from opensend.access import policy
from opensend.access.policy import Capability
from opensend.accounts.models import Role
from opensend.audit.models import AuditEvent
from opensend.audit.services import audit_change
from opensend.pupils.record_tabs import record_context
from opensend.pupils.subject_access import sections

from . import selectors, services
from .forms import DestructionForm
from .models import RetentionRule

# The confirmation page lists at most this many records; a larger backlog is destroyed in turns.
DESTROY_AT_ONCE = 100


@login_required
@require_GET
def subject_access(request: HttpRequest, pupil_id) -> HttpResponse:
    pupil, access = policy.pupil_for_user(request.user, pupil_id, Capability.SUBJECT_ACCESS)
    request.opensend_access = access
    return render(
        request,
        "dataprotection/subject_access.html",
        {**record_context(pupil, access, current="subject-access"), "sections": sections()},
    )


@login_required
@require_POST
def subject_access_export(request: HttpRequest, pupil_id) -> HttpResponse:
    pupil, access = policy.pupil_for_user(request.user, pupil_id, Capability.SUBJECT_ACCESS)
    from .export import subject_access_zip  # WeasyPrint is slow to import: only when exporting

    # Recorded first, so the export's own audit section shows this export too.
    audit_change(
        actor=request.user,
        action=AuditEvent.Action.EXPORT,
        instance=pupil,
        pupil=pupil,
        school=access.school,
        changes={},
        summary="Exported the whole record (subject access request)",
    )
    content = subject_access_zip(pupil, access.school, produced_by=request.user.display_name)
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="subject-access-{pupil.public_id}.zip"'
    response["Cache-Control"] = "no-store"
    return response


def _role_for(access: policy.Access, capability: Capability) -> str:
    for role in sorted(access.roles):
        if capability in policy.ROLE_CAPABILITIES[role]:
            return Role(role).label
    return ""


@login_required
@require_GET
def retention(request: HttpRequest, urn: str) -> HttpResponse:
    access = policy.school_for_user(request.user, urn, Capability.RETENTION_REVIEW)
    request.opensend_access = access
    return render(
        request,
        "dataprotection/retention.html",
        {
            "access": access,
            "schedule": selectors.schedule(access.school),
            "destructions": selectors.destructions(access.school)[:50],
            "can_confirm": access.can(Capability.RETENTION_CONFIRM),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def retention_due(request: HttpRequest, urn: str, rule_key: str) -> HttpResponse:
    """What has reached its date under one rule; a SENDCo or head confirms its destruction here."""
    needed = Capability.RETENTION_CONFIRM if request.method == "POST" else Capability.RETENTION_REVIEW
    access = policy.school_for_user(request.user, urn, needed)
    request.opensend_access = access
    rule = get_object_or_404(RetentionRule, key=rule_key)
    rows = selectors.due_rows(rule, access.school, limit=DESTROY_AT_ONCE)
    due_ids = [str(row.pupil.public_id) for row in rows]
    can_confirm = access.can(Capability.RETENTION_CONFIRM) and bool(rows)
    form = DestructionForm(request.POST or None, due_ids=due_ids, initial={"pupil": due_ids})
    status = 200
    if request.method == "POST":
        if form.is_valid() and form.cleaned_data["pupil"]:
            try:
                record = services.destroy_due_records(
                    actor=request.user,
                    role=_role_for(access, Capability.RETENTION_CONFIRM),
                    school=access.school,
                    rule=rule,
                    confirmed_pupil_ids=form.cleaned_data["pupil"],
                    reason=form.cleaned_data["reason"],
                )
            except services.NothingToDestroy as error:
                form.add_error(None, str(error))
                status = 409
            else:
                messages.success(request, f"{record.records} {rule.record_kind.lower()} record(s) destroyed.")
                return redirect("dataprotection:retention", urn=access.school.urn)
        else:
            if form.is_valid():
                form.add_error(None, "No records are due for destruction under this rule")
            status = 400
    return render(
        request,
        "dataprotection/retention_due.html",
        {
            "access": access,
            "rule": rule,
            "rows": rows,
            "form": form,
            "can_confirm": can_confirm,
            "limit": DESTROY_AT_ONCE,
        },
        status=status,
    )
