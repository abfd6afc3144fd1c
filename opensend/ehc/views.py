"""EHC needs assessment pages: the trust's local authorities and each pupil's requests with their
statutory clock. The SENDCo, the assistant and the head read and change them (Capability.EHC);
anyone else, and anything out of scope, gets 404."""

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
from opensend.audit.services import audit_view
from opensend.core.forms import save_form
from opensend.core.ratelimit import limit_per_person
from opensend.lac.selectors import peps_held_with
from opensend.pupils.record_tabs import record_context

from . import clock, selectors, services
from .forms import (
    DocumentForm,
    LocalAuthorityEditForm,
    LocalAuthorityForm,
    OutcomeForm,
    PlanEditForm,
    PlanForm,
    ProgressForm,
    ProvisionLineForm,
    ProvisionLinkForm,
    RemoveForm,
    RequestForm,
    ReviewEditForm,
    ReviewForm,
    StepsForm,
)

STALE = (
    "Someone else changed this after you opened it. Your changes have not been saved: open it again to see "
    "the latest version, then make your changes."
)
FORM_METHODS = require_http_methods(["GET", "POST"])


def _initial(instance, fields: tuple) -> dict:
    """An edit form's starting values: the instance's fields and the version they were read at."""
    return {name: getattr(instance, name) for name in fields} | {"version": instance.version}


def _values(form: forms.Form) -> dict:
    return {name: value for name, value in form.cleaned_data.items() if name != "version"}


def _save_form(request, form, call: Callable[[], object], *, template: str = "ehc/form.html", **page) -> HttpResponse:
    return save_form(
        request, form, call, template=template, stale_error=services.StaleEditError, stale_message=STALE, **page
    )


# --- Local authorities ------------------------------------------------------------------------------


def _school(request: HttpRequest, urn: str) -> policy.Access:
    access = policy.school_for_user(request.user, urn, Capability.EHC)
    request.opensend_access = access
    return access


@login_required
@require_GET
def authorities(request: HttpRequest, urn: str) -> HttpResponse:
    access = _school(request, urn)
    times = selectors.timeliness(access.school)
    rows = [(authority, times.get(authority.pk, [])) for authority in selectors.local_authorities(access.school.trust)]
    return render(request, "ehc/authorities.html", {"access": access, "rows": rows})


@login_required
@FORM_METHODS
def authority_add(request: HttpRequest, urn: str) -> HttpResponse:
    access = _school(request, urn)
    form = LocalAuthorityForm(request.POST or None)
    return _save_form(
        request,
        form,
        lambda: services.create_local_authority(actor=request.user, school=access.school, values=_values(form)),
        done="Local authority added.",
        back_url=reverse("ehc:authorities", kwargs={"urn": urn}),
        access=access,
        title="Add a local authority",
        submit="Add",
    )


@login_required
@FORM_METHODS
def authority_edit(request: HttpRequest, urn: str, authority_id) -> HttpResponse:
    access = _school(request, urn)
    authority = selectors.local_authority(access.school.trust, authority_id)
    if authority is None:
        raise Http404("No such local authority.")
    initial = _initial(authority, services.LA_FIELDS)
    form = LocalAuthorityEditForm(request.POST or None, initial=initial)
    return _save_form(
        request,
        form,
        lambda: services.update_local_authority(
            actor=request.user,
            school=access.school,
            authority=authority,
            expected_version=form.cleaned_data["version"],
            values=_values(form),
        ),
        done="Local authority saved.",
        back_url=reverse("ehc:authorities", kwargs={"urn": urn}),
        access=access,
        title=f"Change {authority.name}",
        submit="Save",
    )


# --- A pupil's plans and requests ---------------------------------------------------------------------


def _pupil(request: HttpRequest, pupil_id):
    pupil, access = policy.pupil_for_user(request.user, pupil_id, Capability.EHC)
    request.opensend_access = access
    return pupil, access


def _request(pupil, access, request_id):
    found = selectors.pupil_request(pupil, access.school, request_id)
    if found is None:
        raise Http404("No such request.")
    return found


def _plan(pupil, access, plan_id):
    plan = selectors.pupil_plan(pupil, access.school, plan_id)
    if plan is None:
        raise Http404("No such plan.")
    return plan


def _audit_form_view(request: HttpRequest, pupil, access: policy.Access, what: str) -> None:
    # An edit or remove form shows the whole record, reg 10(4) details included: a view to log.
    if request.method == "GET":
        audit_view(actor=request.user, pupil=pupil, school=access.school, what=what)


def _pupil_url(pupil) -> str:
    return reverse("ehc:pupil", kwargs={"pupil_id": pupil.public_id})


