"""The demo's staff costs and notional budgets: every person who delivers provision at a demo
school has an hourly cost there, raised by the September pay award, and the map has a budget."""

from __future__ import annotations

import datetime

from opensend.demo.seed import DEMO_TRUST_NAME
from opensend.provision import costs
from opensend.provision.cost_models import SenBudget, StaffCost
from opensend.provision.models import Provision
from opensend.schools.models import School

from .test_demo_data import demo  # noqa: F401 - the seeded demo, once for the module


def test_everyone_who_delivers_demo_provision_has_an_hourly_cost_with_the_pay_award(demo, db):  # noqa: F811
    for school in School.objects.filter(trust__name=DEMO_TRUST_NAME):
        delivering = set(
            Provision.staff.through.objects.filter(provision__school=school).values_list("user_id", flat=True)
        )
        rates = costs.staff_rates_on(school, datetime.date(2026, 11, 23))
        assert delivering <= set(rates)
        earlier = costs.staff_rates_on(school, datetime.date(2026, 8, 31))
        assert all(rates[user] > earlier[user] for user in delivering)
    assert StaffCost.objects.filter(school__trust__name=DEMO_TRUST_NAME).exists()


def test_each_demo_school_has_this_year_s_notional_budget_and_the_map_shows_it(demo, db):  # noqa: F811
    for school in School.objects.filter(trust__name=DEMO_TRUST_NAME):
        assert SenBudget.objects.filter(school=school, year_starting=2026).exists()
        result = costs.school_costs(school, costs.financial_year(2026))
        if result.provisions:
            assert result.budget > result.total.planned > 0
            assert result.staff_without_rate == []
