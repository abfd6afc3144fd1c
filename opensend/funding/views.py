"""Pages of high-needs funding: the local authorities' banding frameworks, each pupil's top-up
applications with the evidence they rest on, and the school's funding for a financial year against
what its provision costs. Reading needs FUNDING_READ, every change FUNDING_MANAGE and the funding
view FUNDING_VIEW; anyone else, and anything of another school, gets 404. Opening an application, a
pupil's funding or the funding view is audited."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from opensend.access import policy
from opensend.access.policy import Capability
from opensend.audit.models import AuditEvent
from opensend.audit.services import audit_view
from opensend.core.forms import save_form
from opensend.core.pagination import keyset_page, query_without_cursor
from opensend.core.ratelimit import limit_per_person
from opensend.ehc.models import ProvisionLine
from opensend.provision.cost_models import financial_year_of
from opensend.provision.cost_services import audit_cost_view
from opensend.provision.costs import financial_year
from opensend.provision.models import Provision
from opensend.pupils.record_tabs import record_context

from . import exports, selectors, services
from .forms import (
    ApplicationEditForm,
    ApplicationForm,
    ArchiveForm,
    BandArchiveForm,
    BandForm,
    FrameworkEditForm,
    FrameworkForm,
)
from .models import Application, Band, Framework, Status

STALE = (
    "Someone else changed this after you opened it. Your changes have not been saved: open it again to see "
    "the latest version, then make your changes."
)
FORM_METHODS = require_http_methods(["GET", "POST"])
PAGE_SIZE = 50
C = Capability


def _values(form: forms.Form) -> dict:
    return {name: value for name, value in form.cleaned_data.items() if name not in ("version", "reason")}


def _save_form(request, form, call: Callable[[], object], **page) -> HttpResponse:
    return save_form(
        request,
        form,
        call,
        template="funding/form.html",
        stale_error=services.StaleEditError,
        stale_message=STALE,
        **page,
    )


def _school(request: HttpRequest, urn: str, capability: Capability) -> policy.Access:
    access = policy.school_for_user(request.user, urn, capability)
    request.opensend_access = access
    return access


def _framework(access, framework_id) -> Framework:
    framework = Framework.objects.active().filter(school=access.school, public_id=framework_id).first()
    if framework is None:
        raise Http404("No such framework.")
    return framework


def _application(access, application_id) -> Application:
    application = selectors.applications(access.school).filter(public_id=application_id).first()
    if application is None:
        raise Http404("No such application.")
    return application


def _framework_url(access, framework) -> str:
    return reverse("funding:framework", kwargs={"urn": access.school.urn, "framework_id": framework.public_id})


def _application_url(access, application) -> str:
    return reverse("funding:application", kwargs={"urn": access.school.urn, "application_id": application.public_id})


# --- Frameworks -------------------------------------------------------------------------------------


@login_required
@require_GET
def framework_list(request: HttpRequest, urn: str) -> HttpResponse:
    access = _school(request, urn, C.FUNDING_READ)
    rows = list(selectors.frameworks(access.school).order_by("local_authority__name", "name", "pk"))
    return render(
        request,
        "funding/frameworks.html",
        {
            "access": access,
            "frameworks": rows,
            "can_manage": access.can(C.FUNDING_MANAGE),
            "can_view": access.can(C.FUNDING_VIEW),
        },
    )


@login_required
@FORM_METHODS
def framework_add(request: HttpRequest, urn: str) -> HttpResponse:
    access = _school(request, urn, C.FUNDING_MANAGE)
    form = FrameworkForm(request.POST or None, school=access.school)
    return _save_form(
        request,
        form,
        lambda: services.framework_create(actor=request.user, school=access.school, values=_values(form)),
        done="Framework added",
        back_url=reverse("funding:frameworks", kwargs={"urn": urn}),
        next_url_of=lambda framework: _framework_url(access, framework),
        access=access,
        title="Add a banding framework",
        submit="Add framework",
    )


@login_required
@require_GET
def framework_detail(request: HttpRequest, urn: str, framework_id) -> HttpResponse:
    access = _school(request, urn, C.FUNDING_READ)
    framework = _framework(access, framework_id)
    return render(
        request,
        "funding/framework.html",
        {
            "access": access,
            "framework": framework,
            "bands": framework.bands.active().order_by("code", "pk"),
            "can_manage": access.can(C.FUNDING_MANAGE),
        },
    )


@login_required
@FORM_METHODS
def framework_edit(request: HttpRequest, urn: str, framework_id) -> HttpResponse:
    access = _school(request, urn, C.FUNDING_MANAGE)
    framework = _framework(access, framework_id)
    initial = {
        "version": framework.version,
        "local_authority": framework.local_authority.public_id,
        "name": framework.name,
        "notes": framework.notes,
    }
    form = FrameworkEditForm(request.POST or None, initial=initial, school=access.school)
    return _save_form(
        request,
        form,
        lambda: services.framework_update(
            actor=request.user,
            school=access.school,
            framework=framework,
            expected_version=form.cleaned_data["version"],
            values=_values(form),
        ),
        done="Framework changed",
        back_url=_framework_url(access, framework),
        access=access,
        title=f"Change {framework.name}",
        submit="Save changes",
    )


@login_required
@FORM_METHODS
def framework_archive(request: HttpRequest, urn: str, framework_id) -> HttpResponse:
    access = _school(request, urn, C.FUNDING_MANAGE)
    framework = _framework(access, framework_id)
    form = ArchiveForm(request.POST or None, initial={"version": framework.version})
    return _save_form(
        request,
        form,
        lambda: services.framework_archive(
            actor=request.user,
            school=access.school,
            framework=framework,
            expected_version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"],
        ),
        done="Framework archived",
        back_url=reverse("funding:frameworks", kwargs={"urn": urn}),
        access=access,
        title=f"Archive {framework.name}",
        intro="Applications already made with its bands keep them.",
        submit="Archive framework",
    )


@login_required
@FORM_METHODS
def band_add(request: HttpRequest, urn: str, framework_id) -> HttpResponse:
    access = _school(request, urn, C.FUNDING_MANAGE)
    framework = _framework(access, framework_id)
    form = BandForm(request.POST or None)
    return _save_form(
        request,
        form,
        lambda: services.band_add(actor=request.user, school=access.school, framework=framework, values=_values(form)),
        done="Band added",
        back_url=_framework_url(access, framework),
        access=access,
        title=f"Add a band to {framework.name}",
        submit="Add band",
    )


@login_required
@FORM_METHODS
def band_archive(request: HttpRequest, urn: str, framework_id, band_id: int) -> HttpResponse:
    access = _school(request, urn, C.FUNDING_MANAGE)
    framework = _framework(access, framework_id)
    band = Band.objects.active().filter(framework=framework, pk=band_id).first()
    if band is None:
        raise Http404("No such band.")
    form = BandArchiveForm(request.POST or None)
    return _save_form(
        request,
        form,
        lambda: services.band_archive(
            actor=request.user, school=access.school, band=band, reason=form.cleaned_data["reason"]
        ),
        done="Band archived",
        back_url=_framework_url(access, framework),
        access=access,
        title=f"Archive {band.code} of {framework.name}",
        submit="Archive band",
    )


# --- Applications -----------------------------------------------------------------------------------


@login_required
@require_GET
def application_list(request: HttpRequest, urn: str) -> HttpResponse:
    access = _school(request, urn, C.FUNDING_READ)
    status = request.GET.get("status", "")
    status = status if status in Status.values else ""
    rows = selectors.applications(access.school)
    if status:
        rows = rows.filter(status=status)
    page = keyset_page(
        rows,
        ("-starts_on", "pupil__sort_key", "public_id"),
        after=request.GET.get("after"),
        before=request.GET.get("before"),
        size=PAGE_SIZE,
    )
    return render(
        request,
        "funding/applications.html",
        {
            "access": access,
            "page": page,
            "status": status,
            "statuses": Status.choices,
            "today": timezone.localdate(),
            "can_view": access.can(C.FUNDING_VIEW),
            "filter_query": query_without_cursor(request),
        },
    )


def _application_form_options(pupil, school) -> dict:
    provisions = Provision.objects.active().filter(school=school, members__pupil=pupil).distinct().order_by("name")
    lines = ProvisionLine.objects.filter(
        plan__pupil=pupil, plan__school=school, plan__archived_at__isnull=True
    ).order_by("plan", "pk")
    return {"school": school, "pupil": pupil, "provisions": provisions, "provision_lines": lines}


@login_required
@require_GET
def pupil_funding(request: HttpRequest, pupil_id) -> HttpResponse:
    pupil, access = policy.pupil_for_user(request.user, pupil_id, C.FUNDING_READ)
    request.opensend_access = access
    audit_view(actor=request.user, pupil=pupil, school=access.school, what="top-up funding")
    today = timezone.localdate()
    rows = list(selectors.pupil_applications(pupil, access.school))
    for row in rows:
        row.renewal = selectors.renewal_state(row, today)
    return render(
        request,
        "funding/pupil.html",
        {
            **record_context(pupil, access, current="funding"),
            "applications": rows,
            "can_manage": access.can(C.FUNDING_MANAGE),
        },
    )


@login_required
@FORM_METHODS
def application_add(request: HttpRequest, pupil_id) -> HttpResponse:
    pupil, access = policy.pupil_for_user(request.user, pupil_id, C.FUNDING_MANAGE)
    request.opensend_access = access
    form = ApplicationForm(request.POST or None, **_application_form_options(pupil, access.school))
    return _save_form(
        request,
        form,
        lambda: services.application_create(
            actor=request.user, school=access.school, pupil=pupil, values=_values(form)
        ),
        done="Application recorded",
        back_url=reverse("funding:pupil", kwargs={"pupil_id": pupil.public_id}),
        next_url_of=lambda application: _application_url(access, application),
        access=access,
        pupil=pupil,
        title="Record a top-up funding application",
        submit="Save application",
    )


@login_required
@require_GET
def application_detail(request: HttpRequest, urn: str, application_id) -> HttpResponse:
    access = _school(request, urn, C.FUNDING_READ)
    application = _application(access, application_id)
    audit_view(actor=request.user, pupil=application.pupil, school=access.school, what="a top-up funding application")
    # The evidence is drawn from SEND records: only for those who read them; its cost only for those who see costs.
    evidence = None
    if access.can(C.SEN_READ):
        evidence = selectors.evidence(application, with_costs=access.can(C.PROVISION_COSTS))
    return render(
        request,
        "funding/application.html",
        {
            "access": access,
            "application": application,
            "pupil": application.pupil,
            "evidence": evidence,
            "renewal": selectors.renewal_state(application, timezone.localdate()),
            "provisions": application.provisions.order_by("name"),
            "provision_lines": application.provision_lines.order_by("pk"),
            "can_manage": access.can(C.FUNDING_MANAGE),
            "can_open_pupil": access.can(C.SEN_READ),
        },
    )


@login_required
@FORM_METHODS
def application_edit(request: HttpRequest, urn: str, application_id) -> HttpResponse:
    access = _school(request, urn, C.FUNDING_MANAGE)
    application = _application(access, application_id)
    initial = {
        name: getattr(application, name)
        for name in ("amount_asked", "amount_awarded", "status", "starts_on", "ends_on", "renewal_on")
    }
    initial.update(
        version=application.version,
        submitted_on=application.submitted_on,
        decided_on=application.decided_on,
        notes=application.notes,
        local_authority=application.local_authority.public_id,
        band=application.band_id,
        provisions=[provision.public_id for provision in application.provisions.all()],
        provision_lines=[line.pk for line in application.provision_lines.all()],
    )
    form = ApplicationEditForm(
        request.POST or None, initial=initial, **_application_form_options(application.pupil, access.school)
    )
    return _save_form(
        request,
        form,
        lambda: services.application_update(
            actor=request.user,
            school=access.school,
            application=application,
            expected_version=form.cleaned_data["version"],
            values=_values(form),
        ),
        done="Application changed",
        back_url=_application_url(access, application),
        access=access,
        pupil=application.pupil,
        title="Change a top-up funding application",
        submit="Save changes",
    )


@login_required
@FORM_METHODS
def application_archive(request: HttpRequest, urn: str, application_id) -> HttpResponse:
    access = _school(request, urn, C.FUNDING_MANAGE)
    application = _application(access, application_id)
    form = ArchiveForm(request.POST or None, initial={"version": application.version})
    return _save_form(
        request,
        form,
        lambda: services.application_archive(
            actor=request.user,
            school=access.school,
            application=application,
            expected_version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"],
        ),
        done="Application archived",
        back_url=reverse("funding:applications", kwargs={"urn": urn}),
        access=access,
        pupil=application.pupil,
        title="Archive a top-up funding application",
        intro="It will no longer count in the funding view. The audit trail keeps it.",
        submit="Archive application",
    )


# --- The funding view -------------------------------------------------------------------------------


def _year(request: HttpRequest) -> int:
    """The financial year asked for (named by the year it starts), or the current one."""
    current = financial_year_of(timezone.localdate())
    try:
        year = int(request.GET.get("year", current))
    except ValueError:
        return current
    return year if 2000 <= year <= current + 5 else current


def _funding(request: HttpRequest, urn: str, *, action: str):
    access = _school(request, urn, C.FUNDING_VIEW)
    year = _year(request)
    view = selectors.funding_view(access.school, financial_year(year))
    audit_cost_view(
        actor=request.user,
        school=access.school,
        what="high-needs funding against provision costs",
        action=action,
        details={"financial year": f"{year}-{(year + 1) % 100:02d}"},
    )
    return access, year, view


@login_required
@require_GET
def funding_view(request: HttpRequest, urn: str) -> HttpResponse:
    access, year, view = _funding(request, urn, action=AuditEvent.Action.VIEW)
    current = financial_year_of(timezone.localdate())
    return render(
        request,
        "funding/view.html",
        {
            "access": access,
            "view": view,
            "year": year,
            "year_label": f"{year}-{(year + 1) % 100:02d}",
            "years": [(y, f"{y}-{(y + 1) % 100:02d}") for y in range(current + 1, current - 4, -1)],
            "can_open_pupil": access.can(C.SEN_READ),
        },
    )


@login_required
@require_GET
@limit_per_person("downloads")
def funding_xlsx(request: HttpRequest, urn: str) -> HttpResponse:
    access, year, view = _funding(request, urn, action=AuditEvent.Action.EXPORT)
    response = HttpResponse(exports.funding_xlsx(view), content_type=exports.XLSX)
    response["Content-Disposition"] = f'attachment; filename="high-needs-funding-{access.school.urn}-{year}.xlsx"'
    return response
