"""The session log: the person delivering a provision records one session, on a phone, in under a
minute. Only those who deliver it (and the SENDCo and assistant) may log; anyone else gets 404."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from opensend.audit.services import audit_view
from opensend.passports.selectors import current_passports

from . import deployment, selectors, services
from .forms import SessionForm
from .running_views import provision_url
from .views import _apply

STALE_LOG = (
    "Someone else logged this session after you opened it. Your log has not been saved: open the "
    "session again to see what they recorded."
)


def session_url(provision, slot, day: datetime.date) -> str:
    return reverse(
        "provision:log", kwargs={"provision_id": provision.public_id, "slot_id": slot.pk, "day": day.isoformat()}
    )


def _day(text: str, slot, provision) -> datetime.date:
    try:
        day = datetime.date.fromisoformat(text)
    except ValueError as error:
        raise Http404("No such day.") from error
    if day.weekday() != slot.weekday or not provision.starts_on <= day <= provision.ends_on:
        raise Http404("The provision has no session that day.")
    if day > timezone.localdate():
        raise Http404("A session is logged once it has happened.")
    return day


def _initial(session, pupils) -> dict:
    if session is None:
        # Everyone is ticked as attending by default: the log is a few taps when all came.
        return {"held": "yes", **{f"attended_{pupil.pk}": True for pupil in pupils}}
    rows = {row.pupil_id: row for row in session.attendance.all()}
    initial = {
        "version": session.version,
        "held": "yes" if session.held else "no",
        "not_held_reason": session.not_held_reason,
        "note": session.note,
    }
    for pupil in pupils:
        row = rows.get(pupil.pk)
        initial[f"attended_{pupil.pk}"] = row.attended if row else session.held
        initial[f"note_{pupil.pk}"] = row.note if row else ""
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def session_log(request: HttpRequest, provision_id, slot_id: int, day: str) -> HttpResponse:
    provision, access = selectors.provision_for_user(request.user, provision_id)
    if provision.is_archived:
        raise Http404("No such provision.")
    request.opensend_access = access
    slot = selectors.slot_of(provision, slot_id)
    held_on = _day(day, slot, provision)
    # Whoever covers this session on this date logs it, as its usual staff would.
    may_log = selectors.may_log(request.user, access, provision)
    covering = not may_log and deployment.covers_session(request.user, provision, slot, held_on)
    if not (may_log or covering):
        raise Http404("No such provision.")
    session = selectors.logged_session(provision, held_on, slot)
    pupils = selectors.session_pupils(provision, held_on)
    form = SessionForm(request.POST or None, pupils=pupils, initial=_initial(session, pupils))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            status = _apply(
                form,
                lambda: services.session_log(
                    actor=request.user,
                    provision=provision,
                    slot=slot,
                    held_on=held_on,
                    held=form.cleaned_data["held"],
                    not_held_reason=form.cleaned_data["not_held_reason"],
                    note=form.cleaned_data["note"],
                    attendance=form.attendance(),
                    expected_version=form.cleaned_data["version"],
                ),
                stale_message=STALE_LOG,
            )
            if status is None:
                messages.success(request, f"{provision.name} on {held_on:%A %-d %B} logged.")
                # Those who deliver it go back to their day's sessions; the SENDCo to the provision.
                delivering = covering or selectors.delivers(request.user, provision)
                return redirect(_home(access) if delivering else provision_url(provision))
    passports = current_passports([pupil.pk for pupil in pupils])
    if request.method == "GET":
        for pupil in pupils:
            if pupil.pk in passports:
                audit_view(actor=request.user, pupil=pupil, school=access.school, what="what helps, in a session log")
    return render(
        request,
        "provision/session_log.html",
        {
            "access": access,
            "provision": provision,
            "slot": slot,
            "day": held_on,
            "session": session,
            "form": form,
            "rows": [(pupil, attended, note, passports.get(pupil.pk)) for pupil, attended, note in form.pupil_rows()],
        },
        status=status,
    )


def _home(access) -> str:
    return reverse("dashboards:dashboard", kwargs={"urn": access.school.urn})
