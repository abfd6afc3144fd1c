"""High-needs funding in Chromium: the SENDCo adds the local authority's banding framework and a band,
records a pupil's top-up application from their record, marks it awarded, and sees it in the funding
view for the financial year against the provision's cost with the notional SEN budget; the business
manager downloads the spreadsheet; the funding view and the application fit a phone. No server
errors, no axe-core violations, no sideways scrolling of the page."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from opensend.funding.models import Application, Status
from opensend.provision.cost_models import SenBudget, StaffCost
from tests.ehc.factories import LocalAuthorityFactory, PlanFactory
from tests.funding.factories import application_for, framework_for
from tests.provision.factories import provision_for

from .conftest import fill_date
from .test_provision_in_the_browser import fitting, page_fits

pytestmark = pytest.mark.browser

TODAY = datetime.date(2026, 11, 18)


@pytest.fixture
def costed(world, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: TODAY)
    StaffCost.objects.create(
        school=world.school, user=world["ta"], hourly_cost=Decimal("19.80"), applies_from=datetime.date(2026, 4, 1)
    )
    SenBudget.objects.create(school=world.school, year_starting=2026, amount=Decimal("84000"))
    provision_for(world, name="Speech and language group", pupils=[world.taught_pupil, world.untaught_pupil])
    PlanFactory(pupil=world.untaught_pupil, school=world.school)  # a plan with no top-up: a gap
    return world


def test_the_sendco_records_an_award_and_sees_it_against_the_cost(world, costed, pages_for):
    LocalAuthorityFactory(trust=world.school.trust, name="Riverside County Council")
    sendco = pages_for("funding")
    sendco.check = fitting(sendco.check, sendco)
    sendco.sign_in(world["sendco"].email)

    sendco.visit("banding frameworks", f"/schools/{world.school.urn}/funding/frameworks/")
    with sendco.page.expect_navigation():
        sendco.page.get_by_role("link", name="Add a framework").click()
    sendco.check("add a framework")
    sendco.page.get_by_label("Local authority").select_option(index=1)
    sendco.page.get_by_label("Name of the framework").fill("INDES")
    sendco.check("framework added", sendco.submit("Add framework"))
    with sendco.page.expect_navigation():
        sendco.page.get_by_role("link", name="Add a band").click()
    sendco.page.get_by_label("Band", exact=True).fill("Band C")
    sendco.page.get_by_label("Annual amount in pounds (optional)").fill("9500")
    sendco.check("band added", sendco.submit("Add band"))
    assert sendco.page.get_by_role("cell", name="£9,500.00").is_visible()

    sendco.visit("pupil's top-up funding", f"/pupils/{world.taught_pupil.public_id}/funding/")
    with sendco.page.expect_navigation():
        sendco.page.get_by_role("link", name="Record an application").click()
    sendco.check("record an application")
    sendco.page.get_by_label("Local authority").select_option(index=1)
    sendco.page.get_by_label("Band asked for").select_option(index=1)
    sendco.page.get_by_label("Amount asked for the period, in pounds").fill("9500")
    sendco.page.get_by_label("Amount awarded for the period, in pounds (optional)").fill("7300")
    sendco.page.get_by_label("Awarded", exact=True).check()
    fill_date(sendco.page, "Start of the funding period", "2026-01-01")
    fill_date(sendco.page, "End of the funding period", "2026-12-31")
    fill_date(sendco.page, "Renewal date (optional)", "2026-12-01")
    fill_date(sendco.page, "Date submitted (optional)", "2025-11-10")
    fill_date(sendco.page, "Date of the decision (optional)", "2025-12-15")
    sendco.page.get_by_label("Speech and language group").check()
    sendco.check("application saved", sendco.submit("Save application"))
    application = Application.objects.get(pupil=world.taught_pupil)
    assert application.status == Status.AWARDED and application.provisions.count() == 1
    assert sendco.page.get_by_text("Renewal due soon").is_visible()
    assert sendco.page.get_by_text("Evidence the school holds").is_visible()

    with sendco.page.expect_navigation():
        sendco.page.get_by_role("link", name="Funding", exact=True).click()
    sendco.check("funding view")
    # £7,300 over 2026, of which 275 of 365 days fall in 2026-27.
    table = sendco.page.get_by_role("table", name="Each pupil's funding and provision cost, 2026-27")
    assert table.locator("tbody").get_by_role("cell", name="£5,500.00").is_visible()
    assert sendco.page.get_by_text("£84,000.00").is_visible()
    assert table.get_by_text("EHCP, no top-up").is_visible()
    sendco.assert_no_problems()


def test_the_business_manager_downloads_the_funding_spreadsheet(world, costed, pages_for):
    band = framework_for(world.school).bands.get()
    application_for(
        world.taught_pupil,
        world.school,
        band=band,
        status=Status.AWARDED,
        amount_awarded=Decimal("6000"),
        submitted_on=datetime.date(2026, 6, 1),
        decided_on=datetime.date(2026, 7, 1),
    )
    manager = pages_for("funding-business-manager")
    manager.sign_in(world["business-manager"].email)
    manager.visit("funding view", f"/schools/{world.school.urn}/funding/")
    with manager.page.expect_download() as download:
        manager.page.get_by_role("link", name="Download as a spreadsheet").click()
    book = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert book.sheetnames == ["Summary", "Pupils"]
    manager.assert_no_problems()


def test_the_funding_pages_fit_a_phone(world, costed, pages_for):
    band = framework_for(world.school).bands.get()
    application = application_for(world.taught_pupil, world.school, band=band, notes="Asked with the EP report")
    phone = pages_for("funding-phone", width=390)
    phone.sign_in(world["sendco"].email)
    phone.visit("funding view", f"/schools/{world.school.urn}/funding/")
    assert page_fits(phone), "the funding view scrolls sideways at 390 px"
    phone.visit("application", f"/schools/{world.school.urn}/funding/applications/{application.public_id}/")
    assert page_fits(phone), "the application scrolls sideways at 390 px"
    phone.visit("applications", f"/schools/{world.school.urn}/funding/applications/")
    assert page_fits(phone), "the list scrolls sideways at 390 px"
    phone.assert_no_problems()
