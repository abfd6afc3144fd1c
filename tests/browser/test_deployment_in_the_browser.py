"""Staff deployment in Chromium: the SENDCo sees the support team's week with a clash, covers a
session for an absent TA, reassigns a weekly session and records an observation, at desktop width
and at 390 px; the covering TA then sees the session on their phone's home page and logs it. No
server errors, no axe-core violations, no sideways scrolling of the page."""

from __future__ import annotations

import datetime

import pytest

from opensend.accounts.models import Role
from opensend.provision.models import Cover, Observation, Session
from tests.factories import MembershipFactory, UserFactory
from tests.provision.factories import provision_for

from .conftest import fill_date
from .test_provision_in_the_browser import PHONE, fitting, page_fits

pytestmark = pytest.mark.browser

WEDNESDAY = datetime.date(2026, 11, 18)


@pytest.fixture
def team(world, monkeypatch):
    # The live server runs in this process: its "today" is a school day whatever day the test runs.
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: WEDNESDAY)
    reading = provision_for(world, name="Year 3 reading group", pupils=[world.taught_pupil], room="Library")
    number = provision_for(world, name="Number sense", pupils=[world.untaught_pupil], room="Group room")
    for provision in (reading, number):
        provision.slots.create(weekday=WEDNESDAY.weekday(), starts_at=datetime.time(10, 45), minutes=20)
    cover = UserFactory(first_name="Rosa", last_name="Cover", email="rosa@oakfield.test")
    MembershipFactory(user=cover, school=world.school, role=Role.TA)
    return reading, number, cover


@pytest.mark.parametrize("width", [1280, 390])
def test_the_sendco_sees_the_week_covers_an_absence_and_observes(world, team, pages_for, width):
    reading, number, covering = team
    sendco = pages_for(f"deployment-sendco-{width}", width=width)
    sendco.check = fitting(sendco.check, sendco)
    sendco.sign_in(world["sendco"].email)
    urn = world.school.urn
    sendco.visit("support team timetable", f"/schools/{urn}/provision/timetable/")
    assert sendco.page.get_by_text("2 clashes this week").is_visible()
    assert sendco.page.get_by_text("Wednesday 10:45: Number sense and Year 3 reading group overlap").is_visible()

    sendco.page.get_by_role("link", name="Cover this session of Year 3 reading group on Wednesday 18 November").click()
    sendco.check("cover a session")
    sendco.check("cover a session with errors", sendco.submit("Save the cover"))
    fill_date(sendco.page, "Date of the session", WEDNESDAY.isoformat())
    sendco.page.get_by_label("Who covers it").select_option(label="Rosa Cover")
    sendco.page.get_by_label("Staff absent").check()
    sendco.check("cover saved", sendco.submit("Save the cover"))
    assert sendco.page.get_by_text("Rosa Cover covers Year 3 reading group on Wednesday 18 November").is_visible()
    cover = Cover.objects.get()
    assert (cover.covered_by, cover.replaces, cover.on_date) == (covering, world["ta"], WEDNESDAY)
    # The TA is no longer in two places at once on Wednesday: one clash (Monday) is left.
    assert sendco.page.get_by_text("1 clash this week").is_visible()

    sendco.visit(
        "who delivers a weekly session", f"/provision/{number.public_id}/slots/{number.slots.first().pk}/staff/"
    )
    sendco.visit("contracted hours", f"/schools/{urn}/provision/timetable/{world['ta'].public_id}/hours/")
    sendco.page.get_by_label("Contracted hours a week").fill("thirty")
    sendco.check("contracted hours with errors", sendco.submit("Save"))
    sendco.page.get_by_label("Contracted hours a week").fill("30")
    sendco.check("a tas timetable", sendco.submit("Save"))
    assert sendco.page.get_by_text("of 30.0 contracted hours").is_visible()

    sendco.visit("record an observation", f"/provision/{reading.public_id}/observations/add/")
    sendco.page.get_by_label("Member of staff observed").select_option(label="Ta Tester")
    sendco.page.get_by_label("What was seen").fill("Book introduction, then reading aloud in turn.")
    sendco.page.get_by_label("Strengths").fill("Every pupil read; good prompts.")
    sendco.page.get_by_label("Next steps").fill("Model the decoding strategy first.")
    sendco.check("observation saved", sendco.submit("Save the observation"))
    observation = Observation.objects.get()
    sendco.visit("observations", f"/schools/{urn}/provision/observations/")
    sendco.visit("an observation", f"/provision/observations/{observation.public_id}/")
    sendco.assert_no_problems()


def test_the_covering_ta_sees_the_session_at_home_on_a_phone_and_logs_it(world, team, pages_for):
    reading, _, covering = team
    Cover.objects.create(
        provision=reading,
        slot=reading.slots.get(weekday=WEDNESDAY.weekday()),
        on_date=WEDNESDAY,
        starts_at=datetime.time(10, 45),
        minutes=20,
        covered_by=covering,
        replaces=world["ta"],
        reason=Cover.Reason.ABSENT,
        created_by=world["sendco"],
    )
    ta = pages_for("deployment-covering-ta", width=PHONE["width"])
    ta.sign_in(covering.email)
    ta.check("covering tas home")
    assert page_fits(ta), "the home page scrolls sideways at 390 px"
    assert ta.page.get_by_text("You are covering").is_visible()
    with ta.page.expect_navigation():
        ta.page.get_by_role("link", name="10:45 to 11:05: Year 3 reading group").click()
    ta.check("covered session log")
    ta.check("covered session logged", ta.submit("Save the log"))
    assert Session.objects.get(provision=reading, held_on=WEDNESDAY).recorded_by == covering
    ta.visit("own timetable", f"/schools/{world.school.urn}/provision/timetable/{covering.public_id}/")
    assert page_fits(ta)
    ta.assert_no_problems()

    away = pages_for("deployment-absent-ta", width=PHONE["width"])
    away.sign_in(world["ta"].email)
    away.check("absent tas home")
    assert away.page.get_by_text("Covered by Rosa Cover").is_visible()
    away.assert_no_problems()
