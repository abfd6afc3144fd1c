from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from opensend.access import policy
from opensend.access.policy import Capability
from opensend.audit.models import AuditEvent
from opensend.audit.services import audit_change, audit_view
from opensend.core.pagination import query_without_cursor
from opensend.core.ratelimit import limit_per_person
from opensend.core.school_cache import school_fragment
from opensend.pupils.models import Pupil
from opensend.pupils.record_tabs import record_context
from opensend.schools.selectors import school_filter_choices

from . import exports, national, selectors, services
from .codes import Provision
from .forms import (
    MonitoringAddForm,
    MonitoringEndForm,
    NeedsForm,
    ProvisionForm,
    RegisterFilterForm,
    base_end_form,
    base_start_form,
    long_date,
)

# --- the register ------------------------------------------------------------------------------


def _filter_form(request: HttpRequest, access: policy.Access) -> RegisterFilterForm:
    years, groups = school_filter_choices(access.school)
    return RegisterFilterForm(
        request.GET or None,
        year_choices=years,
        group_choices=groups,
        bases=selectors.school_bases(access.school),
    )


@login_required
@require_GET
def register_list(request: HttpRequest, urn: str) -> HttpResponse:
    access = policy.school_for_user(request.user, urn, Capability.REGISTER)
    request.opensend_access = access
    form = _filter_form(request, access)
    filters = form.filters()
    page, stats = selectors.register_page(
        request.user,
        access,
        filters,
        after=request.GET.get("after"),
        before=request.GET.get("before"),
        counted=form.counted_filters(),
    )
    filter_query = query_without_cursor(request)
    school_id = access.school.pk
    counts_context = {
        "access": access,
        "form": form,
        "stats": stats,
        "filter_query": filter_query,
        "national": national,
        "phase_figure": national.sen_for_phase(access.school.phase),
    }
    # The counts' markup changes with the counts (and the links with the query string), no oftener.
    counts_vary_on = f"{selectors.register_stats_name(request.user, access, form.counted_filters())}?{filter_query}"
    return render(
        request,
        "register/list.html",
        {
            "access": access,
            "filter_form": school_fragment(
                school_id, "register/_filter_form.html", {"form": form, "access": access}, varies_on=filter_query
            ),
            "counts": school_fragment(school_id, "register/_counts.html", counts_context, varies_on=counts_vary_on),
            "need_counts": school_fragment(
                school_id, "register/_need_counts.html", counts_context, varies_on=counts_vary_on
            ),
            "page": page,
            "filter_query": filter_query,
            "meetings_expected": selectors.SEN_SUPPORT_MEETINGS_EXPECTED,
            "meetings_rule": selectors.MEETINGS_RULE,
            "listing_sen_by_default": not form.provision_chosen,
            "everyone_query": _with_provision(request, selectors.EVERYONE),
            "meetings_recorded": selectors.meetings_recorded(),
            "national": national,
        },
    )


def _with_provision(request: HttpRequest, provision: str) -> str:
    query = request.GET.copy()
    for name in ("provision", "after", "before"):
        query.pop(name, None)
    query["provision"] = provision
    return query.urlencode()


def _export(request: HttpRequest, urn: str, kind: str) -> HttpResponse:
    access = policy.school_for_user(request.user, urn, Capability.REGISTER)
    form = _filter_form(request, access)
    bases = selectors.school_bases(access.school)
    rows = list(selectors.register_rows(request.user, access, form.filters()))
    labels = form.active_labels()
    if kind == "xlsx":
        content, content_type = exports.register_xlsx(rows, bases=bases, title=access.school.name), exports.XLSX
    else:
        content, content_type = exports.register_csv(rows, bases=bases), exports.CSV
    audit_change(
        actor=request.user,
        action=AuditEvent.Action.EXPORT,
        instance=access.school,
        school=access.school,
        changes={"format": [None, kind], "rows": [None, len(rows)], "filters": [None, labels]},
        summary=f"Exported the SEN register ({kind.upper()}, {len(rows)} rows; filters: {'; '.join(labels) or 'none'})",
    )
    response = HttpResponse(content, content_type=content_type)
    filename = f"sen-register-{access.school.urn}-{timezone.localdate():%Y-%m-%d}.{kind}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
@limit_per_person("downloads")
def register_export_xlsx(request: HttpRequest, urn: str) -> HttpResponse:
    return _export(request, urn, "xlsx")


@login_required
@require_GET
@limit_per_person("downloads")
def register_export_csv(request: HttpRequest, urn: str) -> HttpResponse:
    return _export(request, urn, "csv")


# --- census readiness -----------------------------------------------------------------------------


@login_required
@require_GET
def census_check(request: HttpRequest, urn: str) -> HttpResponse:
    access = policy.school_for_user(request.user, urn, Capability.CENSUS)
    request.opensend_access = access
    report = selectors.census_report(access.school)
    return render(
        request,
        "register/census.html",
        {"access": access, "report": report, "can_read_sen": access.can(Capability.SEN_READ)},
    )


