from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.views.decorators.http import require_GET, require_http_methods

from opensend.access import policy
from opensend.access.policy import Capability
from opensend.audit.services import audit_view
from opensend.pupils.models import Pupil
from opensend.pupils.record_tabs import record_context

from . import selectors, services
from .forms import AssessmentArchiveForm, AssessmentEditForm, AssessmentResultForm, school_staff
from .models import COMMON_TESTS, AssessmentResult

STALE_MESSAGE = (
    "Someone else changed this result after you opened it. Your changes have not been saved: "
    "open the result again to see the latest version, then make your changes."
)


def result_for_user(user, result_id, capability: Capability) -> tuple[AssessmentResult, Pupil, policy.Access]:
    """An active result recorded at a school where this person has `capability` for the pupil, or 404."""
    result = AssessmentResult.objects.active().select_related("pupil").filter(public_id=result_id).first()
    if result is None:
        raise Http404("No such result.")
    pupil, access = policy.pupil_for_user(user, result.pupil.public_id, capability)
    if result.school_id != access.school.pk:
        raise Http404("No such result.")
    return result, pupil, access


def _tab_url(pupil: Pupil) -> str:
    return reverse("assessments:pupil", kwargs={"pupil_id": pupil.public_id})


@login_required
@require_GET
def pupil_assessments(request: HttpRequest, pupil_id) -> HttpResponse:
    pupil, access = policy.pupil_for_user(request.user, pupil_id, Capability.SEN_READ)
    request.opensend_access = access
    audit_view(actor=request.user, pupil=pupil, school=access.school, what="assessment results")
    return render(
        request,
        "assessments/pupil.html",
        {
            **record_context(pupil, access, current="assessments"),
            "histories": selectors.results_by_test(pupil),
            "can_record": access.can(Capability.PLAN_EDIT),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def assessment_add(request: HttpRequest, pupil_id) -> HttpResponse:
    pupil, access = policy.pupil_for_user(request.user, pupil_id, Capability.PLAN_EDIT)
    request.opensend_access = access
    staff = school_staff(access.school)
    initial = {
        "taken_on": timezone.localdate(),
        "assessor": request.user.pk if any(user.pk == request.user.pk for user in staff) else None,
    }
    form = AssessmentResultForm(request.POST or None, staff=staff, initial=initial)
    if request.method == "POST" and form.is_valid():
        result = services.assessment_create(
            actor=request.user, pupil=pupil, school=access.school, **form.result_fields()
        )
        messages.success(request, f"{result.test_name} result recorded.")
        return redirect(_tab_url(pupil))
    return render(
        request,
        "assessments/form.html",
        {"pupil": pupil, "access": access, "form": form, "common_tests": COMMON_TESTS, "adding": True},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def assessment_edit(request: HttpRequest, result_id) -> HttpResponse:
    result, pupil, access = result_for_user(request.user, result_id, Capability.PLAN_EDIT)
    request.opensend_access = access
    form = AssessmentEditForm(
        request.POST or None,
        staff=school_staff(access.school),
        initial={**AssessmentResultForm.initial_for(result), "version": result.version},
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_update(
                actor=request.user,
                result=result,
                school=access.school,
                expected_version=form.cleaned_data["version"],
                **form.result_fields(),
            )
        except services.StaleEditError:
            form.add_error(None, STALE_MESSAGE)
            status = 409
        else:
            messages.success(request, f"{result.test_name} result saved.")
            return redirect(_tab_url(pupil))
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "assessments/form.html",
        {"pupil": pupil, "access": access, "form": form, "common_tests": COMMON_TESTS, "result": result},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def assessment_archive(request: HttpRequest, result_id) -> HttpResponse:
    result, pupil, access = result_for_user(request.user, result_id, Capability.PLAN_EDIT)
    request.opensend_access = access
    form = AssessmentArchiveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.assessment_archive(
            actor=request.user, result=result, school=access.school, reason=form.cleaned_data["reason"]
        )
        messages.success(
            request, f"The {result.test_name} result from {format_date(result.taken_on, 'j F Y')} has been archived."
        )
        return redirect(_tab_url(pupil))
    return render(
        request,
        "assessments/archive.html",
        {"pupil": pupil, "access": access, "form": form, "result": result},
        status=400 if request.method == "POST" else 200,
    )
