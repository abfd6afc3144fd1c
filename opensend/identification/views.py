from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from opensend.access import policy
from opensend.access.policy import Capability
from opensend.assessments.forms import AssessmentResultForm, school_staff
from opensend.assessments.models import COMMON_TESTS
from opensend.audit.services import audit_view
from opensend.core.pagination import query_without_cursor
from opensend.core.text import lower_first
from opensend.pupils.record_tabs import record_context
from opensend.register.codes import Provision
from opensend.register.services import current_status

from . import selectors, services
from .access import concern_for_user, may_contribute, open_request_for
from .forms import (
    AttachForm,
    CloseForm,
    ConcernRaiseForm,
    ContributionForm,
    MonitoringDecisionForm,
    ParentContributionForm,
    PupilChoiceForm,
    RegisterDecisionForm,
    RequestForm,
)
from .models import Concern

STALE_MESSAGE = (
    "Someone else changed this concern after you opened it, for example by adding a contribution. Nothing "
    "has been saved. Read the concern and its contributions again below, then confirm your decision."
)
DECIDED_MESSAGE = "This concern has been decided, so it takes no more requests or contributions."
# Beyond this many pupils a drop-down stops helping: people find the pupil through the pupil list.
CHOOSER_LIMIT = 300


def _concern_url(concern: Concern) -> str:
    return reverse("identification:concern", kwargs={"concern_id": concern.public_id})


def _add_service_errors(form, error: ValidationError) -> None:
    for field, problems in error.message_dict.items():
        target = {"start_date": "start_date", "needs": "primary_need", "reason": "reason"}.get(field)
        for problem in problems:
            form.add_error(target, problem)


# Lists -------------------------------------------------------------------------------------------


@login_required
@require_GET
def triage_list(request: HttpRequest, urn: str) -> HttpResponse:
    access = policy.school_for_user(request.user, urn, Capability.CONCERN_TRIAGE)
    request.opensend_access = access
    status = request.GET.get("status", "open")
    if status not in selectors.STATUS_FILTER_KEYS:
        status = "open"
    page = selectors.triage_page(
        request.user, access, status, after=request.GET.get("after"), before=request.GET.get("before")
    )
    counts = selectors.triage_counts(request.user, access)
    filters = [
        {"key": key, "label": label, "count": counts[key], "current": key == status}
        for key, label, _ in selectors.STATUS_FILTERS
    ]
    return render(
        request,
        "identification/triage.html",
        {
            "access": access,
            "page": page,
            "filters": filters,
            "status": status,
            "status_label": next(f["label"] for f in filters if f["current"]),
            "filter_query": query_without_cursor(request),
        },
    )


@login_required
@require_GET
def my_concerns(request: HttpRequest, urn: str) -> HttpResponse:
    access = policy.school_for_user(request.user, urn, Capability.SEN_READ)
    request.opensend_access = access
    can_raise = access.can(Capability.CONCERN_RAISE)
    page = (
        selectors.raised_by_page(request.user, access, after=request.GET.get("after"), before=request.GET.get("before"))
        if can_raise
        else selectors.ConcernPage(rows=[], next_after=None, previous_before=None)
    )
    return render(
        request,
        "identification/mine.html",
        {
            "access": access,
            "page": page,
            "asked": selectors.requests_asked_of(request.user, access),
            "can_raise": can_raise,
            "can_triage": access.can(Capability.CONCERN_TRIAGE),
            "filter_query": "",
        },
    )


@login_required
@require_GET
def choose_pupil(request: HttpRequest, urn: str) -> HttpResponse:
    """Raise a concern from "My concerns": choose the pupil, then go to the form on their record."""
    access = policy.school_for_user(request.user, urn, Capability.CONCERN_RAISE)
    request.opensend_access = access
    visible = policy.pupils_visible_to(request.user, access)
    pupils = list(
        visible.order_by("sort_key").values_list("public_id", "legal_surname", "legal_forename", "preferred_forename")[
            : CHOOSER_LIMIT + 1
        ]
    )
    too_many = len(pupils) > CHOOSER_LIMIT
    choices = [(str(pid), f"{surname}, {preferred or forename}") for pid, surname, forename, preferred in pupils]
    form = PupilChoiceForm(request.GET or None, pupils=[] if too_many else choices)
    if request.GET and form.is_valid():
        return redirect("identification:raise", pupil_id=form.cleaned_data["pupil"])
    return render(
        request,
        "identification/choose_pupil.html",
        {"access": access, "form": form, "too_many": too_many},
        status=400 if request.GET and not too_many else 200,
    )


