"""The caseload of open statutory deadlines, and the deadline calculator: a rule and the date of its
starting event give the due date, with every other deadline that runs from the same event (the
calculator reads no pupil data)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from opensend.access import policy
from opensend.access.policy import Capability
from opensend.audit.models import AuditEvent
from opensend.audit.services import audit_change
from opensend.core.dates import CalendarTooShort
from opensend.core.pagination import query_without_cursor
from opensend.core.ratelimit import limit_per_person, over_limit, too_many_requests
from opensend.schools.calendar import term_dates

from . import exports, feeds
from .calendar import WEEKDAYS, month_of_deadlines, month_shown
from .engine import Status, deadline
from .forms import CalculatorForm, CaseloadFilterForm, rule_groups
from .models import CalendarFeed
from .rules import RULES, Days, rule
from .sources import deadline_page, open_deadlines, open_deadlines_of


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
    everything = open_deadlines(access.school, pupils, today=timezone.localdate(), access=access)
    authorities = sorted({item.local_authority for item in everything if item.local_authority})
    owners = sorted({item.owner for item in everything if item.owner}, key=lambda owner: owner.display_name)
    form = CaseloadFilterForm(request.GET, authorities=authorities, owners=owners, user=request.user)
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
@limit_per_person("downloads")
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


def _query_without_month(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("month", None)
    return query.urlencode()


@login_required
@require_GET
def calendar(request: HttpRequest, urn: str) -> HttpResponse:
    """The caseload's deadlines in a month: a grid of weeks on a wide screen, a list of days on a
    phone, with the same scope and filters as the caseload."""
    access, form, selected = _caseload(request, urn)
    today = timezone.localdate()
    month = month_shown(request.GET.get("month"), today)
    return render(
        request,
        "deadlines/calendar.html",
        {
            "access": access,
            "form": form,
            "month": month_of_deadlines(month, selected, today=today),
            "filter_query": _query_without_month(request),
            "weekdays": WEEKDAYS,
            "filtered": form.is_valid() and any(form.cleaned_data.values()),
            "overdue_before": sum(1 for item in selected if item.due < month and item.status == Status.OVERDUE),
        },
    )


# The new address is shown once, on the page the person is sent to after making it.
_NEW_FEED_SESSION_KEY = "opensend_new_calendar_feed"


def _follows_deadlines(user) -> bool:
    return any(access.can(Capability.DEADLINES) for access in policy.school_accesses(user))


def _feed_address(token: str) -> str:
    # The public address calendars reach the service at, as in the emails, not this request's host.
    return f"{settings.OPENSEND_BASE_URL.rstrip('/')}{reverse('deadlines:calendar-feed', args=[token])}"


@login_required
@require_http_methods(["GET", "POST"])
def calendar_feed_settings(request: HttpRequest) -> HttpResponse:
    """The signed-in person's own calendar feed: make its secret address, make a new one, turn it off."""
    if not _follows_deadlines(request.user):
        raise Http404
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            feeds.feed_revoke(user=request.user)
            messages.success(request, "Your calendar feed is turned off. Calendars using it will show no deadlines.")
        else:
            token = feeds.feed_issue(user=request.user)
            request.session[_NEW_FEED_SESSION_KEY] = token
        return redirect("deadlines:calendar-feed-settings")
    token = request.session.pop(_NEW_FEED_SESSION_KEY, None)
    # The public address calendars reach the service at, as in the emails, not this request's host.
    new_address = (
        ""
        if not token
        else f"{settings.OPENSEND_BASE_URL.rstrip('/')}{reverse('deadlines:calendar-feed', args=[token])}"
    )
    feed = CalendarFeed.objects.filter(user=request.user).first()
    return render(request, "deadlines/calendar_feed.html", {"feed": feed, "new_address": new_address})


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The person's open deadlines as iCalendar. No session: the secret token is the authority, so
    an unknown or turned-off token is simply not found."""
    feed = feeds.feed_for_token(token)
    if feed is None:
        raise Http404
    if over_limit("calendar-feed", feed.pk):
        return too_many_requests()
    items = open_deadlines_of(feed.user, today=timezone.localdate())
    feeds.feed_read(feed=feed, count=len(items))
    response = HttpResponse(feeds.calendar_ics(items), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="opensend-deadlines.ics"'
    return response
