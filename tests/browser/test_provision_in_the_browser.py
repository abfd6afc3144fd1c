"""Provision in Chromium: the TA logs today's session on a phone, and the SENDCo's provision pages.
No server errors, no axe-core violations, no sideways scrolling of the page at 390 px."""

from __future__ import annotations

import datetime
import time

import pytest

from opensend.provision.models import Attendance, Session
from tests.provision.factories import InterventionFactory, provision_for

from .conftest import fill_date

pytestmark = pytest.mark.browser

WEDNESDAY = datetime.date(2026, 11, 18)
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def group(world, monkeypatch):
    # The live server runs in this process: its "today" is a school day whatever day the test runs.
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: WEDNESDAY)
    provision = provision_for(
        world, name="Year 3 reading group", pupils=[world.taught_pupil, world.untaught_pupil], room="Library"
    )
    provision.slots.create(weekday=WEDNESDAY.weekday(), starts_at=datetime.time(10, 45), minutes=20)
    return provision


def page_fits(pages) -> bool:
    return pages.page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def fitting(check, pages):
    """Each checked page is also checked for sideways scrolling of the whole page."""

    def check_and_fit(name, status=None):
        visit = check(name, status)
        if not page_fits(pages):
            visit.problems.append("the page scrolls sideways")
        return visit

    return check_and_fit


def test_the_ta_logs_todays_session_on_a_phone_in_under_a_minute(world, group, pages_for):
    ta = pages_for("provision-ta-phone")
    ta.page.set_viewport_size(PHONE)
    ta.sign_in(world["ta"].email)
    started = time.monotonic()
    ta.check("ta home with todays sessions")
    assert page_fits(ta), "the home page scrolls sideways at 390 px"
    with ta.page.expect_navigation():
        ta.page.get_by_role("link", name="10:45 to 11:05: Year 3 reading group").click()
    ta.check("session log")
    assert page_fits(ta), "the session log scrolls sideways at 390 px"
    ta.page.get_by_label("Eli Elsewhere").uncheck()
    ta.page.get_by_label("Note about Tia (optional)").fill("Read the whole page aloud")
    ta.check("session logged", ta.submit("Save the log"))
    elapsed = time.monotonic() - started
    assert elapsed < 60
    assert ta.page.get_by_text("Logged", exact=True).is_visible()
    session = Session.objects.get(provision=group, held_on=WEDNESDAY)
    attended = dict(Attendance.objects.filter(session=session).values_list("pupil__legal_surname", "attended"))
    assert attended == {"Taught": True, "Elsewhere": False}
    ta.assert_no_problems()


def test_a_session_not_held_on_a_phone(world, group, pages_for):
    ta = pages_for("provision-ta-not-held")
    ta.page.set_viewport_size(PHONE)
    ta.sign_in(world["ta"].email)
    slot = group.slots.get(weekday=WEDNESDAY.weekday())
    ta.visit("session log", f"/provision/{group.public_id}/sessions/{slot.pk}/{WEDNESDAY.isoformat()}/")
    ta.page.get_by_label("No", exact=True).check()
    ta.check("session not held, missing reason", ta.submit("Save the log"))
    ta.page.get_by_label("No", exact=True).check()
    ta.page.get_by_label("Trip or event").check()
    ta.check("session not held", ta.submit("Save the log"))
    assert Session.objects.get(provision=group).not_held_reason == "trip"
    ta.assert_no_problems()


@pytest.mark.parametrize("width", [1280, 390])
def test_the_sendcos_provision_pages_pass(world, group, pages_for, width):
    intervention = InterventionFactory(school=world.school, name="Talk Boost", resources_cost=50)
    InterventionFactory(school=None, trust=world.trust, name="Shared phonics")
    sendco = pages_for(f"provision-sendco-{width}")
    sendco.check = fitting(sendco.check, sendco)
    sendco.page.set_viewport_size({"width": width, "height": 900})
    sendco.sign_in(world["sendco"].email)
    urn = world.school.urn
    sendco.visit("intervention library", f"/schools/{urn}/interventions/")
    sendco.visit("trust library", f"/schools/{urn}/interventions/?library=trust")
    sendco.visit("intervention", f"/schools/{urn}/interventions/{intervention.public_id}/")
    sendco.visit("add an intervention", f"/schools/{urn}/interventions/add/")
    sendco.check("add an intervention with errors", sendco.submit("Add intervention"))
    sendco.visit("change an intervention", f"/schools/{urn}/interventions/{intervention.public_id}/edit/")
    sendco.visit("archive an intervention", f"/schools/{urn}/interventions/{intervention.public_id}/archive/")
    sendco.visit("provision list", f"/schools/{urn}/provision/")
    sendco.visit("provision due for review", f"/schools/{urn}/provision/?show=review")
    sendco.visit("start a provision", f"/schools/{urn}/provision/add/?intervention={intervention.public_id}")
    sendco.check("start a provision with errors", sendco.submit("Start provision"))
    sendco.visit("provision", f"/provision/{group.public_id}/")
    sendco.visit("add a weekly session", f"/provision/{group.public_id}/slots/add/")
    sendco.visit("add a pupil", f"/provision/{group.public_id}/pupils/add/")
    sendco.visit("pupil provision tab", f"/pupils/{world.taught_pupil.public_id}/provision/")
    member = group.members.get(pupil=world.taught_pupil)
    sendco.visit("entry exit and outcome", f"/provision/{group.public_id}/pupils/{member.pk}/results/")
    sendco.page.get_by_label("Reading age (months) at entry").fill("eighty")
    sendco.check("entry exit and outcome with errors", sendco.submit("Save"))
    sendco.page.get_by_label("Reading age (months) at entry").fill("84")
    fill_date(sendco.page, "Date of the entry assessment", "2026-09-08")
    sendco.page.get_by_label("Reading age (months) at exit").fill("93")
    fill_date(sendco.page, "Date of the exit assessment", "2026-11-13")
    sendco.page.get_by_label("+1: More than expected").check()
    sendco.check("entry exit and outcome saved", sendco.submit("Save"))
    sendco.visit("outcome scale", f"/schools/{urn}/provision/outcome-scale/")
    sendco.visit("impact of provision", f"/schools/{urn}/provision/impact/")
    sendco.visit("intervention with impact", f"/schools/{urn}/interventions/{group.intervention.public_id}/")
    sendco.visit("home", f"/schools/{urn}/dashboard/")
    sendco.assert_no_problems()