# --- a pupil's SEN section --------------------------------------------------------------------------


def _pupil(request: HttpRequest, pupil_id, capability: Capability) -> tuple[Pupil, policy.Access]:
    pupil, access = policy.pupil_for_user(request.user, pupil_id, capability)
    request.opensend_access = access
    return pupil, access


def _sen_url(pupil: Pupil) -> str:
    return reverse("register:sen", kwargs={"pupil_id": pupil.public_id})


@login_required
@require_GET
def sen_section(request: HttpRequest, pupil_id) -> HttpResponse:
    pupil, access = _pupil(request, pupil_id, Capability.SEN_READ)
    audit_view(actor=request.user, pupil=pupil, school=access.school, what="SEN record")
    return render(
        request,
        "register/sen.html",
        {
            **record_context(pupil, access, current="sen"),
            "record": selectors.sen_record(pupil, access.school),
            "can_change_sen": access.can(Capability.REGISTER_EDIT),
            "school_bases": selectors.school_bases(access.school),
        },
    )


class Stale(Exception):
    pass


STALE_MESSAGE = (
    "Someone else changed this pupil's SEN record after you opened this page. Nothing has been saved: "
    "go back to the SEN record to see the latest details, then make your change."
)


def _form_page(
    request: HttpRequest,
    *,
    pupil: Pupil,
    access: policy.Access,
    form,
    save: Callable[[dict], str | None],
    done: str,
    page: dict,
) -> HttpResponse:
    """GET shows the form; a valid POST saves through the register's services and returns to the SEN
    record (or wherever `save` says); errors, including the services' own, come back in the summary."""
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                next_url = save(form.cleaned_data)
            except Stale:
                form.add_error(None, STALE_MESSAGE)
                status = 409
            except ValidationError as error:
                _add_service_errors(form, error)
            else:
                messages.success(request, done)
                return redirect(next_url or _sen_url(pupil))
    return render(
        request,
        "register/sen_form.html",
        {"pupil": pupil, "access": access, "form": form, "back_url": _sen_url(pupil), **page},
        status=status,
    )


def _add_service_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, problems in error.message_dict.items():
            form.add_error(name if name in form.fields else None, problems)
    else:
        form.add_error(None, error.messages)


def _unavailable(request: HttpRequest, pupil: Pupil, access: policy.Access, title: str, message: str) -> HttpResponse:
    """A change that does not apply to this pupil now: say why, and how to get there."""
    return render(
        request,
        "register/sen_unavailable.html",
        {"pupil": pupil, "access": access, "title": title, "message": message, "back_url": _sen_url(pupil)},
        status=200 if request.method == "GET" else 400,
    )


@login_required
@require_http_methods(["GET", "POST"])
def provision_change(request: HttpRequest, pupil_id) -> HttpResponse:
    pupil, access = _pupil(request, pupil_id, Capability.REGISTER_EDIT)
    current = services.current_status(pupil)
    form = ProvisionForm(request.POST or None, current_status=current)

    def save(data: dict) -> str | None:
        if form.is_stale:
            raise Stale
        status = services.sen_status_set(
            actor=request.user,
            pupil=pupil,
            school=access.school,
            provision=data["provision"],
            start_date=data["start_date"],
            reason=data["reason"],
            parents_notified_on=data["parents_notified_on"],
            parents_notified_by=data["parents_notified_by"],
        )
        if status.provision != Provision.NONE and not pupil.sen_needs.filter(end_date__isnull=True).exists():
            messages.info(request, "Now record the pupil's needs: the census needs at least a primary need.")
            return reverse("register:needs-change", kwargs={"pupil_id": pupil.public_id})
        return None

    return _form_page(
        request,
        pupil=pupil,
        access=access,
        form=form,
        save=save,
        done="SEN provision changed.",
        page={"title": "Change SEN provision", "button": "Save provision", "current": current},
    )


@login_required
@require_http_methods(["GET", "POST"])
def needs_change(request: HttpRequest, pupil_id) -> HttpResponse:
    pupil, access = _pupil(request, pupil_id, Capability.REGISTER_EDIT)
    current = services.current_status(pupil)
    if current is None or current.provision == Provision.NONE:
        return _unavailable(
            request,
            pupil,
            access,
            "Change needs",
            f"Needs are recorded for pupils on SEN support or with an EHC plan. Change {pupil.full_name}'s "
            "provision first.",
        )
    needs = list(pupil.sen_needs.filter(end_date__isnull=True).order_by("rank"))
    # A pupil's first needs usually date from the start of their SEN support or plan.
    since = None if needs else current.start_date
    form = NeedsForm(request.POST or None, provision=current.provision, current_needs=needs, since=since)

    def save(data: dict) -> None:
        if form.is_stale:
            raise Stale
        services.sen_needs_set(
            actor=request.user, pupil=pupil, school=access.school, needs=form.needs(), on=data["start_date"]
        )

    return _form_page(
        request,
        pupil=pupil,
        access=access,
        form=form,
        save=save,
        done="Needs saved.",
        page={"title": "Change needs", "button": "Save needs", "current": current, "needs": needs},
    )


