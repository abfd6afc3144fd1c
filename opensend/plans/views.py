"""Pages of the graduated approach: one URL per action. Reading needs SEN_READ for the pupil;
every change needs PLAN_EDIT for the pupil (a teacher only for pupils they teach); anything out of
scope is 404, and a closed cycle answers 409 to any change."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from opensend.access import policy
from opensend.access.policy import Capability
from opensend.assessments.selectors import active_results
from opensend.audit.services import audit_view
from opensend.core.forms import run_service
from opensend.core.pagination import keyset_page
from opensend.core.pdf import html_to_pdf, pdf_response
from opensend.core.ratelimit import limit_per_person
from opensend.pupils.record_tabs import record_context

from . import selectors, services
from .forms import (
    ActionForm,
    AssessForm,
    CloseForm,
    CycleStartForm,
    MeetingForm,
    NoteForm,
    OutcomeEditForm,
    OutcomeForm,
    PlanForm,
    ReviewForm,
    TargetEditForm,
    TargetForm,
    VersionForm,
)
from .models import STAGES, Cycle, MeetingAction, Outcome, ParentMeeting, Status, Target

STALE = (
    "Someone else changed this after you opened it. Your changes have not been saved: open the "
    "cycle again to see the latest version, then make your changes."
)
FORM_METHODS = require_http_methods(["GET", "POST"])
ACTIONS_PAGE = 50


def _pupil(request: HttpRequest, pupil_id, capability: Capability):
    pupil, access = policy.pupil_for_user(request.user, pupil_id, capability)
    request.opensend_access = access
    return pupil, access


def _cycle(pupil, cycle_id) -> Cycle:
    cycle = selectors.cycle_for_pupil(pupil, cycle_id)
    if cycle is None:
        raise Http404("No such cycle.")
    return cycle


def _closed(request: HttpRequest, pupil, cycle: Cycle) -> HttpResponse:
    return render(request, "plans/closed.html", {"pupil": pupil, "cycle": cycle}, status=409)


def cycle_change_view(capability: Capability) -> Callable[[Callable], Callable]:
    """A change to one cycle: `capability` for the pupil, the cycle of this pupil at this school,
    and not closed (409, before the form and again if it closes while the form is open)."""
    return lambda view: _cycle_change_view(view, capability)


def _cycle_change_view(view: Callable, capability: Capability) -> Callable:
    @login_required
    @FORM_METHODS
    @wraps(view)
    def wrapper(request: HttpRequest, pupil_id, cycle_id, **kwargs) -> HttpResponse:
        pupil, access = _pupil(request, pupil_id, capability)
        cycle = _cycle(pupil, cycle_id)
        if cycle.school_id != access.school.pk:
            raise Http404("No such cycle.")
        if cycle.is_closed:
            return _closed(request, pupil, cycle)
        try:
            return view(request, pupil=pupil, access=access, cycle=cycle, **kwargs)
        except services.CycleClosedError:
            return _closed(request, pupil, cycle)

    return wrapper


cycle_edit_view = cycle_change_view(Capability.PLAN_EDIT)


def _apply(form, call: Callable[[], object]) -> int | None:
    return run_service(form, call, stale_error=services.StaleEditError, stale_message=STALE)


def _cycle_url(cycle: Cycle, fragment: str = "") -> str:
    url = reverse("plans:cycle", kwargs={"pupil_id": cycle.pupil.public_id, "cycle_id": cycle.public_id})
    return f"{url}#{fragment}" if fragment else url


def _form_page(request, *, pupil, cycle, form, title: str, submit: str, status: int = 200, **extra) -> HttpResponse:
    template = extra.pop("template", "plans/form.html")
    context = {"pupil": pupil, "cycle": cycle, "form": form, "title": title, "submit": submit, **extra}
    return render(request, template, context, status=status)


# --- Reading ---------------------------------------------------------------------------------------


@login_required
@require_GET
def pupil_plans(request: HttpRequest, pupil_id) -> HttpResponse:
    pupil, access = _pupil(request, pupil_id, Capability.SEN_READ)
    audit_view(actor=request.user, pupil=pupil, school=access.school, what="assess, plan, do, review cycles")
    current, history = selectors.pupil_cycles(pupil)
    can_edit = access.can(Capability.PLAN_EDIT)
    return render(
        request,
        "plans/pupil.html",
        {
            **record_context(pupil, access, current="plans"),
            "current": current,
            "history": history,
            "stages": STAGES,
            "can_start": can_edit and current is None,
            "can_edit": can_edit,
            "today": timezone.localdate(),
        },
    )


@login_required
@require_GET
def cycle_detail(request: HttpRequest, pupil_id, cycle_id) -> HttpResponse:
    pupil, access = _pupil(request, pupil_id, Capability.SEN_READ)
    cycle = _cycle(pupil, cycle_id)
    audit_view(
        actor=request.user, pupil=pupil, school=access.school, what=f"assess, plan, do, review cycle {cycle.number}"
    )
    return _render_cycle(request, pupil, access, cycle)


def _render_cycle(request, pupil, access, cycle: Cycle, *, errors: list[str] | None = None, status: int = 200):
    open_here = not cycle.is_closed and cycle.school_id == access.school.pk
    editable = access.can(Capability.PLAN_EDIT) and open_here
    return render(
        request,
        "plans/cycle.html",
        {
            **record_context(pupil, access, current="plans"),
            "cycle": cycle,
            **selectors.cycle_detail(cycle),
            "stages": STAGES,
            "editable": editable,
            "can_add_note": access.can(Capability.PLAN_CONTRIBUTE) and open_here,
            "advance_form": VersionForm(initial={"version": cycle.version}),
            "advance_errors": errors or [],
            "today": timezone.localdate(),
        },
        status=status,
    )


@login_required
@require_GET
def cycle_print(request: HttpRequest, pupil_id, cycle_id) -> HttpResponse:
    pupil, access = _pupil(request, pupil_id, Capability.SEN_READ)
    cycle = _cycle(pupil, cycle_id)
    audit_view(actor=request.user, pupil=pupil, school=access.school, what=f"printable APDR cycle {cycle.number}")
    cycles = selectors.cycles_for_print(pupil, cycle=cycle)
    return render(request, "plans/print.html", {"pupil": pupil, "access": access, "cycles": cycles, "single": True})


@login_required
@require_GET
def history_print(request: HttpRequest, pupil_id) -> HttpResponse:
    pupil, access = _pupil(request, pupil_id, Capability.SEN_READ)
    audit_view(actor=request.user, pupil=pupil, school=access.school, what="printable history of APDR cycles")
    cycles = selectors.cycles_for_print(pupil, closed_only=True)
    return render(request, "plans/print.html", {"pupil": pupil, "access": access, "cycles": cycles, "single": False})


# --- Starting a cycle --------------------------------------------------------------------------------


@login_required
@FORM_METHODS
def cycle_start(request: HttpRequest, pupil_id) -> HttpResponse:
    pupil, access = _pupil(request, pupil_id, Capability.PLAN_EDIT)
    current, history = selectors.pupil_cycles(pupil)
    if current is not None:
        messages.info(request, "This pupil already has an open cycle.")
        return redirect(_cycle_url(current))
    previous = next((cycle for cycle in history if cycle.reviewed_on is not None), None)
    lead_teachers = selectors.lead_teachers(access.school)
    # The pupil's class teacher leads by default, else the person starting the cycle if they may
    # lead, else nobody: the form then asks, rather than proposing whoever sorts first.
    class_teacher = selectors.pupil_class_teacher(pupil, access.school)
    default_lead = class_teacher or lead_teachers.filter(pk=request.user.pk).first()
    form = CycleStartForm(
        request.POST or None,
        lead_teachers=lead_teachers,
        previous=previous,
        initial={"opened_on": timezone.localdate(), "lead_teacher": default_lead.pk if default_lead else None},
    )
    if default_lead is None:
        form.fields["lead_teacher"].empty_label = "Choose the lead teacher"
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            created: list[Cycle] = []
            data = form.cleaned_data
            status = _apply(
                form,
                lambda: created.append(
                    services.cycle_start(
                        actor=request.user,
                        pupil=pupil,
                        school=access.school,
                        lead_teacher=data["lead_teacher"],
                        opened_on=data["opened_on"],
                        review_date=data["review_date"],
                        template=data["template"],
                        previous=previous if data.get("from_previous") else None,
                    )
                ),
            )
            if status is None:
                messages.success(request, f"Cycle {created[0].number} started.")
                return redirect(_cycle_url(created[0]))
    return render(
        request,
        "plans/start.html",
        {"pupil": pupil, "form": form, "previous": previous, "templates": form.fields["template"].queryset},
        status=status,
    )


# --- Assess and plan ---------------------------------------------------------------------------------


def _version_conflict_or_save(request, form, call, cycle: Cycle, success: str, fragment: str):
    status = 400
    if form.is_valid():
        status = _apply(form, call)
        if status is None:
            messages.success(request, success)
            return None, redirect(_cycle_url(cycle, fragment))
    return status, None


@cycle_edit_view
def cycle_assess(request: HttpRequest, *, pupil, access, cycle: Cycle) -> HttpResponse:
    form = AssessForm(
        request.POST or None,
        results=active_results(pupil),
        initial={
            "version": cycle.version,
            "assessment_results": [result.pk for result in cycle.assessment_results.all()],
            **{name: getattr(cycle, name) for name in services.ASSESS_FIELDS},
        },
    )
    status = 200
    if request.method == "POST":
        status, done = _version_conflict_or_save(
            request,
            form,
            lambda: services.cycle_update_assess(
                actor=request.user,
                cycle=cycle,
                school=access.school,
                expected_version=form.cleaned_data["version"],
                assessment_results=list(form.cleaned_data["assessment_results"]),
                **{name: form.cleaned_data[name] for name in services.ASSESS_FIELDS},
            ),
            cycle,
            "Assessment saved.",
            "assess",
        )
        if done:
            return done
    return _form_page(
        request,
        pupil=pupil,
        cycle=cycle,
        form=form,
        title="Assess",
        submit="Save",
        status=status,
        template="plans/assess.html",
    )


@cycle_edit_view
def cycle_plan(request: HttpRequest, *, pupil, access, cycle: Cycle) -> HttpResponse:
    fields = ("review_date", "strategies", "linked_provision", "who_does_what")
    form = PlanForm(
        request.POST or None,
        lead_teachers=selectors.lead_teachers(access.school),
        opened_on=cycle.opened_on,
        initial={
            "version": cycle.version,
            "lead_teacher": cycle.lead_teacher_id,
            **{name: getattr(cycle, name) for name in fields},
        },
    )
    status = 200
    if request.method == "POST":
        status, done = _version_conflict_or_save(
            request,
            form,
            lambda: services.cycle_update_plan(
                actor=request.user,
                cycle=cycle,
                school=access.school,
                expected_version=form.cleaned_data["version"],
                **{name: form.cleaned_data[name] for name in services.PLAN_FIELDS},
            ),
            cycle,
            "Plan saved.",
            "plan",
        )
        if done:
            return done
    return _form_page(
        request,
        pupil=pupil,
        cycle=cycle,
        form=form,
        title="Plan: strategies and review date",
        submit="Save",
        status=status,
    )


@login_required
@require_POST
def cycle_advance(request: HttpRequest, pupil_id, cycle_id) -> HttpResponse:
    pupil, access = _pupil(request, pupil_id, Capability.PLAN_EDIT)
    cycle = _cycle(pupil, cycle_id)
    if cycle.school_id != access.school.pk:
        raise Http404("No such cycle.")
    if cycle.is_closed:
        return _closed(request, pupil, cycle)
    form = VersionForm(request.POST)
    if not form.is_valid():
        return _render_cycle(request, pupil, access, cycle, errors=[STALE], status=400)
    try:
        moved = services.cycle_advance(
            actor=request.user, cycle=cycle, school=access.school, expected_version=form.cleaned_data["version"]
        )
    except services.CycleClosedError:
        return _closed(request, pupil, cycle)
    except services.StaleEditError:
        return _render_cycle(request, pupil, access, _cycle(pupil, cycle_id), errors=[STALE], status=409)
    except ValidationError as error:
        return _render_cycle(request, pupil, access, cycle, errors=error.messages, status=400)
    messages.success(request, f"Cycle {moved.number} moved to {moved.get_status_display()}.")
    return redirect(_cycle_url(moved))


# --- Outcomes and targets ----------------------------------------------------------------------------


def _outcome(cycle: Cycle, outcome_id: int) -> Outcome:
    outcome = cycle.outcomes.filter(pk=outcome_id).first()
    if outcome is None:
        raise Http404("No such outcome.")
    outcome.cycle = cycle
    return outcome


def _target(cycle: Cycle, target_id: int) -> Target:
    target = Target.objects.filter(pk=target_id, outcome__cycle=cycle).select_related("outcome").first()
    if target is None:
        raise Http404("No such target.")
    target.outcome.cycle = cycle
    return target


@cycle_edit_view
def outcome_add(request: HttpRequest, *, pupil, access, cycle: Cycle) -> HttpResponse:
    form = OutcomeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status, done = _version_conflict_or_save(
            request,
            form,
            lambda: services.outcome_add(
                actor=request.user, cycle=cycle, school=access.school, description=form.cleaned_data["description"]
            ),
            cycle,
            "Outcome added. Add its targets next.",
            "plan",
        )
        if done:
            return done
    return _form_page(
        request, pupil=pupil, cycle=cycle, form=form, title="Add an outcome", submit="Add outcome", status=status
    )


@cycle_edit_view
def outcome_edit(request: HttpRequest, *, pupil, access, cycle: Cycle, outcome_id: int) -> HttpResponse:
    outcome = _outcome(cycle, outcome_id)
    form = OutcomeEditForm(
        request.POST or None, initial={"version": outcome.version, "description": outcome.description}
    )
    status = 200
    if request.method == "POST":
        status, done = _version_conflict_or_save(
            request,
            form,
            lambda: services.outcome_update(
                actor=request.user,
                outcome=outcome,
                school=access.school,
                expected_version=form.cleaned_data["version"],
                description=form.cleaned_data["description"],
            ),
            cycle,
            "Outcome saved.",
            "plan",
        )
        if done:
            return done
    return _form_page(
        request, pupil=pupil, cycle=cycle, form=form, title="Change the outcome", submit="Save", status=status
    )


@cycle_edit_view
def outcome_remove(request: HttpRequest, *, pupil, access, cycle: Cycle, outcome_id: int) -> HttpResponse:
    outcome = _outcome(cycle, outcome_id)
    form = VersionForm(request.POST or None, initial={"version": outcome.version})
    status = 200
    if request.method == "POST":
        status, done = _version_conflict_or_save(
            request,
            form,
            lambda: services.outcome_remove(
                actor=request.user, outcome=outcome, school=access.school, expected_version=form.cleaned_data["version"]
            ),
            cycle,
            "Outcome removed.",
            "plan",
        )
        if done:
            return done
    return _form_page(
        request,
        pupil=pupil,
        cycle=cycle,
        form=form,
        title="Remove this outcome?",
        submit="Remove outcome",
        status=status,
        template="plans/remove.html",
        item=outcome.description,
        warning="Its targets are removed with it.",
    )


@cycle_edit_view
def target_add(request: HttpRequest, *, pupil, access, cycle: Cycle, outcome_id: int) -> HttpResponse:
    outcome = _outcome(cycle, outcome_id)
    form = TargetForm(request.POST or None, initial={"by_date": cycle.review_date})
    status = 200
    if request.method == "POST":
        status, done = _version_conflict_or_save(
            request,
            form,
            lambda: services.target_add(
                actor=request.user,
                outcome=outcome,
                school=access.school,
                **{name: form.cleaned_data[name] for name in services.TARGET_FIELDS},
            ),
            cycle,
            "Target added.",
            "plan",
        )
        if done:
            return done
    return _form_page(
        request,
        pupil=pupil,
        cycle=cycle,
        form=form,
        title="Add a SMART target",
        submit="Add target",
        status=status,
        context_text=outcome.description,
    )


@cycle_edit_view
def target_edit(request: HttpRequest, *, pupil, access, cycle: Cycle, target_id: int) -> HttpResponse:
    target = _target(cycle, target_id)
    form = TargetEditForm(
        request.POST or None,
        initial={"version": target.version, **{name: getattr(target, name) for name in services.TARGET_FIELDS}},
    )
    status = 200
    if request.method == "POST":
        status, done = _version_conflict_or_save(
            request,
            form,
            lambda: services.target_update(
                actor=request.user,
                target=target,
                school=access.school,
                expected_version=form.cleaned_data["version"],
                **{name: form.cleaned_data[name] for name in services.TARGET_FIELDS},
            ),
            cycle,
            "Target saved.",
            "plan",
        )
        if done:
            return done
    return _form_page(
        request,
        pupil=pupil,
        cycle=cycle,
        form=form,
        title="Change the target",
        submit="Save",
        status=status,
        context_text=target.outcome.description,
    )


@cycle_edit_view
def target_remove(request: HttpRequest, *, pupil, access, cycle: Cycle, target_id: int) -> HttpResponse:
    target = _target(cycle, target_id)
    form = VersionForm(request.POST or None, initial={"version": target.version})
    status = 200
    if request.method == "POST":
        status, done = _version_conflict_or_save(
            request,
            form,
            lambda: services.target_remove(
                actor=request.user, target=target, school=access.school, expected_version=form.cleaned_data["version"]
            ),
            cycle,
            "Target removed.",
            "plan",
        )
        if done:
            return done
    return _form_page(
        request,
        pupil=pupil,
        cycle=cycle,
        form=form,
        title="Remove this target?",
        submit="Remove target",
        status=status,
        template="plans/remove.html",
        item=target.description,
        warning="",
    )


# --- Do and review -----------------------------------------------------------------------------------


# Teaching assistants add Do notes too: they deliver much of what a plan says.
@cycle_change_view(Capability.PLAN_CONTRIBUTE)
def note_add(request: HttpRequest, *, pupil, access, cycle: Cycle) -> HttpResponse:
    form = NoteForm(request.POST or None, initial={"written_on": timezone.localdate()})
    status = 200
    if request.method == "POST":
        status, done = _version_conflict_or_save(
            request,
            form,
            lambda: services.note_add(
                actor=request.user,
                cycle=cycle,
                school=access.school,
                written_on=form.cleaned_data["written_on"],
                text=form.cleaned_data["text"],
            ),
            cycle,
            "Note added.",
            "do",
        )
        if done:
            return done
    return _form_page(
        request, pupil=pupil, cycle=cycle, form=form, title="Add a note", submit="Add note", status=status
    )


@cycle_edit_view
def cycle_review(request: HttpRequest, *, pupil, access, cycle: Cycle) -> HttpResponse:
    if cycle.status not in (Status.DO, Status.REVIEW):
        return _render_cycle(
            request, pupil, access, cycle, errors=["A cycle is reviewed once its Do stage has started."], status=409
        )
    targets = selectors.cycle_detail(cycle)["targets"]
    form = ReviewForm(
        request.POST or None,
        targets=targets,
        initial={
            "version": cycle.version,
            "reviewed_on": cycle.reviewed_on or timezone.localdate(),
            **{name: getattr(cycle, name) for name in ("what_worked", "what_did_not_work", "next_steps")},
        },
    )
    status = 200
    if request.method == "POST":
        status, done = _version_conflict_or_save(
            request,
            form,
            lambda: services.cycle_review(
                actor=request.user,
                cycle=cycle,
                school=access.school,
                expected_version=form.cleaned_data["version"],
                reviewed_on=form.cleaned_data["reviewed_on"],
                progress=form.progress(),
                what_worked=form.cleaned_data["what_worked"],
                what_did_not_work=form.cleaned_data["what_did_not_work"],
                next_steps=form.cleaned_data["next_steps"],
            ),
            cycle,
            "Review recorded. Close the cycle when you are ready to start the next one.",
            "review",
        )
        if done:
            return done
    return _form_page(
        request,
        pupil=pupil,
        cycle=cycle,
        form=form,
        title="Review",
        submit="Save the review",
        status=status,
        template="plans/review.html",
    )


@cycle_edit_view
def cycle_close(request: HttpRequest, *, pupil, access, cycle: Cycle) -> HttpResponse:
    form = CloseForm(request.POST or None, initial={"version": cycle.version, "closed_on": timezone.localdate()})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            started: list[Cycle] = []

            def close_and_maybe_start() -> None:
                with transaction.atomic():
                    closed = services.cycle_close(
                        actor=request.user,
                        cycle=cycle,
                        school=access.school,
                        expected_version=data["version"],
                        closed_on=data["closed_on"],
                    )
                    if data["start_next"]:
                        started.append(
                            services.cycle_start(
                                actor=request.user,
                                pupil=pupil,
                                school=access.school,
                                lead_teacher=closed.lead_teacher,
                                opened_on=data["closed_on"],
                                previous=closed,
                            )
                        )

            status = _apply(form, close_and_maybe_start)
            if status is None:
                if started:
                    messages.success(request, f"Cycle {cycle.number} closed and cycle {started[0].number} started.")
                    return redirect(_cycle_url(started[0]))
                messages.success(request, f"Cycle {cycle.number} closed.")
                return redirect("plans:pupil", pupil_id=pupil.public_id)
    return _form_page(
        request,
        pupil=pupil,
        cycle=cycle,
        form=form,
        title="Close this cycle",
        submit="Close the cycle",
        status=status,
        template="plans/close.html",
    )


# --- Meetings and their actions ----------------------------------------------------------------------


def _communication(pupil, access: policy.Access) -> list:
    """The pupil's parents and carers with what helps the school reach them, for pages where staff
    meet or contact the family. Parents' language and needs are theirs to share with those who
    contact families, so only staff with FAMILY_CONTACTS see them."""
    if not access.can(Capability.FAMILY_CONTACTS):
        return []
    return [contact for contact in pupil.contacts.active() if contact.has_communication_needs]


@login_required
@require_GET
def pupil_meetings(request: HttpRequest, pupil_id) -> HttpResponse:
    pupil, access = _pupil(request, pupil_id, Capability.SEN_READ)
    audit_view(actor=request.user, pupil=pupil, school=access.school, what="meetings")
    year = selectors.school_year(access.school)
    held = selectors.sen_support_review_counts(access.school, [pupil.pk]).get(pupil.pk, 0)
    return render(
        request,
        "plans/meetings.html",
        {
            **record_context(pupil, access, current="meetings"),
            "meetings": selectors.pupil_meetings(pupil),
            "year": year,
            "held": held,
            "expected": selectors.SEN_SUPPORT_REVIEWS_EXPECTED,
            "expected_by_now": selectors.reviews_expected_by(year, timezone.localdate()),
            "can_record": access.can(Capability.PLAN_EDIT),
            "review_kind": ParentMeeting.Kind.SEN_SUPPORT_REVIEW,
            "communication": _communication(pupil, access),
        },
    )


@login_required
@FORM_METHODS
def meeting_add(request: HttpRequest, pupil_id) -> HttpResponse:
    pupil, access = _pupil(request, pupil_id, Capability.PLAN_EDIT)
    form = MeetingForm(
        request.POST or None,
        initial={"held_on": timezone.localdate()},
        staff=selectors.meeting_staff(access.school),
        family=pupil.contacts.active(),
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            recorded = []
            status = _apply(
                form,
                lambda: recorded.append(
                    services.meeting_record(actor=request.user, pupil=pupil, school=access.school, **form.cleaned_data)
                ),
            )
            if status is None:
                messages.success(request, "Meeting recorded. Add the actions it agreed.")
                return redirect(_meeting_url(recorded[0]))
    return render(
        request,
        "plans/meeting_form.html",
        {
            "pupil": pupil,
            "form": form,
            "communication": _communication(pupil, access),
            "title": "Record a meeting",
            "submit": "Record meeting",
            "back_url": reverse("plans:meetings", kwargs={"pupil_id": pupil.public_id}),
            "back_label": "Back to meetings",
        },
        status=status,
    )


def _meeting_url(meeting: ParentMeeting, fragment: str = "") -> str:
    url = reverse("plans:meeting", kwargs={"pupil_id": meeting.pupil.public_id, "meeting_id": meeting.public_id})
    return f"{url}#{fragment}" if fragment else url


def _meeting(pupil, school, meeting_id) -> ParentMeeting:
    meeting = selectors.meeting_for_pupil(pupil, school, meeting_id)
    if meeting is None:
        raise Http404("No such meeting.")
    return meeting


@login_required
@FORM_METHODS
def meeting(request: HttpRequest, pupil_id, meeting_id) -> HttpResponse:
    """One meeting: who was there, views, decisions and its actions; editors add actions here."""
    pupil, access = _pupil(request, pupil_id, Capability.SEN_READ)
    record = _meeting(pupil, access.school, meeting_id)
    can_edit = access.can(Capability.PLAN_EDIT)
    if request.method == "POST" and not can_edit:
        raise Http404("No such page.")
    form = ActionForm(request.POST or None, staff=selectors.action_owners(pupil, access.school)) if can_edit else None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            status = _apply(
                form,
                lambda: services.action_add(
                    actor=request.user, meeting=record, school=access.school, **form.cleaned_data
                ),
            )
            if status is None:
                messages.success(request, "Action added.")
                return redirect(_meeting_url(record, "actions"))
    else:
        audit_view(actor=request.user, pupil=pupil, school=access.school, what=f"meeting of {record.held_on:%-d %B %Y}")
    return render(
        request,
        "plans/meeting.html",
        {
            **record_context(pupil, access, current="meetings"),
            "meeting": record,
            "form": form,
            "communication": _communication(pupil, access),
            "today": timezone.localdate(),
            "marks": {action.pk for action in record.actions.all() if action.owner_id == request.user.pk or can_edit},
        },
        status=status,
    )


@login_required
@require_GET
@limit_per_person("downloads")
def meeting_print(request: HttpRequest, pupil_id, meeting_id) -> HttpResponse:
    """The meeting as a PDF to send to the family: no staff-only parts, and a filename without the
    pupil's name, so a misdirected file identifies nobody."""
    pupil, access = _pupil(request, pupil_id, Capability.SEN_READ)
    record = _meeting(pupil, access.school, meeting_id)
    audit_view(
        actor=request.user, pupil=pupil, school=access.school, what=f"meeting of {record.held_on:%-d %B %Y} (PDF)"
    )
    html = render_to_string(
        "plans/meeting_pdf.html",
        {"meeting": record, "pupil": pupil, "school": access.school, "printed_on": timezone.localdate()},
    )
    return pdf_response(html_to_pdf(html), f"meeting-{record.held_on:%Y-%m-%d}.pdf")


