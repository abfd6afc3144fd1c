"""Changing staff costs and the notional SEN budget, each in a transaction with its audit entry, and
the audit entry written whenever someone sees costs."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction

from opensend.audit.models import AuditEvent
from opensend.audit.services import audit_change, diff, snapshot
from opensend.schools.models import School

from .cost_models import SenBudget, StaffCost
from .services import StaleEditError

STAFF_COST_FIELDS = ("user", "hourly_cost", "applies_from")
BUDGET_FIELDS = ("year_starting", "amount", "note")


def staff_cost_set(*, actor, school: School, user, hourly_cost: Decimal, applies_from: datetime.date) -> StaffCost:
    """Give a person an hourly cost at the school from a date. Costs before that date keep the
    earlier rate; a rate already set for the same date is corrected."""
    with transaction.atomic():
        current = StaffCost.objects.select_for_update().filter(school=school, user=user, applies_from=applies_from)
        cost = current.first()
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
