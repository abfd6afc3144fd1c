"""The demo's high-needs funding: frameworks for the authorities each school's plans come from, and
top-up for most pupils with a plan, with an award, a refusal and a renewal due soon at each school
that has enough plans; the funding view shows them against the provision costs."""

from __future__ import annotations

from django.utils import timezone

from opensend.demo.seed import DEMO_TRUST_NAME
from opensend.ehc.models import Plan
from opensend.funding import selectors
from opensend.funding.models import Application, Framework, Status
from opensend.provision.costs import financial_year
from opensend.schools.models import School

from ..provision.test_demo_data import demo  # noqa: F401 - the seeded demo, once for the module


def test_most_demo_pupils_with_a_plan_have_top_up(demo, db):  # noqa: F811
    plans = Plan.objects.filter(school__trust__name=DEMO_TRUST_NAME)
    with_topup = plans.filter(pupil__topup_applications__isnull=False).distinct()
    assert with_topup.count() >= plans.count() * 0.7
    for plan in plans.select_related("local_authority"):
        assert Framework.objects.filter(school=plan.school, local_authority=plan.local_authority).exists()


def test_each_demo_school_has_an_award_a_refusal_and_a_renewal_due_soon(demo, db):  # noqa: F811
    today = timezone.localdate()
    for school in School.objects.filter(trust__name=DEMO_TRUST_NAME):
        statuses = set(Application.objects.filter(school=school).values_list("status", flat=True))
        assert {Status.AWARDED, Status.REFUSED} <= statuses
        assert selectors.renewals_due(school, today).exists()
        view = selectors.funding_view(school, financial_year(2026))
        assert view.received > 0 and view.budget > 0