@login_required
@require_http_methods(["GET", "POST"])
def monitoring_add(request: HttpRequest, pupil_id) -> HttpResponse:
    pupil, access = _pupil(request, pupil_id, Capability.REGISTER_EDIT)
    title = "Add to the monitoring list"
    record = selectors.sen_record(pupil, access.school)
    if record.monitoring is not None:
        return _unavailable(request, pupil, access, title, f"{pupil.full_name} is already on the monitoring list.")
    if record.has_sen:
        return _unavailable(
            request,
            pupil,
            access,
            title,
            f"{pupil.full_name} is on the SEN register ({record.current.get_provision_display()}). The monitoring "
            "list is for pupils the school is watching before any decision to add them to the register.",
        )
    form = MonitoringAddForm(request.POST or None)

    def save(data: dict) -> None:
        services.monitoring_add(
            actor=request.user, pupil=pupil, school=access.school, reason=data["reason"], on=data["started_on"]
        )

    return _form_page(
        request,
        pupil=pupil,
        access=access,
        form=form,
        save=save,
        done="Added to the monitoring list.",
        page={"title": title, "button": "Add to the monitoring list"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def monitoring_end(request: HttpRequest, pupil_id) -> HttpResponse:
    pupil, access = _pupil(request, pupil_id, Capability.REGISTER_EDIT)
    title = "Take off the monitoring list"
    entry = selectors.sen_record(pupil, access.school).monitoring
    if entry is None:
        return _unavailable(request, pupil, access, title, f"{pupil.full_name} is not on the monitoring list.")
    form = MonitoringEndForm(request.POST or None, entry=entry)

    def save(data: dict) -> None:
        services.monitoring_end(actor=request.user, entry=entry, reason=data["reason"], on=data["ended_on"])

    return _form_page(
        request,
        pupil=pupil,
        access=access,
        form=form,
        save=save,
        done="Taken off the monitoring list.",
        page={
            "title": title,
            "button": "Take off the monitoring list",
            "monitoring": entry,
            "intro": f"On the monitoring list since {long_date(entry.started_on)}: {entry.reason}",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def base_start(request: HttpRequest, pupil_id) -> HttpResponse:
    pupil, access = _pupil(request, pupil_id, Capability.REGISTER_EDIT)
    record = selectors.sen_record(pupil, access.school)
    names = " or ".join(base.name for base in selectors.school_bases(access.school))
    title = f"Start a place in {names}" if names else "Start a place in a base"
    offered = [item.base for item in record.bases if item.current is None]
    if not record.bases:
        message = f"{access.school.name} has no SEN unit or resourced provision set up."
        return _unavailable(request, pupil, access, "Start a place in a base", message)
    if not offered:
        return _unavailable(request, pupil, access, title, f"{pupil.full_name} already has a place in {names}.")
    if not record.has_sen:
        return _unavailable(
            request,
            pupil,
            access,
            title,
            f"Places in {names} are for pupils with SEN support or an EHC plan: change {pupil.full_name}'s "
            "provision first.",
        )
    form = base_start_form(request.POST or None, bases=offered)

    def save(data: dict) -> None:
        services.base_membership_set(
            actor=request.user, pupil=pupil, school=access.school, kind=data["kind"], member=True, on=data["on"]
        )

    return _form_page(
        request,
        pupil=pupil,
        access=access,
        form=form,
        save=save,
        done="Place started.",
        page={"title": title, "button": "Start the place"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def base_end(request: HttpRequest, pupil_id) -> HttpResponse:
    pupil, access = _pupil(request, pupil_id, Capability.REGISTER_EDIT)
    record = selectors.sen_record(pupil, access.school)
    current = [(item.base, item.current) for item in record.bases if item.current is not None]
    names = " or ".join(base.name for base, _ in current)
    title = f"End the place in {names}" if names else "End a place in a base"
    if not current:
        return _unavailable(request, pupil, access, title, f"{pupil.full_name} has no place in a base here.")
    form = base_end_form(request.POST or None, memberships=current)

    def save(data: dict) -> None:
        membership = form.memberships[data["kind"]]
        if data["on"] < membership.started_on:
            raise ValidationError({"on": f"The place must end on or after {long_date(membership.started_on)}"})
        services.base_membership_set(
            actor=request.user, pupil=pupil, school=access.school, kind=data["kind"], member=False, on=data["on"]
        )

    return _form_page(
        request,
        pupil=pupil,
        access=access,
        form=form,
        save=save,
        done="Place ended.",
        page={"title": title, "button": "End the place"},
    )
