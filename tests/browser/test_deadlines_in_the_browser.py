"""The statutory deadline pages in Chromium, on a desktop and a 390 px phone: no server errors, no
axe-core violations, and no table wider than the page."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from opensend.ehc.models import LocalAuthority
from tests.ehc.factories import AssessmentRequestFactory, LocalAuthorityFactory, PlanFactory

from .conftest import fill_date

pytestmark = pytest.mark.browser

PAGE_OVERFLOWS = "() => document.scrollingElement.scrollWidth > window.innerWidth"


def test_the_deadline_calculator_in_the_browser(world, pages_for):
    sendco = pages_for("sendco")
    sendco.sign_in(world["sendco"].email)
    calculator = f"/schools/{world.school.urn}/deadlines/calculator/"
    sendco.visit("deadline calculator", calculator)
    sendco.check("deadline calculator with errors", sendco.submit("Calculate"))
    sendco.page.get_by_label("The final EHC plan within 20 weeks of the request").check()
    fill_date(sendco.page, "Date of the starting event", "2026-01-12")
    sendco.check("deadline calculator result", sendco.submit("Calculate"))
    assert "Due Monday 1 June 2026" in sendco.page.locator(".govuk-panel").inner_text()

    sendco.page.set_viewport_size({"width": 390, "height": 844})
    sendco.check("deadline calculator result on a phone")
    assert not sendco.page.evaluate(PAGE_OVERFLOWS), "the calculator is wider than a 390 px phone"
    sendco.assert_no_problems()


def test_an_ehc_needs_assessment_request_in_the_browser(world, pages_for):
    sendco = pages_for("sendco")
    sendco.sign_in(world["sendco"].email)
    pupil = world.taught_pupil.public_id
    sendco.visit("local authorities, none yet", f"/schools/{world.school.urn}/local-authorities/")
    sendco.visit("add a local authority", f"/schools/{world.school.urn}/local-authorities/add/")
    sendco.check("add a local authority with errors", sendco.submit("Add"))
    sendco.page.get_by_label("LA code").fill("380")
    sendco.page.get_by_label("Name", exact=True).fill("Kirklees")
    sendco.page.get_by_label("SEND team email").fill("send@kirklees.example.gov.uk")
    sendco.page.get_by_label("Local variations").fill("Panel meets on the first Tuesday of each month.")
    sendco.check("local authorities", sendco.submit("Add"))

    sendco.visit("ehc section, no requests", f"/pupils/{pupil}/ehc/")
    sendco.visit("record an ehc request", f"/pupils/{pupil}/ehc/requests/add/")
    sendco.page.get_by_label("Local authority", exact=True).select_option(label="Kirklees (380)")
    sendco.page.get_by_label("The school", exact=True).check()
    fill_date(sendco.page, "Date the local authority received the request", "2026-01-12")
    sendco.check("ehc section with a request", sendco.submit("Record the request"))

    sendco.page.get_by_role("link", name="Update this request").click()
    sendco.check("update an ehc request")
    fill_date(sendco.page, "Date the final plan was issued", "2026-06-01")
    sendco.check("update an ehc request with errors", sendco.submit("Save"))
    sendco.page.get_by_label("Decision on whether to assess").select_option("assess")
    fill_date(sendco.page, "Date of the decision letter", "2026-02-20")
    fill_date(sendco.page, "Date the draft plan was sent", "2026-04-20")
    sendco.page.get_by_label("Exception to the 16 and 20 weeks (SEND Regulations 2014, reg 10(4))").select_option("c")
    sendco.page.get_by_label("Why the exception applies").fill("A parent was in hospital for five weeks.")
    sendco.check("ehc section with a plan issued", sendco.submit("Save"))
    assert "Plan issued" in sendco.page.locator("main").inner_text()

    sendco.visit("local authorities with the time their steps took", f"/schools/{world.school.urn}/local-authorities/")
    # One request waiting for its decision, so the caseload has open deadlines to show.
    AssessmentRequestFactory(
        pupil=world.untaught_pupil,
        school=world.school,
        local_authority=LocalAuthority.objects.get(code="380"),
        requested_on=timezone.localdate() - datetime.timedelta(weeks=5),
    )
    sendco.visit("statutory deadlines", f"/schools/{world.school.urn}/deadlines/")
    assert "Due soon" in sendco.page.locator("main").inner_text()
    sendco.page.set_viewport_size({"width": 390, "height": 844})
    sendco.visit("statutory deadlines on a phone", f"/schools/{world.school.urn}/deadlines/")
    assert not sendco.page.evaluate(PAGE_OVERFLOWS), "the statutory deadlines are wider than a 390 px phone"
    sendco.visit("ehc section on a phone", f"/pupils/{pupil}/ehc/")
    assert not sendco.page.evaluate(PAGE_OVERFLOWS), "the EHC section is wider than a 390 px phone"
    sendco.visit("local authorities on a phone", f"/schools/{world.school.urn}/local-authorities/")
    assert not sendco.page.evaluate(PAGE_OVERFLOWS), "the local authorities are wider than a 390 px phone"
    sendco.assert_no_problems()


def test_an_annual_review_in_the_browser(world, pages_for):
    authority = LocalAuthorityFactory(trust=world.trust, code="380", name="Kirklees")
    plan = PlanFactory(pupil=world.taught_pupil, school=world.school, local_authority=authority)
    sendco = pages_for("sendco")
    sendco.sign_in(world["sendco"].email)
    pupil = world.taught_pupil.public_id
    sendco.visit("record an ehc plan", f"/pupils/{pupil}/ehc/plans/add/")
    sendco.visit("change an ehc plan", f"/pupils/{pupil}/ehc/plans/{plan.public_id}/")
    fill_date(sendco.page, "Date of the next phase transfer", "2027-09-01")
    sendco.check("change an ehc plan with errors", sendco.submit("Save"))
    sendco.page.get_by_label("Secondary school to a post-16 institution").check()
    sendco.check("ehc plan with a phase transfer", sendco.submit("Save"))

    sendco.page.get_by_role("link", name="Set up an annual review").click()
    sendco.check("set up an annual review")
    fill_date(sendco.page, "Date of the review meeting", "2026-03-03")
    sendco.check("ehc plan with a review", sendco.submit("Set up the review"))
    sendco.page.get_by_role("link", name="Update the review").click()
    sendco.check("update an annual review")
    fill_date(sendco.page, "Date the invitations were sent", "2026-02-10")
    sendco.page.get_by_label("The meeting was held").check()
    sendco.page.get_by_label("Local authority's decision", exact=True).select_option("amend")
    fill_date(sendco.page, "Date of the local authority's decision", "2026-03-27")
    fill_date(sendco.page, "Date the proposed amendments were sent", "2026-03-27")
    sendco.check("ehc plan with a review under amendment", sendco.submit("Save"))
    assert "Annual review, meeting 3 March 2026: amend the plan" in sendco.page.locator("main").inner_text()

    sendco.page.get_by_role("link", name="Add a document").click()
    sendco.check("add a plan document")
    sendco.check("add a plan document with errors", sendco.submit("Upload"))
    sendco.page.get_by_label("Final EHC plan").check()
    sendco.page.get_by_label("Upload a file").set_input_files(
        files=[{"name": "plan.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.7 the plan"}]
    )
    sendco.check("ehc plan with a document", sendco.submit("Upload"))
    assert "Final EHC plan: plan.pdf" in sendco.page.locator("main").inner_text()

    sendco.visit("ehc outcomes and provision, none yet", f"/pupils/{pupil}/ehc/provision/")
    sendco.page.get_by_role("link", name="Add an outcome").click()
    sendco.check("add an ehc outcome")
    sendco.page.get_by_label("Communication and interaction").check()
    sendco.page.get_by_label("Outcome", exact=True).fill("Tia will ask for help using a help card.")
    sendco.submit("Add the outcome")
    sendco.page.get_by_role("link", name="Add Section F provision").click()
    sendco.check("add section f provision")
    sendco.page.get_by_label("Provision", exact=True).fill("Small-group speech and language sessions")
    sendco.page.get_by_label("How often").fill("3 x 30 minutes a week")
    sendco.page.get_by_label("The outcome it serves").select_option(index=1)
    sendco.check("ehc outcomes and provision", sendco.submit("Add the provision"))

    sendco.page.set_viewport_size({"width": 390, "height": 844})
    sendco.visit("ehc outcomes and provision on a phone", f"/pupils/{pupil}/ehc/provision/")
    assert not sendco.page.evaluate(PAGE_OVERFLOWS), "the EHC provision is wider than a 390 px phone"
    sendco.visit("ehc plan and review on a phone", f"/pupils/{pupil}/ehc/")
    assert not sendco.page.evaluate(PAGE_OVERFLOWS), "the EHC plan section is wider than a 390 px phone"
    sendco.assert_no_problems()

    teacher = pages_for("teacher")
    teacher.sign_in(world["teacher"].email)
    teacher.visit("ehc outcomes and provision for a teacher", f"/pupils/{pupil}/ehc/provision/")
    assert "3 x 30 minutes a week" in teacher.page.locator("main").inner_text()
    teacher.assert_no_problems()


def test_the_calendar_feed_page_in_the_browser(world, pages_for):
    sendco = pages_for("sendco")
    sendco.sign_in(world["sendco"].email)
    sendco.visit("calendar feed, none yet", "/account/calendar/")
    sendco.check("calendar feed, new address", sendco.submit("Make my calendar address"))
    address = sendco.page.get_by_label("Copy this address", exact=False).input_value()
    assert address.endswith("/deadlines.ics")

    sendco.page.set_viewport_size({"width": 390, "height": 844})
    sendco.check("calendar feed on a phone")
    assert not sendco.page.evaluate(PAGE_OVERFLOWS), "the calendar feed page is wider than a 390 px phone"
    sendco.page.set_viewport_size({"width": 1280, "height": 800})
    sendco.check("calendar feed, turned off", sendco.submit("Turn off the feed"))
    sendco.assert_no_problems()
