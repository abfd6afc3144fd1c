"""Pages of staff deployment and quality assurance: the support team's week with its clashes and
hours, one person's week and observations, reassigning a weekly session, cover for one date,
contracted hours and observations. The SENDCo and the assistant (PROVISION_MANAGE) see and change
all of it; a member of staff sees their own week and their own observations; anyone else gets 404."""

from __future__ import annotations

import contextlib
import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from opensend.access import policy
from opensend.access.policy import Capability
from opensend.core.pagination import keyset_page, query_without_cursor

from . import deployment, deployment_services, selectors
from .deployment_forms import CancelCoverForm, CoverForm, ObservationForm, SlotStaffForm, StaffHoursForm
from .models import Cover, Observation
from .running_views import _form_page, _provision, provision_url
from .views import _apply

FORM_METHODS = require_http_methods(["GET", "POST"])
CHANGED = (
    "Someone else changed this provision after you opened the page. Nothing has been saved: open it "
    "again to see who delivers it now, then make your change."
)
HOURS_CHANGED = "Someone else changed these hours after you opened the page. Nothing has been saved: try again."
COVER_CHANGED = "This cover was changed or cancelled after you opened it. Nothing has been saved."


def _week(request: HttpRequest) -> datetime.date:
    """The Monday of the week asked for (?week=, any day of it), or of this week."""
    try:
        day = datetime.date.fromisoformat(request.GET.get("week", ""))
    except ValueError:
        day = timezone.localdate()
    return deployment.week_of(day)[0]


def _week_links(monday: datetime.date) -> dict:
    return {
        "previous_week": (monday - datetime.timedelta(weeks=1)).isoformat(),
        "next_week": (monday + datetime.timedelta(weeks=1)).isoformat(),
        "this_week": deployment.week_of(timezone.localdate())[0],
    }


def timetable_url(access, person=None) -> str:
    if person is None:
        return reverse("provision:timetable", kwargs={"urn": access.school.urn})
    return reverse("provision:staff-timetable", kwargs={"urn": access.school.urn, "user_id": person.public_id})


@login_required
@require_GET
def team_timetable(request: HttpRequest, urn: str) -> HttpResponse:
    access = policy.school_for_user(request.user, urn, Capability.PROVISION_MANAGE)
    request.opensend_access = access
    monday = _week(request)
    week = deployment.team_week(access.school, monday)
    return render(
        request,
        "provision/timetable/team.html",
        {"access": access, "week": week, "monday": monday, "today": timezone.localdate(), **_week_links(monday)},
    )


def _person(access, user_id):
    person = deployment.school_staff(access.school).filter(public_id=user_id).first()
    if person is None:
        raise Http404("No such member of staff.")
    return person


@login_required
@require_GET
def staff_timetable(request: HttpRequest, urn: str, user_id) -> HttpResponse:
    """One person's week: for the SENDCo and the assistant, or the person themselves."""
    access = policy.school_for_user(request.user, urn, Capability.SEN_READ)
    request.opensend_access = access
    manages = access.can(Capability.PROVISION_MANAGE)
    person = _person(access, user_id)
    if not manages and person.pk != request.user.pk:
        raise Http404("No such member of staff.")
    monday = _week(request)
    week = deployment.team_week(access.school, monday)
    mine, clashes = deployment.person_week(week, person)
    hours = next((row for row in week.people if row.person.pk == person.pk), None)
    if hours is None:
        hours = deployment.PersonWeek(person)
        contract = deployment.StaffHours.objects.filter(school=access.school, user=person).first()
        if contract is not None:
            hours.contracted, hours.hours_version = contract.hours_per_week, contract.version
    return render(
        request,
        "provision/timetable/person.html",
        {
            "access": access,
            "person": person,
            "own": person.pk == request.user.pk,
            "manages": manages,
            "days": [(day, [item for item in mine if item.day == day]) for day in week.days],
            "clashes": clashes,
            "hours": hours,
            "observations": list(deployment.observations_of_person(access.school, person)[:50]),
            "monday": monday,
            "today": timezone.localdate(),
            **_week_links(monday),
        },
    )


