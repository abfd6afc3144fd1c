"""The personal calendar feed: a secret address per person, made, made again and turned off on their
own page, that serves their open deadlines as iCalendar, pupils by initials, without a session."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from opensend.accounts.models import Role
from opensend.audit.models import AuditEvent
from opensend.deadlines.feeds import feed_issue, feed_revoke
from opensend.deadlines.models import CalendarFeed

from ..ehc.factories import AssessmentRequestFactory, LocalAuthorityFactory
from ..factories import MembershipFactory, PupilFactory, enrol

d = datetime.date
pytestmark = pytest.mark.django_db
TODAY = d(2026, 2, 16)
SETTINGS_URL = reverse("deadlines:calendar-feed-settings")


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: TODAY)


def a_request(cast, *, pupil=None, school=None):
    # Requested 12 January: the decision to assess is due 23 February, the no-plan decision 4 May
    # and the final plan 1 June.
    return AssessmentRequestFactory(
        pupil=pupil or cast.taught_pupil,
        school=school or cast.school,
        local_authority=LocalAuthorityFactory(trust=cast.trust),
        requested_on=d(2026, 1, 12),
    )


def feed_url(token: str) -> str:
    return reverse("deadlines:calendar-feed", kwargs={"token": token})


def read_feed(client, token: str) -> Calendar:
    response = client.get(feed_url(token))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events_of(calendar: Calendar) -> list:
    return sorted(calendar.walk("VEVENT"), key=lambda event: event.decoded("dtstart"))


def test_the_feed_holds_each_open_deadline_as_an_all_day_event_with_its_source(cast, client):
    a_request(cast)
    token = feed_issue(user=cast["sendco"])

    events = events_of(read_feed(client, token))

    assert [event.decoded("dtstart") for event in events] == [d(2026, 2, 23), d(2026, 5, 4), d(2026, 6, 1)]
    first = events[0]
    assert first.decoded("dtend") == d(2026, 2, 24)
    assert str(first["summary"]) == "T.T.: The local authority decides whether to assess within 6 weeks of the request"
    assert "EHC needs assessment" in str(first["description"])
    assert "SEND Regulations 2014, reg 5(3)" in str(first["description"])


def test_the_feed_names_no_pupil_and_gives_no_upn(cast, client):
    a_request(cast)
    token = feed_issue(user=cast["sendco"])

    text = client.get(feed_url(token)).content.decode()

    assert "Taught" not in text and "Tia" not in text
    assert cast.taught_pupil.upn not in text


def test_each_deadline_keeps_its_uid_from_one_read_to_the_next(cast, client):
    a_request(cast)
    token = feed_issue(user=cast["sendco"])

    first = [str(event["uid"]) for event in events_of(read_feed(client, token))]
    second = [str(event["uid"]) for event in events_of(read_feed(client, token))]

    assert first == second and len(set(first)) == 3
    assert all(uid.startswith(str(cast.taught_pupil.public_id)) for uid in first)


def test_the_feed_has_the_caseloads_scope_and_never_another_schools_deadlines(cast, client):
    a_request(cast)
    a_request(cast, pupil=cast.other_school_pupil, school=cast.other_school)
    MembershipFactory(user=cast["outsider"], school=cast.other_school, role=Role.SENDCO)

    ours = events_of(read_feed(client, feed_issue(user=cast["sendco"])))
    theirs = events_of(read_feed(client, feed_issue(user=cast["outsider"])))

    assert {str(event["summary"])[:4] for event in ours} == {"T.T."}
    assert {str(event["summary"])[:4] for event in theirs} == {"B.B."}


def test_an_unknown_token_is_not_found(cast, client):
    feed_issue(user=cast["sendco"])

    assert client.get(feed_url("not-the-token")).status_code == 404


def test_a_turned_off_feed_is_not_found(cast, client):
    token = feed_issue(user=cast["sendco"])
    feed_revoke(user=cast["sendco"])

    assert client.get(feed_url(token)).status_code == 404


def test_a_new_address_replaces_the_old_one(cast, client):
    old = feed_issue(user=cast["sendco"])
    new = feed_issue(user=cast["sendco"])

    assert client.get(feed_url(old)).status_code == 404
    assert client.get(feed_url(new)).status_code == 200
    assert CalendarFeed.objects.filter(user=cast["sendco"]).count() == 1


def test_the_feed_of_someone_who_has_left_is_not_found_or_empty(cast, client):
    a_request(cast)
    token = feed_issue(user=cast["sendco"])
    cast["sendco"].memberships.update(is_active=False)
    assert events_of(read_feed(client, token)) == []

    type(cast["sendco"]).objects.filter(pk=cast["sendco"].pk).update(is_active=False)
    assert client.get(feed_url(token)).status_code == 404


def test_only_a_hash_of_the_token_is_stored(cast):
    token = feed_issue(user=cast["sendco"])

    stored = CalendarFeed.objects.get(user=cast["sendco"]).token_hash
    assert token not in stored and len(stored) == 64


def test_every_read_of_the_feed_is_audited_without_pupils(cast, client):
    a_request(cast)
    token = feed_issue(user=cast["sendco"])

    read_feed(client, token)

    event = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).get()
    assert event.actor == cast["sendco"] and event.pupil is None
    assert event.summary == "Calendar feed read (iCalendar, 3 deadlines)"
    assert CalendarFeed.objects.get().last_read_at is not None


def test_reading_the_feed_too_often_is_refused_for_a_minute(cast, client, settings):
    settings.OPENSEND_DOWNLOADS_PER_MINUTE = 2
    token = feed_issue(user=cast["sendco"])

    statuses = [client.get(feed_url(token)).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]


def test_the_sendco_makes_the_address_and_sees_it_once(cast):
    client = cast.client_for("sendco")

    response = client.post(SETTINGS_URL, {"action": "issue"}, follow=True)

    page = response.content.decode()
    assert "Your calendar address" in page
    address = response.context["new_address"]
    assert address.startswith("https://opensend.test/calendar/") and address.endswith("/deadlines.ics")
    token = address.split("/")[-2]
    assert cast.client_for("anonymous").get(feed_url(token)).status_code == 200
    assert "Your calendar address" not in client.get(SETTINGS_URL).content.decode()


def test_the_sendco_turns_the_feed_off(cast):
    client = cast.client_for("sendco")
    client.post(SETTINGS_URL, {"action": "issue"})

    page = client.post(SETTINGS_URL, {"action": "revoke"}, follow=True).content.decode()

    assert "Your calendar feed is turned off" in page
    assert not CalendarFeed.objects.exists()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.DESTROY, actor=cast["sendco"]).exists()


def test_the_caseload_links_to_the_calendar_feed_page(cast):
    page = cast.client_for("sendco").get(reverse("deadlines:caseload", kwargs={"urn": cast.school.urn}))
    assert SETTINGS_URL in page.content.decode()


def test_a_teacher_has_no_calendar_feed_page(cast):
    assert cast.client_for("teacher").post(SETTINGS_URL, {"action": "issue"}).status_code == 404
    assert not CalendarFeed.objects.exists()


def test_the_feed_costs_the_same_queries_for_one_request_as_for_eight(cast, client, django_assert_max_num_queries):
    a_request(cast)
    token = feed_issue(user=cast["sendco"])
    client.get(feed_url(token))
    with django_assert_max_num_queries(20) as few:
        client.get(feed_url(token))
    for _ in range(7):
        pupil = PupilFactory(trust=cast.trust)
        enrol(pupil, cast.school)
        a_request(cast, pupil=pupil)

    with django_assert_max_num_queries(len(few.captured_queries)):
        calendar = read_feed(client, token)

    assert len(events_of(calendar)) == 24
