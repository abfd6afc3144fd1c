"""Pages of provision costs: staff hourly costs and the notional SEN budget (PROVISION_COSTS only),
the costed provision map with its Excel and PDF exports (those who see the school overview; money
only with PROVISION_COSTS; pupils and groups only for those who see every provision), and a pupil's
provision history with its PDF. Every page that shows costs, and every export, is audited."""

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
from opensend.accounts.models import User
from opensend.audit.models import AuditEvent
from opensend.audit.services import audit_view
from opensend.core.forms import add_service_errors
from opensend.core.ratelimit import limit_per_person
from opensend.pupils.record_tabs import record_context
from opensend.schools.models import School

from . import cost_documents, cost_map, costs, selectors
from .cost_forms import BudgetForm, MapFilterForm, StaffCostForm
from .cost_models import SenBudget, StaffCost, financial_year_of
from .cost_services import audit_cost_view, rates_seen, sen_budget_set, staff_cost_set
from .services import StaleEditError

FORM_METHODS = require_http_methods(["GET", "POST"])
SMALL_COUNT_HIDDEN = 5
RATES_STALE = (
    "Someone else changed this person's hourly costs after you opened the page. Nothing has been saved: "
    "the costs shown are now the latest."
)
BUDGET_STALE = (
    "Someone else changed this year's budget after you opened the page. Nothing has been saved: "
    "the budget shown is now the latest."
)


def _costs_access(request: HttpRequest, urn: str) -> policy.Access:
    access = policy.school_for_user(request.user, urn, Capability.PROVISION_COSTS)
    request.opensend_access = access
    return access


# --- Staff hourly costs ------------------------------------------------------------------------------


@login_required
@require_GET
def staff_costs(request: HttpRequest, urn: str) -> HttpResponse:
    access = _costs_access(request, urn)
    today = timezone.localdate()
    staff = list(selectors.delivering_staff(access.school))
    history: dict[int, list[StaffCost]] = {}
    for cost in StaffCost.objects.filter(school=access.school).order_by("user_id", "-applies_from"):
        history.setdefault(cost.user_id, []).append(cost)
    known = {person.pk for person in staff}
    staff += list(User.objects.filter(pk__in=set(history) - known).order_by("last_name", "first_name"))
    rows = [
        (
            person,
            next((cost for cost in history.get(person.pk, []) if cost.applies_from <= today), None),
            history.get(person.pk, []),
        )
        for person in staff
    ]
    audit_cost_view(actor=request.user, school=access.school, what="staff hourly costs")
    return render(request, "provision/costs/staff.html", {"access": access, "rows": rows, "today": today})


@login_required
@FORM_METHODS
def staff_cost_set_view(request: HttpRequest, urn: str, user_id) -> HttpResponse:
    access = _costs_access(request, urn)
    person = _staff_member(access, user_id)
    initial = {"applies_from": timezone.localdate(), "seen": rates_seen(access.school, person)}
    form = StaffCostForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                staff_cost_set(actor=request.user, school=access.school, user=person, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            except StaleEditError:
                form.add_error(None, RATES_STALE)
                status = 409
            else:
                messages.success(request, f"Hourly cost saved for {person.display_name}.")
                return redirect(reverse("provision:staff-costs", kwargs={"urn": access.school.urn}))
    history = StaffCost.objects.filter(school=access.school, user=person).order_by("-applies_from")
    audit_cost_view(actor=request.user, school=access.school, what=f"hourly costs of {person.email}")
    return render(
        request,
        "provision/costs/staff_cost_form.html",
        {"access": access, "form": form, "person": person, "history": history},
        status=status,
    )


def _staff_member(access: policy.Access, user_id) -> User:
    """Staff who may deliver provision at the school, or who already have a cost there; else 404."""
    person = selectors.delivering_staff(access.school).filter(public_id=user_id).first()
    if person is None:
        person = User.objects.filter(
            public_id=user_id, pk__in=StaffCost.objects.filter(school=access.school).values("user_id")
        ).first()
    if person is None:
        raise Http404("No such member of staff.")
    return person


# --- The notional SEN budget -------------------------------------------------------------------------


@login_required
@FORM_METHODS
def budget(request: HttpRequest, urn: str) -> HttpResponse:
    access = _costs_access(request, urn)
    this_year = financial_year_of(timezone.localdate())
    years = list(range(this_year + 1, this_year - 5, -1))
    budgets = {row.year_starting: row for row in SenBudget.objects.filter(school=access.school)}
    chosen = _chosen_year(request.GET.get("year"), years, this_year)
    current = budgets.get(chosen)
    initial = {"year_starting": chosen, "version": current.version if current else None, "loaded_year": chosen}
    if current:
        initial |= {"amount": current.amount, "note": current.note}
    form = BudgetForm(request.POST or None, initial=initial, years=years)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid() and _not_another_years_budget(form, budgets):
            values = form.cleaned_data
            try:
                sen_budget_set(
                    actor=request.user,
                    school=access.school,
                    year_starting=values["year_starting"],
                    amount=values["amount"],
                    note=values["note"],
                    expected_version=values["version"],
                )
            except StaleEditError:
                form.add_error(None, BUDGET_STALE)
                status = 409
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "Notional SEN budget saved.")
                return redirect(reverse("provision:budget", kwargs={"urn": access.school.urn}))
    audit_cost_view(actor=request.user, school=access.school, what="notional SEN budget")
    return render(
        request,
        "provision/costs/budget.html",
        {"access": access, "form": form, "budgets": sorted(budgets.values(), key=lambda row: -row.year_starting)},
        status=status,
    )


