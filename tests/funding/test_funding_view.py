"""The funding view: top-up pro rata to the days of its period in the financial year, against each
pupil's share of the cost of their provision, reconciling to the costed provision map; the gaps
(provision costing more than the funding, EHC plans with no top-up); the spreadsheet; the audit and
a fixed number of queries."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from opensend.audit.models import AuditEvent
from opensend.funding import selectors
from opensend.funding.models import Status
from opensend.provision import costs
from opensend.provision.cost_models import SenBudget, StaffCost
from opensend.provision.costs import Period, financial_year

from ..ehc.factories import PlanFactory
from ..factories import PupilFactory
from ..provision.factories import provision_for
from .factories import application_for

D = datetime.date
pytestmark = pytest.mark.django_db
YEAR = financial_year(2026)


@pytest.fixture
def priced(cast):
    StaffCost.objects.create(
        school=cast.school, user=cast["ta"], hourly_cost=Decimal("21.00"), applies_from=D(2026, 4, 1)
    )
    SenBudget.objects.create(school=cast.school, year_starting=2026, amount=Decimal("36500"))
    provision_for(cast, pupils=[cast.taught_pupil, cast.untaught_pupil], ends_on=D(2026, 12, 18))
    provision_for(cast, name="Nobody's group", ends_on=D(2026, 10, 30))  # costs, shared with no pupil
    return cast


def _awarded(pupil, school, amount="7300.00", **fields):
    values = {
        "status": Status.AWARDED,
        "amount_awarded": Decimal(amount),
        "submitted_on": D(2026, 6, 1),
        "decided_on": D(2026, 7, 1),
    } | fields
    return application_for(pupil, school, **values)


def test_an_award_counts_pro_rata_to_the_days_of_its_period_inside_the_year():
    # 1 Jan 2026 to 31 Dec 2026 is 365 days, of which 275 (1 April to 31 December) fall in 2026-27.
    class Award:
        is_funded = True
        amount_awarded = Decimal("3650.00")
        starts_on, ends_on = D(2026, 1, 1), D(2026, 12, 31)

    assert selectors.received_in(Award, YEAR) == 275_000
    assert selectors.received_in(Award, Period(D(2027, 1, 1), D(2027, 3, 31))) == 0


def test_only_an_award_is_received(cast):
    refused = application_for(
        cast.taught_pupil, cast.school, status=Status.REFUSED, submitted_on=D(2026, 6, 1), decided_on=D(2026, 7, 1)
    )
    assert selectors.received_in(refused, YEAR) == 0


def test_the_cost_column_reconciles_to_the_costed_provision_map(priced):
    cast = priced
    _awarded(cast.taught_pupil, cast.school)
    view = selectors.funding_view(cast.school, YEAR)
    school_costs = costs.school_costs(cast.school, YEAR)
    per_pupil = school_costs.pupil_spend()
    assert {row.pupil.pk: row.cost for row in view.rows if row.cost} == {
        pupil_id: spend.planned for pupil_id, spend in per_pupil.items() if spend.planned
    }
    assert view.cost == sum(spend.planned for spend in per_pupil.values())
    assert view.not_shared > 0
    assert view.total_cost == costs.school_total(cast.school, YEAR).planned
    for row in view.rows:
        assert row.cost == costs.pupil_cost(row.pupil, cast.school, YEAR).planned
    assert view.budget == 3_650_000


def test_the_gaps_are_the_pupils_short_of_funding_and_plans_with_no_top_up(priced):
    cast = priced
    _awarded(cast.taught_pupil, cast.school, amount="1.00")
    PlanFactory(pupil=cast.looked_after_pupil, school=cast.school)
    view = selectors.funding_view(cast.school, YEAR)
    by_pupil = {row.pupil.pk: row for row in view.rows}
    assert (
        by_pupil[cast.taught_pupil.pk].gap
        == by_pupil[cast.taught_pupil.pk].cost - by_pupil[cast.taught_pupil.pk].received
    )
    # The untaught pupil's provision costs more than nothing, but with no top-up it is met from the
    # notional SEN budget: only a pupil with top-up can be short of it.
    assert {row.pupil.pk for row in view.short} == {cast.taught_pupil.pk}
    assert [row.pupil.pk for row in view.plans_without_topup] == [cast.looked_after_pupil.pk]
    assert view.gap == view.cost - view.received


def test_the_page_shows_the_totals_and_the_budget_and_is_audited(priced):
    cast = priced
    _awarded(cast.taught_pupil, cast.school)
    response = cast.client_for("business-manager").get(
        reverse("funding:view", kwargs={"urn": cast.school.urn}), {"year": 2026}
    )
    assert response.status_code == 200
    view = response.context["view"]
    page = response.content.decode()
    assert "£36,500.00" in page  # the notional SEN budget beside the totals
    assert cast.taught_pupil.full_name in page
    # The business manager reads no SEND record: names without links to the pupil's record.
    assert reverse("funding:pupil", kwargs={"pupil_id": cast.taught_pupil.public_id}) not in page
    assert view.received == selectors.received_in(cast.taught_pupil.topup_applications.get(), YEAR)
    event = AuditEvent.objects.filter(actor=cast["business-manager"], action=AuditEvent.Action.VIEW).last()
    assert event.summary == "Viewed high-needs funding against provision costs"


def test_the_spreadsheet_holds_real_numbers(priced):
    cast = priced
    _awarded(cast.taught_pupil, cast.school)
    response = cast.client_for("sendco").get(
        reverse("funding:view-xlsx", kwargs={"urn": cast.school.urn}), {"year": 2026}
    )
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(values_only=True)}
    view = selectors.funding_view(cast.school, YEAR)
    assert summary["Notional SEN budget"] == 36500
    assert Decimal(str(summary["Top-up received"])) == costs.pounds(view.received)
    pupils = list(book["Pupils"].iter_rows(values_only=True))
    total = pupils[-1]
    assert total[0] == "Total" and isinstance(total[4], int | float)
    assert Decimal(str(total[4])) == costs.pounds(view.cost)
    assert AuditEvent.objects.filter(actor=cast["sendco"], action=AuditEvent.Action.EXPORT).exists()


def test_the_view_takes_the_same_queries_whatever_the_number_of_pupils(priced, django_assert_max_num_queries):
    cast = priced
    client = cast.client_for("sendco")
    url = reverse("funding:view", kwargs={"urn": cast.school.urn})
    _awarded(cast.taught_pupil, cast.school)
    client.get(url)
    with django_assert_max_num_queries(40) as first:
        client.get(url)
    queries = len(first.captured_queries)
    for number in range(6):
        pupil = PupilFactory()
        provision_for(cast, name=f"More {number}", pupils=[pupil])
        _awarded(pupil, cast.school)
        PlanFactory(pupil=pupil, school=cast.school)
    client.get(url)  # the person's access, cached again after the changes
    with django_assert_max_num_queries(queries):
        response = client.get(url)
    assert len(response.context["view"].rows) >= 7
