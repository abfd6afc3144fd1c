"""The session log and the TA's week: the person delivering records a session in a few taps, with
everyone ticked by default; a session not held needs its reason and still counts; a second log of
the same session is a correction that quotes its version."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from opensend.audit.models import AuditEvent
from opensend.provision.models import Attendance, Session

from .factories import provision_for

MONDAY = datetime.date(2026, 11, 16)


def log_url(provision, day=MONDAY, slot=None) -> str:
    slot = slot or provision.slots.get()
    return reverse(
        "provision:log", kwargs={"provision_id": provision.public_id, "slot_id": slot.pk, "day": day.isoformat()}
    )


@pytest.fixture
def group(cast):
    return provision_for(cast, pupils=[cast.taught_pupil, cast.untaught_pupil])


def test_everyone_is_ticked_as_attending_by_default(cast, group):
    form = cast.client_for("ta").get(log_url(group)).context["form"]
    assert form.initial[f"attended_{cast.taught_pupil.pk}"] is True
    assert form.initial[f"attended_{cast.untaught_pupil.pk}"] is True
    assert form.initial["held"] == "yes"


def test_the_ta_logs_a_session_with_one_pupil_absent_and_a_note(cast, group):
    response = cast.client_for("ta").post(
        log_url(group),
        {
            "held": "yes",
            f"attended_{cast.taught_pupil.pk}": "on",
            f"note_{cast.taught_pupil.pk}": "Blended CVC words on his own",
            "note": "",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboards:dashboard", kwargs={"urn": cast.school.urn})
    session = Session.objects.get(provision=group)
    assert session.held and session.recorded_by == cast["ta"] and session.minutes == 20
    rows = {row.pupil: row for row in Attendance.objects.filter(session=session)}
    assert rows[cast.taught_pupil].attended and rows[cast.taught_pupil].note == "Blended CVC words on his own"
    assert not rows[cast.untaught_pupil].attended
    assert AuditEvent.objects.filter(pupil=cast.untaught_pupil, object_type="provision.attendance").exists()


def test_a_session_not_held_needs_a_reason_and_marks_nobody_present(cast, group):
    client = cast.client_for("ta")
    refused = client.post(log_url(group), {"held": "no", f"attended_{cast.taught_pupil.pk}": "on"})
    assert refused.status_code == 400
    assert "Choose why the session did not happen" in refused.content.decode()
    assert not Session.objects.exists()
    client.post(
        log_url(group), {"held": "no", "not_held_reason": "staff-absent", f"attended_{cast.taught_pupil.pk}": "on"}
    )
    session = Session.objects.get()
    assert session.not_held_reason == "staff-absent"
    assert not Attendance.objects.filter(session=session, attended=True).exists()
    assert Attendance.objects.filter(session=session).count() == 2


def test_a_correction_quotes_the_version_and_a_stale_one_is_refused(cast, group):
    client = cast.client_for("ta")
    client.post(log_url(group), {"held": "yes", f"attended_{cast.taught_pupil.pk}": "on"})
    assert client.get(log_url(group)).context["form"].initial["version"] == 1
    client.post(log_url(group), {"version": "1", "held": "yes"})
    assert not Attendance.objects.get(pupil=cast.taught_pupil).attended
    stale = client.post(log_url(group), {"version": "1", "held": "yes", f"attended_{cast.taught_pupil.pk}": "on"})
    assert stale.status_code == 409
    assert not Attendance.objects.get(pupil=cast.taught_pupil).attended


def test_a_first_log_made_while_someone_else_logged_it_is_refused(cast, group):
    client = cast.client_for("ta")
    client.post(log_url(group), {"held": "yes"})
    second = cast.client_for("sendco").post(log_url(group), {"held": "no", "not_held_reason": "trip"})
    assert second.status_code == 409
    assert Session.objects.get().held


@pytest.mark.parametrize("day", [MONDAY + datetime.timedelta(days=1), datetime.date(2031, 1, 6), "not-a-date"])
def test_a_day_without_that_session_answers_404(cast, group, day):
    slot = group.slots.get()
    url = reverse("provision:log", kwargs={"provision_id": group.public_id, "slot_id": slot.pk, "day": str(day)})
    assert cast.client_for("ta").get(url).status_code == 404


@pytest.mark.parametrize("role", ["teacher", "head", "outsider"])
def test_only_those_who_deliver_or_manage_may_log(cast, group, role):
    assert cast.client_for(role).get(log_url(group)).status_code == 404


def test_the_log_shows_what_helps_each_pupil_from_their_passport(cast, group):
    from opensend.passports.models import PassportVersion

    PassportVersion.objects.create(
        pupil=cast.taught_pupil, school=cast.school, number=1, created_by=cast["sendco"], helps_me="Show me first."
    )
    assert "Show me first." in cast.client_for("ta").get(log_url(group)).content.decode()
    viewed = AuditEvent.objects.get(pupil=cast.taught_pupil, action=AuditEvent.Action.VIEW)
    assert viewed.actor == cast["ta"] and "what helps" in viewed.summary


def test_a_pupil_who_joined_later_is_not_in_an_earlier_session(cast, group):
    group.members.filter(pupil=cast.untaught_pupil).update(joined_on=MONDAY + datetime.timedelta(days=7))
    form = cast.client_for("ta").get(log_url(group)).context["form"]
    assert [pupil.pk for pupil in form.pupils] == [cast.taught_pupil.pk]


def test_the_tas_home_lists_todays_and_this_weeks_sessions_each_one_tap_from_its_log(cast, group, monkeypatch):
    wednesday = MONDAY + datetime.timedelta(days=2)
    afternoon = group.slots.create(weekday=2, starts_at=datetime.time(13, 30), minutes=30)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: wednesday)
    page = cast.client_for("ta").get(reverse("dashboards:dashboard", kwargs={"urn": cast.school.urn}))
    today = page.context["sessions_today"]
    assert [(item.day, item.slot.starts_at) for item in today] == [(wednesday, datetime.time(13, 30))]
    assert [(item.day, item.slot.starts_at) for item in page.context["sessions_earlier"]] == [
        (MONDAY, datetime.time(9, 15))
    ]
    assert page.context["sessions_later"] == []
    assert log_url(group, wednesday, afternoon) in page.content.decode()


def test_the_tas_home_says_which_of_this_weeks_sessions_are_past_and_which_to_come(cast, group, monkeypatch):
    # Wednesday: Monday's session is past and was not logged; Friday's has not happened yet.
    wednesday = MONDAY + datetime.timedelta(days=2)
    group.slots.create(weekday=4, starts_at=datetime.time(11, 0), minutes=20)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: wednesday)
    page = cast.client_for("ta").get(reverse("dashboards:dashboard", kwargs={"urn": cast.school.urn}))
    text = page.content.decode()
    earlier, later = text.index("Earlier this week"), text.index("Later this week")
    assert "The rest of this week" not in text
    assert earlier < text.index("Monday 09:15: Reading group") < text.index("Not logged<") < later
    assert later < text.index("Friday 11:00: Reading group")
    # Friday has not happened: no "Not logged" after it, and no link to log it.
    assert "Not logged" not in text[later:]
    assert log_url(group, MONDAY + datetime.timedelta(days=4), group.slots.get(weekday=4)) not in text


def test_the_tas_home_takes_a_fixed_number_of_queries(cast, django_assert_max_num_queries):
    for number in range(12):
        provision_for(cast, name=f"Group {number}", pupils=[cast.taught_pupil])
    client = cast.client_for("ta")
    client.get(reverse("dashboards:dashboard", kwargs={"urn": cast.school.urn}))
    with django_assert_max_num_queries(30):
        client.get(reverse("dashboards:dashboard", kwargs={"urn": cast.school.urn}))
