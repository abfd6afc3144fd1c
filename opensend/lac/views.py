"""The designated teacher's register of looked-after and previously looked-after pupils, and their
PEPs. Only the designated teacher, the SENDCo, the head and the DSL read them (Capability.LAC_READ;
the designated teacher and the SENDCo change them, LAC_EDIT); anyone else, a pupil's own teachers
included, and anything out of scope gets 404. Every page of a pupil's care record is audited."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from opensend.access import policy
from opensend.access.policy import Capability
from opensend.audit.services import audit_list_view, audit_view
from opensend.core.documents import pdf_bytes
from opensend.core.forms import save_form
from opensend.core.pagination import query_without_cursor
from opensend.core.pdf import pdf_response
from opensend.core.ratelimit import limit_per_person
from opensend.ehc.selectors import local_authorities
from opensend.pupils.record_tabs import record_context

from . import clock, selectors, services
from .documents import pep_document
from .forms import (
    ContactsEditForm,
    PepEditForm,
    PepForm,
    RegisterForm,
    SpendForm,
    StatusEditForm,
    TargetEditForm,
    TargetForm,
)
from .models import CareStatus

STALE = (
    "Someone else changed this after you opened it. Your changes have not been saved: open it again to see "
    "the latest version, then make your changes."
)
FORM_METHODS = require_http_methods(["GET", "POST"])


def _values(form: forms.Form) -> dict:
    return {name: value for name, value in form.cleaned_data.items() if name != "version"}


def _initial(instance, fields: tuple) -> dict:
    return {name: getattr(instance, name) for name in fields} | {"version": instance.version}


def _save_form(request, form, call: Callable[[], object], **page) -> HttpResponse:
    return save_form(
        request, form, call, template="lac/form.html", stale_error=services.StaleEditError, stale_message=STALE, **page
    )


# --- The register ----------------------------------------------------------------------------------


@login_required
@require_GET
def register(request: HttpRequest, urn: str) -> HttpResponse:
    """The designated teacher's register, by pupil name, with each pupil's next PEP due."""
    access = policy.school_for_user(request.user, urn, Capability.LAC_READ)
    request.opensend_access = access
    pupils = policy.pupils_visible_to(request.user, access, current_only=False)
    today = timezone.localdate()
    status = request.GET.get("status", "")
    status = status if status in CareStatus.values else ""
    page, rows = selectors.register_page(
        access.school,
        pupils,
        today=today,
        after=request.GET.get("after"),
        before=request.GET.get("before"),
        status=status,
    )
    overdue = selectors.overdue_peps(access.school, pupils, today=today)
    unregistered = selectors.flagged_not_on_register(access.school, pupils)
    # The page names pupils in its overdue and not-on-the-register lists as well as in its rows.
    named = [row.record.pupil for row in rows] + [row.record.pupil for row in overdue] + unregistered
    audit_list_view(
        actor=request.user,
        pupils=list({pupil.pk: pupil for pupil in named}.values()),
        school=access.school,
        what="the designated teacher's register",
    )
    return render(
        request,
        "lac/register.html",
        {
            "access": access,
            "page": page,
            "rows": rows,
            "status": status,
            "statuses": CareStatus.choices,
            "counts": selectors.counts(access.school, pupils),
            "overdue": overdue,
            "unregistered": unregistered,
            "filter_query": query_without_cursor(request),
            "can_edit": access.can(Capability.LAC_EDIT),
        },
    )


# --- A pupil's entry -------------------------------------------------------------------------------


def _pupil(request: HttpRequest, pupil_id, capability: Capability = Capability.LAC_READ):
    pupil, access = policy.pupil_for_user(request.user, pupil_id, capability)
    request.opensend_access = access
    return pupil, access


def _record(pupil, access):
    record = selectors.pupil_record(pupil, access.school)
    if record is None:
        raise Http404("The pupil is not on the register.")
    return record


def _pep(record, pep_id):
    pep = selectors.pupil_pep(record, pep_id)
    if pep is None:
        raise Http404("No such PEP.")
    return pep


def _pupil_url(pupil) -> str:
    return reverse("lac:pupil", kwargs={"pupil_id": pupil.public_id})


def _pep_url(pupil, pep) -> str:
    return reverse("lac:pep", kwargs={"pupil_id": pupil.public_id, "pep_id": pep.public_id})


def _audit_form_view(request: HttpRequest, pupil, access, what: str) -> None:
    # An edit form shows the care record it changes: a view to log.
    if request.method == "GET":
        audit_view(actor=request.user, pupil=pupil, school=access.school, what=what)


@login_required
@require_GET
def pupil_lac(request: HttpRequest, pupil_id) -> HttpResponse:
    pupil, access = _pupil(request, pupil_id)
    audit_view(actor=request.user, pupil=pupil, school=access.school, what="looked-after record and PEPs")
    record = selectors.pupil_record(pupil, access.school)
    context = {
        **record_context(pupil, access, current="lac"),
        "record": record,
        "can_edit": access.can(Capability.LAC_EDIT),
    }
    if record is not None:
        today = timezone.localdate()
        peps = selectors.pupil_peps(record)
        tracked = clock.pep_deadlines(
            record, peps, today=today, term_ends=selectors.school_term_ends(access.school, today, peps)
        )
        context |= {
            "events": list(record.events.select_related("recorded_by")),
            "peps": peps,
            "tracked": tracked,
            "next_due": clock.next_due(tracked),
        }
    return render(request, "lac/pupil.html", context)


@login_required
@FORM_METHODS
def record_add(request: HttpRequest, pupil_id) -> HttpResponse:
    pupil, access = _pupil(request, pupil_id, Capability.LAC_EDIT)
    if selectors.pupil_record(pupil, access.school) is not None:
        return redirect(_pupil_url(pupil))
    initial = {"status": CareStatus.PREVIOUSLY if pupil.previously_looked_after else CareStatus.LOOKED_AFTER}
    form = RegisterForm(request.POST or None, initial=initial, authorities=local_authorities(access.school.trust))
    return _save_form(
        request,
        form,
        lambda: services.add_to_register(actor=request.user, pupil=pupil, school=access.school, values=_values(form)),
        done="Added to the register.",
        back_url=_pupil_url(pupil),
        access=access,
        pupil=pupil,
        title="Add to the designated teacher's register",
        submit="Add to the register",
    )


@login_required
@FORM_METHODS
def contacts_edit(request: HttpRequest, pupil_id) -> HttpResponse:
    pupil, access = _pupil(request, pupil_id, Capability.LAC_EDIT)
    record = _record(pupil, access)
    _audit_form_view(request, pupil, access, "looked-after record (to change contacts)")
    form = ContactsEditForm(
        request.POST or None,
        initial=_initial(record, services.CONTACT_FIELDS),
        authorities=local_authorities(access.school.trust),
    )
    return _save_form(
        request,
        form,
        lambda: services.update_contacts(
            actor=request.user,
            school=access.school,
            record=record,
            expected_version=form.cleaned_data["version"],
            values=_values(form),
        ),
        done="Care details saved.",
        back_url=_pupil_url(pupil),
        access=access,
        pupil=pupil,
        title="Change the care details and contacts",
        submit="Save",
    )


@login_required
@FORM_METHODS
def status_edit(request: HttpRequest, pupil_id) -> HttpResponse:
    pupil, access = _pupil(request, pupil_id, Capability.LAC_EDIT)
    record = _record(pupil, access)
    _audit_form_view(request, pupil, access, "looked-after record (to change the care status)")
    form = StatusEditForm(request.POST or None, initial=_initial(record, services.STATUS_FIELDS))
    return _save_form(
        request,
        form,
        lambda: services.change_status(
            actor=request.user,
            school=access.school,
            record=record,
            expected_version=form.cleaned_data["version"],
            values=_values(form),
        ),
        done="Care status saved. The change is in the history below.",
        back_url=_pupil_url(pupil),
        access=access,
        pupil=pupil,
        title="Record entering or leaving care",
        intro="Each change is kept in the register's dated history.",
        submit="Save",
    )


# --- PEPs --------------------------------------------------------------------------------------------


@login_required
@FORM_METHODS
def pep_add(request: HttpRequest, pupil_id) -> HttpResponse:
    pupil, access = _pupil(request, pupil_id, Capability.LAC_EDIT)
    record = _record(pupil, access)
    kind = "review" if selectors.pupil_peps(record) else "initial"
    initial = {"kind": kind, "sen": selectors.sen_summary(pupil, access.school)}
    form = PepForm(request.POST or None, initial=initial, reviews=selectors.annual_reviews(pupil, access.school))
    return _save_form(
        request,
        form,
        lambda: services.record_pep(actor=request.user, record=record, school=access.school, values=_values(form)),
        done="PEP recorded. Add its targets and Pupil Premium Plus spending below.",
        back_url=_pupil_url(pupil),
        access=access,
        pupil=pupil,
        title="Record a PEP",
        submit="Record the PEP",
    )


@login_required
@require_GET
def pep_detail(request: HttpRequest, pupil_id, pep_id) -> HttpResponse:
    pupil, access = _pupil(request, pupil_id)
    record = _record(pupil, access)
    pep = _pep(record, pep_id)
    audit_view(actor=request.user, pupil=pupil, school=access.school, what=f"the {pep}")
    spending = list(pep.spending.all())
    return render(
        request,
        "lac/pep.html",
        {
            **record_context(pupil, access, current="lac"),
            "record": record,
            "pep": pep,
            "targets": list(pep.targets.all()),
            "spending": spending,
            "spent": sum((line.amount for line in spending), start=0),
            "can_edit": access.can(Capability.LAC_EDIT),
        },
    )


@login_required
@require_GET
@limit_per_person("downloads")
def pep_print(request: HttpRequest, pupil_id, pep_id) -> HttpResponse:
    """The PEP as a PDF for the Virtual School and the social worker, named without the pupil, so
    a misdirected file identifies nobody."""
    pupil, access = _pupil(request, pupil_id)
    record = _record(pupil, access)
    pep = _pep(record, pep_id)
    audit_view(actor=request.user, pupil=pupil, school=access.school, what=f"the {pep} (PDF)")
    document = pep_document(pep, record, targets=list(pep.targets.all()), spending=list(pep.spending.all()))
    return pdf_response(pdf_bytes(document), f"pep-{pep.meeting_on:%Y-%m-%d}.pdf")


@login_required
@FORM_METHODS
def pep_edit(request: HttpRequest, pupil_id, pep_id) -> HttpResponse:
    pupil, access = _pupil(request, pupil_id, Capability.LAC_EDIT)
    pep = _pep(_record(pupil, access), pep_id)
    _audit_form_view(request, pupil, access, f"the {pep} (to change it)")
    form = PepEditForm(
        request.POST or None,
        initial=_initial(pep, services.PEP_FIELDS),
        reviews=selectors.annual_reviews(pupil, access.school),
    )
    return _save_form(
        request,
        form,
        lambda: services.update_pep(
            actor=request.user,
            school=access.school,
            pep=pep,
            expected_version=form.cleaned_data["version"],
            values=_values(form),
        ),
        done="PEP saved.",
        back_url=_pep_url(pupil, pep),
        access=access,
        pupil=pupil,
        title=f"Change the {pep}",
        submit="Save",
    )


@login_required
@FORM_METHODS
def target_add(request: HttpRequest, pupil_id, pep_id) -> HttpResponse:
    pupil, access = _pupil(request, pupil_id, Capability.LAC_EDIT)
    pep = _pep(_record(pupil, access), pep_id)
    form = TargetForm(request.POST or None, initial={"progress": "not-started"})
    return _save_form(
        request,
        form,
        lambda: services.add_target(actor=request.user, pep=pep, school=access.school, values=_values(form)),
        done="Target added.",
        back_url=_pep_url(pupil, pep),
        access=access,
        pupil=pupil,
        title=f"Add a target to the {pep}",
        submit="Add the target",
    )


@login_required
@FORM_METHODS
def target_edit(request: HttpRequest, pupil_id, pep_id, pep_target_id) -> HttpResponse:
    pupil, access = _pupil(request, pupil_id, Capability.LAC_EDIT)
    pep = _pep(_record(pupil, access), pep_id)
    target = pep.targets.filter(public_id=pep_target_id).first()
    if target is None:
        raise Http404("No such target.")
    _audit_form_view(request, pupil, access, f"a target of the {pep} (to update its progress)")
    form = TargetEditForm(request.POST or None, initial=_initial(target, services.TARGET_FIELDS))
    return _save_form(
        request,
        form,
        lambda: services.update_target(
            actor=request.user,
            target=target,
            school=access.school,
            expected_version=form.cleaned_data["version"],
            values=_values(form),
        ),
        done="Target saved.",
        back_url=_pep_url(pupil, pep),
        access=access,
        pupil=pupil,
        title="Update the target's progress",
        submit="Save",
    )


@login_required
@FORM_METHODS
def spend_add(request: HttpRequest, pupil_id, pep_id) -> HttpResponse:
    pupil, access = _pupil(request, pupil_id, Capability.LAC_EDIT)
    pep = _pep(_record(pupil, access), pep_id)
    form = SpendForm(request.POST or None)
    return _save_form(
        request,
        form,
        lambda: services.add_spend(actor=request.user, pep=pep, school=access.school, values=_values(form)),
        done="Spending added.",
        back_url=_pep_url(pupil, pep),
        access=access,
        pupil=pupil,
        title=f"Add Pupil Premium Plus spending to the {pep}",
        submit="Add the spending",
    )
