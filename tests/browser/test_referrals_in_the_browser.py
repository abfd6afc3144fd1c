"""Referrals in Chromium, on a desktop and a 390 px phone: the SENDCo adds a service, makes a
referral and sends it, then records a report's recommendations and what the school did about each.
No server errors, no axe-core violations, and no page wider than a phone."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.passports.helpers import make_passport

from .conftest import SCREENSHOTS, fill_date

pytestmark = pytest.mark.browser

PAGE_OVERFLOWS = "() => document.scrollingElement.scrollWidth > window.innerWidth"
SHOTS = Path("/tmp/referrals-shots")  # noqa: S108 - screenshots for people to look at, nothing secret


def test_making_a_referral_and_recording_a_reports_recommendations(world, pages_for):
    make_passport(world.taught_pupil, world.school, world["teacher"])
    sendco = pages_for("sendco")
    sendco.sign_in(world["sendco"].email)
    urn, pupil = world.school.urn, world.taught_pupil.public_id

    sendco.visit("services, none yet", f"/schools/{urn}/services/")
    sendco.visit("add a service", f"/schools/{urn}/services/add/")
    sendco.check("add a service with errors", sendco.submit("Add the service"))
    sendco.page.get_by_label("Speech and language therapy").check()
    sendco.page.get_by_label("Name", exact=True).fill("Riverside Speech and Language Therapy")
    sendco.page.get_by_label("Email address (optional)").fill("salt@riverside.example.org")
    sendco.page.get_by_label("How to refer").fill("NHS referral form with a language sample.")
    sendco.page.get_by_label("Usual waiting time in weeks").fill("10")
    sendco.page.get_by_label("Share it with every school in the trust").check()
    sendco.check("a service", sendco.submit("Add the service"))
    assert "10 weeks" in sendco.page.locator("main").inner_text()
    sendco.visit("services", f"/schools/{urn}/services/")

    sendco.visit("referrals and advice, none yet", f"/pupils/{pupil}/referrals/")
    sendco.page.get_by_role("link", name="Make a referral").click()
    sendco.check("make a referral")
    sendco.page.get_by_label("Service", exact=True).select_option(
        label="Riverside Speech and Language Therapy (Speech and language therapy, usually 10 weeks)"
    )
    sendco.page.get_by_label("Why is the pupil being referred?").fill(
        "Speech is hard to understand for unfamiliar adults."
    )
    sendco.page.get_by_label("Given").check()
    sendco.check("make a referral with errors", sendco.submit("Save the referral"))
    fill_date(sendco.page, "Date of the parent's answer", "2026-09-01")
    sendco.check("a draft referral", sendco.submit("Save the referral"))

    sendco.page.get_by_role("link", name="Send or drop the referral").click()
    sendco.check("send the referral")
    sendco.page.get_by_label("Sent", exact=True).check()
    fill_date(sendco.page, "Date", "2026-09-07")
    sendco.check("a sent referral", sendco.submit("Save"))
    main = sendco.page.locator("main").inner_text()
    assert "16 November 2026" in main and "Local rule, not statutory" in main
    sendco.page.get_by_role("link", name="Record chasing the service").click()
    fill_date(sendco.page, "Date chased", "2026-11-20")
    sendco.page.get_by_label("What was said").fill("Emailed the service; they will reply next week.")
    sendco.check("a chased referral", sendco.submit("Save"))

    sendco.page.get_by_role("link", name="Add a report from this referral").click()
    sendco.check("add a report")
    sendco.page.get_by_label("From which service?").select_option(
        label="Riverside Speech and Language Therapy (Speech and language therapy, usually 10 weeks)"
    )
    sendco.page.get_by_label("Title").fill("Speech and language assessment")
    sendco.page.get_by_label("Written by").fill("Amira Hussain, speech and language therapist")
    fill_date(sendco.page, "Date of the report", "2026-11-25")
    sendco.page.get_by_label("Recommendations (optional)").fill(
        "Give instructions one step at a time\nSmall-group language intervention\nMove to a smaller class"
    )
    sendco.check("a report", sendco.submit("Add the report"))

    sendco.page.get_by_role("link", name="Record what was done about recommendation 1").click()
    sendco.check("what the school did about a recommendation")
    sendco.page.get_by_label("Added to the pupil passport").check()
    sendco.page.get_by_label("Passport version (optional)").select_option(index=1)
    sendco.check("a report with a recommendation acted on", sendco.submit("Save"))
    sendco.page.get_by_role("link", name="Record what was done about recommendation 3").click()
    sendco.page.get_by_label("Declined", exact=True).check()
    sendco.check("declining without a reason", sendco.submit("Save"))
    sendco.page.get_by_label("What was done, or why it was declined").fill("No smaller class this year.")
    sendco.check("a report with one acted on and one declined", sendco.submit("Save"))
    assert "No smaller class this year." in sendco.page.locator("main").inner_text()

    sendco.visit("referrals and advice", f"/pupils/{pupil}/referrals/")
    summary = sendco.page.locator("#advice-summary").inner_text()
    assert "1\nacted on" in summary.replace(" acted", "\nacted") or "1 acted on" in summary
    sendco.visit("referrals", f"/schools/{urn}/referrals/")

    sendco.page.set_viewport_size({"width": 390, "height": 844})
    for name, path in (
        ("referrals and advice on a phone", f"/pupils/{pupil}/referrals/"),
        ("referrals on a phone", f"/schools/{urn}/referrals/"),
        ("services on a phone", f"/schools/{urn}/services/"),
    ):
        sendco.visit(name, path)
        assert not sendco.page.evaluate(PAGE_OVERFLOWS), f"{name}: wider than a 390 px phone"
    sendco.page.get_by_role("link", name="Riverside Speech and Language Therapy").click()
    sendco.check("a service on a phone")

    teacher = pages_for("teacher")
    teacher.sign_in(world["teacher"].email)
    teacher.visit("professionals' advice for a teacher", f"/pupils/{pupil}/advice/")
    assert "Give instructions one step at a time" in teacher.page.locator("main").inner_text()
    assert "Move to a smaller class" not in teacher.page.locator("main").inner_text()

    SHOTS.mkdir(exist_ok=True)
    for shot in SCREENSHOTS.glob("*.png"):
        if shot.name.startswith(("sendco-", "teacher-")):
            shutil.copy(shot, SHOTS / shot.name)
    sendco.assert_no_problems()
    teacher.assert_no_problems()