@login_required
@require_GET
def pupil_ehc(request: HttpRequest, pupil_id) -> HttpResponse:
    pupil, access = _pupil(request, pupil_id)
    audit_view(actor=request.user, pupil=pupil, school=access.school, what="EHC plans and assessment requests")
    today = timezone.localdate()
    requests = []
    for item in selectors.pupil_requests(pupil, access.school):
        tracked = clock.request_deadlines(item, today=today)
        requests.append(
            {
                "request": item,
                "deadlines": tracked,
                "outcome": clock.outcome(item),
                "appeal_by": clock.appeal_by(tracked),
            }
        )
    found_plans = selectors.pupil_plans(pupil, access.school)
    # A PEP held with an annual review shows beside it, to those who may read looked-after records.
    peps = (
        peps_held_with([review for _, reviews in found_plans for review in reviews])
        if access.can(Capability.LAC_READ)
        else {}
    )
    plans = [
        {
            "plan": plan,
            "deadlines": clock.plan_deadlines(plan, reviews, today=today),
            "reviews": [
                {"review": review, "deadlines": clock.review_deadlines(review, today=today), "pep": peps.get(review.pk)}
                for review in reviews
            ],
        }
        for plan, reviews in found_plans
    ]
    return render(
        request,
        "ehc/pupil.html",
        {
            **record_context(pupil, access, current="ehc"),
            "requests": requests,
            "plans": plans,
            "has_authorities": selectors.local_authorities(access.school.trust).exists(),
        },
    )


@login_required
@FORM_METHODS
def request_add(request: HttpRequest, pupil_id) -> HttpResponse:
    pupil, access = _pupil(request, pupil_id)
    form = RequestForm(
        request.POST or None,
        authorities=selectors.local_authorities(access.school.trust),
        owners=selectors.case_owners(access.school),
        initial={"case_owner": selectors.default_case_owner(access.school, request.user)},
    )
    return _save_form(
        request,
        form,
        lambda: services.create_request(actor=request.user, pupil=pupil, school=access.school, values=_values(form)),
        done="Request recorded. Its statutory deadlines are below.",
        back_url=_pupil_url(pupil),
        access=access,
        pupil=pupil,
        title="Record a request for an EHC needs assessment",
        submit="Record the request",
    )


@login_required
@FORM_METHODS
def request_edit(request: HttpRequest, pupil_id, request_id) -> HttpResponse:
    pupil, access = _pupil(request, pupil_id)
    found = _request(pupil, access, request_id)
    _audit_form_view(request, pupil, access, f"{found} (to update)")
    initial = _initial(found, services.ALL_REQUEST_FIELDS)
    authorities = selectors.local_authorities(access.school.trust)
    form = StepsForm(
        request.POST or None, initial=initial, authorities=authorities, owners=selectors.case_owners(access.school)
    )
    return _save_form(
        request,
        form,
        lambda: services.update_request(
            actor=request.user,
            school=access.school,
            request=found,
            expected_version=form.cleaned_data["version"],
            values=_values(form),
        ),
        done="Request saved.",
        back_url=_pupil_url(pupil),
        template="ehc/steps.html",
        access=access,
        pupil=pupil,
        found=found,
        title="Update the request",
        submit="Save",
    )


@login_required
@FORM_METHODS
def request_remove(request: HttpRequest, pupil_id, request_id) -> HttpResponse:
    pupil, access = _pupil(request, pupil_id)
    found = _request(pupil, access, request_id)
    _audit_form_view(request, pupil, access, f"{found} (to remove)")
    form = RemoveForm(request.POST or None, initial={"version": found.version})
    return _save_form(
        request,
        form,
        lambda: services.archive_request(
            actor=request.user,
            school=access.school,
            request=found,
            expected_version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"],
        ),
        done="Request removed. It is kept in the record's history.",
        back_url=_pupil_url(pupil),
        access=access,
        pupil=pupil,
        title="Remove this request?",
        intro=str(found),
        submit="Remove the request",
        warning=True,
    )


@login_required
@FORM_METHODS
def plan_add(request: HttpRequest, pupil_id) -> HttpResponse:
    pupil, access = _pupil(request, pupil_id)
    form = PlanForm(
        request.POST or None,
        authorities=selectors.local_authorities(access.school.trust),
        owners=selectors.case_owners(access.school),
        initial={"case_owner": selectors.default_case_owner(access.school, request.user)},
    )
    return _save_form(
        request,
        form,
        lambda: services.create_plan(actor=request.user, pupil=pupil, school=access.school, values=_values(form)),
        done="EHC plan recorded. Its annual review is due within 12 months.",
        back_url=_pupil_url(pupil),
        access=access,
        pupil=pupil,
        title="Record an EHC plan",
        submit="Record the plan",
    )


