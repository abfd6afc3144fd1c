"""Statutory deadlines in the daily digest: the SENDCo and the assistant are reminded of every open
deadline due within a fortnight and every overdue one, pupils by initials, once a day."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from opensend.accounts.models import Role
from opensend.notifications.models import DigestOptOut, ReminderSent
from opensend.notifications.services import digest_send

from ..ehc.factories import AssessmentRequestFactory, LocalAuthorityFactory
from ..factories import MembershipFactory, PupilFactory, UserFactory, enrol

d = datetime.date
pytestmark = pytest.mark.django_db
DAY = d(2026, 2, 16)
REQUESTED = d(2026, 1, 12)


def a_request(cast, *, pupil=None, school=None, requested_on=REQUESTED):
    # Requested 12 January: the decision to assess is due Monday 23 February, within the fortnight;
    # the no-plan decision (4 May) and the final plan (1 June) are not.
    return AssessmentRequestFactory(
        pupil=pupil or cast.taught_pupil,
        school=school or cast.school,
        local_authority=LocalAuthorityFactory(trust=cast.trust, name="Kirklees"),
        requested_on=requested_on,
    )


def send_reminders(day: datetime.date = DAY) -> None:
    call_command("send_reminders", "--day", day.isoformat(), stdout=open("/dev/null", "w"))  # noqa: SIM115


def emails_to(user) -> list:
    return [message for message in mail.outbox if message.to == [user.email]]


def test_the_sendco_and_the_assistant_are_reminded_and_nobody_else(cast):
    a_request(cast)

    send_reminders()

    assert len(emails_to(cast["sendco"])) == 1
    assert len(emails_to(cast["assistant-sendco"])) == 1
    for role in ("head", "teacher", "ta", "dsl", "outsider"):
        assert emails_to(cast[role]) == [], role


def test_the_reminder_gives_the_rule_its_due_date_and_its_source_by_initials(cast):
    a_request(cast)

    digest_send(user=cast["sendco"], day=DAY)

    [message] = emails_to(cast["sendco"])
    assert message.subject == "OpenSEND: 1 reminder for Monday 16 February"
    assert (
        "T.T.: The local authority decides whether to assess within 6 weeks of the request, "
        "due Monday 23 February 2026 (SEND Regulations 2014, reg 5(3); SEND Code of Practice 9.40)"
    ) in message.body
    assert "Statutory deadlines" in message.body
    assert f"/pupils/{cast.taught_pupil.public_id}/" in message.body


def test_overdue_deadlines_are_included_and_those_beyond_a_fortnight_are_not(cast):
    # Requested 1 December: the decision was due 12 January (overdue), the no-plan decision is
    # due 23 March and the final plan 20 April, both more than 14 days away.
    a_request(cast, pupil=cast.untaught_pupil, requested_on=d(2025, 12, 1))

    digest_send(user=cast["sendco"], day=DAY)

    [message] = emails_to(cast["sendco"])
    assert "E.E.: The local authority decides whether to assess" in message.body
    assert "overdue since Monday 12 January 2026" in message.body
    assert message.subject == "OpenSEND: 1 reminder for Monday 16 February"


def test_no_pupil_name_appears_in_the_subject_or_the_body(cast):
    a_request(cast)

    send_reminders()

    [message] = emails_to(cast["sendco"])
    for text in (message.subject, message.body, message.alternatives[0][0]):
        assert "Taught" not in text and "Tia" not in text
        assert cast.taught_pupil.upn not in text


def test_another_schools_deadlines_are_not_in_the_reminder(cast):
    a_request(cast, pupil=cast.other_school_pupil, school=cast.other_school)

    send_reminders()

    assert emails_to(cast["sendco"]) == []


def test_a_sendco_at_two_schools_hears_of_both(cast):
    MembershipFactory(user=cast["sendco"], school=cast.other_school, role=Role.SENDCO)
    a_request(cast)
    a_request(cast, pupil=cast.other_school_pupil, school=cast.other_school)

    digest_send(user=cast["sendco"], day=DAY)

    [message] = emails_to(cast["sendco"])
    assert "T.T.:" in message.body and "B.B.:" in message.body


def test_running_the_digest_twice_a_day_sends_each_deadline_once(cast):
    a_request(cast)

    send_reminders()
    send_reminders()

    assert len(emails_to(cast["sendco"])) == 1
    assert ReminderSent.objects.filter(user=cast["sendco"], day=DAY).count() == 1
    send_reminders(DAY + datetime.timedelta(days=1))
    assert len(emails_to(cast["sendco"])) == 2


def test_a_sendco_who_turned_the_deadlines_off_is_not_reminded(cast):
    a_request(cast)
    DigestOptOut.objects.create(user=cast["sendco"], section="statutory-deadlines")

    send_reminders()

    assert emails_to(cast["sendco"]) == []
    assert len(emails_to(cast["assistant-sendco"])) == 1


def test_the_preferences_page_offers_the_deadlines(cast):
    page = cast.client_for("sendco").get("/account/email/").content.decode()
    assert "Statutory deadlines (EHC needs assessments, plans and reviews)" in page


def test_a_digest_costs_the_same_queries_however_many_deadlines_it_holds(cast, django_assert_max_num_queries):
    a_request(cast)
    with CaptureQueriesContext(connection) as one_request:
        digest_send(user=cast["sendco"], day=DAY)
    for _ in range(6):
        pupil = PupilFactory(trust=cast.trust)
        enrol(pupil, cast.school)
        a_request(cast, pupil=pupil)

    with django_assert_max_num_queries(len(one_request)):
        email = digest_send(user=cast["sendco"], day=DAY + datetime.timedelta(days=1))

    assert email.item_count == 7


def test_a_person_without_an_email_address_is_not_sent_anything(cast):
    sendco = UserFactory(email="")
    MembershipFactory(user=sendco, school=cast.school, role=Role.SENDCO)
    a_request(cast)

    assert digest_send(user=sendco, day=DAY) is None
