from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import ProtectedError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from opensend.access import policy
from opensend.access.policy import Capability
from opensend.accounts.models import Role
from opensend.audit.models import AuditEvent
from opensend.audit.services import audit_change
from opensend.core.forms import run_service
from opensend.core.ratelimit import limit_per_person
from opensend.pupils.record_tabs import record_context
from opensend.pupils.subject_access import sections

from . import selectors, services
from .forms import DestructionForm, RetentionPeriodForm
from .models import RetentionRule, SubjectAccessExport
from .tasks import build_subject_access_export

# The confirmation page lists at most this many records; a larger backlog is destroyed in turns.
DESTROY_AT_ONCE = 100


# The page shows the pupil's latest exports; older ones have expired anyway.
EXPORTS_SHOWN = 5


def _exports(pupil, access):
    exports = SubjectAccessExport.objects.filter(pupil=pupil, school=access.school).select_related("requested_by")
    return list(exports.defer("content")[:EXPORTS_SHOWN])


@login_required
@require_GET
def subject_access(request: HttpRequest, pupil_id) -> HttpResponse:
    pupil, access = policy.pupil_for_user(request.user, pupil_id, Capability.SUBJECT_ACCESS)
    request.opensend_access = access
    exports = _exports(pupil, access)
    context = {**record_context(pupil, access, current="subject-access"), "sections": sections(), "exports": exports}
    template = (
        "dataprotection/_exports.html" if request.headers.get("HX-Request") else "dataprotection/subject_access.html"
    )
    return render(request, template, context)


def _audit_export(request: HttpRequest, export: SubjectAccessExport, pupil, school, summary: str) -> None:
    audit_change(
        actor=request.user,
        action=AuditEvent.Action.EXPORT,
        instance=export,
        pupil=pupil,
        school=school,
        changes={},
        summary=summary,
    )


@login_required
@require_POST
@limit_per_person("downloads")
def subject_access_export(request: HttpRequest, pupil_id) -> HttpResponse:
    pupil, access = policy.pupil_for_user(request.user, pupil_id, Capability.SUBJECT_ACCESS)
    with transaction.atomic():
        # Expired exports lose their content when the next is asked for: no schedule needed.
        services.clear_expired_exports([access.school])
        export = SubjectAccessExport.objects.create(pupil=pupil, school=access.school, requested_by=request.user)
        # Recorded first, so the export's own audit section shows this request too.
        _audit_export(request, export, pupil, access.school, "Asked for a subject access export of the whole record")
    build_subject_access_export.enqueue(export.pk)
    messages.success(request, "The export is being prepared. It appears below when it is ready.")
    return redirect("dataprotection:subject-access", pupil_id=pupil.public_id)


@login_required
@require_GET
@limit_per_person("downloads")
def subject_access_download(request: HttpRequest, pupil_id, export_id) -> HttpResponse:
    pupil, access = policy.pupil_for_user(request.user, pupil_id, Capability.SUBJECT_ACCESS)
    export = get_object_or_404(SubjectAccessExport, public_id=export_id, pupil=pupil, school=access.school)
    if not export.downloadable:
        raise Http404("This export is not ready or has expired.")
    _audit_export(request, export, pupil, access.school, "Downloaded the subject access export of the whole record")
    response = HttpResponse(bytes(export.content), content_type="application/zip")
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
            except ProtectedError:
                form.add_error(
                    None,
                    "Nothing was destroyed: another record still refers to one of these pupils. "
                    "Ask your system administrator to check the record before trying again.",
                )
                status = 409
            else:
                messages.success(request, f"{record.records} {rule.record_kind} record(s) destroyed.")
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
            "period_years": selectors.period_years(rule, access.school),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def retention_period(request: HttpRequest, urn: str, rule_key: str) -> HttpResponse:
    """A SENDCo or head sets how long the school keeps one kind of record, if longer than the schedule."""
    access = policy.school_for_user(request.user, urn, Capability.RETENTION_CONFIRM)
    request.opensend_access = access
    held = RetentionRule.objects.exclude(applies_to=RetentionRule.Applies.NOT_HELD)
    rule = get_object_or_404(held, key=rule_key, action=RetentionRule.Action.DESTROY)
    seen_years = selectors.period_years(rule, access.school)
    form = RetentionPeriodForm(request.POST or None, initial={"period_years": seen_years})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            status = run_service(
                form,
                lambda: services.set_retention_period(
                    actor=request.user,
                    school=access.school,
                    rule=rule,
                    period_years=form.cleaned_data["period_years"],
                    reason=form.cleaned_data["reason"],
                    seen_years=_seen_years(request, seen_years),
                ),
                stale_error=services.PeriodChangedMeanwhile,
                stale_message="Someone else changed this period while you were editing it: check it and try again",
            )
            if status is None:
                messages.success(request, f"{rule.record_kind}: kept for {form.cleaned_data['period_years']} years.")
                return redirect("dataprotection:retention", urn=access.school.urn)
    return render(
        request,
        "dataprotection/retention_period.html",
        {
            "access": access,
            "rule": rule,
            "form": form,
            "seen_years": seen_years,
            "history": selectors.override_history(rule, access.school)[:20],
        },
        status=status,
    )


def _seen_years(request: HttpRequest, current: int) -> int:
    """The period on the page the person read, so a change made meanwhile is not overwritten."""
    try:
        return int(request.POST.get("seen_years", current))
    except ValueError:
        return -1
