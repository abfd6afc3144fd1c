from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from opensend.access import policy
from opensend.access.policy import Capability
from opensend.audit.models import AuditEvent
from opensend.audit.services import audit_change, audit_view
from opensend.core.ratelimit import limit_per_person
from opensend.pupils.models import Enrolment
from opensend.pupils.record_tabs import record_context
from opensend.pupils.selectors import pupil_groups
from opensend.schools.models import TeachingGroup

from . import selectors, services
from .compare import compare
from .forms import PassportForm, SuggestionAcceptForm, SuggestionDeclineForm, SuggestionForm
from .models import PassportSuggestion, PassportVersion


def _pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def passport(request: HttpRequest, pupil_id) -> HttpResponse:
    pupil, access = policy.pupil_for_user(request.user, pupil_id, Capability.SEN_READ)
    request.opensend_access = access
    versions = selectors.pupil_versions(pupil)
    waiting, decided = selectors.pupil_suggestions(pupil, access.school)
    audit_view(actor=request.user, pupil=pupil, school=access.school, what="pupil passport")
    return render(
        request,
        "passports/passport.html",
        {
            **record_context(pupil, access, current="passport"),
            "passport": versions[0] if versions else None,
            "versions": versions,
            "can_edit_passport": access.can(Capability.PLAN_EDIT),
            "can_suggest": access.can(Capability.PLAN_CONTRIBUTE),
            "waiting_suggestions": waiting,
            "decided_suggestions": decided,
            "groups": pupil_groups(pupil, access.school),
        },
    )


