"""The pages of provision costs: who sees money, who sees pupils, what is audited, and the Excel and
PDF exports of the costed provision map and of a pupil's provision history."""

from __future__ import annotations

import datetime
import io
import time
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from opensend.audit.models import AuditEvent
from opensend.provision.cost_models import SenBudget, StaffCost
from opensend.provision.cost_services import rates_seen
from opensend.provision.models import Member, Session

from .factories import provision_for

D = datetime.date
PERIOD = {"starts_on": "2026-09-01", "ends_on": "2026-12-31"}


@pytest.fixture
def priced(cast):
    StaffCost.objects.create(
        school=cast.school, user=cast["ta"], hourly_cost=Decimal("21.00"), applies_from=D(2026, 4, 1)
    )
    SenBudget.objects.create(school=cast.school, year_starting=2026, amount=Decimal("36500"))
    provision = provision_for(cast, pupils=[cast.taught_pupil, cast.untaught_pupil], ends_on=D(2026, 12, 18))
    Session.objects.create(
        provision=provision,
        held_on=D(2026, 9, 7),
        starts_at=datetime.time(9, 15),
        minutes=20,
        held=True,
        recorded_by=cast["ta"],
    )
    Member.objects.filter(provision=provision, pupil=cast.taught_pupil).update(
        entry_value=Decimal("84"),
        entry_on=D(2026, 9, 7),
        exit_value=Decimal("90"),
        exit_on=D(2026, 12, 14),
        outcome_rating=1,
    )
    return provision


def _map(cast, role: str, **query):
    return cast.client_for(role).get(reverse("provision:map", kwargs={"urn": cast.school.urn}), PERIOD | query)


def test_the_sendco_sees_the_costed_map_by_pupil_with_each_pupil_s_share(cast, priced):
    response = _map(cast, "sendco", view="pupil")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Taught" in html and "Elsewhere" in html
    # 15 Mondays from 7 September to 14 December (no term dates: every working day), 20 minutes at
    # £21: £7 each, £105 planned; one session held: £7 delivered.
    assert response.context["map"].total.spend.planned == 10500
    assert "£105.00" in html and "£7.00" in html
    assert "£3.50" in html  # each pupil's share of the held session


def test_the_budget_is_shown_against_planned_and_delivered_spend(cast, priced):
    response = _map(cast, "head")
    # £36,500 for the year: 122 days from September to December are £12,200.
    assert response.context["budget"] == Decimal("12200.00")
    assert "£12,095.00" in response.content.decode()  # the budget less the planned cost


def test_the_assistant_sendco_sees_pupils_and_hours_but_no_money(cast, priced):
    response = _map(cast, "assistant-sendco", view="pupil")
    html = response.content.decode()
    assert "Taught" in html
    assert "£" not in html


def test_the_business_manager_sees_money_for_the_school_but_no_pupil_or_group(cast, priced):
    response = _map(cast, "business-manager", view="pupil")
    html = response.content.decode()
    assert response.context["map"].view == "school"
    assert "£105.00" in html
    assert "Taught" not in html and "Reading group" not in html
    assert "Counts of 5 pupils or fewer are not shown" in html


def test_a_governor_sees_aggregates_only_without_money_and_small_counts_hidden(cast, priced):
    response = _map(cast, "governor", view="year")
    html = response.content.decode()
    assert [key for key, _ in response.context["form"].fields["view"].choices] == ["school", "year", "wave", "area"]
    assert "£" not in html and "Taught" not in html
    first_row = response.context["table"]["rows"][0]
    assert {column.key: value for column, value in first_row}["pupils"] is None


def test_a_filter_by_wave_keeps_only_that_wave(cast, priced):
    response = _map(cast, "sendco", view="group", wave="3")
    assert response.context["map"].rows == []


def test_seeing_the_map_and_the_staff_costs_is_audited(cast, priced):
    _map(cast, "sendco")
    cast.client_for("head").get(reverse("provision:staff-costs", kwargs={"urn": cast.school.urn}))
    summaries = list(AuditEvent.objects.filter(action="view", school=cast.school).values_list("summary", flat=True))
    assert "Viewed the costed provision map" in summaries
    assert "Viewed staff hourly costs" in summaries


def test_the_map_takes_the_same_queries_whatever_the_data_size(cast, priced, django_assert_max_num_queries):
    client = cast.client_for("sendco")
    url = reverse("provision:map", kwargs={"urn": cast.school.urn})
    client.get(url, PERIOD | {"view": "pupil"})
    with django_assert_max_num_queries(40) as first:
        client.get(url, PERIOD | {"view": "pupil"})
    for number in range(8):
        provision_for(cast, name=f"More {number}", pupils=[cast.taught_pupil, cast.looked_after_pupil])
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(url, PERIOD | {"view": "pupil"})