@login_required
@require_GET
def pupil_concerns(request: HttpRequest, pupil_id) -> HttpResponse:
    pupil, access = policy.pupil_for_user(request.user, pupil_id, Capability.SEN_READ)
    request.opensend_access = access
    audit_view(actor=request.user, pupil=pupil, school=access.school, what="concerns")
    return render(
        request,
        "identification/pupil.html",
        {
            **record_context(pupil, access, current="concerns"),
            "concerns": selectors.pupil_concerns(pupil, access.school),
            "can_raise": access.can(Capability.CONCERN_RAISE),
        },
    )


# Raising -----------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def raise_concern(request: HttpRequest, pupil_id) -> HttpResponse:
    pupil, access = policy.pupil_for_user(request.user, pupil_id, Capability.CONCERN_RAISE)
    request.opensend_access = access
    form = ConcernRaiseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        concern = services.concern_raise(actor=request.user, pupil=pupil, school=access.school, **form.concern_fields())
        messages.success(request, "Your concern has been sent to the SENDCo.")
        return redirect(_concern_url(concern))
    open_concerns = [concern for concern in selectors.pupil_concerns(pupil, access.school) if concern.is_open]
    return render(
        request,
        "identification/raise.html",
        {"pupil": pupil, "access": access, "form": form, "open_concerns": open_concerns},
        status=400 if request.method == "POST" else 200,
    )


# One concern -------------------------------------------------------------------------------------


@login_required
@require_GET
def concern_detail(request: HttpRequest, concern_id) -> HttpResponse:
    concern, access = concern_for_user(request.user, concern_id, Capability.SEN_READ)
    request.opensend_access = access
    audit_view(actor=request.user, pupil=concern.pupil, school=access.school, what="concern")
    here = access.school.pk == concern.school_id
    can_triage = here and access.can(Capability.CONCERN_TRIAGE)
    own_request = open_request_for(request.user, concern) if concern.is_open else None
    status = current_status(concern.pupil) if can_triage and concern.is_open else None
    return render(
        request,
        "identification/concern.html",
        {
            "concern": concern,
            "pupil": concern.pupil,
            "access": access,
            "parts": selectors.concern_parts(concern),
            "can_triage": can_triage,
            "own_request": own_request,
            "can_contribute": concern.is_open and here and may_contribute(request.user, concern, access),
            "on_register": status is not None and status.provision in (Provision.SEN_SUPPORT, Provision.EHC_PLAN),
            "register_status": status,
        },
    )


def _open_concern_for_triage(request: HttpRequest, concern_id) -> tuple[Concern, policy.Access]:
    concern, access = concern_for_user(request.user, concern_id, Capability.CONCERN_TRIAGE, at_concern_school=True)
    request.opensend_access = access
    return concern, access


def _decided(request: HttpRequest, concern: Concern) -> HttpResponse:
    messages.error(request, DECIDED_MESSAGE)
    return redirect(_concern_url(concern))


