"""The caseload of open statutory deadlines, and the deadline calculator: a rule and the date of its
starting event give the due date, with every other deadline that runs from the same event (the
calculator reads no pupil data)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from opensend.access import policy
from opensend.access.policy import Capability
from opensend.audit.models import AuditEvent
from opensend.audit.services import audit_change
from opensend.core.dates import CalendarTooShort
from opensend.core.pagination import query_without_cursor
from opensend.schools.calendar import term_dates

from . import exports
from .engine import deadline
from .forms import CalculatorForm, CaseloadFilterForm, rule_groups
from .rules import RULES, Days, rule
from .sources import deadline_page, open_deadlines


def _from_the_same_event(school, rule_id: str, start) -> list:
    """The deadline asked for and every other one that runs from the same kind of event."""
    same = [other for other in RULES if other.starting_event == rule(rule_id).starting_event]
    terms = term_dates(school, from_day=start) if any(other.days == Days.SCHOOL for other in same) else None
    return [deadline(other.id, start, terms=terms) for other in same]


@login_required
@require_GET
def calculator(request: HttpRequest, urn: str) -> HttpResponse:
    access = policy.school_for_user(request.user, urn, Capability.DEADLINES)
    form = CalculatorForm(request.GET if "rule" in request.GET else None)
    context = {"access": access, "form": form, "groups": rule_groups(), "results": None}
    if form.is_valid():
        rule_id, start = form.cleaned_data["rule"], form.cleaned_data["start"]
        try:
            results = _from_the_same_event(access.school, rule_id, start)
            context["results"] = results
            context["result"] = next(item for item in results if item.rule.id == rule_id)
        except CalendarTooShort:
            form.add_error(
                "start",
                f"{access.school.name}'s term dates do not reach far enough to count "
                f"{rule(rule_id).period} school days from this date. Add the school's terms, then try again.",
            )
        context["chosen"] = rule(rule_id)
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "deadlines/calculator.html", context, status=status)


def _caseload(request: HttpRequest, urn: str):
    """The person's access, the filter form and the open deadlines it selects."""
    access = policy.school_for_user(request.user, urn, Capability.DEADLINES)
    request.opensend_access = access
    pupils = policy.pupils_visible_to(request.user, access, current_only=False)
    everything = open_deadlines(access.school, pupils, today=timezone.localdate())
    authorities = sorted({item.local_authority for item in everything if item.local_authority})
    form = CaseloadFilterForm(request.GET, authorities=authorities)
    return access, form, form.apply(everything)


@login_required
@require_GET
def caseload(request: HttpRequest, urn: str) -> HttpResponse:
    """Every open statutory deadline for the pupils the person may see, overdue first."""
    access, form, selected = _caseload(request, urn)
    page = deadline_page(selected, after=request.GET.get("after"), before=request.GET.get("before"))
    return render(
        request,
        "deadlines/caseload.html",
        {
            "access": access,
            "form": form,
            "page": page,
            "filter_query": query_without_cursor(request),
            "filtered": form.is_valid() and any(form.cleaned_data.values()),
        },
    )


@login_required
@require_GET
def caseload_export(request: HttpRequest, urn: str) -> HttpResponse:
    """The caseload, as filtered, as an Excel workbook; the export is audited."""
    access, _, selected = _caseload(request, urn)
    audit_change(
        actor=request.user,
        action=AuditEvent.Action.EXPORT,
        instance=access.school,
        school=access.school,
        changes={"format": [None, "xlsx"], "rows": [None, len(selected)]},
        summary=f"Exported the statutory deadlines (XLSX, {len(selected)} rows)",
    )
    response = HttpResponse(exports.caseload_xlsx(selected, title=access.school.name), content_type=exports.XLSX)
    filename = f"statutory-deadlines-{access.school.urn}-{timezone.localdate():%Y-%m-%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