@login_required
@FORM_METHODS
def plan_edit(request: HttpRequest, pupil_id, plan_id) -> HttpResponse:
    pupil, access = _pupil(request, pupil_id)
    plan = _plan(pupil, access, plan_id)
    _audit_form_view(request, pupil, access, f"{plan} (to change)")
    initial = _initial(plan, services.PLAN_FIELDS)
    authorities = selectors.local_authorities(access.school.trust)
    form = PlanEditForm(
        request.POST or None, initial=initial, authorities=authorities, owners=selectors.case_owners(access.school)
    )
    return _save_form(
        request,
        form,
        lambda: services.update_plan(
            actor=request.user,
            school=access.school,
            plan=plan,
            expected_version=form.cleaned_data["version"],
            values=_values(form),
        ),
        done="EHC plan saved.",
        back_url=_pupil_url(pupil),
        access=access,
        pupil=pupil,
        title=f"Change the {plan}",
        submit="Save",
    )


@login_required
@FORM_METHODS
def review_add(request: HttpRequest, pupil_id, plan_id) -> HttpResponse:
    pupil, access = _pupil(request, pupil_id)
    plan = _plan(pupil, access, plan_id)
    form = ReviewForm(request.POST or None)
    return _save_form(
        request,
        form,
        lambda: services.create_review(actor=request.user, school=access.school, plan=plan, values=_values(form)),
        done="Annual review set up. Its statutory steps are below.",
        back_url=_pupil_url(pupil),
        access=access,
        pupil=pupil,
        title="Set up an annual review",
        submit="Set up the review",
    )


@login_required
@FORM_METHODS
def review_edit(request: HttpRequest, pupil_id, plan_id, review_id) -> HttpResponse:
    pupil, access = _pupil(request, pupil_id)
    plan = _plan(pupil, access, plan_id)
    review = selectors.plan_review(plan, review_id)
    if review is None:
        raise Http404("No such review.")
    _audit_form_view(request, pupil, access, f"{review} of the {plan} (to update)")
    initial = _initial(review, services.REVIEW_FIELDS)
    form = ReviewEditForm(request.POST or None, initial=initial)
    return _save_form(
        request,
        form,
        lambda: services.update_review(
            actor=request.user,
            school=access.school,
            review=review,
            expected_version=form.cleaned_data["version"],
            values=_values(form),
        ),
        done="Annual review saved.",
        back_url=_pupil_url(pupil),
        access=access,
        pupil=pupil,
        title=f"Update the {review.in_a_sentence}",
        submit="Save",
    )


@login_required
@FORM_METHODS
def document_add(request: HttpRequest, pupil_id, plan_id) -> HttpResponse:
    pupil, access = _pupil(request, pupil_id)
    plan = _plan(pupil, access, plan_id)
    form = DocumentForm(request.POST or None, request.FILES or None)
    return _save_form(
        request,
        form,
        lambda: services.add_document(
            actor=request.user,
            school=access.school,
            plan=plan,
            kind=form.cleaned_data["kind"],
            upload=form.cleaned_data["file"],
        ),
        done="Document added.",
        back_url=_pupil_url(pupil),
        access=access,
        pupil=pupil,
        title=f"Add a document to the {plan}",
        submit="Upload",
        multipart=True,
    )


@login_required
@require_GET
@limit_per_person("downloads")
def document_download(request: HttpRequest, pupil_id, plan_id, document_id) -> FileResponse:
    pupil, access = _pupil(request, pupil_id)
    plan = _plan(pupil, access, plan_id)
    document = selectors.plan_document(plan, document_id)
    if document is None:
        raise Http404("No such document.")
    audit_view(actor=request.user, pupil=pupil, school=access.school, what=f"EHC plan document: {document}")
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )


@login_required
@FORM_METHODS
def outcome_add(request: HttpRequest, pupil_id, plan_id) -> HttpResponse:
    pupil, access = _pupil(request, pupil_id)
    plan = _plan(pupil, access, plan_id)
    form = OutcomeForm(request.POST or None)
    return _save_form(
        request,
        form,
        lambda: services.add_outcome(actor=request.user, school=access.school, plan=plan, values=_values(form)),
        done="Outcome added.",
        back_url=_provision_url(pupil),
        access=access,
        pupil=pupil,
        title=f"Add an outcome to the {plan}",
        submit="Add the outcome",
    )