@login_required
@require_http_methods(["GET", "POST"])
def request_contribution(request: HttpRequest, concern_id) -> HttpResponse:
    concern, access = _open_concern_for_triage(request, concern_id)
    if not concern.is_open:
        return _decided(request, concern)
    staff = selectors.staff_who_can_see(concern.pupil, access.school, excluding=request.user)
    form = RequestForm(request.POST or None, staff=staff)
    if request.method == "POST" and form.is_valid():
        try:
            asked = services.contribution_request(
                actor=request.user,
                concern=concern,
                on=timezone.localdate(),
                asked=form.asked_user(),
                parent_name="" if form.asked_user() else form.cleaned_data["parent_name"],
                message=form.cleaned_data["message"],
            )
        except services.ConcernDecidedError:
            return _decided(request, concern)
        messages.success(request, f"Request for a contribution from {asked.asked_label} recorded.")
        return redirect(_concern_url(concern))
    contacts = list(concern.pupil.contacts.active().values_list("name", flat=True))
    return render(
        request,
        "identification/request.html",
        {"concern": concern, "pupil": concern.pupil, "access": access, "form": form, "contacts": contacts},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def contribute(request: HttpRequest, concern_id) -> HttpResponse:
    """A member of staff's own view: anyone asked, the person who raised the concern, the SENDCo."""
    concern, access = concern_for_user(request.user, concern_id, Capability.SEN_READ, at_concern_school=True)
    request.opensend_access = access
    if not may_contribute(request.user, concern, access):
        raise Http404("No such concern.")
    if not concern.is_open:
        return _decided(request, concern)
    if request.method == "GET":  # the page shows the concern itself
        audit_view(actor=request.user, pupil=concern.pupil, school=access.school, what="concern")
    form = ContributionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.contribution_add(
                actor=request.user, concern=concern, text=form.cleaned_data["text"], given_on=timezone.localdate()
            )
        except services.ConcernDecidedError:
            return _decided(request, concern)
        messages.success(request, "Your contribution has been added to the concern.")
        return redirect(_concern_url(concern))
    return render(
        request,
        "identification/contribute.html",
        {
            "concern": concern,
            "pupil": concern.pupil,
            "access": access,
            "form": form,
            "own_request": open_request_for(request.user, concern),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def parent_contribution(request: HttpRequest, concern_id) -> HttpResponse:
    concern, access = _open_concern_for_triage(request, concern_id)
    if not concern.is_open:
        return _decided(request, concern)
    open_requests = selectors.concern_parts(concern).open_requests
    initial = {"given_on": timezone.localdate()}
    answering = next((r for r in open_requests if r.is_parent and str(r.pk) == request.GET.get("request")), None)
    if answering is not None:
        initial |= {"parent_name": answering.parent_name, "request": answering.pk}
    form = ParentContributionForm(request.POST or None, open_requests=open_requests, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.contribution_add(
                actor=request.user,
                concern=concern,
                text=form.cleaned_data["text"],
                given_on=form.cleaned_data["given_on"],
                parent_name=form.cleaned_data["parent_name"],
                request=form.answered_request(),
            )
        except services.ConcernDecidedError:
            return _decided(request, concern)
        messages.success(request, f"The view of {form.cleaned_data['parent_name']} has been added to the concern.")
        return redirect(_concern_url(concern))
    contacts = list(concern.pupil.contacts.active().values_list("name", flat=True))
    return render(
        request,
        "identification/parent_contribution.html",
        {"concern": concern, "pupil": concern.pupil, "access": access, "form": form, "contacts": contacts},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def attach_results(request: HttpRequest, concern_id) -> HttpResponse:
    concern, access = _open_concern_for_triage(request, concern_id)
    if not concern.is_open:
        return _decided(request, concern)
    results = selectors.results_to_attach(concern)
    form = AttachForm(request.POST or None, results=results)
    if request.method == "POST" and form.is_valid():
        try:
            links = services.concern_attach_results(actor=request.user, concern=concern, results=form.chosen())
        except services.ConcernDecidedError:
            return _decided(request, concern)
        messages.success(request, f"{len(links)} result{'s' if len(links) != 1 else ''} attached to the concern.")
        return redirect(_concern_url(concern))
    return render(
        request,
        "identification/attach.html",
        {"concern": concern, "pupil": concern.pupil, "access": access, "form": form, "results": results},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def add_result(request: HttpRequest, concern_id) -> HttpResponse:
    concern, access = _open_concern_for_triage(request, concern_id)
    if not concern.is_open:
        return _decided(request, concern)
    staff = school_staff(access.school)
    initial = {
        "taken_on": timezone.localdate(),
        "assessor": request.user.pk if any(user.pk == request.user.pk for user in staff) else None,
    }
    form = AssessmentResultForm(request.POST or None, staff=staff, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.concern_add_result(
                actor=request.user, concern=concern, school=access.school, **form.result_fields()
            )
        except services.ConcernDecidedError:
            return _decided(request, concern)
        messages.success(request, f"{result.test_name} result recorded and attached to the concern.")
        return redirect(_concern_url(concern))
    return render(
        request,
        "assessments/form.html",
        {
            "pupil": concern.pupil,
            "access": access,
            "form": form,
            "common_tests": COMMON_TESTS,
            "adding": True,
            "back_url": _concern_url(concern),
        },
        status=400 if request.method == "POST" else 200,
    )


# Decisions ---------------------------------------------------------------------------------------


def _decided_meanwhile(concern: Concern) -> str:
    who = concern.decided_by.display_name if concern.decided_by else "Someone"
    return (
        f"{who} has already decided this concern: {lower_first(concern.get_decision_display())}. "
        "Your decision has not been saved."
    )


def _decision_view(
    request: HttpRequest, concern_id, *, form_class, template: str, initial: dict, decide
) -> HttpResponse:
    """A decision's page: the form quotes the concern's version, so a stale decision is refused (409)."""
    concern, access = _open_concern_for_triage(request, concern_id)
    if request.method == "GET":
        if not concern.is_open:
            return _decided(request, concern)
        # The page shows the concern and its contributions.
        audit_view(actor=request.user, pupil=concern.pupil, school=access.school, what="concern")
    form = form_class(request.POST or None, initial={"version": concern.version, **initial})
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            decided = decide(concern, form)
        except services.StaleConcernError:
            current = Concern.objects.select_related("decided_by").get(pk=concern.pk)
            if current.is_open:
                # Show what changed and let them confirm against the version they can now see.
                form.data = form.data.copy()
                form.data["version"] = current.version
                form.add_error(None, STALE_MESSAGE)
            else:
                form.add_error(None, _decided_meanwhile(current))
            status = 409
        except ValidationError as error:
            _add_service_errors(form, error)
            status = 400
        else:
            messages.success(request, f"Decision recorded: {lower_first(decided.get_decision_display())}.")
            return redirect(_concern_url(concern))
    elif request.method == "POST":
        status = 400
    return render(
        request,
        template,
        {
            "concern": concern,
            "pupil": concern.pupil,
            "access": access,
            "form": form,
            "parts": selectors.concern_parts(concern),
            "stale": status == 409,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def decide_register(request: HttpRequest, concern_id) -> HttpResponse:
    def decide(concern: Concern, form: RegisterDecisionForm) -> Concern:
        return services.concern_decide_register(
            actor=request.user,
            concern=concern,
            expected_version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"],
            start_date=form.cleaned_data["start_date"],
            parents_notified_on=form.cleaned_data["parents_notified_on"],
            parents_notified_by=form.cleaned_data["parents_notified_by"],
            primary_need=form.cleaned_data["primary_need"],
        )

    return _decision_view(
        request,
        concern_id,
        form_class=RegisterDecisionForm,
        template="identification/decide_register.html",
        initial={"start_date": timezone.localdate()},
        decide=decide,
    )


@login_required
@require_http_methods(["GET", "POST"])
def decide_monitoring(request: HttpRequest, concern_id) -> HttpResponse:
    def decide(concern: Concern, form: MonitoringDecisionForm) -> Concern:
        return services.concern_decide_monitoring(
            actor=request.user,
            concern=concern,
            expected_version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"],
            on=timezone.localdate(),
        )

    return _decision_view(
        request,
        concern_id,
        form_class=MonitoringDecisionForm,
        template="identification/decide_monitoring.html",
        initial={},
        decide=decide,
    )


@login_required
@require_http_methods(["GET", "POST"])
def close_concern(request: HttpRequest, concern_id) -> HttpResponse:
    def decide(concern: Concern, form: CloseForm) -> Concern:
        return services.concern_close(
            actor=request.user,
            concern=concern,
            expected_version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"],
            on=timezone.localdate(),
        )

    return _decision_view(
        request, concern_id, form_class=CloseForm, template="identification/close.html", initial={}, decide=decide
    )
