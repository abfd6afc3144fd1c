"""The daily digest: what it says, to whom, that it names no pupil, that a person can turn sections
off, and that running it twice a day sends each reminder once."""

from __future__ import annotations

import datetime
import smtplib

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from opensend.notifications.models import DigestOptOut, ReminderSent, SentEmail
from opensend.notifications.services import digest_send
from opensend.plans.models import Cycle, Status

from ..factories import PupilFactory, enrol
from ..identification.helpers import a_concern, a_request

DAY = datetime.date(2026, 12, 7)


def a_cycle(cast, *, review_date: datetime.date, lead: str = "teacher", pupil=None) -> Cycle:
    return Cycle.objects.create(
        pupil=pupil or cast.taught_pupil,
        school=cast.school,
        number=1,
        lead_teacher=cast[lead],
        status=Status.DO,
        opened_on=datetime.date(2026, 9, 14),
        review_date=review_date,
    )


def another_taught_pupil(cast, forename: str):
    pupil = PupilFactory(trust=cast.trust, legal_surname="Taylor", legal_forename=forename)
    enrol(pupil, cast.school, group=cast.group)
    return pupil


def send_reminders(day: datetime.date = DAY) -> None:
    call_command("send_reminders", "--day", day.isoformat(), stdout=open("/dev/null", "w"))  # noqa: SIM115


def emails_to(user) -> list:
    return [message for message in mail.outbox if message.to == [user.email]]


def html_of(message) -> str:
    return message.alternatives[0][0]


def test_a_teacher_asked_for_a_contribution_is_emailed_about_it_by_initials(cast):
    a_request(cast, a_concern(cast), role="teacher")

    send_reminders()

    [message] = emails_to(cast["teacher"])
    assert message.subject == "OpenSEND: 1 reminder for Monday 7 December"
    assert "Your view on a concern about T.T., asked on 9 November" in message.body
    assert "https://opensend.test/concerns/" in message.body
    assert "T.T." in html_of(message)


def test_no_pupil_name_appears_in_the_subject_or_the_body(cast):
    a_request(cast, a_concern(cast), role="teacher")
    a_cycle(cast, review_date=DAY)

    send_reminders()

    [message] = emails_to(cast["teacher"])
    for text in (message.subject, message.body, html_of(message)):
        assert "Taught" not in text and "Tia" not in text


def test_a_teacher_is_reminded_of_reviews_due_within_two_weeks_and_overdue(cast):
    a_cycle(cast, review_date=DAY - datetime.timedelta(days=3))
    a_cycle(cast, review_date=DAY + datetime.timedelta(days=14), pupil=another_taught_pupil(cast, "Ava"))
    a_cycle(cast, review_date=DAY + datetime.timedelta(days=15), pupil=another_taught_pupil(cast, "Ben"))

    digest_send(user=cast["teacher"], day=DAY)

    [message] = emails_to(cast["teacher"])
    assert "The review of T.T.'s plan, overdue since 4 December" in message.body
    assert "The review of A.T.'s plan, due 21 December" in message.body
    assert "B.T." not in message.body
    assert message.subject == "OpenSEND: 2 reminders for Monday 7 December"


def test_reviews_are_only_for_the_cycles_the_person_leads(cast):
    a_cycle(cast, review_date=DAY, lead="sendco")

    digest_send(user=cast["teacher"], day=DAY)

    assert emails_to(cast["teacher"]) == []


def test_an_answered_request_or_a_decided_concern_is_not_a_reminder(cast):
    answered = a_request(cast, a_concern(cast), role="teacher")
    answered.answered_on = DAY
    answered.save()
    decided = a_concern(cast, status="decided", decision="closed", decision_reason="Catching up.", decided_on=DAY)
    a_request(cast, decided, role="ta")

    send_reminders()

    assert emails_to(cast["teacher"]) == []
    assert emails_to(cast["ta"]) == []


def test_running_the_digest_twice_a_day_sends_each_reminder_once(cast):
    a_request(cast, a_concern(cast), role="teacher")

    send_reminders()
    send_reminders()

    assert len(emails_to(cast["teacher"])) == 1
    assert ReminderSent.objects.filter(user=cast["teacher"], day=DAY).count() == 1


