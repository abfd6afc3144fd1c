"""Pages of running provision: the school's list, one provision with its weekly sessions and
pupils, and the changes the SENDCo and assistant make. Reading is scoped by
selectors.provision_for_user (404 outside it); every change needs PROVISION_MANAGE."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from opensend.access import policy
from opensend.access.policy import Capability
from opensend.audit.services import audit_view
from opensend.core.forms import add_service_errors
from opensend.core.pagination import query_without_cursor
from opensend.pupils.record_tabs import record_context

from . import selectors, services
from .forms import (
    EndProvisionForm,
    LeaveForm,
    MemberForm,
    OutcomeScaleForm,
    ProvisionEditForm,
    ProvisionForm,
    ResultsForm,
    SlotForm,
    VersionForm,
)
from .impact import FORMULAS
from .views import STALE, _apply

SLOT_GONE = (
    "This weekly session was removed or the provision changed after you opened the page. Nothing has "
    "been changed: open the provision again to see its sessions."
)

FORM_METHODS = require_http_methods(["GET", "POST"])


def provision_url(provision) -> str:
    return reverse("provision:detail", kwargs={"provision_id": provision.public_id})


def _provision(request: HttpRequest, provision_id, *, manage: bool = False):
    provision, access = selectors.provision_for_user(request.user, provision_id)
    if manage and (not access.can(Capability.PROVISION_MANAGE) or provision.is_archived):
        raise Http404("No such provision.")
    request.opensend_access = access
    return provision, access


def _form_page(request, access, form, *, title: str, submit: str, status: int, provision=None, caption=""):
    return render(
        request,
        "provision/provision_form.html",
        {
            "access": access,
            "form": form,
            "provision": provision,
            "title": title,
            "submit": submit,
            "caption": caption,
        },
        status=status,
    )


@login_required
@require_GET
def provision_list(request: HttpRequest, urn: str) -> HttpResponse:
    access = policy.school_for_user(request.user, urn, Capability.SEN_READ)
    request.opensend_access = access
    which = request.GET.get("show", "running")
    if which not in dict(selectors.PROVISION_LISTS):
        which = "running"
    today = timezone.localdate()
    page = selectors.intervention_page(
        selectors.provision_list(request.user, access, which, today),
        after=request.GET.get("after"),
        before=request.GET.get("before"),
    )
    return render(
        request,
        "provision/provision_list.html",
        {
            "access": access,
            "page": page,
            "which": which,
            "lists": selectors.PROVISION_LISTS,
            "can_manage": access.can(Capability.PROVISION_MANAGE),
            "can_see_impact": access.can(Capability.SCHOOL_OVERVIEW),
            "filter_query": query_without_cursor(request),
            "today": today,
        },
    )


@login_required
@require_GET
def provision_detail(request: HttpRequest, provision_id) -> HttpResponse:
    provision, access = _provision(request, provision_id)
    today = timezone.localdate()
    members = selectors.members_shown(request.user, access, provision)
    sees_all = selectors.sees_every_provision(access) or selectors.delivers(request.user, provision)
    return render(
        request,
        "provision/provision.html",
        {
            "access": access,
            "provision": provision,
            "staff": list(provision.staff.order_by("last_name", "first_name")),
            "slots": list(provision.slots.all()),
            "members": members,
            "sessions": selectors.recent_sessions(provision),
            # Group figures only for those who see every pupil in it: a small group's median could
            # tell a teacher about a pupil who is not theirs.
            "impact": selectors.provision_impact(provision) if sees_all else None,
            "formulas": FORMULAS,
            "can_manage": access.can(Capability.PROVISION_MANAGE) and not provision.is_archived,
            "can_log": selectors.may_log(request.user, access, provision) and not provision.is_archived,
            "can_read_library": access.can(Capability.INTERVENTION_READ),
            "week": selectors.school_week(today),
            "today": today,
        },
    )


@login_required
@FORM_METHODS
def provision_add(request: HttpRequest, urn: str) -> HttpResponse:
    access = policy.school_for_user(request.user, urn, Capability.PROVISION_MANAGE)
    request.opensend_access = access
    interventions = selectors.library(access)
    chosen = interventions.filter(public_id=request.GET.get("intervention")).first() if request.GET else None
    initial = {"starts_on": timezone.localdate()}
    if chosen is not None:
        initial |= {
            "intervention": chosen.pk,
            "name": chosen.name,
            "ends_on": timezone.localdate() + datetime.timedelta(weeks=chosen.duration_weeks),
        }
    form = ProvisionForm(
        request.POST or None,
        interventions=interventions,
        staff=selectors.delivering_staff(access.school),
        initial=initial,
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                provision = services.provision_create(
                    actor=request.user, school=access.school, values=form.values(), staff=form.cleaned_data["staff"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"{provision.name} started. Add its weekly sessions and its pupils.")
                return redirect(provision_url(provision))
    return _form_page(request, access, form, title="Start a provision", submit="Start provision", status=status)


@login_required
@FORM_METHODS
def provision_edit(request: HttpRequest, provision_id) -> HttpResponse:
    provision, access = _provision(request, provision_id, manage=True)
    initial = {
        "version": provision.version,
        "intervention": provision.intervention_id,
        "name": provision.name,
        "staff": list(provision.staff.values_list("pk", flat=True)),
        "starts_on": provision.starts_on,
        "ends_on": provision.ends_on,
        "room": provision.room,
    }
    # The current intervention stays choosable even if it has since been archived from the library.
    form = ProvisionEditForm(
        request.POST or None,
        interventions=selectors.intervention_choices(access, provision),
        staff=selectors.delivering_staff(access.school, provision),
        initial=initial,
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            status = _apply(
                form,
                lambda: services.provision_update(
                    actor=request.user,
                    provision=provision,
                    expected_version=form.cleaned_data["version"],
                    values=form.values(),
                    staff=form.cleaned_data["staff"],
                ),
            )
            if status is None:
                messages.success(request, "Provision saved.")
                return redirect(provision_url(provision))
    return _form_page(
        request, access, form, title=f"Change {provision.name}", submit="Save", status=status, provision=provision
    )


@login_required
@FORM_METHODS
def provision_archive(request: HttpRequest, provision_id) -> HttpResponse:
    provision, access = _provision(request, provision_id, manage=True)
    form = EndProvisionForm(request.POST or None, initial={"version": provision.version})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            if form.cleaned_data["version"] != provision.version:
                form.add_error(None, STALE)
                status = 409
            else:
                services.provision_archive(actor=request.user, provision=provision, reason=form.cleaned_data["reason"])
                messages.success(request, f"{provision.name} archived.")
                return redirect(reverse("provision:list", kwargs={"urn": access.school.urn}))
    return _form_page(
        request,
        access,
        form,
        title=f"Archive {provision.name}",
        submit="Archive",
        status=status,
        provision=provision,
        caption="Its pupils, sessions and outcomes are kept.",
    )


@login_required
@FORM_METHODS
def slot_add(request: HttpRequest, provision_id) -> HttpResponse:
    provision, access = _provision(request, provision_id, manage=True)
    form = SlotForm(request.POST or None, initial={"minutes": provision.intervention.session_minutes})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.slot_add(actor=request.user, provision=provision, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "Weekly session added.")
                return redirect(provision_url(provision))
    return _form_page(
        request, access, form, title="Add a weekly session", submit="Add", status=status, provision=provision
    )


@login_required
@require_POST
def slot_remove(request: HttpRequest, provision_id, slot_id: int) -> HttpResponse:
    provision, access = _provision(request, provision_id, manage=True)
    slot = provision.slots.filter(pk=slot_id).first()
    # The page's version, when it sends one: a provision changed since the page was opened is refused.
    posted = request.POST.get("version")
    try:
        if slot is None or (posted is not None and posted != str(provision.version)):
            raise services.StaleEditError
        services.slot_remove(actor=request.user, slot=slot)
    except services.StaleEditError:
        form = VersionForm({"version": provision.version})
        form.is_valid()
        form.add_error(None, SLOT_GONE)
        return _form_page(
            request,
            access,
            form,
            title="Weekly session not removed",
            submit="Try again",
            status=409,
            provision=provision,
        )
    messages.success(request, "Weekly session removed. Sessions already logged are kept.")
    return redirect(provision_url(provision))


@login_required
@FORM_METHODS
def member_add(request: HttpRequest, provision_id) -> HttpResponse:
    provision, access = _provision(request, provision_id, manage=True)
    form = MemberForm(
        request.POST or None,
        pupils=selectors.pupils_to_add(request.user, access, provision),
        initial={"joined_on": max(provision.starts_on, timezone.localdate())},
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            pupil = form.cleaned_data["pupil"]
            try:
                # The provision serves the pupil's current plan, if they have one.
                services.member_add(
                    actor=request.user,
                    provision=provision,
                    pupil=pupil,
                    joined_on=form.cleaned_data["joined_on"],
                    cycle=selectors.open_cycle(pupil),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"{pupil.full_name} added.")
                return redirect(provision_url(provision))
    return _form_page(
        request, access, form, title="Add a pupil", submit="Add pupil", status=status, provision=provision
    )


@login_required
@FORM_METHODS
def member_leave(request: HttpRequest, provision_id, member_id: int) -> HttpResponse:
    provision, access = _provision(request, provision_id, manage=True)
    member = provision.members.select_related("pupil").filter(pk=member_id, left_on__isnull=True).first()
    if member is None:
        raise Http404("No such pupil in this provision.")
    form = LeaveForm(request.POST or None, initial={"left_on": timezone.localdate(), "version": member.version})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            values = dict(form.cleaned_data)
            try:
                services.member_leave(
                    actor=request.user, member=member, expected_version=values.pop("version"), **values
                )
            except services.StaleEditError:
                form.add_error(None, STALE)
                status = 409
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"{member.pupil.full_name} has left {provision.name}.")
                return redirect(provision_url(provision))
    return _form_page(
        request,
        access,
        form,
        title=f"{member.pupil.full_name} leaves",
        submit="Save",
        status=status,
        provision=provision,
    )


@login_required
@require_GET
def pupil_provision(request: HttpRequest, pupil_id) -> HttpResponse:
    pupil, access = policy.pupil_for_user(request.user, pupil_id, Capability.SEN_READ)
    request.opensend_access = access
    audit_view(actor=request.user, pupil=pupil, school=access.school, what="provision")
    return render(
        request,
        "provision/pupil.html",
        {
            **record_context(pupil, access, current="provision"),
            "memberships": selectors.pupil_memberships(pupil, access.school),
            "today": timezone.localdate(),
        },
    )


@login_required
@FORM_METHODS
def member_results(request: HttpRequest, provision_id, member_id: int) -> HttpResponse:
    """Entry and exit data and the outcome: by those who deliver the provision, or the SENDCo."""
    provision, access = _provision(request, provision_id)
    if not selectors.may_log(request.user, access, provision):
        raise Http404("No such provision.")
    member = selectors.member_of(provision, member_id)
    if request.method == "GET":
        audit_view(actor=request.user, pupil=member.pupil, school=access.school, what="provision results")
    scale, _ = selectors.outcome_scale(access.school)
    initial = {name: getattr(member, name) for name in services.RESULT_FIELDS} | {"version": member.version}
    form = ResultsForm(
        request.POST or None,
        initial=initial,
        measure=provision.intervention.get_measure_display(),
        scale=scale,
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            status = _apply(
                form,
                lambda: services.member_record_results(
                    actor=request.user,
                    member=member,
                    expected_version=form.cleaned_data["version"],
                    values=form.values(),
                ),
            )
            if status is None:
                messages.success(request, f"Saved for {member.pupil.full_name}.")
                return redirect(provision_url(provision))
    measure = provision.intervention.measure_name
    return _form_page(
        request,
        access,
        form,
        title=f"{member.pupil.full_name}: entry, exit and outcome",
        submit="Save",
        status=status,
        provision=provision,
        caption=f"Measured with {measure}." if measure else "",
    )


@login_required
@FORM_METHODS
def outcome_scale(request: HttpRequest, urn: str) -> HttpResponse:
    access = policy.school_for_user(request.user, urn, Capability.PROVISION_MANAGE)
    request.opensend_access = access
    levels, scale = selectors.outcome_scale(access.school)
    text = "\n".join(f"{value:+d}, {label}" if value else f"0, {label}" for value, label in levels)
    form = OutcomeScaleForm(request.POST or None, initial={"levels": text, "version": scale.version if scale else None})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.outcome_scale_set(
                    actor=request.user,
                    school=access.school,
                    levels=form.cleaned_data["levels"],
                    expected_version=form.cleaned_data["version"],
                )
            except services.StaleEditError:
                form.add_error(None, STALE)
                status = 409
            else:
                messages.success(request, "Outcome scale saved.")
                return redirect(reverse("provision:list", kwargs={"urn": access.school.urn}))
    return _form_page(
        request,
        access,
        form,
        title="Outcome scale",
        submit="Save",
        status=status,
        caption="Staff rate each pupil's outcome on this scale at the end of a provision.",
    )
