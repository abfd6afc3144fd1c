"""Changing staff costs and the notional SEN budget, each in a transaction with its audit entry, and
the audit entry written whenever someone sees costs."""

from __future__ import annotations

import datetime
import hashlib
from decimal import Decimal

from django.db import IntegrityError, transaction

from opensend.audit.models import AuditEvent
from opensend.audit.services import audit_change, diff, snapshot
from opensend.schools.models import School

from .cost_models import SenBudget, StaffCost
from .services import StaleEditError

STAFF_COST_FIELDS = ("user", "hourly_cost", "applies_from")
BUDGET_FIELDS = ("year_starting", "amount", "note")


def rates_seen(school: School, user) -> str:
    """A short fingerprint of the person's rates at the school, as a page shows them."""
    rates = StaffCost.objects.filter(school=school, user=user).order_by("applies_from")
    text = ";".join(f"{applies_from}={cost}" for applies_from, cost in rates.values_list("applies_from", "hourly_cost"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def staff_cost_set(
    *, actor, school: School, user, hourly_cost: Decimal, applies_from: datetime.date, seen: str | None = None
) -> StaffCost:
    """Give a person an hourly cost at the school from a date. Costs before that date keep the
    earlier rate; a rate already set for the same date is corrected. `seen` is the fingerprint of the
    rates the person saw: a rate someone set since is refused (StaleEditError), not overwritten."""
    try:
        with transaction.atomic():
            return _set_staff_cost(actor, school, user, hourly_cost, applies_from, seen)
    except IntegrityError as error:  # two first rates for the same date at once: the other one won
        raise StaleEditError from error


def _set_staff_cost(actor, school, user, hourly_cost, applies_from, seen) -> StaffCost:
    rates = list(StaffCost.objects.select_for_update().filter(school=school, user=user))
    if seen is not None and rates_seen(school, user) != seen:
        raise StaleEditError
    cost = next((rate for rate in rates if rate.applies_from == applies_from), None)
    before = snapshot(cost, STAFF_COST_FIELDS) if cost else {}
    if cost is None:
        cost = StaffCost(school=school, user=user, applies_from=applies_from, created_by=actor)
    cost.hourly_cost = hourly_cost
    cost.full_clean()
    cost.save()
    changes = diff(before, snapshot(cost, STAFF_COST_FIELDS))
    if changes:
        audit_change(
            actor=actor,
            action=AuditEvent.Action.UPDATE if before else AuditEvent.Action.CREATE,
            instance=cost,
            changes=changes,
            school=school,
            summary=f"Set an hourly cost for {user.display_name} from {applies_from:%d/%m/%Y}",
        )
    return cost


def sen_budget_set(
    *, actor, school: School, year_starting: int, amount: Decimal, note: str = "", expected_version: int | None
) -> SenBudget:
    """Enter or change the notional SEN budget for a financial year. A change quotes the version
    the person saw (`None` when they saw no budget for that year)."""
    with transaction.atomic():
        budget = SenBudget.objects.select_for_update().filter(school=school, year_starting=year_starting).first()
        if (budget.version if budget else None) != expected_version:
            raise StaleEditError
        before = snapshot(budget, BUDGET_FIELDS) if budget else {}
        if budget is None:
            budget = SenBudget(school=school, year_starting=year_starting, created_by=actor)
        budget.amount = amount
        budget.note = note.strip()
        budget.full_clean()
        changes = diff(before, snapshot(budget, BUDGET_FIELDS))
        if not changes:
            return budget
        if before:
            budget.save_next_version()
        else:
            budget.save()
        audit_change(
            actor=actor,
            action=AuditEvent.Action.UPDATE if before else AuditEvent.Action.CREATE,
            instance=budget,
            changes=changes,
            school=school,
            summary=f"Set the notional SEN budget for {budget.label}",
        )
    return budget


def audit_cost_view(*, actor, school: School, what: str, action: str = AuditEvent.Action.VIEW, details=None):
    """Record that someone saw or exported costs. Written directly, not through audit_change: seeing
    costs changes nothing, so the school's cached figures stay valid."""
    return AuditEvent.objects.create(
        actor=actor,
        actor_label=actor.email,
        action=action,
        school=school,
        object_type="schools.school",
        object_id=str(school.pk),
        changes={name: [None, value] for name, value in (details or {}).items()},
        summary=f"{'Exported' if action == AuditEvent.Action.EXPORT else 'Viewed'} {what}"[:200],
    )
