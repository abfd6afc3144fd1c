"""Pages of the intervention library: one URL per action. Reading needs INTERVENTION_READ at the
school; every change needs PROVISION_MANAGE; costs show only with PROVISION_COSTS."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from opensend.access import policy
from opensend.access.policy import Capability
from opensend.core.forms import add_service_errors, run_service
from opensend.core.pagination import query_without_cursor

from . import selectors, services
from .forms import ArchiveForm, InterventionEditForm, InterventionForm
from .impact import FORMULAS, bar_chart

SMALL_COUNT_HIDDEN = 5

STALE = (
    "Someone else changed this after you opened it. Your changes have not been saved: open the "
    "intervention again to see the latest version, then make your changes."
)
FORM_METHODS = require_http_methods(["GET", "POST"])


def _school(request: HttpRequest, urn: str, capability: Capability) -> policy.Access:
    access = policy.school_for_user(request.user, urn, capability)
    request.opensend_access = access
    return access


def _intervention_url(access, intervention) -> str:
    return reverse(
        "provision:intervention", kwargs={"urn": access.school.urn, "intervention_id": intervention.public_id}
    )


def _apply(form, call: Callable[[], object], stale_message: str = STALE) -> int | None:
    return run_service(form, call, stale_error=services.StaleEditError, stale_message=stale_message)


def _own_for_change(access, intervention_id):
    intervention = selectors.intervention_for(access, intervention_id)
    if intervention.school_id != access.school.pk or intervention.is_archived:
        raise Http404("No such intervention in your library.")
    return intervention


@login_required
@require_GET
def library(request: HttpRequest, urn: str) -> HttpResponse:
    access = _school(request, urn, Capability.INTERVENTION_READ)
    which = request.GET.get("library", "school")
    if which not in selectors.LIBRARIES:
        which = "school"
    page = selectors.intervention_page(
        selectors.library(access, which), after=request.GET.get("after"), before=request.GET.get("before")
    )
    return render(
        request,
        "provision/library.html",
        {
            "access": access,
            "page": page,
            "which": which,
            "copied": selectors.copied_names(access) if which == "trust" else set(),
            "can_manage": access.can(Capability.PROVISION_MANAGE),
            "show_costs": access.can(Capability.PROVISION_COSTS),
            "filter_query": query_without_cursor(request),
        },
    )


@login_required
@require_GET
def intervention_detail(request: HttpRequest, urn: str, intervention_id) -> HttpResponse:
    access = _school(request, urn, Capability.INTERVENTION_READ)
    intervention = selectors.intervention_for(access, intervention_id)
    can_manage = access.can(Capability.PROVISION_MANAGE) and not intervention.is_archived
    full = selectors.sees_every_provision(access)
    impact = _intervention_impact(intervention, full) if intervention.school_id else None
    return render(
        request,
        "provision/intervention.html",
        {
            "access": access,
            "intervention": intervention,
            "own": intervention.school_id == access.school.pk,
            "impact": impact,
            "full_impact": full,
            "impact_shown": impact is not None and (full or impact.school.pupils > SMALL_COUNT_HIDDEN),
            "formulas": FORMULAS,
            "can_manage": can_manage,
            "show_costs": access.can(Capability.PROVISION_COSTS),
        },
    )


def _intervention_impact(intervention, full: bool) -> selectors.InterventionImpact:
    # Each group's figures, the range (one pupil's result at each end) and the trust's figures (other
    # schools' pupils) only for those who see every provision at the school, as the provision page.
    if full:
        return selectors.intervention_impact(intervention)
    return selectors.intervention_school_impact(intervention)


@login_required
@FORM_METHODS
def intervention_add(request: HttpRequest, urn: str) -> HttpResponse:
    access = _school(request, urn, Capability.PROVISION_MANAGE)
    show_costs = access.can(Capability.PROVISION_COSTS)
    form = InterventionForm(request.POST or None, show_costs=show_costs)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                intervention = services.intervention_create(
                    actor=request.user, school=access.school, values=form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"{intervention.name} added to the library.")
                return redirect(_intervention_url(access, intervention))
    return render(
        request,
        "provision/intervention_form.html",
        {"access": access, "form": form, "title": "Add an intervention", "submit": "Add intervention"},
        status=status,
    )


@login_required
@FORM_METHODS
def intervention_edit(request: HttpRequest, urn: str, intervention_id) -> HttpResponse:
    access = _school(request, urn, Capability.PROVISION_MANAGE)
    intervention = _own_for_change(access, intervention_id)
    show_costs = access.can(Capability.PROVISION_COSTS)
    initial = {**InterventionForm.initial_from(intervention), "version": intervention.version}
    form = InterventionEditForm(request.POST or None, initial=initial, show_costs=show_costs)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            values = {name: value for name, value in form.cleaned_data.items() if name != "version"}
            status = _apply(
                form,
                lambda: services.intervention_update(
                    actor=request.user,
                    intervention=intervention,
                    expected_version=form.cleaned_data["version"],
                    values=values,
                ),
            )
            if status is None:
                messages.success(request, "Intervention saved.")
                return redirect(_intervention_url(access, intervention))
    return render(
        request,
        "provision/intervention_form.html",
        {
            "access": access,
            "form": form,
            "intervention": intervention,
            "title": f"Change {intervention.name}",
            "submit": "Save",
        },
        status=status,
    )


@login_required
@FORM_METHODS
def intervention_archive(request: HttpRequest, urn: str, intervention_id) -> HttpResponse:
    access = _school(request, urn, Capability.PROVISION_MANAGE)
    intervention = _own_for_change(access, intervention_id)
    form = ArchiveForm(request.POST or None, initial={"version": intervention.version})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            if form.cleaned_data["version"] != intervention.version:
                form.add_error(None, STALE)
                status = 409
            else:
                services.intervention_archive(
                    actor=request.user, intervention=intervention, reason=form.cleaned_data["reason"]
                )
                messages.success(request, f"{intervention.name} archived.")
                return redirect(reverse("provision:library", kwargs={"urn": access.school.urn}))
    return render(
        request,
        "provision/intervention_archive.html",
        {"access": access, "form": form, "intervention": intervention},
        status=status,
    )


@login_required
@require_POST
def intervention_copy(request: HttpRequest, urn: str, intervention_id) -> HttpResponse:
    access = _school(request, urn, Capability.PROVISION_MANAGE)
    source = selectors.intervention_for(access, intervention_id)
    try:
        copy = services.intervention_copy_to_school(actor=request.user, source=source, school=access.school)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_intervention_url(access, source))
    messages.success(request, f"{copy.name} copied into your library. You can now change it.")
    return redirect(_intervention_url(access, copy))


@login_required
@require_POST
def intervention_share(request: HttpRequest, urn: str, intervention_id) -> HttpResponse:
    access = _school(request, urn, Capability.PROVISION_MANAGE)
    intervention = _own_for_change(access, intervention_id)
    try:
        shared = services.intervention_share_with_trust(actor=request.user, intervention=intervention)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_intervention_url(access, intervention))
    messages.success(request, f"{intervention.name} shared with the trust library.")
    return redirect(_intervention_url(access, shared))


@login_required
@require_GET
def school_impact(request: HttpRequest, urn: str) -> HttpResponse:
    """How each intervention has worked at the school, as numbers only: for the SENDCo, the head,
    governors and the business manager. Those who read no SEND records see no count under 6."""
    access = policy.school_for_user(request.user, urn, Capability.SCHOOL_OVERVIEW)
    request.opensend_access = access
    return _impact_page(
        request, selectors.school_impact(access), access, access=access, can_read_send=access.can(Capability.SEN_READ)
    )


def _impact_page(request: HttpRequest, rows, shown_to, **page) -> HttpResponse:
    """The impact table with its chart, hiding small counts from those `shown_to` may not see them
    (an access at the school, or None for the trust's page)."""
    shown = [(row, _shown(row, shown_to)) for row in rows]
    chart = bar_chart(
        [(row.intervention.name, row.result.median_change) for row, show in shown if show],
        what="Median change from entry to exit, by intervention",
    )
    return render(request, "provision/impact.html", {"rows": shown, "chart": chart, "formulas": FORMULAS, **page})


def _shown(row, access) -> bool:
    # Counts of 1 to 5 could identify pupils to someone who reads no SEND records (as the overview).
    if row.result.median_change is None:
        return False
    return (access is not None and access.can(Capability.SEN_READ)) or row.result.pupils > SMALL_COUNT_HIDDEN


@login_required
@require_GET
def trust_impact(request: HttpRequest, trust_id) -> HttpResponse:
    """How each intervention has worked across the trust's schools, for the trust SEND lead:
    aggregates only, figures for 5 pupils or fewer hidden."""
    trust = policy.trust_for_user(request.user, trust_id)
    return _impact_page(request, selectors.trust_impact(trust), None, trust=trust, can_read_send=False)
