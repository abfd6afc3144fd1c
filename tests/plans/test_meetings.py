"""Meetings of every kind: who was there, views and decisions, actions with owners that stay on the
owner's dashboard and in their digest until marked done, and the record as a PDF for the family."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from opensend.accounts.models import Role
from opensend.audit.models import AuditEvent
from opensend.dashboards.chronology import pupil_chronology
from opensend.plans import digest, selectors, services
from opensend.plans.models import MeetingAction, ParentMeeting
from opensend.plans.subject_access import plans as plans_export
from tests.conftest import give_mfa
from tests.factories import ContactFactory, MembershipFactory, PupilFactory, UserFactory, enrol

from .factories import MeetingFactory

YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)


def meeting_url(meeting, name: str = "meeting") -> str:
    return reverse(f"plans:{name}", kwargs={"pupil_id": meeting.pupil.public_id, "meeting_id": meeting.public_id})


def a_meeting(cast, **fields) -> ParentMeeting:
    return MeetingFactory(
        pupil=cast.taught_pupil, school=cast.school, recorded_by=cast["sendco"], held_on=YESTERDAY, **fields
    )


def an_action(meeting, owner, *, due_on=None, description="Send home the visual timetable") -> MeetingAction:
    return MeetingAction.objects.create(
        meeting=meeting, description=description, owner=owner, due_on=due_on or timezone.localdate()
    )


def date_parts(name: str, day: datetime.date) -> dict:
    return {f"{name}-day": day.day, f"{name}-month": day.month, f"{name}-year": day.year}


def test_recording_a_multi_agency_meeting_with_staff_family_and_views(cast):
    mum = ContactFactory(pupil=cast.taught_pupil, name="Ada Bell", relationship="mother")
    response = cast.client_for("sendco").post(
        reverse("plans:meeting-add", kwargs={"pupil_id": cast.taught_pupil.public_id}),
        {
            **date_parts("held_on", YESTERDAY),
            "kind": "multi-agency",
            "staff_present": [cast["sendco"].pk, cast["teacher"].pk],
            "family_present": [mum.pk],
            "other_attendees": "Dr Shah, educational psychologist",
            "pupil_views": "Likes the quiet table",
            "family_views": "Worried about homework",
            "decisions": "Shorter homework tasks",
        },
    )
    meeting = ParentMeeting.objects.get(pupil=cast.taught_pupil)
    assert response.status_code == 302
    assert response["Location"] == meeting_url(meeting)
    assert meeting.kind == ParentMeeting.Kind.MULTI_AGENCY
    assert set(meeting.staff_present.all()) == {cast["sendco"], cast["teacher"]}
    assert list(meeting.family_present.all()) == [mum]
    assert (meeting.pupil_views, meeting.family_views) == ("Likes the quiet table", "Worried about homework")
    event = AuditEvent.objects.get(action="create", object_type="plans.parentmeeting")
    assert event.changes["family_present"] == [None, [mum.pk]]
    assert event.changes["pupil_views"] == [None, "Likes the quiet table"]


def test_only_the_pupils_own_parents_and_carers_can_be_present(cast):
    stranger = ContactFactory(pupil=PupilFactory(trust=cast.trust))
    with pytest.raises(ValidationError) as refused:
        services.meeting_record(
            actor=cast["sendco"],
            pupil=cast.taught_pupil,
            school=cast.school,
            held_on=YESTERDAY,
            kind="other",
            family_present=[stranger],
        )
    assert "family_present" in refused.value.message_dict


def test_a_meeting_needs_someone_who_attended(cast):
    response = cast.client_for("sendco").post(
        reverse("plans:meeting-add", kwargs={"pupil_id": cast.taught_pupil.public_id}),
        {**date_parts("held_on", YESTERDAY), "kind": "transition"},
    )
    assert response.status_code == 400
    assert b"Enter who attended" in response.content


def test_other_kinds_of_meeting_do_not_count_as_sen_support_reviews(cast):
    a_meeting(cast, kind=ParentMeeting.Kind.SEN_SUPPORT_REVIEW)
    a_meeting(cast, kind=ParentMeeting.Kind.MULTI_AGENCY)
    counts = selectors.sen_support_review_counts(cast.school, [cast.taught_pupil.pk])
    assert counts == {cast.taught_pupil.pk: 1}


def test_adding_an_action_on_the_meeting_page_is_audited(cast):
    meeting = a_meeting(cast)
    due = timezone.localdate() + datetime.timedelta(days=14)
    response = cast.client_for("sendco").post(
        meeting_url(meeting),
        {"description": "Ask the educational psychologist", "owner": cast["teacher"].pk, **date_parts("due_on", due)},
    )
    assert response.status_code == 302
    action = meeting.actions.get()
    assert (action.owner, action.due_on, action.done_on) == (cast["teacher"], due, None)
    assert AuditEvent.objects.filter(object_type="plans.meetingaction", action="create").exists()


def test_a_reader_who_may_not_edit_plans_cannot_add_an_action(cast):
    meeting = a_meeting(cast)
    response = cast.client_for("ta").post(
        meeting_url(meeting), {"description": "x", "owner": cast["ta"].pk, **date_parts("due_on", YESTERDAY)}
    )
    assert response.status_code == 404
    assert not meeting.actions.exists()


def dashboard(cast, role):
    return cast.client_for(role).get(reverse("dashboards:dashboard", kwargs={"urn": cast.school.urn}))


def test_an_open_action_stays_on_its_owners_dashboard_until_marked_done(cast):
    action = an_action(a_meeting(cast), cast["teacher"], due_on=YESTERDAY, description="Share the overlay")
    page = dashboard(cast, "teacher").content.decode()
    assert "Your actions from meetings" in page and "Share the overlay" in page and "Overdue since" in page
    assert "Share the overlay" not in dashboard(cast, "sendco").content.decode()

    response = cast.client_for("teacher").post(
        reverse("plans:action-done", kwargs={"urn": cast.school.urn, "action_id": action.public_id}),
        {"next": reverse("home")},
    )

    assert response.status_code == 302 and response["Location"] == reverse("home")
    action.refresh_from_db()
    assert (action.done_on, action.done_by) == (timezone.localdate(), cast["teacher"])
    assert "Share the overlay" not in dashboard(cast, "teacher").content.decode()
    event = AuditEvent.objects.get(object_type="plans.meetingaction", action="update")
    assert event.changes["done_on"] == [None, timezone.localdate().isoformat()]


def test_marking_done_twice_changes_nothing_the_second_time(cast):
    action = an_action(a_meeting(cast), cast["teacher"])
    done_url = reverse("plans:action-done", kwargs={"urn": cast.school.urn, "action_id": action.public_id})
    cast.client_for("teacher").post(done_url)
    response = cast.client_for("sendco").post(done_url)
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.done_by == cast["teacher"]
    assert AuditEvent.objects.filter(object_type="plans.meetingaction", action="update").count() == 1


def test_a_ta_marks_their_own_action_done_but_not_someone_elses(cast):
    meeting = a_meeting(cast)
    theirs, not_theirs = an_action(meeting, cast["ta"]), an_action(meeting, cast["teacher"])
    client = cast.client_for("ta")
    done = lambda action: reverse("plans:action-done", kwargs={"urn": cast.school.urn, "action_id": action.public_id})  # noqa: E731
    assert client.post(done(theirs)).status_code == 302
    assert client.post(done(not_theirs)).status_code == 404
    not_theirs.refresh_from_db()
    assert not_theirs.done_on is None


def test_the_digest_lists_open_actions_by_initials_only(cast):
    meeting = a_meeting(cast)
    an_action(meeting, cast["teacher"], due_on=YESTERDAY)
    an_action(meeting, cast["teacher"], description="done").__class__.objects.filter(description="done").update(
        done_on=YESTERDAY
    )
    items = digest.actions_open(cast["teacher"], timezone.localdate())
    assert len(items) == 1
    assert cast.taught_pupil.legal_surname not in items[0].text
    assert "overdue since" in items[0].text
    assert items[0].path == reverse("plans:my-actions", kwargs={"urn": cast.school.urn})


def test_my_actions_pages_in_a_fixed_number_of_queries(cast, django_assert_max_num_queries):
    meeting = a_meeting(cast)
    an_action(meeting, cast["teacher"])
    client = cast.client_for("teacher")
    url = reverse("plans:my-actions", kwargs={"urn": cast.school.urn})
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for day in range(60):
        an_action(meeting, cast["teacher"], due_on=timezone.localdate() + datetime.timedelta(days=day))
    with django_assert_max_num_queries(len(one)):
        page = client.get(url)
    assert page.content.decode().count('name="next"') == 50
    assert "after=" in page.content.decode()


def test_the_meeting_prints_as_a_pdf_named_without_the_pupil(cast):
    meeting = a_meeting(cast, decisions="Shorter homework tasks", family_views="Pleased with reading")
    an_action(meeting, cast["teacher"], description="Book the next review")
    response = cast.client_for("teacher").get(meeting_url(meeting, "meeting-print"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    disposition = response["Content-Disposition"]
    assert f"meeting-{meeting.held_on:%Y-%m-%d}.pdf" in disposition
    assert cast.taught_pupil.legal_surname.lower() not in disposition.lower()
    assert AuditEvent.objects.filter(action="view", summary__contains="(PDF)").exists()


def test_the_printed_record_holds_what_the_family_needs(cast):
    meeting = a_meeting(cast, decisions="Shorter homework tasks", pupil_views="Likes the quiet table")
    an_action(meeting, cast["teacher"], description="Book the next review")
    html = render_to_string(
        "plans/meeting_pdf.html",
        {"meeting": meeting, "pupil": meeting.pupil, "school": cast.school, "printed_on": timezone.localdate()},
    )
    for text in ("Shorter homework tasks", "Likes the quiet table", "Book the next review", cast.school.name):
        assert text in html
    # A page of the staff's own: links, navigation and the audit, never in the family's copy.
    assert "<a " not in html and "Recorded by" in html


def test_the_chronology_links_each_meeting_and_notes_actions_done(cast):
    meeting = a_meeting(cast, kind=ParentMeeting.Kind.TEAM_AROUND_FAMILY)
    MeetingAction.objects.create(
        meeting=meeting, description="Ring the GP", owner=cast["sendco"], due_on=YESTERDAY, done_on=YESTERDAY
    )
    events = [event for event in pupil_chronology(cast.taught_pupil) if event.kind == "Meeting"]
    assert {event.title for event in events} == {"Team around the family", "Action from a meeting done"}
    assert all(event.url == meeting_url(meeting) for event in events)


def test_the_subject_access_export_holds_meetings_and_their_actions(cast):
    meeting = a_meeting(cast, pupil_views="Likes the quiet table")
    meeting.staff_present.set([cast["teacher"]])
    an_action(meeting, cast["teacher"], description="Book the next review")
    tables = {part.key: part for part in plans_export(cast.taught_pupil, cast.school)}
    assert tables["parent-meetings"].rows[0]["Pupil views"] == "Likes the quiet table"
    assert tables["parent-meetings"].rows[0]["Staff present"] == cast["teacher"].display_name
    assert tables["meeting-actions"].rows[0]["Description"] == "Book the next review"


def test_a_teacher_sees_that_the_family_needs_an_interpreter_but_not_their_recorded_needs(cast):
    ContactFactory(
        pupil=cast.taught_pupil,
        name="Ada Bell",
        relationship="mother",
        language="Polish",
        interpreter_needed=True,
        accessibility_needs="Large print letters",
    )
    meeting = a_meeting(cast)
    for url in (
        reverse("plans:meetings", kwargs={"pupil_id": cast.taught_pupil.public_id}),
        reverse("plans:meeting-add", kwargs={"pupil_id": cast.taught_pupil.public_id}),
        meeting_url(meeting),
    ):
        teacher_page = cast.client_for("teacher").get(url)
        assert teacher_page.status_code == 200, url
        page = teacher_page.content.decode()
        assert "Language: Polish" not in page and "Large print letters" not in page, url
        assert "Language: Polish" in cast.client_for("sendco").get(url).content.decode(), url
    meetings = cast.client_for("teacher").get(
        reverse("plans:meetings", kwargs={"pupil_id": cast.taught_pupil.public_id})
    )
    assert "Family needs an interpreter" in meetings.content.decode()  # the identity bar


def test_another_school_of_the_trust_cannot_open_or_add_actions_to_this_schools_meeting(cast):
    meeting = a_meeting(cast)
    enrol(cast.taught_pupil, cast.other_school, nc_year="7")
    sendco = UserFactory(email="sendco@birchwood.test")
    MembershipFactory(user=sendco, school=cast.other_school, role=Role.SENDCO)
    give_mfa(sendco)
    client = Client()
    client.force_login(sendco)
    assert client.get(meeting_url(meeting)).status_code == 404
    response = client.post(
        meeting_url(meeting),
        {"description": "Chase", "owner": sendco.pk, **date_parts("due_on", timezone.localdate())},
    )
    assert response.status_code == 404
    with pytest.raises(ValidationError):
        services.action_add(
            actor=sendco,
            meeting=meeting,
            school=cast.other_school,
            description="Chase",
            owner=sendco,
            due_on=timezone.localdate(),
        )
    assert not MeetingAction.objects.exists()


def test_an_owner_is_not_shown_actions_about_a_pupil_outside_their_scope(cast):
    untaught = MeetingFactory(
        pupil=cast.untaught_pupil, school=cast.school, recorded_by=cast["sendco"], held_on=YESTERDAY
    )
    an_action(untaught, cast["teacher"], description="Ring the speech therapist")
    an_action(a_meeting(cast), cast["teacher"], description="Share the overlay")
    my_actions = cast.client_for("teacher").get(reverse("plans:my-actions", kwargs={"urn": cast.school.urn}))
    for page in (my_actions.content.decode(), dashboard(cast, "teacher").content.decode()):
        assert "Share the overlay" in page
        assert "Ring the speech therapist" not in page and cast.untaught_pupil.full_name not in page


def test_only_staff_whose_scope_reaches_the_pupil_can_own_an_action(cast):
    meeting = MeetingFactory(
        pupil=cast.untaught_pupil, school=cast.school, recorded_by=cast["sendco"], held_on=YESTERDAY
    )
    page = cast.client_for("sendco").get(meeting_url(meeting)).content.decode()
    assert cast["sendco"].display_name in page and cast["teacher"].display_name not in page
    response = cast.client_for("sendco").post(
        meeting_url(meeting),
        {"description": "Ring home", "owner": cast["teacher"].pk, **date_parts("due_on", timezone.localdate())},
    )
    assert response.status_code == 400 and not MeetingAction.objects.exists()
    with pytest.raises(ValidationError):
        services.action_add(
            actor=cast["sendco"],
            meeting=meeting,
            school=cast.school,
            description="Ring home",
            owner=cast["teacher"],
            due_on=timezone.localdate(),
        )
