"""Pages of the directory of services, each pupil's referrals and the reports and advice received.
Reading needs CASEWORK_READ (the SEND leads and the head), every change CASEWORK_MANAGE (the SENDCo
and the assistant); the pupil's teachers and TAs read only the advice acted on (ADVICE_READ). Anyone
else, and anything out of scope, gets 404. Opening a referral, a report or its document is audited."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from opensend.access import policy
from opensend.access.policy import Capability
from opensend.audit.services import audit_list_view, audit_view
from opensend.core.forms import save_form
from opensend.core.pagination import query_without_cursor
from opensend.core.ratelimit import limit_per_person
from opensend.passports.models import PassportVersion
from opensend.plans.models import Target
from opensend.provision.models import Provision
from opensend.pupils.record_tabs import record_context

from . import selectors, services
from .forms import (
    ChaserForm,
    OutcomeForm,
    ProfessionalForm,
    RecommendationForm,
    ReferralEditForm,
    ReferralForm,
    ReportForm,
    ServiceAddForm,
    ServiceEditForm,
    StatusForm,
)
from .models import AWAITING, Professional, ReferralStatus, ServiceKind

STALE = (
    "Someone else changed this after you opened it. Your changes have not been saved: open it again to see "
    "the latest version, then make your changes."
)
FORM_METHODS = require_http_methods(["GET", "POST"])
C = Capability


def _values(form: forms.Form, *, leave: tuple[str, ...] = ()) -> dict:
    return {name: value for name, value in form.cleaned_data.items() if name not in ("version", *leave)}


def _save_form(request, form, call: Callable[[], object], **page) -> HttpResponse:
    return save_form(
        request,
        form,
        call,
        template="casework/form.html",
        stale_error=services.StaleEditError,
        stale_message=STALE,
        **page,
    )


def _school(request: HttpRequest, urn: str, capability: Capability) -> policy.Access:
    access = policy.school_for_user(request.user, urn, capability)
    request.opensend_access = access
    return access


def _pupil(request: HttpRequest, pupil_id, capability: Capability):
    pupil, access = policy.pupil_for_user(request.user, pupil_id, capability)
    request.opensend_access = access
    return pupil, access


def _pupil_url(pupil) -> str:
    return reverse("casework:pupil", kwargs={"pupil_id": pupil.public_id})


def _referral_url(referral) -> str:
    return reverse(
        "casework:referral", kwargs={"pupil_id": referral.pupil.public_id, "referral_id": referral.public_id}
    )


def _report_url(report) -> str:
    return reverse("casework:report", kwargs={"pupil_id": report.pupil.public_id, "report_id": report.public_id})


# --- The directory ----------------------------------------------------------------------------------


def _service_url(access, service) -> str:
    return reverse("casework:service", kwargs={"urn": access.school.urn, "service_id": service.public_id})


@login_required
@require_GET
def directory(request: HttpRequest, urn: str) -> HttpResponse:
    access = _school(request, urn, C.CASEWORK_READ)
    kind = request.GET.get("kind", "")
    kind = kind if kind in ServiceKind.values else ""
    page = selectors.directory_page(
        access.school, kind=kind, after=request.GET.get("after"), before=request.GET.get("before")
    )
    return render(
        request,
        "casework/directory.html",
        {
            "access": access,
            "page": page,
            "kind": kind,
            "kinds": ServiceKind.choices,
            "can_manage": access.can(C.CASEWORK_MANAGE),
            "filter_query": query_without_cursor(request),
        },
    )


@login_required
@FORM_METHODS
def service_add(request: HttpRequest, urn: str) -> HttpResponse:
    access = _school(request, urn, C.CASEWORK_MANAGE)
    form = ServiceAddForm(request.POST or None)
    return _save_form(
        request,
        form,
        lambda: services.service_create(
            actor=request.user,
            school=access.school,
            values=_values(form, leave=("shared",)),
            shared=form.cleaned_data["shared"],
        ),
        done="Service added to the directory.",
        back_url=reverse("casework:directory", kwargs={"urn": urn}),
        next_url_of=lambda service: _service_url(access, service),
        access=access,
        title="Add a service",
        submit="Add the service",
    )


@login_required
@require_GET
def service_detail(request: HttpRequest, urn: str, service_id) -> HttpResponse:
    access = _school(request, urn, C.CASEWORK_READ)
    service = selectors.service_for(access.school, service_id)
    return render(
        request,
        "casework/service.html",
        {
            "access": access,
            "service": service,
            "professionals": selectors.professionals(service),
            "can_change": access.can(C.CASEWORK_MANAGE) and selectors.may_change_service(access.school, service),
        },
    )


def _changeable_service(access, service_id):
    service = selectors.service_for(access.school, service_id)
    if not selectors.may_change_service(access.school, service):
        raise Http404("No such service in your directory.")
    return service


@login_required
@FORM_METHODS
def service_edit(request: HttpRequest, urn: str, service_id) -> HttpResponse:
    access = _school(request, urn, C.CASEWORK_MANAGE)
    service = _changeable_service(access, service_id)
    initial = {name: getattr(service, name) for name in services.SERVICE_FIELDS} | {"version": service.version}
    form = ServiceEditForm(request.POST or None, initial=initial)
    return _save_form(
        request,
        form,
        lambda: services.service_update(
            actor=request.user,
            school=access.school,
            service=service,
            expected_version=form.cleaned_data["version"],
            values=_values(form),
        ),
        done="Service saved.",
        back_url=_service_url(access, service),
        access=access,
        title=f"Change {service.name}",
        submit="Save",
    )


@login_required
@FORM_METHODS
def professional_add(request: HttpRequest, urn: str, service_id) -> HttpResponse:
    access = _school(request, urn, C.CASEWORK_MANAGE)
    service = _changeable_service(access, service_id)
    form = ProfessionalForm(request.POST or None)
    return _save_form(
        request,
        form,
        lambda: services.professional_add(
            actor=request.user, school=access.school, service=service, values=_values(form)
        ),
        done="Professional added.",
        back_url=_service_url(access, service),
        access=access,
        title=f"Add a professional to {service.name}",
        submit="Add",
    )


# --- Referrals ----------------------------------------------------------------------------------------


SHOW = {"": "All", "awaiting": "Awaiting a response", "draft": "Drafts"}


@login_required
@require_GET
def school_referrals(request: HttpRequest, urn: str) -> HttpResponse:
    access = _school(request, urn, C.CASEWORK_READ)
    show = request.GET.get("show", "")
    show = show if show in SHOW else ""
    pupils = policy.pupils_visible_to(request.user, access, current_only=False)
    page = selectors.referrals_page(
        access.school, pupils, show=show, after=request.GET.get("after"), before=request.GET.get("before")
    )
    shown = {referral.pupil_id: referral.pupil for referral in page.rows}
    audit_list_view(actor=request.user, pupils=shown.values(), school=access.school, what="the school's referrals")
    return render(
        request,
        "casework/referrals.html",
        {
            "access": access,
            "page": page,
            "show": show,
            "shows": SHOW.items(),
            "today": timezone.localdate(),
            "filter_query": query_without_cursor(request),
        },
    )


@login_required
@require_GET
def pupil_casework(request: HttpRequest, pupil_id) -> HttpResponse:
    pupil, access = _pupil(request, pupil_id, C.CASEWORK_READ)
    audit_view(actor=request.user, pupil=pupil, school=access.school, what="referrals and professionals' advice")
    return render(
        request,
        "casework/pupil.html",
        {
            **record_context(pupil, access, current="casework"),
            "referrals": selectors.pupil_referrals(pupil, access.school),
            "reports": selectors.pupil_reports(pupil, access.school),
            "summary": selectors.advice_summary(pupil, access.school),
            "today": timezone.localdate(),
            "can_manage": access.can(C.CASEWORK_MANAGE),
        },
    )


def _referral_form_choices(access, service=None) -> dict:
    directory = selectors.directory(access.school).order_by("name", "pk")
    professionals = Professional.objects.active().filter(service__in=directory.values("pk"))
    return {"services": directory, "professionals": professionals.select_related("service").order_by("name", "pk")}


@login_required
@FORM_METHODS
def referral_add(request: HttpRequest, pupil_id) -> HttpResponse:
    pupil, access = _pupil(request, pupil_id, C.CASEWORK_MANAGE)
    form = ReferralForm(request.POST or None, **_referral_form_choices(access))
    return _save_form(
        request,
        form,
        lambda: services.referral_create(actor=request.user, school=access.school, pupil=pupil, values=_values(form)),
        done="Referral saved as a draft. Send it when it has gone to the service.",
        back_url=_pupil_url(pupil),
        next_url_of=_referral_url,
        access=access,
        pupil=pupil,
        title="Make a referral",
        submit="Save the referral",
    )


@login_required
@require_GET
def referral_detail(request: HttpRequest, pupil_id, referral_id) -> HttpResponse:
    pupil, access = _pupil(request, pupil_id, C.CASEWORK_READ)
    referral = selectors.referral_for(pupil, access.school, referral_id)
    audit_view(actor=request.user, pupil=pupil, school=access.school, what=f"{referral}")
    return render(
        request,
        "casework/referral.html",
        {
            **record_context(pupil, access, current="casework"),
            "referral": referral,
            "deadline": selectors.referral_deadline(referral),
            "overdue": referral.status in AWAITING and referral.expected_on < timezone.localdate(),
            "chasers": referral.chasers.select_related("by"),
            "reports": referral.reports.active(),
            "next_statuses": services.NEXT_STATUSES[referral.status],
            "can_manage": access.can(C.CASEWORK_MANAGE),
        },
    )


@login_required
@FORM_METHODS
def referral_edit(request: HttpRequest, pupil_id, referral_id) -> HttpResponse:
    pupil, access = _pupil(request, pupil_id, C.CASEWORK_MANAGE)
    referral = selectors.referral_for(pupil, access.school, referral_id)
    initial = {name: getattr(referral, name) for name in services.REFERRAL_FIELDS} | {"version": referral.version}
    form = ReferralEditForm(request.POST or None, initial=initial, **_referral_form_choices(access))
    return _save_form(
        request,
        form,
        lambda: services.referral_update(
            actor=request.user, referral=referral, expected_version=form.cleaned_data["version"], values=_values(form)
        ),
        done="Referral saved.",
        back_url=_referral_url(referral),
        access=access,
        pupil=pupil,
        title=f"Change the {str(referral).lower()}",
        submit="Save",
    )


@login_required
@FORM_METHODS
def referral_status(request: HttpRequest, pupil_id, referral_id) -> HttpResponse:
    pupil, access = _pupil(request, pupil_id, C.CASEWORK_MANAGE)
    referral = selectors.referral_for(pupil, access.school, referral_id)
    statuses = sorted(services.NEXT_STATUSES[referral.status], key=ReferralStatus.values.index)
    if not statuses:
        raise Http404("The referral is closed.")
    form = StatusForm(request.POST or None, initial={"version": referral.version}, statuses=statuses)
    intro = ""
    if referral.status == ReferralStatus.DRAFT:
        intro = (
            f"When you send it, a response is expected {referral.service.waiting_weeks} weeks later: "
            f"{referral.service.name}'s usual waiting time."
        )
    return _save_form(
        request,
        form,
        lambda: services.referral_set_status(
            actor=request.user,
            referral=referral,
            expected_version=form.cleaned_data["version"],
            status=form.cleaned_data["status"],
            on=form.cleaned_data["on"],
        ),
        done="Referral updated.",
        back_url=_referral_url(referral),
        access=access,
        pupil=pupil,
        intro=intro,
        title=f"Update the {str(referral).lower()}",
        submit="Save",
    )


@login_required
@FORM_METHODS
def chaser_add(request: HttpRequest, pupil_id, referral_id) -> HttpResponse:
    pupil, access = _pupil(request, pupil_id, C.CASEWORK_MANAGE)
    referral = selectors.referral_for(pupil, access.school, referral_id)
    form = ChaserForm(request.POST or None)
    return _save_form(
        request,
        form,
        lambda: services.chaser_add(
            actor=request.user, referral=referral, on=form.cleaned_data["on"], note=form.cleaned_data["note"]
        ),
        done="Chaser recorded.",
        back_url=_referral_url(referral),
        access=access,
        pupil=pupil,
        title=f"Record chasing the {str(referral).lower()}",
        submit="Save",
    )


# --- Reports and recommendations ------------------------------------------------------------------------


@login_required
@FORM_METHODS
def report_add(request: HttpRequest, pupil_id) -> HttpResponse:
    pupil, access = _pupil(request, pupil_id, C.CASEWORK_MANAGE)
    referrals = selectors.pupil_referrals(pupil, access.school).prefetch_related(None)
    form = ReportForm(
        request.POST or None,
        request.FILES or None,
        services=selectors.directory(access.school).order_by("name", "pk"),
        referrals=referrals,
        initial={"referral": request.GET.get("referral")} if "referral" in request.GET else None,
    )
    return _save_form(
        request,
        form,
        lambda: services.report_add(
            actor=request.user,
            school=access.school,
            pupil=pupil,
            values=_values(form, leave=("file", "recommendations")),
            upload=form.cleaned_data["file"] or None,
            recommendations=form.recommendation_lines,
        ),
        done="Report added. Record what the school did about each recommendation.",
        back_url=_pupil_url(pupil),
        next_url_of=_report_url,
        access=access,
        pupil=pupil,
        title="Add a report or advice received",
        submit="Add the report",
        multipart=True,
    )


@login_required
@require_GET
def report_detail(request: HttpRequest, pupil_id, report_id) -> HttpResponse:
    pupil, access = _pupil(request, pupil_id, C.CASEWORK_READ)
    report = selectors.report_for(pupil, access.school, report_id)
    audit_view(actor=request.user, pupil=pupil, school=access.school, what=f"report: {report}")
    return render(
        request,
        "casework/report.html",
        {
            **record_context(pupil, access, current="casework"),
            "report": report,
            "can_manage": access.can(C.CASEWORK_MANAGE),
        },
    )


@login_required
@require_GET
@limit_per_person("downloads")
def report_download(request: HttpRequest, pupil_id, report_id) -> FileResponse:
    pupil, access = _pupil(request, pupil_id, C.CASEWORK_READ)
    report = selectors.report_for(pupil, access.school, report_id)
    if not report.file:
        raise Http404("The report has no document.")
    audit_view(actor=request.user, pupil=pupil, school=access.school, what=f"report document: {report}")
    return FileResponse(
        report.file.open("rb"), as_attachment=True, filename=report.original_name, content_type=report.content_type
    )


@login_required
@FORM_METHODS
def recommendation_add(request: HttpRequest, pupil_id, report_id) -> HttpResponse:
    pupil, access = _pupil(request, pupil_id, C.CASEWORK_MANAGE)
    report = selectors.report_for(pupil, access.school, report_id)
    form = RecommendationForm(request.POST or None)
    return _save_form(
        request,
        form,
        lambda: services.recommendation_add(actor=request.user, report=report, text=form.cleaned_data["text"]),
        done="Recommendation added.",
        back_url=_report_url(report),
        access=access,
        pupil=pupil,
        title=f"Add a recommendation to {report.title}",
        submit="Add",
    )


def _outcome_links(pupil, access) -> dict:
    """The records a recommendation can be linked to: the pupil's passport versions, the targets of
    their plans and the provision they are in, at this school."""
    return {
        "versions": PassportVersion.objects.filter(pupil=pupil, school=access.school).order_by("-number"),
        "targets": Target.objects.filter(outcome__cycle__pupil=pupil, outcome__cycle__school=access.school)
        .select_related("outcome")
        .order_by("-by_date", "pk"),
        "provisions": Provision.objects.filter(school=access.school, members__pupil=pupil).distinct().order_by("name"),
    }


@login_required
@FORM_METHODS
def recommendation_outcome(request: HttpRequest, pupil_id, report_id, recommendation_id: int) -> HttpResponse:
    pupil, access = _pupil(request, pupil_id, C.CASEWORK_MANAGE)
    report = selectors.report_for(pupil, access.school, report_id)
    recommendation = selectors.recommendation_for(report, recommendation_id)
    initial = {name: getattr(recommendation, name) for name in services.OUTCOME_FIELDS}
    initial |= {"version": recommendation.version, "outcome_on": recommendation.outcome_on or timezone.localdate()}
    form = OutcomeForm(request.POST or None, initial=initial, **_outcome_links(pupil, access))
    return _save_form(
        request,
        form,
        lambda: services.recommendation_decide(
            actor=request.user,
            recommendation=recommendation,
            expected_version=form.cleaned_data["version"],
            values=_values(form),
        ),
        done="Recorded what the school did.",
        back_url=_report_url(report),
        access=access,
        pupil=pupil,
        intro=recommendation.text,
        title="What did the school do about this recommendation?",
        submit="Save",
    )


@login_required
@require_GET
def pupil_advice(request: HttpRequest, pupil_id) -> HttpResponse:
    """The professionals' recommendations the school acted on: what the pupil's teachers and TAs need."""
    pupil, access = _pupil(request, pupil_id, C.ADVICE_READ)
    audit_view(actor=request.user, pupil=pupil, school=access.school, what="professionals' advice acted on")
    return render(
        request,
        "casework/advice.html",
        {
            **record_context(pupil, access, current="advice"),
            "recommendations": selectors.advice_acted_on(pupil, access.school),
        },
    )