def rate_form(cast, cost: str) -> dict:
    seen = rates_seen(cast.school, cast["ta"])
    return {"hourly_cost": cost, "applies_from-day": "1", "applies_from-month": "9", "applies_from-year": "2026"} | {
        "seen": seen
    }


def test_the_sendco_sets_an_hourly_cost_from_a_date(cast, priced):
    url = reverse("provision:staff-cost", kwargs={"urn": cast.school.urn, "user_id": cast["ta"].public_id})
    response = cast.client_for("sendco").post(url, rate_form(cast, "22.40"))
    assert response.status_code == 302
    assert list(StaffCost.objects.filter(user=cast["ta"]).values_list("hourly_cost", flat=True)) == [
        Decimal("21.00"),
        Decimal("22.40"),
    ]
    assert AuditEvent.objects.filter(object_type="provision.staffcost", action="create").exists()


def test_a_rate_set_meanwhile_is_not_overwritten(cast, priced):
    url = reverse("provision:staff-cost", kwargs={"urn": cast.school.urn, "user_id": cast["ta"].public_id})
    opened = rate_form(cast, "23.00")
    assert cast.client_for("head").post(url, rate_form(cast, "22.40")).status_code == 302
    response = cast.client_for("sendco").post(url, opened)  # the page was opened before the head's change
    assert response.status_code == 409
    assert "Someone else changed this person" in response.content.decode()
    kept = StaffCost.objects.get(user=cast["ta"], applies_from=datetime.date(2026, 9, 1))
    assert kept.hourly_cost == Decimal("22.40")


def test_an_hourly_cost_must_be_more_than_nothing(cast, priced):
    url = reverse("provision:staff-cost", kwargs={"urn": cast.school.urn, "user_id": cast["ta"].public_id})
    data = {"hourly_cost": "0", "applies_from-day": "1", "applies_from-month": "9", "applies_from-year": "2026"}
    response = cast.client_for("head").post(url, data)
    assert response.status_code == 400
    assert "Hourly cost in pounds must be more than 0" in response.content.decode()


def test_someone_who_is_not_staff_at_the_school_has_no_cost_page(cast):
    url = reverse("provision:staff-cost", kwargs={"urn": cast.school.urn, "user_id": cast["outsider"].public_id})
    assert cast.client_for("sendco").get(url).status_code == 404


def test_a_budget_already_entered_for_another_year_is_not_overwritten_unseen(cast, priced):
    url = reverse("provision:budget", kwargs={"urn": cast.school.urn})
    client = cast.client_for("business-manager")
    page = client.get(url, {"year": "2025"})
    assert page.status_code == 200
    response = client.post(url, {"year_starting": "2026", "amount": "1", "loaded_year": "2025"})
    assert response.status_code == 400
    assert "There is already a budget for 2026-27" in response.content.decode()
    assert SenBudget.objects.get(year_starting=2026).amount == Decimal("36500")
    saved = client.post(url, {"year_starting": "2025", "amount": "30000", "loaded_year": "2025"})
    assert saved.status_code == 302
    assert SenBudget.objects.get(year_starting=2025).amount == Decimal("30000")


def test_the_excel_workbook_has_a_sheet_for_each_view_with_real_numbers_and_dates(cast, priced):
    url = reverse("provision:map-xlsx", kwargs={"urn": cast.school.urn})
    response = cast.client_for("sendco").get(url, PERIOD)
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [
        "Summary",
        "School",
        "Year groups",
        "Classes",
        "Groups",
        "Pupils",
        "Waves",
        "Areas of need",
    ]
    summary = {row[0].value: row[1].value for row in workbook["Summary"].iter_rows()}
    assert summary["From"] == datetime.datetime(2026, 9, 1)
    assert summary["Planned cost"] == 105
    groups = list(workbook["Groups"].iter_rows(values_only=True))
    header, row, total = groups[0], groups[1], groups[-1]
    assert row[header.index("From")] == datetime.datetime(2026, 9, 7)
    assert row[header.index("Planned cost")] == 105
    assert total[0] == "Total" and total[header.index("Planned cost")] == 105
    assert AuditEvent.objects.filter(action="export", summary="Exported the costed provision map").exists()


