from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from opensend.access import policy
from opensend.access.policy import Capability
from opensend.audit.selectors import pupil_audit_trail
from opensend.audit.services import audit_view
from opensend.core.pagination import query_without_cursor
from opensend.core.school_cache import school_fragment
from opensend.pupils.audit_trail import shown_events
from opensend.schools.selectors import school_filter_choices

from . import selectors, services
from .forms import PupilArchiveForm, PupilEditForm, PupilFilterForm, PupilSearchForm
from .record_tabs import record_context


def _filter_form(request: HttpRequest, access: policy.Access) -> PupilFilterForm:
    years, groups = school_filter_choices(access.school)
    return PupilFilterForm(request.GET or None, year_choices=years, group_choices=groups)


@login_required
@require_GET
def pupil_list(request: HttpRequest, urn: str) -> HttpResponse:
    access = policy.school_for_user(request.user, urn, Capability.PUPIL_LIST)
    request.opensend_access = access
    form = _filter_form(request, access)
    page = selectors.pupil_page(
        request.user, access, form.filters(), after=request.GET.get("after"), before=request.GET.get("before")
    )
    filter_query = query_without_cursor(request)
    return render(
        request,
        "pupils/list.html",
        {
            "access": access,
            "form": form,
            "filter_form": school_fragment(
                access.school.pk, "pupils/_filter_form.html", {"form": form, "access": access}, varies_on=filter_query
            ),
            "page": page,
            "search_form": PupilSearchForm(),
            "filter_query": filter_query,
            "can_import": access.can(Capability.MIS_IMPORT),
        },
    )


@login_required
@require_POST
def pupil_search(request: HttpRequest, urn: str) -> HttpResponse:
    """Search by POST, so a pupil's name never lands in a URL or an access log."""
    access = policy.school_for_user(request.user, urn, Capability.PUPIL_LIST)
    request.opensend_access = access
    search_form = PupilSearchForm(request.POST)
    results = (
        selectors.pupil_search(request.user, access, search_form.cleaned_data["q"]) if search_form.is_valid() else []
    )
    template = "pupils/_search_results.html" if request.headers.get("HX-Request") else "pupils/search.html"
    return render(
        request,
        template,
        {"access": access, "search_form": search_form, "results": results, "limit": selectors.SEARCH_LIMIT},
    )


@login_required
@require_GET
def pupil_record(request: HttpRequest, pupil_id) -> HttpResponse:
    pupil, access = policy.pupil_for_user(request.user, pupil_id)
    request.opensend_access = access
    audit_view(actor=request.user, pupil=pupil, school=access.school)
    return render(
        request,
        "pupils/record.html",
        {
            **record_context(pupil, access, current="overview"),
            "enrolments": selectors.pupil_enrolments(pupil),
            "groups": selectors.pupil_groups(pupil, access.school),
            "contacts": list(pupil.contacts.active()),
            "can_raise_concern": access.can(Capability.CONCERN_RAISE),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def pupil_edit(request: HttpRequest, pupil_id) -> HttpResponse:
    pupil, access = policy.pupil_for_user(request.user, pupil_id, Capability.PUPIL_EDIT)
    request.opensend_access = access
    form = PupilEditForm(request.POST or None, instance=pupil, initial={"version": pupil.version})
    status = 200
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in services.PUPIL_EDITABLE_FIELDS}
        try:
            services.pupil_update(
                actor=request.user,
                pupil=pupil,
                school=access.school,
                expected_version=form.cleaned_data["version"],
                **fields,
            )
        except services.StaleEditError:
            form.add_error(
                None,
                "Someone else changed this record after you opened it. Your changes have not been saved: "
                "open the record again to see the latest details, then make your changes.",
            )
            status = 409
        else:
            messages.success(request, "Pupil details saved.")
            return redirect("pupils:record", pupil_id=pupil.public_id)
    elif request.method == "POST":
        status = 400
    return render(request, "pupils/edit.html", {"pupil": pupil, "form": form, "access": access}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def pupil_archive(request: HttpRequest, pupil_id) -> HttpResponse:
    pupil, access = policy.pupil_for_user(request.user, pupil_id, Capability.PUPIL_EDIT)
    request.opensend_access = access
    form = PupilArchiveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.pupil_archive(
            actor=request.user, pupil=pupil, school=access.school, reason=form.cleaned_data["reason"]
        )
        messages.success(request, f"The record for {pupil.full_name} has been archived.")
        return redirect("pupils:list", urn=access.school.urn)
    status = 400 if request.method == "POST" else 200
    return render(request, "pupils/archive.html", {"pupil": pupil, "form": form, "access": access}, status=status)


AUDIT_PAGE_SIZE = 100


@login_required
@require_GET
def pupil_audit(request: HttpRequest, pupil_id) -> HttpResponse:
    """Who has viewed or changed this pupil's record, newest first."""
    pupil, access = policy.pupil_for_user(request.user, pupil_id, Capability.PUPIL_AUDIT)
    request.opensend_access = access
    events = pupil_audit_trail(pupil)
    before = request.GET.get("before", "")
    if before.isdigit():
        events = events.filter(pk__lt=int(before))
    rows = list(events[: AUDIT_PAGE_SIZE + 1])
    return render(
        request,
        "pupils/audit.html",
        {
            **record_context(pupil, access, current="audit"),
            "events": shown_events(rows[:AUDIT_PAGE_SIZE]),
            # Someone who may not read SEND case records (the DPO) sees which fields changed, not to what.
            "show_values": access.can(Capability.SEN_READ),
            "older": rows[AUDIT_PAGE_SIZE - 1].pk if len(rows) > AUDIT_PAGE_SIZE else None,
        },
    )