def _not_another_years_budget(form: BudgetForm, budgets: dict[int, SenBudget]) -> bool:
    """A year chosen in the form other than the one the page opened on may not already have a budget:
    changing that one starts from its own page, so nobody overwrites a figure they have not seen."""
    year = form.cleaned_data["year_starting"]
    if year == form.cleaned_data.get("loaded_year") or year not in budgets:
        if year != form.cleaned_data.get("loaded_year"):
            form.cleaned_data["version"] = None
        return True
    form.add_error(
        "year_starting", f"There is already a budget for {budgets[year].label}: choose Change beside it to change it"
    )
    return False


def _chosen_year(raw, years: list[int], default: int) -> int:
    try:
        year = int(raw)
    except (TypeError, ValueError):
        return default
    return year if year in years else default


# --- The costed provision map --------------------------------------------------------------------------


def _map_request(request: HttpRequest, urn: str):
    """The access, the filter form and the costed map the person may see, as they asked for it."""
    access = policy.school_for_user(request.user, urn, Capability.SCHOOL_OVERVIEW)
    request.opensend_access = access
    full = selectors.sees_every_provision(access)
    views = [(key, label) for key, label in cost_map.VIEWS if full or key in cost_map.AGGREGATE_VIEWS]
    default = costs.current_financial_year()
    initial = {"view": "school", "starts_on": default.starts_on, "ends_on": default.ends_on}
    form = MapFilterForm(
        _with_default_period(request.GET, default) if request.GET else None, views=views, initial=initial
    )
    chosen = _chosen(form)
    period = _period(chosen, default)
    view = chosen.get("view") or "school"
    provisions = costs.provisions_in(access.school, period, wave=chosen.get("wave"), area=chosen.get("area") or "")
    school_costs = costs.school_costs(access.school, period, provisions=provisions)
    return access, form, full, cost_map.provision_map(school_costs, view), chosen


def _chosen(form: MapFilterForm) -> dict:
    """The filters as asked for, each one that is valid: a wrong one is shown as an error above the
    map and left out, never a reason to drop the others."""
    if not form.is_bound:
        return {}
    form.is_valid()
    chosen = dict(form.cleaned_data)
    if "starts_on" in form.errors or "ends_on" in form.errors:
        # A period with either end wrong is not half-used: the page shows the default period.
        chosen.pop("starts_on", None)
        chosen.pop("ends_on", None)
    return chosen


def _period(chosen: dict, default: costs.Period) -> costs.Period:
    first = chosen.get("starts_on") or default.starts_on
    last = chosen.get("ends_on") or default.ends_on
    return costs.Period(first, last) if last >= first else default


def _with_default_period(query, default: costs.Period):
    """The query with the default period's dates where it gives none, so the boxes show them."""
    data = query.copy()
    for name, day in (("starts_on", default.starts_on), ("ends_on", default.ends_on)):
        if not any(data.get(f"{name}-{part}") for part in ("day", "month", "year")) and not data.get(name):
            data[name] = day.isoformat()
    return data


def _map_context(request, access, full: bool, mapped: cost_map.ProvisionMap, chosen: dict) -> dict:
    show_costs = access.can(Capability.PROVISION_COSTS)
    return {
        "access": access,
        "map": mapped,
        "period": mapped.costs.period,
        "show_costs": show_costs,
        "full": full,
        "hide_small": not access.can(Capability.SEN_READ),
        "small": SMALL_COUNT_HIDDEN,
        "budget": costs.pounds(mapped.costs.budget) if mapped.costs.budget_years else None,
        "filters": {
            "wave": chosen.get("wave") and dict(cost_map.Wave.choices)[chosen["wave"]],
            "area": chosen.get("area") and dict(cost_map.BroadArea.choices)[chosen["area"]],
        },
        "missing_rates": mapped.costs.staff_without_rate if show_costs else [],
    }


def _audit_map(request, access, what: str, mapped, *, action=AuditEvent.Action.VIEW, fmt: str = "") -> None:
    period = mapped.costs.period
    details = {"view": mapped.view, "from": period.starts_on.isoformat(), "to": period.ends_on.isoformat()}
    if fmt:
        details["format"] = fmt
    audit_cost_view(actor=request.user, school=access.school, what=what, action=action, details=details)