def test_a_governor_s_workbook_has_no_money_and_no_pupil(cast, priced):
    url = reverse("provision:map-xlsx", kwargs={"urn": cast.school.urn})
    workbook = load_workbook(io.BytesIO(cast.client_for("governor").get(url, PERIOD).content))
    assert workbook.sheetnames == ["Summary", "School", "Year groups", "Waves", "Areas of need"]
    cells = [str(cell) for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row]
    assert not any("cost" in cell.lower() for cell in cells)
    assert "Tia Taught" not in cells


def test_the_map_prints_as_a_landscape_pdf_within_three_seconds(cast, priced):
    url = reverse("provision:map-pdf", kwargs={"urn": cast.school.urn})
    started = time.perf_counter()
    response = cast.client_for("sendco").get(url, PERIOD | {"paper": "A3"})
    assert time.perf_counter() - started < 3
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_a_pupil_s_history_shows_their_share_of_the_cost_and_the_impact_to_the_sendco(cast, priced):
    url = reverse("provision:history", kwargs={"pupil_id": cast.taught_pupil.public_id})
    response = cast.client_for("sendco").get(url)
    html = response.content.decode()
    assert "Reading group" in html
    assert "84 to 90 (+6" in html
    assert "+1: More than expected" in html
    [row] = response.context["history"].rows
    assert row.spend.planned == 5250 and row.spend.delivered == 350
    assert AuditEvent.objects.filter(pupil=cast.taught_pupil, summary="Viewed provision history").exists()


def test_a_teacher_sees_the_history_without_costs(cast, priced):
    url = reverse("provision:history", kwargs={"pupil_id": cast.taught_pupil.public_id})
    html = cast.client_for("teacher").get(url).content.decode()
    assert "Reading group" in html and "£" not in html


def test_the_history_is_one_click_from_the_pupil_s_provision_and_prints_as_one_pdf(cast, priced):
    client = cast.client_for("sendco")
    page = client.get(reverse("provision:pupil", kwargs={"pupil_id": cast.taught_pupil.public_id}))
    history_url = reverse("provision:history", kwargs={"pupil_id": cast.taught_pupil.public_id})
    assert history_url in page.content.decode()
    pdf = client.get(reverse("provision:history-pdf", kwargs={"pupil_id": cast.taught_pupil.public_id}))
    assert pdf.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(pupil=cast.taught_pupil, summary="Viewed provision history (PDF)").exists()


def test_each_view_s_total_row_is_the_sum_of_its_rows_in_every_money_column(cast, priced):
    client = cast.client_for("sendco")
    url = reverse("provision:map", kwargs={"urn": cast.school.urn})
    for view in ("school", "year", "class", "group", "pupil", "wave", "area"):
        table = client.get(url, PERIOD | {"view": view}).context["table"]
        for index, column in enumerate(table["columns"]):
            if column.kind == "money" and column.key != "per_pupil":
                rows = sum(cells[index][1] or 0 for cells in table["rows"])
                assert rows == table["total"][index][1], (view, column.key)


def test_the_period_boxes_show_the_financial_year_when_only_the_view_is_chosen(cast, priced):
    response = _map(cast, "sendco", view="group", starts_on="", ends_on="")
    assert response.context["form"].cleaned_data["starts_on"].month == 4


def test_the_trust_lead_sees_each_school_s_provision_as_numbers_only(cast, priced):
    url = reverse("provision:trust-map", kwargs={"trust_id": cast.trust.public_id})
    response = cast.client_for("trust-lead").get(url, PERIOD)
    html = response.content.decode()
    labels = [cells[0][1] for cells in response.context["table"]["rows"]]
    assert labels == ["Birchwood Academy", "Oakfield Primary"]
    assert "£" not in html and "Reading group" not in html and "Taught" not in html
    oakfield = {column.key: value for column, value in response.context["table"]["rows"][1]}
    assert oakfield["pupils"] is None  # two pupils: too few to show
    assert oakfield["planned_sessions"] == 15


def test_a_view_the_person_may_not_see_is_refused_by_name_and_keeps_the_other_filters(cast, priced):
    response = _map(cast, "governor", view="pupil", wave="3")
    assert response.context["map"].view == "school"
    assert response.context["filters"]["wave"] == "Wave 3: individual or specialist"
    assert "Choose show by from the list" in response.content.decode()


def test_a_period_ending_before_it_starts_is_refused_and_the_financial_year_shown(cast, priced):
    response = _map(cast, "sendco", starts_on="2027-01-10", ends_on="2026-12-01")
    assert response.status_code == 200
    assert "The last day of the period must be on or after the first day" in response.content.decode()
    assert response.context["period"].starts_on.month == 4
