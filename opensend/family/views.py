"""Pages of the family contact log. Everything here needs FAMILY_CONTACTS for the pupil or school
(the SEND leads and the head); anything out of scope is 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from opensend.access import policy
from opensend.access.policy import Capability
from opensend.audit.services import audit_list_view, audit_view
from opensend.core.forms import run_service
from opensend.core.pagination import keyset_page
from opensend.pupils.record_tabs import record_context
from opensend.schools.calendar import school_year

from . import selectors, services
from .forms import CommunicationNeedsForm, ContactForm, PeriodForm

FORM_METHODS = require_http_methods(["GET", "POST"])
PAGE_SIZE = 25


class _NeverStale(Exception):
    """Logging a contact adds a row: nobody else's edit can make it stale."""


def _pupil(request: HttpRequest, pupil_id):
    pupil, access = policy.pupil_for_user(request.user, pupil_id, Capability.FAMILY_CONTACTS)
    request.opensend_access = access
    return pupil, access


def _school(request: HttpRequest, urn: str):
    access = policy.school_for_user(request.user, urn, Capability.FAMILY_CONTACTS)
    request.opensend_access = access
    return access


def _back(request: HttpRequest, default: str) -> HttpResponse:
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(back)
    return redirect(default)


@login_required
@require_GET
def pupil_log(request: HttpRequest, pupil_id) -> HttpResponse:
    pupil, access = _pupil(request, pupil_id)
    audit_view(actor=request.user, pupil=pupil, school=access.school, what="contact with the family")
    page = keyset_page(
        selectors.pupil_contacts(pupil, access.school),
        selectors.CONTACT_ORDER,
        after=request.GET.get("after"),
        before=request.GET.get("before"),
        size=PAGE_SIZE,
    )
    return render(
        request,
        "family/log.html",
        {
            **record_context(pupil, access, current="family"),
            "page": page,
            "family": list(selectors.family_of(pupil)),
            "communication": selectors.communication_needs(pupil),
            "today": timezone.localdate(),
        },
    )


@login_required
@FORM_METHODS
def contact_add(request: HttpRequest, pupil_id) -> HttpResponse:
    pupil, access = _pupil(request, pupil_id)
    form = ContactForm(
        request.POST or None, initial={"contacted_on": timezone.localdate()}, family=selectors.family_of(pupil)
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            status = run_service(
                form,
                lambda: services.contact_record(
                    actor=request.user, pupil=pupil, school=access.school, **form.cleaned_data
                ),
                stale_error=_NeverStale,
                stale_message="",
            )
            if status is None:
                messages.success(request, "Contact logged.")
                return redirect("family:pupil", pupil_id=pupil.public_id)
    return render(
        request,
        "family/contact_form.html",
        {"pupil": pupil, "form": form, "communication": selectors.communication_needs(pupil)},
        status=status,
    )


@login_required
@require_POST
def follow_up_done(request: HttpRequest, pupil_id, entry_id) -> HttpResponse:
    pupil, access = _pupil(request, pupil_id)
    entry = selectors.contact_for_pupil(pupil, access.school, entry_id)
    if entry is None:
        raise Http404("No such contact.")
    try:
        services.follow_up_done(actor=request.user, entry=entry, school=access.school)
        messages.success(request, "Follow-up marked as done.")
    except services.FollowUpAlreadyDoneError:
        messages.info(request, "That follow-up was already done.")
    return _back(request, reverse("family:pupil", kwargs={"pupil_id": pupil.public_id}))


@login_required
@FORM_METHODS
def communication_needs(request: HttpRequest, pupil_id, carer_id: int) -> HttpResponse:
    pupil, access = _pupil(request, pupil_id)
    contact = selectors.family_of(pupil).filter(pk=carer_id).first()
    if contact is None:
        raise Http404("No such parent or carer.")
    initial = {name: getattr(contact, name) for name in services.NEEDS_FIELDS}
    if request.method == "GET":
        audit_view(actor=request.user, pupil=pupil, school=access.school, what=f"communication needs of {contact.name}")
    form = CommunicationNeedsForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            status = run_service(
                form,
                lambda: services.communication_needs_update(
                    actor=request.user,
                    contact=contact,
                    school=access.school,
                    seen=request.POST.get("seen"),
                    **form.cleaned_data,
                ),
                stale_error=services.NeedsChangedError,
                stale_message=(
                    "Someone else changed these communication needs while you were editing. "
                    "Check what is recorded now and save your change again"
                ),
            )
            if status is None:
                messages.success(request, f"Communication needs of {contact.name} saved.")
                return redirect("family:pupil", pupil_id=pupil.public_id)
    return render(
        request,
        "family/needs_form.html",
        {"pupil": pupil, "contact": contact, "form": form, "seen": services.needs_fingerprint(contact)},
        status=status,
    )


@login_required
@require_GET
def my_follow_ups(request: HttpRequest, urn: str) -> HttpResponse:
    access = _school(request, urn)
    page = keyset_page(
        selectors.open_follow_ups_by(request.user, access.school),
        ("follow_up_by", "public_id"),
        after=request.GET.get("after"),
        before=request.GET.get("before"),
        size=PAGE_SIZE * 2,
    )
    return render(request, "family/follow_ups.html", {"access": access, "page": page, "today": timezone.localdate()})


@login_required
@require_GET
def co_production(request: HttpRequest, urn: str) -> HttpResponse:
    """The co-production record: how often the school was in touch with each family over a period,
    and how, the record a SENDCo shows an inspector."""
    access = _school(request, urn)
    year = school_year(access.school)
    form = PeriodForm(
        request.GET if "starts_on-year" in request.GET else None,
        initial={"starts_on": year.starts_on, "ends_on": min(timezone.localdate(), year.ends_on)},
    )
    period = selectors.Period(year.starts_on, min(timezone.localdate(), year.ends_on))
    if form.is_bound and form.is_valid():
        period = selectors.Period(form.cleaned_data["starts_on"], form.cleaned_data["ends_on"])
    rows = selectors.co_production(request.user, access, period)
    page = keyset_page(
        rows,
        ("sort_key", "public_id"),
        after=request.GET.get("after"),
        before=request.GET.get("before"),
        size=PAGE_SIZE * 2,
    )
    for pupil in page.rows:
        pupil.method_counts = selectors.method_counts(pupil)
    audit_list_view(actor=request.user, pupils=page.rows, school=access.school, what="the co-production record")
    filter_query = urlencode(
        {
            f"{name}-{part}": value
            for name, day in (("starts_on", period.starts_on), ("ends_on", period.ends_on))
            for part, value in (("day", day.day), ("month", day.month), ("year", day.year))
        }
    )
    return render(
        request,
        "family/co_production.html",
        {
            "access": access,
            "form": form,
            "period": period,
            "page": page,
            "methods": selectors.METHOD_COLUMNS,
            "totals": selectors.co_production_totals(request.user, access, period),
            "filter_query": filter_query,
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )
