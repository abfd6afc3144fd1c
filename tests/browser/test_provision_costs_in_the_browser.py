"""The costed provision map in Chromium: the SENDCo opens it from the provision list, shows it by
pupil for a term, downloads the Excel workbook and the PDF, sets a member of staff's hourly cost and
the year's budget, and prints a pupil's provision history; the map and the history at 390 px. No
server errors, no axe-core violations, no sideways scrolling of the page."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from opensend.provision.cost_models import SenBudget, StaffCost
from opensend.provision.models import Session
from tests.provision.factories import provision_for

from .conftest import fill_date
from .test_provision_in_the_browser import fitting, page_fits

pytestmark = pytest.mark.browser

TODAY = datetime.date(2026, 11, 18)


@pytest.fixture
def priced(world, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: TODAY)
    StaffCost.objects.create(
        school=world.school, user=world["ta"], hourly_cost=Decimal("19.80"), applies_from=datetime.date(2026, 4, 1)
    )
    SenBudget.objects.create(school=world.school, year_starting=2026, amount=Decimal("84000"))
    provision = provision_for(
        world, name="Year 3 reading group", pupils=[world.taught_pupil, world.untaught_pupil], room="Library"
    )
    Session.objects.create(
        provision=provision,
        held_on=datetime.date(2026, 9, 7),
        starts_at=datetime.time(9, 15),
        minutes=20,
        held=True,
        recorded_by=world["ta"],
    )
    return provision


def test_the_sendco_shows_the_costed_map_and_downloads_it(world, priced, pages_for):
    sendco = pages_for("provision-costs")
    sendco.check = fitting(sendco.check, sendco)
    sendco.sign_in(world["sendco"].email)
    sendco.visit("provision list", f"/schools/{world.school.urn}/provision/")
    with sendco.page.expect_navigation():
        sendco.page.get_by_role("link", name="Costed provision map").click()
    sendco.check("costed provision map")
    sendco.page.get_by_label("Show by").select_option("pupil")
    fill_date(sendco.page, "From", "2026-09-01")
    fill_date(sendco.page, "To", "2026-12-18")
    sendco.check("costed provision map by pupil", sendco.submit("Show"))
    table = sendco.page.get_by_role("table", name="By pupils")
    assert table.get_by_role("rowheader", name="Tia Taught").is_visible()

    with sendco.page.expect_download() as excel:
        sendco.page.get_by_role("link", name="Excel workbook (a sheet for each view)").click()
    workbook = load_workbook(io.BytesIO(Path(excel.value.path()).read_bytes()))
    assert "Pupils" in workbook.sheetnames
    with sendco.page.expect_download() as pdf:
        sendco.page.get_by_role("link", name="PDF, A4 landscape").click()
    assert Path(pdf.value.path()).read_bytes()[:4] == b"%PDF"

    with sendco.page.expect_navigation():
        sendco.page.get_by_role("link", name="Staff hourly costs").click()
    sendco.check("staff hourly costs")
    with sendco.page.expect_navigation():
        sendco.page.get_by_role("link", name=f"Set a rate for {world['ta'].display_name}").click()
    sendco.check("set an hourly cost")
    sendco.page.get_by_label("Hourly cost in pounds").fill("20.60")
    fill_date(sendco.page, "Applies from", "2026-09-01")
    sendco.check("hourly cost saved", sendco.submit("Save hourly cost"))
    assert StaffCost.objects.filter(user=world["ta"]).count() == 2

    sendco.visit("notional SEN budget", f"/schools/{world.school.urn}/provision/costs/budget/")
    sendco.page.get_by_label("Notional SEN budget in pounds").fill("86500")
    sendco.check("budget saved", sendco.submit("Save budget"))
    assert SenBudget.objects.get(year_starting=2026).amount == Decimal("86500")

    sendco.visit("pupil provision", f"/pupils/{world.taught_pupil.public_id}/provision/")
    with sendco.page.expect_navigation():
        sendco.page.get_by_role("link", name="Provision history: time, cost and impact (printable)").click()
    sendco.check("provision history")
    with sendco.page.expect_download() as history:
        sendco.page.get_by_role("link", name="Download as PDF").click()
    assert Path(history.value.path()).read_bytes()[:4] == b"%PDF"
    sendco.assert_no_problems()


def test_the_map_and_the_history_fit_a_phone(world, priced, pages_for):
    phone = pages_for("provision-costs-phone", width=390)
    phone.sign_in(world["head"].email)
    phone.visit("costed provision map", f"/schools/{world.school.urn}/provision/map/?view=group")
    assert page_fits(phone), "the map scrolls sideways at 390 px"
    phone.visit("provision history", f"/pupils/{world.taught_pupil.public_id}/provision/history/")
    assert page_fits(phone), "the history scrolls sideways at 390 px"
    phone.assert_no_problems()


def test_a_governor_sees_the_map_without_money(world, priced, pages_for):
    governor = pages_for("provision-costs-governor")
    governor.sign_in(world["governor"].email)
    governor.visit("provision map", f"/schools/{world.school.urn}/provision/map/?view=year")
    assert "£" not in governor.page.content()
    governor.assert_no_problems()


def test_the_trust_lead_sees_each_school_s_provision(world, priced, pages_for):
    lead = pages_for("provision-costs-trust-lead")
    lead.sign_in(world["trust-lead"].email)
    lead.visit("trust provision map", f"/trusts/{world.trust.public_id}/provision/map/")
    assert lead.page.get_by_role("rowheader", name="Oakfield Primary").is_visible()
    assert "£" not in lead.page.content()
    lead.assert_no_problems()