def test_a_new_item_later_the_same_day_is_sent_alone(cast):
    a_request(cast, a_concern(cast), role="teacher")
    send_reminders()
    a_cycle(cast, review_date=DAY)

    send_reminders()

    first, second = emails_to(cast["teacher"])
    assert "concern" in first.body
    assert "plan" in second.body and "concern about" not in second.body


def test_the_next_day_the_reminder_comes_again(cast):
    a_request(cast, a_concern(cast), role="teacher")

    send_reminders(DAY)
    send_reminders(DAY + datetime.timedelta(days=1))

    assert len(emails_to(cast["teacher"])) == 2


def test_a_section_turned_off_is_left_out_and_nothing_is_sent_if_nothing_is_left(cast):
    a_request(cast, a_concern(cast), role="teacher")
    DigestOptOut.objects.create(user=cast["teacher"], section="contributions")

    send_reminders()

    assert emails_to(cast["teacher"]) == []
    assert not SentEmail.objects.exists()


def test_people_with_nothing_waiting_get_no_email(cast):
    send_reminders()

    assert mail.outbox == []


def test_every_email_is_recorded_with_recipient_kind_and_status_but_no_body(cast):
    a_request(cast, a_concern(cast), role="teacher")

    send_reminders()

    email = SentEmail.objects.get()
    assert (email.recipient, email.to_address, email.kind) == (cast["teacher"], "teacher@oakfield.test", "digest")
    assert (email.status, email.item_count) == (SentEmail.Status.SENT, 1)
    assert email.sent_at is not None
    stored = " ".join(str(value) for value in SentEmail.objects.values().get().values())
    assert "Taught" not in stored and "T.T." not in stored


def test_an_email_that_fails_is_recorded_and_its_reminders_go_at_the_next_run(cast, monkeypatch):
    a_request(cast, a_concern(cast), role="teacher")

    def refuse(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("gone")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    send_reminders()
    monkeypatch.undo()
    send_reminders()

    failed, sent = SentEmail.objects.order_by("pk")
    assert (failed.status, failed.failure) == (SentEmail.Status.FAILED, "SMTPServerDisconnected")
    assert sent.status == SentEmail.Status.SENT
    assert len(emails_to(cast["teacher"])) == 1


def test_a_person_who_no_longer_sees_the_pupil_is_not_reminded(cast):
    a_request(cast, a_concern(cast, pupil=cast.untaught_pupil), role="teacher")

    send_reminders()

    assert emails_to(cast["teacher"]) == []


@pytest.mark.parametrize("inactive", ["account", "membership"])
def test_people_who_have_left_get_no_email(cast, inactive):
    a_request(cast, a_concern(cast), role="teacher")
    if inactive == "account":
        type(cast["teacher"]).objects.filter(pk=cast["teacher"].pk).update(is_active=False)
    else:
        cast["teacher"].memberships.update(is_active=False)

    send_reminders()

    assert emails_to(cast["teacher"]) == []


def test_the_digest_is_sent_by_the_background_worker(cast, task_worker):
    a_request(cast, a_concern(cast), role="teacher")

    send_reminders()
    queued_only = list(mail.outbox)
    task_worker()

    assert queued_only == []
    assert len(emails_to(cast["teacher"])) == 1


def test_a_digest_costs_the_same_queries_however_many_reminders_it_holds(cast, django_assert_max_num_queries):
    a_request(cast, a_concern(cast), role="teacher")
    with CaptureQueriesContext(connection) as one_item:
        digest_send(user=cast["teacher"], day=DAY)
    for forename in ("Ava", "Ben", "Cal", "Dee", "Eve"):
        pupil = another_taught_pupil(cast, forename)
        a_request(cast, a_concern(cast, pupil=pupil), role="teacher")
        a_cycle(cast, review_date=DAY, pupil=pupil)

    with django_assert_max_num_queries(len(one_item)):
        email = digest_send(user=cast["teacher"], day=DAY + datetime.timedelta(days=1))

    assert email.item_count == 11
