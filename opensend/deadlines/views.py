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
from opensend.core.dates import CalendarTooShort
from opensend.core.pagination import query_without_cursor
from opensend.schools.calendar import term_dates

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


@login_required
@require_GET
def caseload(request: HttpRequest, urn: str) -> HttpResponse:
    """Every open statutory deadline for the pupils the person may see, overdue first."""
    access = policy.school_for_user(request.user, urn, Capability.DEADLINES)
    request.opensend_access = access
    pupils = policy.pupils_visible_to(request.user, access, current_only=False)
    everything = open_deadlines(access.school, pupils, today=timezone.localdate())
    authorities = sorted({item.local_authority for item in everything if item.local_authority})
    form = CaseloadFilterForm(request.GET, authorities=authorities)
    page = deadline_page(form.apply(everything), after=request.GET.get("after"), before=request.GET.get("before"))
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