@login_required
@FORM_METHODS
def provision_add(request: HttpRequest, pupil_id, plan_id) -> HttpResponse:
    pupil, access = _pupil(request, pupil_id)
    plan = _plan(pupil, access, plan_id)
    form = ProvisionLineForm(request.POST or None, outcomes=plan.outcomes.all())
    return _save_form(
        request,
        form,
        lambda: services.add_provision_line(actor=request.user, school=access.school, plan=plan, values=_values(form)),
        done="Provision added.",
        back_url=_provision_url(pupil),
        access=access,
        pupil=pupil,
        title=f"Add Section F provision to the {plan}",
        submit="Add the provision",
    )


def _provision_url(pupil) -> str:
    return reverse("ehc:provision", kwargs={"pupil_id": pupil.public_id})


@login_required
@require_GET
def plan_provision(request: HttpRequest, pupil_id) -> HttpResponse:
    """The outcomes and Section F provision of the pupil's plans: what the pupil's teachers need."""
    pupil, access = policy.pupil_for_user(request.user, pupil_id, Capability.EHC_PROVISION_READ)
    request.opensend_access = access
    audit_view(actor=request.user, pupil=pupil, school=access.school, what="EHC plan outcomes and provision")
    can_edit = access.can(Capability.EHC)
    plans = selectors.plans_with_provision(pupil, access.school, with_progress=can_edit)
    taking_part = selectors.pupil_provision_ids(pupil, access.school, timezone.localdate())
    for plan in plans:
        for line in plan.provision_lines.all():
            line.delivery = selectors.delivery(line, taking_part)
    return render(
        request,
        "ehc/provision.html",
        {**record_context(pupil, access, current="ehc-provision"), "plans": plans, "can_edit": can_edit},
    )


def _review(plan, review_id):
    review = selectors.plan_review(plan, review_id)
    if review is None:
        raise Http404("No such review.")
    return review


@login_required
@FORM_METHODS
def review_progress(request: HttpRequest, pupil_id, plan_id, review_id) -> HttpResponse:
    """Progress towards each of the plan's outcomes, recorded at this review."""
    pupil, access = _pupil(request, pupil_id)
    plan = _plan(pupil, access, plan_id)
    review = _review(plan, review_id)
    _audit_form_view(request, pupil, access, f"Progress on outcomes at the {review.in_a_sentence}")
    outcomes = list(selectors.plan_outcomes(plan))
    recorded = selectors.review_progress(review)
    initial = {"version": review.version}
    for outcome in outcomes:
        if outcome.pk in recorded:
            initial |= {
                f"rating_{outcome.pk}": recorded[outcome.pk].rating,
                f"comment_{outcome.pk}": recorded[outcome.pk].comment,
            }
    form = ProgressForm(request.POST or None, initial=initial, outcomes=outcomes)
    return _save_form(
        request,
        form,
        lambda: services.record_outcome_progress(
            actor=request.user,
            school=access.school,
            review=review,
            expected_version=form.cleaned_data["version"],
            entries=form.entries(),
        ),
        done="Progress on the outcomes saved.",
        back_url=f"{_pupil_url(pupil)}#review-{review.public_id}",
        template="ehc/progress.html",
        access=access,
        pupil=pupil,
        plan=plan,
        review=review,
        title=f"Progress on outcomes at the {review.in_a_sentence}",
        submit="Save progress",
    )


@login_required
@FORM_METHODS
def provision_link(request: HttpRequest, pupil_id, plan_id, line_id) -> HttpResponse:
    """Which of the school's provision delivers a Section F line."""
    pupil, access = _pupil(request, pupil_id)
    plan = _plan(pupil, access, plan_id)
    line = selectors.plan_line(plan, line_id)
    if line is None:
        raise Http404("No such provision line.")
    _audit_form_view(request, pupil, access, "A Section F provision line (to link to provision)")
    members = selectors.pupil_provision_ids(pupil, access.school, timezone.localdate())
    provisions = selectors.school_provisions(access.school)
    linked = sorted(line.provisions.values_list("pk", flat=True))
    form = ProvisionLinkForm(
        request.POST or None,
        initial={"provisions": linked, "seen": ",".join(map(str, linked))},
        provisions=provisions,
        members=members,
    )
    return _save_form(
        request,
        form,
        lambda: services.link_provision(
            actor=request.user,
            school=access.school,
            line=line,
            provisions=form.cleaned_data["provisions"],
            seen=form.cleaned_data["seen"],
        ),
        done="Provision linked.",
        back_url=_provision_url(pupil),
        template="ehc/link.html",
        access=access,
        pupil=pupil,
        line=line,
        title="Link Section F provision to what delivers it",
        submit="Save",
    )
