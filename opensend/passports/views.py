from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

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
from .forms import PassportForm
from .models import PassportVersion


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
    audit_view(actor=request.user, pupil=pupil, school=access.school, what="pupil passport")
    return render(
        request,
        "passports/passport.html",
        {
            **record_context(pupil, access, current="passport"),
            "passport": versions[0] if versions else None,
            "versions": versions,
            "can_edit_passport": access.can(Capability.PLAN_EDIT),
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