@login_required
@FORM_METHODS
def staff_hours(request: HttpRequest, urn: str, user_id) -> HttpResponse:
    access = policy.school_for_user(request.user, urn, Capability.PROVISION_MANAGE)
    request.opensend_access = access
    person = _person(access, user_id)
    row = deployment.StaffHours.objects.filter(school=access.school, user=person).first()
    initial = {"hours_per_week": row.hours_per_week, "version": row.version} if row else {}
    form = StaffHoursForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            status = _apply(
                form,
                lambda: deployment_services.staff_hours_set(
                    actor=request.user,
                    school=access.school,
                    user=person,
                    hours_per_week=form.cleaned_data["hours_per_week"],
                    expected_version=form.cleaned_data["version"],
                ),
                stale_message=HOURS_CHANGED,
            )
            if status is None:
                messages.success(request, f"Contracted hours of {person.display_name} saved.")
                return redirect(timetable_url(access, person))
    return _form_page(
        request,
        access,
        form,
        title=f"Contracted hours of {person.display_name}",
        submit="Save",
        status=status,
        caption="The hours a week their contract at this school is for; deployed hours are set against them.",
    )


def _slot(provision, slot_id):
    slot = selectors.slot_of(provision, slot_id)
    slot.provision = provision
    return slot


@login_required
@FORM_METHODS
def slot_staff(request: HttpRequest, provision_id, slot_id: int) -> HttpResponse:
    """Reassign a weekly session for good: from now on these people deliver it."""
    provision, access = _provision(request, provision_id, manage=True)
    slot = _slot(provision, slot_id)
    current = deployment.slot_staff(slot)
    form = SlotStaffForm(
        request.POST or None,
        staff=selectors.delivering_staff(access.school, provision),
        initial={"version": provision.version, "staff": [person.pk for person in current]},
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            status = _apply(
                form,
                lambda: deployment_services.slot_staff_set(
                    actor=request.user,
                    slot=slot,
                    expected_version=form.cleaned_data["version"],
                    staff=form.cleaned_data["staff"],
                ),
                stale_message=CHANGED,
            )
            if status is None:
                messages.success(request, f"Who delivers {provision.name}, {slot}, saved.")
                return redirect(timetable_url(access))
    return _form_page(
        request,
        access,
        form,
        title=f"Who delivers {slot}",
        submit="Save",
        status=status,
        provision=provision,
        caption="Choose the provision's own staff to have this session follow the provision again.",
    )


@login_required
@FORM_METHODS
def cover_add(request: HttpRequest, provision_id, slot_id: int) -> HttpResponse:
    """Cover one dated session: who covers it, for whom, and why."""
    provision, access = _provision(request, provision_id, manage=True)
    slot = _slot(provision, slot_id)
    usual = deployment.slot_staff(slot)
    initial = {}
    with contextlib.suppress(ValueError):
        initial["on_date"] = datetime.date.fromisoformat(request.GET.get("day", ""))
    if len(usual) == 1:
        initial["replaces"] = usual[0].pk
    form = CoverForm(
        request.POST or None,
        covering=selectors.delivering_staff(access.school),
        away=deployment.school_staff(access.school).filter(pk__in=[person.pk for person in usual]),
        initial=initial,
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            status = _apply(
                form,
                lambda: deployment_services.cover_create(
                    actor=request.user,
                    slot=slot,
                    on_date=form.cleaned_data["on_date"],
                    covered_by=form.cleaned_data["covered_by"],
                    replaces=form.cleaned_data["replaces"],
                    reason=form.cleaned_data["reason"],
                    note=form.cleaned_data["note"],
                ),
            )
            if status is None:
                cover_day = form.cleaned_data["on_date"]
                messages.success(
                    request,
                    f"{form.cleaned_data['covered_by'].display_name} covers {provision.name} on {cover_day:%A %-d %B}.",
                )
                return redirect(f"{timetable_url(access)}?week={cover_day.isoformat()}")
    return _form_page(
        request,
        access,
        form,
        title=f"Cover {provision.name}, {slot}",
        submit="Save the cover",
        status=status,
        provision=provision,
        caption="The person covering sees the session on their home page that day and logs it.",
    )


@login_required
@FORM_METHODS
def cover_cancel(request: HttpRequest, cover_id) -> HttpResponse:
    cover = Cover.objects.active().select_related("provision").filter(public_id=cover_id).first()
    if cover is None:
        raise Http404("No such cover.")
    provision, access = _provision(request, cover.provision.public_id, manage=True)
    form = CancelCoverForm(request.POST or None, initial={"version": cover.version})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            status = _apply(
                form,
                lambda: deployment_services.cover_cancel(
                    actor=request.user,
                    cover=cover,
                    expected_version=form.cleaned_data["version"],
                    reason=form.cleaned_data["reason"],
                ),
                stale_message=COVER_CHANGED,
            )
            if status is None:
                messages.success(request, "Cover cancelled.")
                return redirect(f"{timetable_url(access)}?week={cover.on_date.isoformat()}")
    return _form_page(
        request,
        access,
        form,
        title=f"Cancel cover for {provision.name} on {cover.on_date:%A %-d %B}",
        submit="Cancel the cover",
        status=status,
        provision=provision,
    )


@login_required
@FORM_METHODS
def observation_add(request: HttpRequest, provision_id) -> HttpResponse:
    provision, access = _provision(request, provision_id, manage=True)
    staff = deployment.school_staff(access.school).filter(
        pk__in=[person.pk for slot in provision.slots.all() for person in deployment.slot_staff(slot)]
        + list(provision.staff.values_list("pk", flat=True))
    )
    initial = {"observed_on": timezone.localdate()}
    form = ObservationForm(request.POST or None, staff=staff, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            status = _apply(
                form,
                lambda: deployment_services.observation_create(
                    actor=request.user, provision=provision, staff=form.cleaned_data["staff"], values=form.values()
                ),
            )
            if status is None:
                messages.success(request, f"Observation of {form.cleaned_data['staff'].display_name} saved.")
                return redirect(provision_url(provision))
    return _form_page(
        request,
        access,
        form,
        title=f"Observe a session of {provision.name}",
        submit="Save the observation",
        status=status,
        provision=provision,
        caption="The member of staff observed can read it.",
    )


@login_required
@require_GET
def observation_detail(request: HttpRequest, observation_id) -> HttpResponse:
    """An observation: for the SENDCo and the assistant at its school, and the person observed."""
    observation = (
        Observation.objects.active()
        .select_related("provision", "provision__school", "staff", "observer")
        .filter(public_id=observation_id)
        .first()
    )
    if observation is None:
        raise Http404("No such observation.")
    access = policy.school_for_user(request.user, observation.provision.school.urn, Capability.SEN_READ)
    request.opensend_access = access
    if not (access.can(Capability.PROVISION_MANAGE) or observation.staff_id == request.user.pk):
        raise Http404("No such observation.")
    return render(request, "provision/timetable/observation.html", {"access": access, "observation": observation})


@login_required
@require_GET
def observations(request: HttpRequest, urn: str) -> HttpResponse:
    access = policy.school_for_user(request.user, urn, Capability.PROVISION_MANAGE)
    request.opensend_access = access
    page = keyset_page(
        deployment.observations_at(access.school),
        ("-observed_on", "-pk"),
        after=request.GET.get("after"),
        before=request.GET.get("before"),
        size=selectors.PAGE_SIZE,
    )
    return render(
        request,
        "provision/timetable/observations.html",
        {"access": access, "page": page, "filter_query": query_without_cursor(request)},
    )
