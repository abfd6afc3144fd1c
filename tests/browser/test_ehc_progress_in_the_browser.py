"""The calendar of deadlines, progress on a plan's outcomes at a review and a Section F line linked
to the provision that delivers it, in Chromium on a desktop and a 390 px phone: no server errors,
no axe-core violations, nothing wider than the page."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from opensend.ehc.models import PlanOutcome, ProvisionLine
from opensend.register.codes import BroadArea
from tests.ehc.factories import AnnualReviewFactory, AssessmentRequestFactory, LocalAuthorityFactory, PlanFactory
from tests.provision.factories import provision_for

pytestmark = pytest.mark.browser

PAGE_OVERFLOWS = "() => document.scrollingElement.scrollWidth > window.innerWidth"


def test_recording_progress_on_outcomes_and_linking_provision_in_the_browser(world, pages_for):
    authority = LocalAuthorityFactory(trust=world.trust, code="380", name="Kirklees")
    plan = PlanFactory(pupil=world.taught_pupil, school=world.school, local_authority=authority)
    PlanOutcome.objects.create(
        plan=plan, area=BroadArea.COMMUNICATION_INTERACTION, description="Will hold a conversation for three turns."
    )
    PlanOutcome.objects.create(plan=plan, area=BroadArea.SEMH, description="Will use a calming strategy.")
    ProvisionLine.objects.create(plan=plan, description="Speech and language therapy", how_often="3 x 30 minutes")
    provision_for(world, pupils=[world.taught_pupil], name="Talk boost")
    AnnualReviewFactory(plan=plan, meeting_on=datetime.date(2026, 3, 3), held=True)
    pupil = world.taught_pupil.public_id

    sendco = pages_for("sendco")
    sendco.sign_in(world["sendco"].email)
    sendco.visit("ehc outcomes and provision, not yet delivered", f"/pupils/{pupil}/ehc/provision/")
    assert "Not yet delivered" in sendco.page.locator("main").inner_text()
    sendco.page.get_by_role("link", name="Link provision").click()
    sendco.check("link a section f line to provision")
    sendco.page.get_by_label("Talk boost", exact=False).check()
    sendco.check("ehc outcomes and provision, delivered", sendco.submit("Save"))
    main = sendco.page.locator("main").inner_text()
    assert "Talk boost" in main and "Not yet delivered" not in main

    sendco.visit("ehc plans with a held review", f"/pupils/{pupil}/ehc/")
    sendco.page.get_by_role("link", name="Record progress on outcomes").click()
    sendco.check("record progress on outcomes")
    sendco.page.get_by_label("Comment on outcome 2").fill("Uses the calm box without a reminder.")
    sendco.check("record progress on outcomes with errors", sendco.submit("Save progress"))
    assert "Choose the progress towards outcome 2" in sendco.page.locator(".govuk-error-summary").inner_text()
    outcome_one = sendco.page.get_by_role("group", name="Outcome 1: Will hold a conversation for three turns.")
    outcome_one.get_by_label("Some progress").check()
    outcome_two = sendco.page.get_by_role("group", name="Outcome 2: Will use a calming strategy.")
    outcome_two.get_by_label("Achieved").check()
    sendco.check("ehc plans with progress at the review", sendco.submit("Save progress"))
    main = sendco.page.locator("main").inner_text()
    assert "Some progress" in main and "Uses the calm box without a reminder." in main

    sendco.visit("ehc outcomes with progress over time", f"/pupils/{pupil}/ehc/provision/")
    assert "Achieved" in sendco.page.locator("main").inner_text()
    sendco.page.set_viewport_size({"width": 390, "height": 844})
    sendco.visit("ehc outcomes with progress on a phone", f"/pupils/{pupil}/ehc/provision/")
    assert not sendco.page.evaluate(PAGE_OVERFLOWS), "the outcomes page is wider than a 390 px phone"
    sendco.assert_no_problems()


def test_the_calendar_of_deadlines_in_the_browser(world, pages_for):
    today = timezone.localdate()
    authority = LocalAuthorityFactory(trust=world.trust, code="380", name="Kirklees")
    # Decision due in a week (this month or next), and one overdue since last month.
    AssessmentRequestFactory(
        pupil=world.taught_pupil,
        school=world.school,
        local_authority=authority,
        requested_on=today - datetime.timedelta(weeks=5),
        case_owner=world["sendco"],
    )
    AssessmentRequestFactory(
        pupil=world.untaught_pupil,
        school=world.school,
        local_authority=authority,
        requested_on=today - datetime.timedelta(weeks=8),
    )
    due = today + datetime.timedelta(weeks=1)
    calendar = f"/schools/{world.school.urn}/deadlines/calendar/"
    sendco = pages_for("sendco")
    sendco.sign_in(world["sendco"].email)
    sendco.visit("calendar of deadlines", f"{calendar}?month={due:%Y-%m}")
    grid = sendco.page.locator(".app-calendar")
    assert grid.is_visible()
    day = grid.locator("td", has_text=world.taught_pupil.full_name)
    assert day.locator(".app-calendar__date").inner_text().startswith(str(due.day))
    sendco.page.get_by_label("Case owner").select_option("mine")
    sendco.check("calendar of my deadlines", sendco.submit("Apply filters"))
    assert world.untaught_pupil.full_name not in sendco.page.locator("main").inner_text()

    overdue_month = today - datetime.timedelta(weeks=2)
    sendco.visit("calendar with an overdue deadline", f"{calendar}?month={overdue_month:%Y-%m}")
    assert "Overdue" in sendco.page.locator("main").inner_text()

    sendco.page.set_viewport_size({"width": 390, "height": 844})
    sendco.visit("calendar of deadlines on a phone", f"{calendar}?month={due:%Y-%m}")
    assert not grid.is_visible() and sendco.page.locator(".app-calendar-list").is_visible()
    assert world.taught_pupil.full_name in sendco.page.locator(".app-calendar-list").inner_text()
    assert not sendco.page.evaluate(PAGE_OVERFLOWS), "the calendar is wider than a 390 px phone"
    sendco.assert_no_problems()