@login_required
@require_GET
def provision_map(request: HttpRequest, urn: str) -> HttpResponse:
    access, form, full, mapped, chosen = _map_request(request, urn)
    _audit_map(request, access, "the costed provision map", mapped)
    context = _map_context(request, access, full, mapped, chosen)
    return render(
        request,
        "provision/costs/map.html",
        {**context, "form": form, "query": request.GET.urlencode(), "table": cost_documents.table(mapped, context)},
    )


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
@limit_per_person("downloads")
def provision_map_xlsx(request: HttpRequest, urn: str) -> HttpResponse:
    access, _, full, mapped, chosen = _map_request(request, urn)
    context = _map_context(request, access, full, mapped, chosen)
    views = [key for key, _ in cost_map.VIEWS if full or key in cost_map.AGGREGATE_VIEWS]
    maps = [cost_map.provision_map(mapped.costs, key) for key in views]
    _audit_map(request, access, "the costed provision map", mapped, action=AuditEvent.Action.EXPORT, fmt="xlsx")
    content = cost_documents.map_xlsx(maps, context)
    filename = f"provision-map-{access.school.urn}-{mapped.costs.period.starts_on:%Y-%m-%d}.xlsx"
    return _download(content, cost_documents.XLSX, filename)


@login_required
@require_GET
@limit_per_person("downloads")
def provision_map_pdf(request: HttpRequest, urn: str) -> HttpResponse:
    access, _, full, mapped, chosen = _map_request(request, urn)
    context = _map_context(request, access, full, mapped, chosen)
    paper = "A3" if request.GET.get("paper") == "A3" else "A4"
    # The PDF is for governors and funding applications: no pupil view.
    views = list(cost_map.AGGREGATE_VIEWS) + (["group"] if full else [])
    maps = [cost_map.provision_map(mapped.costs, key) for key in views]
    _audit_map(request, access, "the costed provision map", mapped, action=AuditEvent.Action.EXPORT, fmt="pdf")
    content = cost_documents.map_pdf(maps, context, paper=paper)
    filename = f"provision-map-{access.school.urn}-{mapped.costs.period.starts_on:%Y-%m-%d}.pdf"
    return _download(content, cost_documents.PDF, filename)


# --- A pupil's provision history ---------------------------------------------------------------------


def _history(request: HttpRequest, pupil_id):
    pupil, access = policy.pupil_for_user(request.user, pupil_id, Capability.SEN_READ)
    request.opensend_access = access
    show_costs = access.can(Capability.PROVISION_COSTS)
    history = cost_documents.pupil_history(pupil, access.school, timezone.localdate(), with_costs=show_costs)
    return pupil, access, history, show_costs


@login_required
@require_GET
def pupil_history(request: HttpRequest, pupil_id) -> HttpResponse:
    pupil, access, history, show_costs = _history(request, pupil_id)
    audit_view(actor=request.user, pupil=pupil, school=access.school, what="provision history")
    return render(
        request,
        "provision/costs/history.html",
        {**record_context(pupil, access, current="provision"), "history": history, "show_costs": show_costs},
    )


@login_required
@require_GET
@limit_per_person("downloads")
def pupil_history_pdf(request: HttpRequest, pupil_id) -> HttpResponse:
    pupil, access, history, show_costs = _history(request, pupil_id)
    audit_view(actor=request.user, pupil=pupil, school=access.school, what="provision history (PDF)")
    content = cost_documents.history_pdf(pupil, access.school, history, show_costs=show_costs)
    return _download(content, cost_documents.PDF, f"provision-history-{timezone.localdate():%Y-%m-%d}.pdf")


# --- The trust's provision map ----------------------------------------------------------------------


@login_required
@require_GET
def trust_map(request: HttpRequest, trust_id) -> HttpResponse:
    """Each school's provision for the trust SEND lead: pupils, provisions, sessions and hours, no
    money (the trust lead does not see costs) and no count of 5 pupils or fewer."""
    trust = policy.trust_for_user(request.user, trust_id)
    default = costs.current_financial_year()
    initial = {"starts_on": default.starts_on, "ends_on": default.ends_on}
    views = [("school", "Schools")]
    form = MapFilterForm(
        _with_default_period(request.GET, default) if request.GET else None, views=views, initial=initial
    )
    chosen = _chosen(form)
    period = _period(chosen, default)
    per_school = [
        costs.school_costs(
            school,
            period,
            provisions=costs.provisions_in(school, period, wave=chosen.get("wave"), area=chosen.get("area") or ""),
        )
        for school in School.objects.filter(trust=trust).order_by("name")
    ]
    mapped = cost_map.trust_map(per_school)
    context = {"show_costs": False, "hide_small": True}
    table = cost_documents.table(mapped, context)
    table["title"] = "Schools"
    return render(
        request,
        "provision/costs/trust_map.html",
        {"trust": trust, "form": form, "period": period, "table": table, "small": SMALL_COUNT_HIDDEN},
    )