@login_required
@require_GET
def passport_version(request: HttpRequest, pupil_id, passport_version: int) -> HttpResponse:
    pupil, access = policy.pupil_for_user(request.user, pupil_id, Capability.SEN_READ)
    request.opensend_access = access
    numbers = (passport_version, passport_version - 1)
    by_number = {
        version.number: version
        for version in pupil.passport_versions.filter(number__in=numbers).select_related("created_by")
    }
    version = by_number.get(passport_version)
    if version is None:
        raise Http404("No such passport version.")
    previous = by_number.get(passport_version - 1)
    latest = pupil.passport_versions.order_by("-number").values_list("number", flat=True).first()
    audit_view(actor=request.user, pupil=pupil, school=access.school, what=f"pupil passport version {version.number}")
    return render(
        request,
        "passports/version.html",
        {
            **record_context(pupil, access, current="passport"),
            "version": version,
            "previous": previous,
            "latest_number": latest,
            "comparison": compare(previous, version) if previous else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def passport_edit(request: HttpRequest, pupil_id) -> HttpResponse:
    pupil, access = policy.pupil_for_user(request.user, pupil_id, Capability.PLAN_EDIT)
    request.opensend_access = access
    current = services.current_version(pupil)
    initial = {"based_on": current.number if current else 0}
    if current is not None:
        initial |= {name: getattr(current, name) for name in services.CONTENT_FIELDS}
    form = PassportForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        has_photo=bool(current and current.photo_id),
    )
    status = 200
    stale = False
    if request.method == "GET":
        audit_view(actor=request.user, pupil=pupil, school=access.school, what="pupil passport to update it")
    elif form.is_valid():
        try:
            version = services.passport_save(
                actor=request.user,
                pupil=pupil,
                school=access.school,
                based_on=form.cleaned_data["based_on"],
                content=form.content(),
                photo=form.cleaned_data["photo"],
                remove_photo=form.cleaned_data.get("remove_photo", False),
            )
        except services.StalePassportError:
            form.add_error(None, services.STALE_MESSAGE)
            status = 409
            stale = True
        except ValidationError as error:
            form.add_error(None, error)
            status = 400
        else:
            if current is not None and version.pk == current.pk:
                messages.info(request, "Nothing had changed, so no new version was saved.")
            else:
                messages.success(request, f"Passport saved as version {version.number}.")
            return redirect("passports:passport", pupil_id=pupil.public_id)
    else:
        status = 400
    return render(
        request,
        "passports/edit.html",
        {"pupil": pupil, "access": access, "form": form, "current": current, "stale": stale},
        status=status,
    )


# --- Suggested changes: made by anyone who works with the pupil, decided by a teacher or the SENDCo ---


@login_required
@require_http_methods(["GET", "POST"])
def suggestion_add(request: HttpRequest, pupil_id) -> HttpResponse:
    pupil, access = policy.pupil_for_user(request.user, pupil_id, Capability.PLAN_CONTRIBUTE)
    request.opensend_access = access
    form = SuggestionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.suggestion_make(actor=request.user, pupil=pupil, school=access.school, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "Your suggestion has been sent. A teacher or the SENDCo will decide on it.")
                return redirect("passports:passport", pupil_id=pupil.public_id)
    current = services.current_version(pupil)
    return render(
        request,
        "passports/suggest.html",
        {"pupil": pupil, "access": access, "form": form, "current": current},
        status=status,
    )


def _suggestion(request: HttpRequest, pupil_id, suggestion_id: int):
    pupil, access = policy.pupil_for_user(request.user, pupil_id, Capability.PLAN_EDIT)
    request.opensend_access = access
    suggestion = (
        PassportSuggestion.objects.select_related("suggested_by", "decided_by")
        .filter(pupil=pupil, school=access.school, pk=suggestion_id)
        .first()
    )
    if suggestion is None:
        raise Http404("No such suggestion.")
    return pupil, access, suggestion


def _review_page(request, pupil, access, suggestion, *, accept_form=None, decline_form=None, status=200):
    current = services.current_version(pupil)
    return render(
        request,
        "passports/suggestion.html",
        {
            "pupil": pupil,
            "access": access,
            "suggestion": suggestion,
            "current_text": getattr(current, suggestion.section, "") if current else "",
            "accept_form": accept_form or SuggestionAcceptForm(),
            "decline_form": decline_form or SuggestionDeclineForm(),
        },
        status=status,
    )


@login_required
@require_GET
def suggestion_review(request: HttpRequest, pupil_id, suggestion_id: int) -> HttpResponse:
    pupil, access, suggestion = _suggestion(request, pupil_id, suggestion_id)
    audit_view(actor=request.user, pupil=pupil, school=access.school, what="a suggested change to the passport")
    return _review_page(request, pupil, access, suggestion)


def _decide(request, pupil, access, suggestion, form, decide) -> HttpResponse | None:
    """Run the decision for a valid form; the review page again with the problem if it fails."""
    if not form.is_valid():
        return None
    try:
        decide(form.cleaned_data["note"])
    except services.SuggestionDecidedError:
        messages.info(request, services.SUGGESTION_DECIDED_MESSAGE)
        return redirect("passports:passport", pupil_id=pupil.public_id)
    except services.StalePassportError:
        form.add_error(None, services.STALE_MESSAGE)
        return None
    except ValidationError as error:
        form.add_error(None, error)
        return None
    return redirect("passports:passport", pupil_id=pupil.public_id)


@login_required
@require_POST
def suggestion_accept(request: HttpRequest, pupil_id, suggestion_id: int) -> HttpResponse:
    pupil, access, suggestion = _suggestion(request, pupil_id, suggestion_id)
    form = SuggestionAcceptForm(request.POST)

    def accept(note: str) -> None:
        version = services.suggestion_accept(actor=request.user, suggestion=suggestion, school=access.school, note=note)
        messages.success(request, f"Suggestion accepted: the passport is now version {version.number}.")

    done = _decide(request, pupil, access, suggestion, form, accept)
    return done or _review_page(request, pupil, access, suggestion, accept_form=form, status=400)


@login_required
@require_POST
def suggestion_decline(request: HttpRequest, pupil_id, suggestion_id: int) -> HttpResponse:
    pupil, access, suggestion = _suggestion(request, pupil_id, suggestion_id)
    form = SuggestionDeclineForm(request.POST)

    def decline(note: str) -> None:
        services.suggestion_decline(actor=request.user, suggestion=suggestion, school=access.school, note=note)
        messages.success(request, "Suggestion declined. The passport has not changed.")

    done = _decide(request, pupil, access, suggestion, form, decline)
    return done or _review_page(request, pupil, access, suggestion, decline_form=form, status=400)


@login_required
@require_GET
def passport_photo(request: HttpRequest, pupil_id, passport_version: int) -> HttpResponse:
    """A passport's photo, only for people who may see the passport; never a public URL."""
    pupil, _access = policy.pupil_for_user(request.user, pupil_id, Capability.SEN_READ)
    version = get_object_or_404(
        PassportVersion.objects.select_related("photo"), pupil=pupil, number=passport_version, photo__isnull=False
    )
    response = HttpResponse(bytes(version.photo.content), content_type=version.photo.content_type)
    response["Cache-Control"] = "no-store, private"
    response["Content-Disposition"] = "inline"
    return response


def _year_and_group(pupils: list, school) -> dict[int, tuple[str, str]]:
    """Each pupil's current year and registration group at the school, in two queries."""
    enrolments = Enrolment.objects.current().filter(school=school, pupil__in=pupils).select_related("year_group")
    years = {enrolment.pupil_id: str(enrolment.year_group) for enrolment in enrolments}
    groups: dict[int, str] = {}
    for pupil_id, name in (
        TeachingGroup.objects.active()
        .filter(school=school, kind=TeachingGroup.Kind.REGISTRATION, pupil_memberships__pupil__in=pupils)
        .order_by("name")
        .values_list("pupil_memberships__pupil_id", "name")
    ):
        groups.setdefault(pupil_id, name)
    return {pupil.pk: (years.get(pupil.pk, ""), groups.get(pupil.pk, "")) for pupil in pupils}


def _audit_export(request: HttpRequest, version: PassportVersion, school, summary: str) -> None:
    audit_change(
        actor=request.user,
        action=AuditEvent.Action.EXPORT,
        instance=version,
        pupil=version.pupil,
        school=school,
        changes={},
        summary=summary,
    )


@login_required
@require_GET
@limit_per_person("downloads")
def passport_pdf(request: HttpRequest, pupil_id) -> HttpResponse:
    pupil, access = policy.pupil_for_user(request.user, pupil_id, Capability.SEN_READ)
    version = services.current_version(pupil)
    if version is None:
        raise Http404("This pupil has no passport yet.")
    year, group = _year_and_group([pupil], access.school)[pupil.pk]
    from .documents import PassportPage, render_passports  # WeasyPrint is slow to import: only when printing

    pdf = render_passports(
        [PassportPage(pupil, version, year, group)], school=access.school, title=f"Pupil passport: {pupil.full_name}"
    )
    _audit_export(request, version, access.school, f"Downloaded pupil passport version {version.number} as PDF")
    return _pdf_response(pdf, f"passport-{pupil.public_id}.pdf")


@login_required
@require_GET
@limit_per_person("downloads")
def group_passports_pdf(request: HttpRequest, urn: str, group_id) -> HttpResponse:
    """The current passports of the pupils in a group whom this person may see, one page each."""
    access = policy.school_for_user(request.user, urn, Capability.SEN_READ)
    group = get_object_or_404(TeachingGroup.objects.active(), school=access.school, public_id=group_id)
    pupils = list(policy.pupils_visible_to(request.user, access).filter(group_memberships__group=group))
    if not pupils:
        raise Http404("No pupil of this group is in your scope.")
    passports = selectors.current_passports([pupil.pk for pupil in pupils])
    from .documents import PassportPage, render_passports  # WeasyPrint is slow to import: only when printing

    details = _year_and_group(pupils, access.school)
    pages = [PassportPage(pupil, passports[pupil.pk], *details[pupil.pk]) for pupil in pupils if pupil.pk in passports]
    for page in pages:
        page.version.pupil = page.pupil
    # With no passports yet the PDF is one page saying so, rather than an error.
    pdf = render_passports(pages, school=access.school, title=f"Pupil passports: {group.name}", group=group)
    with transaction.atomic():
        for page in pages:
            summary = f"Downloaded pupil passport version {page.version.number} as PDF with {group.name}"
            _audit_export(request, page.version, access.school, summary)
    return _pdf_response(pdf, f"passports-{group.public_id}.pdf")
