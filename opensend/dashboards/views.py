from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from opensend.access import policy
from opensend.access.policy import Capability
from opensend.audit.services import audit_view
from opensend.provision.selectors import week_sessions
from opensend.pupils.record_tabs import record_context
from opensend.schools.models import NCYear

from . import chronology, overviews, panels
from .my_class import my_class_rows


@login_required
@require_GET
def dashboard(request: HttpRequest, urn: str) -> HttpResponse:
    """Home: what needs doing, for the pupils this person may see."""
    access = policy.school_for_user(request.user, urn, Capability.SEN_READ)
    request.opensend_access = access
    today = timezone.localdate()
    sessions = week_sessions(request.user, access, today)
    return render(
        request,
        "dashboards/dashboard.html",
        {
            "access": access,
            "panels": panels.panels_for(request.user, access),
            "shape": panels.register_shape(request.user, access),
            "today": today,
            "sessions_today": [session for session in sessions if session.day == today],
            "sessions_later": [session for session in sessions if session.day != today],
        },
    )


@login_required
@require_GET
def panel_list(request: HttpRequest, urn: str, key: str) -> HttpResponse:
    """A home panel's whole list ("Showing 8 of 31": see them all), a page at a time."""
    access = policy.school_for_user(request.user, urn, Capability.SEN_READ)
    request.opensend_access = access
    panel = panels.LISTS.get(key)
    if panel is None or not panel.shown_to(access):
        raise Http404
    listed = panels.list_page(
        panel, request.user, access, after=request.GET.get("after"), before=request.GET.get("before")
    )
    others = [panels.LISTS[other] for other in panels.REVIEW_LISTS if key in panels.REVIEW_LISTS and other != key]
    return render(request, "dashboards/panel_list.html", {"access": access, "listed": listed, "others": others})


@login_required
@require_GET
def my_class(request: HttpRequest, urn: str) -> HttpResponse:
    """Every SEND pupil a teacher teaches (or a TA supports), readable in two minutes, printable."""
    access = policy.school_for_user(request.user, urn, Capability.MY_CLASS)
    request.opensend_access = access
    groups = my_class_rows(request.user, access)
    return render(request, "dashboards/my_class.html", {"access": access, "groups": groups})


@login_required
@require_GET
def pupil_chronology(request: HttpRequest, pupil_id) -> HttpResponse:
    pupil, access = policy.pupil_for_user(request.user, pupil_id, Capability.SEN_READ)
    request.opensend_access = access
    audit_view(actor=request.user, pupil=pupil, school=access.school, what="chronology")
    kind = request.GET.get("kind", "")
    kinds = chronology.kinds_for(access)
    if kind not in kinds:
        kind = ""
    return render(
        request,
        "dashboards/chronology.html",
        {
            **record_context(pupil, access, current="chronology"),
            "events": chronology.pupil_chronology(pupil, kind=kind, access=access),
            "kinds": kinds,
            "kind": kind,
        },
    )


@login_required
@require_GET
def school_overview(request: HttpRequest, urn: str) -> HttpResponse:
    """The school at a glance, in numbers: what governors and the business manager see."""
    access = policy.school_for_user(request.user, urn, Capability.SCHOOL_OVERVIEW)
    request.opensend_access = access
    summary = overviews.school_overview(access.school)
    year_labels = dict(NCYear.choices)
    for row in summary["by_year"]:
        row["label"] = year_labels.get(row["year_group__nc_year"], row["year_group__nc_year"])
    return render(request, "dashboards/school_overview.html", {"access": access, "summary": summary})


@login_required
@require_GET
def trust_overview(request: HttpRequest, trust_id) -> HttpResponse:
    trust = policy.trust_for_user(request.user, trust_id)
    return render(
        request, "dashboards/trust_overview.html", {"trust": trust, "schools": overviews.trust_overview(trust)}
    )
