"""Meetings, their actions and the family contact log in Chromium: the SENDCo records a meeting with
the family and an action, finds the action on the home page and marks it done in one click, and logs
a call with a parent who needs an interpreter. Every page passes axe and fits a 390 px phone."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from opensend.family.models import FamilyContact
from opensend.plans.models import MeetingAction, ParentMeeting
from tests.factories import ContactFactory

from .conftest import fill_date

pytestmark = pytest.mark.browser


def test_recording_a_meeting_with_an_action_and_marking_it_done(send_world, pages_for):
    world = send_world
    pupil = world.taught_pupil
    ContactFactory(
        pupil=pupil,
        name="Ada Bell",
        relationship="mother",
        language="Polish",
        interpreter_needed=True,
        preferred_contact="phone",
    )
    today = timezone.localdate()
    pages = pages_for("meetings")
    pages.sign_in(world["sendco"].email)

    pages.visit("meetings", reverse("plans:meetings", kwargs={"pupil_id": pupil.public_id}))
    pages.page.get_by_role("link", name="Record a meeting").click()
    pages.check("record a meeting")
    fill_date(pages.page, "Date of the meeting", (today - datetime.timedelta(days=1)).isoformat())
    pages.page.get_by_label("Multi-agency meeting").check()
    pages.page.get_by_label(world["teacher"].display_name, exact=True).check()
    pages.page.get_by_label("Ada Bell (Mother)").check()
    pages.page.get_by_label("Professionals and others present").fill("Dr Shah, educational psychologist")
    pages.page.get_by_label("The pupil's views").fill("Likes the quiet table")
    pages.page.get_by_label("Decisions").fill("Shorter homework tasks")
    pages.check("meeting", pages.submit("Record meeting"))
    meeting = ParentMeeting.objects.get(pupil=pupil, kind=ParentMeeting.Kind.MULTI_AGENCY)

    pages.page.get_by_label("Action").fill("Ask the educational psychologist for a consultation")
    pages.page.get_by_label("Who will do it").select_option(label=world["sendco"].display_name)
    fill_date(pages.page, "Due by", (today - datetime.timedelta(days=2)).isoformat())
    pages.check("meeting with an action", pages.submit("Add action"))
    assert "Overdue" in pages.page.inner_text("#actions + .app-table-scroll")

    pages.visit("home", reverse("dashboards:dashboard", kwargs={"urn": world.school.urn}))
    assert "Ask the educational psychologist" in pages.page.inner_text("main")
    pages.visit("my actions", reverse("plans:my-actions", kwargs={"urn": world.school.urn}))
    with pages.page.expect_navigation() as done:
        pages.page.get_by_role("button", name="Mark as done").click()
    pages.check("action done", done.value.status)
    assert MeetingAction.objects.get(meeting=meeting).done_on == today
    assert "You have no open actions." in pages.page.inner_text("main")

    pages.visit("contact log", reverse("family:pupil", kwargs={"pupil_id": pupil.public_id}))
    assert "Needed" in pages.page.inner_text("main")
    pages.page.get_by_role("link", name="Log a contact").click()
    pages.check("log a contact")
    pages.page.get_by_label("Ada Bell (Mother)").check()
    pages.page.get_by_label("Phone call").check()
    pages.page.get_by_label("What was said").fill("Talked through the meeting with the interpreter")
    pages.page.get_by_label("What is to be followed up").fill("Send the translated record")
    fill_date(pages.page, "Follow up by", (today + datetime.timedelta(days=3)).isoformat())
    pages.check("contact logged", pages.submit("Log contact"))
    assert FamilyContact.objects.get().follow_up == "Send the translated record"
    pages.visit("co-production", reverse("family:co-production", kwargs={"urn": world.school.urn}))

    phone = pages_for("meetings-phone", width=390)
    phone.sign_in(world["sendco"].email)
    meeting_url = reverse("plans:meeting", kwargs={"pupil_id": pupil.public_id, "meeting_id": meeting.public_id})
    for name, url in (
        ("meeting", meeting_url),
        ("record a meeting", reverse("plans:meeting-add", kwargs={"pupil_id": pupil.public_id})),
        ("contact log", reverse("family:pupil", kwargs={"pupil_id": pupil.public_id})),
        ("co-production", reverse("family:co-production", kwargs={"urn": world.school.urn})),
    ):
        phone.visit(name, url)
        width = phone.page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{name} is {width} px wide on a 390 px phone"
    pages.assert_no_problems()
    phone.assert_no_problems()
