"""Staff deployment: the support team's week from the weekly slots, a slot reassigned for good,
cover for one date (the covering person sees it at home and logs it), hours against contracts and
observations. Every change is audited and quotes a version."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opensend.accounts.models import Role
from opensend.audit.models import AuditEvent
from opensend.provision import deployment
from opensend.provision.models import Cover, Observation, Session, SlotAssignment, StaffHours
from tests.conftest import give_mfa
from tests.factories import MembershipFactory, UserFactory

from .factories import provision_for

MONDAY = datetime.date(2026, 11, 16)
NEXT_MONDAY = MONDAY + datetime.timedelta(weeks=1)


@pytest.fixture
def second_ta(cast):
    person = UserFactory(first_name="Rosa", last_name="Second")
    MembershipFactory(user=person, school=cast.school, role=Role.TA)
    give_mfa(person)
    return person


@pytest.fixture
def today_is_monday(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: MONDAY)


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def timetable_url(cast) -> str:
    return reverse("provision:timetable", kwargs={"urn": cast.school.urn})


def cover_url(provision) -> str:
    slot = provision.slots.get()
    return reverse("provision:cover-add", kwargs={"provision_id": provision.public_id, "slot_id": slot.pk})


def slot_staff_url(provision) -> str:
    slot = provision.slots.get()
    return reverse("provision:slot-staff", kwargs={"provision_id": provision.public_id, "slot_id": slot.pk})


def home(cast):
    return reverse("dashboards:dashboard", kwargs={"urn": cast.school.urn})


def log_url(provision, day) -> str:
    slot = provision.slots.get()
    return reverse(
        "provision:log", kwargs={"provision_id": provision.public_id, "slot_id": slot.pk, "day": day.isoformat()}
    )


def test_the_team_week_shows_each_session_and_a_clash_of_one_ta_in_two_groups(cast):
    reading = provision_for(cast, name="Reading", pupils=[cast.taught_pupil], room="Library")
    provision_for(cast, name="Number", pupils=[cast.untaught_pupil], room="Group room")
    week = deployment.team_week(cast.school, MONDAY)
    assert [(item.day, item.provision.name) for item in week.occurrences] == [(MONDAY, "Number"), (MONDAY, "Reading")]
    assert [text for _, text in week.clashes] == ["Monday 09:15: Number and Reading overlap: Ta Tester in both"]
    assert week.occurrences[0].clashes == ["Overlaps Reading: Ta Tester in both"]
    assert week.occurrences[1].clashes == ["Overlaps Number: Ta Tester in both"]
    assert reading.name == "Reading"
    page = cast.client_for("sendco").get(timetable_url(cast), {"week": MONDAY.isoformat()})
    assert "1 clash this week" in page.content.decode()


def test_a_room_and_a_pupil_in_two_places_at_once_are_clashes(cast):
    provision_for(cast, name="Reading", staff=("ta",), pupils=[cast.taught_pupil], room="Library")
    provision_for(cast, name="Talk", staff=("teacher",), pupils=[cast.taught_pupil], room="library")
    texts = [text for _, text in deployment.team_week(cast.school, MONDAY).clashes]
    assert texts == ["Monday 09:15: Reading and Talk overlap: Library booked for both; a pupil in both (Tia Taught)"]


def test_a_provision_not_running_that_week_is_not_on_it(cast):
    provision_for(cast, name="Ended", ends_on=MONDAY - datetime.timedelta(days=1))
    assert deployment.team_week(cast.school, MONDAY).occurrences == []


def test_hours_deployed_are_set_against_contracted_hours(cast):
    group = provision_for(cast, name="Reading")
    group.slots.create(weekday=2, starts_at=datetime.time(13, 30), minutes=40)
    StaffHours.objects.create(school=cast.school, user=cast["ta"], hours_per_week=Decimal("30"))
    (row,) = deployment.team_week(cast.school, MONDAY).people
    assert row.person == cast["ta"] and row.minutes == 60 and row.hours == Decimal("1.0")
    assert row.contracted == Decimal("30") and row.share == 3


def test_the_sendco_reassigns_a_weekly_session_for_good(cast, second_ta):
    group = provision_for(cast, name="Reading")
    response = cast.client_for("sendco").post(
        slot_staff_url(group), {"version": group.version, "staff": [second_ta.pk]}
    )
    assert response.status_code == 302
    slot = group.slots.get()
    assert list(SlotAssignment.objects.filter(slot=slot).values_list("user", flat=True)) == [second_ta.pk]
    (item,) = deployment.team_week(cast.school, MONDAY).occurrences
    assert item.staff == [second_ta]
    event = AuditEvent.objects.get(object_type="provision.slot", action=AuditEvent.Action.UPDATE)
    assert event.changes == {"staff": [[cast["ta"].pk], [second_ta.pk]]}
    group.refresh_from_db()
    assert group.version == 2


def test_reassigning_with_a_stale_version_is_refused(cast, second_ta):
    group = provision_for(cast, name="Reading")
    response = cast.client_for("sendco").post(slot_staff_url(group), {"version": 99, "staff": [second_ta.pk]})
    assert response.status_code == 409
    assert not SlotAssignment.objects.exists()


def test_choosing_the_provisions_own_staff_again_clears_the_assignment(cast, second_ta):
    group = provision_for(cast, name="Reading")
    client = cast.client_for("sendco")
    client.post(slot_staff_url(group), {"version": 1, "staff": [second_ta.pk]})
    client.post(slot_staff_url(group), {"version": 2, "staff": [cast["ta"].pk]})
    assert not SlotAssignment.objects.exists()


def test_the_reassigned_person_sees_the_session_at_home_and_the_usual_ta_does_not(cast, second_ta, today_is_monday):
    group = provision_for(cast, name="Reading")
    cast.client_for("sendco").post(slot_staff_url(group), {"version": 1, "staff": [second_ta.pk]})
    theirs = client_for(second_ta).get(home(cast))
    assert [item.provision for item in theirs.context["sessions_today"]] == [group]
    assert client_for(second_ta).get(log_url(group, MONDAY)).status_code == 200
    assert cast.client_for("ta").get(home(cast)).context["sessions_today"] == []


def cover_form(cast, person, day=NEXT_MONDAY, **extra) -> dict:
    return {
        "on_date-day": day.day,
        "on_date-month": day.month,
        "on_date-year": day.year,
        "covered_by": person.pk,
        "replaces": cast["ta"].pk,
        "reason": "absent",
        "note": "",
    } | extra


def test_the_sendco_covers_one_dated_session_and_it_is_audited(cast, second_ta):
    group = provision_for(cast, name="Reading")
    response = cast.client_for("sendco").post(cover_url(group), cover_form(cast, second_ta))
    assert response.status_code == 302
    cover = Cover.objects.get()
    assert (cover.on_date, cover.covered_by, cover.replaces, cover.reason) == (
        NEXT_MONDAY,
        second_ta,
        cast["ta"],
        "absent",
    )
    assert AuditEvent.objects.filter(object_type="provision.cover", action=AuditEvent.Action.CREATE).exists()
    covered = deployment.team_week(cast.school, NEXT_MONDAY).occurrences[0]
    assert covered.staff == [second_ta] and covered.cover == cover
    Cover.objects.filter(pk=cover.pk).update(note="Hospital appointment")
    page = cast.client_for("sendco").get(timetable_url(cast), {"week": NEXT_MONDAY.isoformat()}).content.decode()
    assert "Rosa Second for Ta Tester (staff absent): Hospital appointment" in page
    # Only that date: the week before is delivered by the usual TA.
    assert deployment.team_week(cast.school, MONDAY).occurrences[0].staff == [cast["ta"]]


def test_cover_on_the_wrong_day_of_the_week_or_twice_is_refused(cast, second_ta):
    group = provision_for(cast, name="Reading")
    client = cast.client_for("sendco")
    tuesday = client.post(cover_url(group), cover_form(cast, second_ta, day=NEXT_MONDAY + datetime.timedelta(days=1)))
    assert tuesday.status_code == 400 and "Choose a Monday" in tuesday.content.decode()
    assert client.post(cover_url(group), cover_form(cast, second_ta)).status_code == 302
    again = client.post(cover_url(group), cover_form(cast, second_ta))
    assert again.status_code == 400 and "already has cover" in again.content.decode()
    assert Cover.objects.count() == 1


def test_the_covering_person_sees_the_session_at_home_that_day_and_logs_it(cast, second_ta, monkeypatch):
    group = provision_for(cast, name="Reading", pupils=[cast.taught_pupil])
    cast.client_for("sendco").post(cover_url(group), cover_form(cast, second_ta))
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: NEXT_MONDAY)
    covering = client_for(second_ta)
    page = covering.get(home(cast))
    (planned,) = page.context["sessions_today"]
    assert planned.provision == group and planned.covering
    assert log_url(group, NEXT_MONDAY) in page.content.decode()
    assert "You are covering" in page.content.decode()
    logged = covering.post(log_url(group, NEXT_MONDAY), {"held": "yes", f"attended_{cast.taught_pupil.pk}": "on"})
    assert logged.status_code == 302 and logged["Location"] == home(cast)
    assert Session.objects.get(provision=group).recorded_by == second_ta
    # The TA who is away sees who covers it, with no link to log it.
    away = cast.client_for("ta").get(home(cast))
    assert away.context["sessions_today"][0].covered_by_someone_else
    assert "Covered by Sam Second" not in away.content.decode()
    assert f"Covered by {second_ta.display_name}" in away.content.decode()


def test_cover_lets_its_person_log_only_that_date(cast, second_ta, monkeypatch):
    group = provision_for(cast, name="Reading", pupils=[cast.taught_pupil])
    cast.client_for("sendco").post(cover_url(group), cover_form(cast, second_ta))
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: NEXT_MONDAY)
    assert client_for(second_ta).get(log_url(group, MONDAY)).status_code == 404


def test_someone_who_neither_delivers_nor_covers_cannot_log(cast, second_ta, today_is_monday):
    group = provision_for(cast, name="Reading")
    assert client_for(second_ta).get(log_url(group, MONDAY)).status_code == 404


def test_cancelling_a_cover_needs_a_reason_and_its_version(cast, second_ta):
    group = provision_for(cast, name="Reading")
    client = cast.client_for("sendco")
    client.post(cover_url(group), cover_form(cast, second_ta))
    cover = Cover.objects.get()
    url = reverse("provision:cover-cancel", kwargs={"cover_id": cover.public_id})
    assert client.post(url, {"version": 1, "reason": ""}).status_code == 400
    assert client.post(url, {"version": 7, "reason": "Back at work"}).status_code == 409
    assert client.post(url, {"version": 1, "reason": "Back at work"}).status_code == 302
    cover.refresh_from_db()
    assert cover.is_archived and cover.archive_reason == "Back at work"
    assert deployment.team_week(cast.school, NEXT_MONDAY).occurrences[0].staff == [cast["ta"]]


def test_contracted_hours_are_set_with_their_version_and_audited(cast):
    url = reverse("provision:staff-hours", kwargs={"urn": cast.school.urn, "user_id": cast["ta"].public_id})
    client = cast.client_for("sendco")
    assert client.post(url, {"hours_per_week": "32.5"}).status_code == 302
    assert StaffHours.objects.get().hours_per_week == Decimal("32.5")
    assert client.post(url, {"hours_per_week": "30"}).status_code == 409  # no version: made since
    assert client.post(url, {"hours_per_week": "30", "version": 1}).status_code == 302
    assert client.post(url, {"hours_per_week": "61", "version": 2}).status_code == 400
    assert AuditEvent.objects.filter(object_type="provision.staffhours").count() == 2


def test_an_observation_is_recorded_audited_and_read_by_the_person_observed(cast):
    group = provision_for(cast, name="Reading")
    url = reverse("provision:observation-add", kwargs={"provision_id": group.public_id})
    response = cast.client_for("sendco").post(
        url,
        {
            "staff": cast["ta"].pk,
            "observed_on-day": 16,
            "observed_on-month": 11,
            "observed_on-year": 2026,
            "seen": "Phonics warm-up with sound buttons",
            "strengths": "Brisk pace; every pupil answered",
            "next_steps": "Model the blending before asking",
        },
    )
    assert response.status_code == 302
    observation = Observation.objects.get()
    assert observation.observer == cast["sendco"] and observation.staff == cast["ta"]
    assert AuditEvent.objects.filter(object_type="provision.observation").exists()
    own = cast.client_for("ta").get(
        reverse("provision:staff-timetable", kwargs={"urn": cast.school.urn, "user_id": cast["ta"].public_id})
    )
    assert "Reading" in own.content.decode() and own.context["observations"] == [observation]
    detail = reverse("provision:observation", kwargs={"observation_id": observation.public_id})
    assert "Model the blending" in cast.client_for("ta").get(detail).content.decode()
    assert cast.client_for("teacher").get(detail).status_code == 404
    listed = cast.client_for("assistant-sendco").get(reverse("provision:observations", kwargs={"urn": cast.school.urn}))
    assert listed.context["page"].rows == [observation]


def test_another_ta_cannot_see_a_tas_timetable_or_observation(cast, second_ta):
    url = reverse("provision:staff-timetable", kwargs={"urn": cast.school.urn, "user_id": cast["ta"].public_id})
    assert client_for(second_ta).get(url).status_code == 404


def test_an_observation_needs_what_was_seen_strengths_and_next_steps(cast):
    group = provision_for(cast, name="Reading")
    url = reverse("provision:observation-add", kwargs={"provision_id": group.public_id})
    response = cast.client_for("sendco").post(url, {"staff": cast["ta"].pk})
    assert response.status_code == 400
    for message in ("Enter what was seen", "Enter the strengths", "Enter the next steps"):
        assert message in response.content.decode()


def test_the_team_timetable_takes_a_fixed_number_of_queries(cast, second_ta, django_assert_max_num_queries):
    client = cast.client_for("sendco")
    client.get(timetable_url(cast))

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(timetable_url(cast), {"week": MONDAY.isoformat()}).status_code == 200
        return len(queries)

    provision_for(cast, name="Group 0", pupils=[cast.taught_pupil])
    few = count()
    for number in range(1, 8):
        group = provision_for(cast, name=f"Group {number}", pupils=[cast.taught_pupil, cast.untaught_pupil])
        Cover.objects.create(
            provision=group,
            slot=group.slots.get(),
            on_date=MONDAY,
            starts_at=datetime.time(9, 15),
            minutes=20,
            covered_by=second_ta,
            reason="absent",
            created_by=cast["sendco"],
        )
    SlotAssignment.objects.create(slot=group.slots.get(), user=cast["teacher"])
    assert count() == few


def test_the_tas_home_takes_a_fixed_number_of_queries_with_covers_and_assignments(cast, second_ta, today_is_monday):
    client = cast.client_for("ta")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            client.get(home(cast))
        return len(queries)

    provision_for(cast, name="Group 0", pupils=[cast.taught_pupil])
    client.get(home(cast))
    few = count()
    for number in range(1, 6):
        group = provision_for(cast, name=f"Group {number}", staff=("teacher",), pupils=[cast.taught_pupil])
        Cover.objects.create(
            provision=group,
            slot=group.slots.get(),
            on_date=MONDAY,
            starts_at=datetime.time(9, 15),
            minutes=20,
            covered_by=cast["ta"],
            reason="absent",
            created_by=cast["sendco"],
        )
        SlotAssignment.objects.create(slot=group.slots.get(), user=cast["ta"])
    assert count() == few
