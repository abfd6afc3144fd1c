"""Demo data for provision costs: an hourly cost (with on-costs) for everyone who delivers provision
at the demo trust's schools, with September's pay award as a new rate so the costs before it keep
the old one, and each school's notional SEN budget for this financial year and the last. Runs after
the provision it costs (feature_provision, ORDER 50). Bulk-created without audit events."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from opensend.provision.cost_models import SenBudget, StaffCost
from opensend.provision.models import Provision

from .seed import DEMO_TRUST_NAME

ORDER = 55
LAST_YEAR_RATE_FROM = datetime.date(2025, 9, 1)
PAY_AWARD_FROM = datetime.date(2026, 9, 1)
PAY_AWARD = Decimal("1.04")
# Teaching assistants' hourly cost with employer's pension and National Insurance, in pounds.
HOURLY_COST_RANGE = (17.5, 24.0)
# A notional SEN budget per pupil on roll (the first £6,000 of each SEN support pupil's costs come
# from it, plus in-class support): pounds a year.
BUDGET_PER_PUPIL_RANGE = (450, 650)
FINANCIAL_YEARS = (2025, 2026)


def seed(result, rng: random.Random) -> None:
    trust = result.written.trust
    if trust.name != DEMO_TRUST_NAME:
        return
    schools = list(result.written.schools.values())
    delivering = set(
        Provision.staff.through.objects.filter(provision__school__in=schools).values_list(
            "provision__school_id", "user_id"
        )
    )
    costs = []
    for school_id, user_id in sorted(delivering):
        before = Decimal(str(round(rng.uniform(*HOURLY_COST_RANGE), 2)))
        after = (before * PAY_AWARD).quantize(Decimal("0.01"))
        costs.append(
            StaffCost(school_id=school_id, user_id=user_id, hourly_cost=before, applies_from=LAST_YEAR_RATE_FROM)
        )
        costs.append(StaffCost(school_id=school_id, user_id=user_id, hourly_cost=after, applies_from=PAY_AWARD_FROM))
    StaffCost.objects.bulk_create(costs)
    budgets = []
    for school in schools:
        pupils = sum(1 for draft in result.pupils if draft.school == _slug(result, school) and draft.on_roll)
        per_pupil = rng.randint(*BUDGET_PER_PUPIL_RANGE)
        for year in FINANCIAL_YEARS:
            amount = Decimal(round(max(pupils, 100) * per_pupil * (1 if year == FINANCIAL_YEARS[-1] else 0.97), -2))
            budgets.append(
                SenBudget(
                    school=school,
                    year_starting=year,
                    amount=amount,
                    note="Notional SEN budget from the LA's funding statement",
                )
            )
    SenBudget.objects.bulk_create(budgets)


def _slug(result, school) -> str:
    return next(slug for slug, written in result.written.schools.items() if written.pk == school.pk)