@login_required
@require_GET
def my_actions(request: HttpRequest, urn: str) -> HttpResponse:
    """The actions from meetings this person owns and has not done, due first, a page at a time."""
    access = policy.school_for_user(request.user, urn, Capability.SEN_READ)
    request.opensend_access = access
    rows = selectors.open_actions_owned_by(request.user, access)
    page = keyset_page(
        rows,
        ("due_on", "public_id"),
        after=request.GET.get("after"),
        before=request.GET.get("before"),
        size=ACTIONS_PAGE,
    )
    return render(
        request,
        "plans/my_actions.html",
        {"access": access, "page": page, "today": timezone.localdate()},
    )


@login_required
@require_POST
def action_done(request: HttpRequest, urn: str, action_id) -> HttpResponse:
    """One click marks an action done: its owner, or anyone who may change the pupil's plans."""
    access = policy.school_for_user(request.user, urn, Capability.SEN_READ)
    request.opensend_access = access
    action = (
        MeetingAction.objects.filter(public_id=action_id, meeting__school=access.school)
        .select_related("meeting__pupil")
        .first()
    )
    if action is None or not _may_mark(request.user, access, action):
        raise Http404("No such action.")
    try:
        services.action_done(actor=request.user, action=action, school=access.school)
        messages.success(request, "Action marked as done.")
    except services.ActionAlreadyDoneError:
        messages.info(request, "That action was already marked as done.")
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(back)
    return redirect("plans:my-actions", urn=access.school.urn)


def _may_mark(user, access, action: MeetingAction) -> bool:
    if action.owner_id == user.pk:
        return True
    if not access.can(Capability.PLAN_EDIT):
        return False
    return policy.pupils_visible_to(user, access).filter(pk=action.meeting.pupil_id).exists()
