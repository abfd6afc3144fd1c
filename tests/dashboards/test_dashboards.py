"""Home dashboards, "my class" and the pupil chronology."""

from __future__ import annotations

import datetime

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from opensend.accounts.models import GroupStaff, Role
from opensend.audit.models import AuditEvent
from opensend.ehc.models import AssessmentRequest, LocalAuthority
from opensend.identification.models import Concern, ContributionRequest
from opensend.passports.models import PassportVersion
from opensend.plans.models import Cycle
from opensend.pupils.models import Pupil
from opensend.register import services as register

from ..conftest import give_mfa
from ..factories import (
    GroupMembershipFactory,
    GroupStaffFactory,
    MembershipFactory,
    PupilFactory,
    TeachingGroupFactory,
    UserFactory,
    enrol,
)
from ..plans.factories import OutcomeFactory, TargetFactory

TODAY = datetime.date(2026, 11, 23)


def put_on_register(cast, pupil, provision="K", needs=("SLCN",)):
    register.sen_status_set(
        actor=cast["sendco"],
        pupil=pupil,
        school=cast.school,
        provision=provision,
        start_date=datetime.date(2026, 9, 10),
        reason="Assessed",
        parents_notified_on=datetime.date(2026, 9, 10),
        parents_notified_by="meeting",
    )
    register.sen_needs_set(actor=cast["sendco"], pupil=pupil, school=cast.school, needs=list(needs), on=TODAY)


def open_cycle(cast, pupil, review_date):
    return Cycle.objects.create(
        pupil=pupil,
        school=cast.school,
        number=1,
        lead_teacher=cast["teacher"],
        status="do",
        opened_on=review_date - datetime.timedelta(days=42),
        review_date=review_date,
        strategies="Visual timetable; check understanding",
    )


def dashboard(cast, role):
    return cast.client_for(role).get(reverse("dashboards:dashboard", kwargs={"urn": cast.school.urn}))


def panel(response, key):
    return next(panel for panel in response.context["panels"] if panel.key == key)


def test_the_sendco_sees_new_concerns_to_triage(cast):
    Concern.objects.create(
        pupil=cast.untaught_pupil, school=cast.school, raised_by=cast["teacher"], raised_on=TODAY, what_seen="Struggles"
    )
    assert panel(dashboard(cast, "sendco"), "concerns").count == 1


def test_overdue_reviews_appear_for_the_sendco_and_the_teacher(cast):
    put_on_register(cast, cast.taught_pupil)
    open_cycle(cast, cast.taught_pupil, datetime.date(2020, 1, 1))
    for role in ("sendco", "teacher"):
        overdue = panel(dashboard(cast, role), "overdue")
        assert [item.label for item in overdue.items] == [cast.taught_pupil.full_name]


def test_a_teacher_does_not_see_reviews_of_pupils_they_do_not_teach(cast):
    put_on_register(cast, cast.untaught_pupil)
    open_cycle(cast, cast.untaught_pupil, datetime.date(2020, 1, 1))
    assert panel(dashboard(cast, "teacher"), "overdue").count == 0


def test_pupils_on_the_register_without_a_plan_are_listed_for_the_sendco(cast):
    put_on_register(cast, cast.untaught_pupil)
    no_plan = panel(dashboard(cast, "sendco"), "no-plan")
    assert [item.label for item in no_plan.items] == [cast.untaught_pupil.full_name]


def ask_teacher(cast, pupil, answered_on=None):
    concern = Concern.objects.create(
        pupil=pupil, school=cast.school, raised_by=cast["sendco"], raised_on=TODAY, what_seen="Struggles"
    )
    ContributionRequest.objects.create(
        concern=concern, asked=cast["teacher"], asked_by=cast["sendco"], asked_on=TODAY, answered_on=answered_on
    )


def test_the_teacher_sees_every_contribution_asked_of_them_and_not_yet_answered(cast):
    for _ in range(3):
        ask_teacher(cast, cast.taught_pupil)
    ask_teacher(cast, cast.taught_pupil, answered_on=TODAY)
    ask_teacher(cast, cast.untaught_pupil)  # not a pupil the teacher teaches
    requests = panel(dashboard(cast, "teacher"), "requests")
    assert requests.count == 3
    assert [item.label for item in requests.items] == [cast.taught_pupil.full_name] * 3
    assert all(item.hint.startswith("Asked by") for item in requests.items)


def test_the_sendco_sees_sen_support_pupils_short_of_parents_meetings_this_term(cast):
    put_on_register(cast, cast.taught_pupil)
    meetings = panel(dashboard(cast, "sendco"), "meetings")
    assert meetings.count == 1
    [item] = meetings.items
    assert item.label == cast.taught_pupil.full_name
    assert item.hint.startswith("0 of ")
    assert item.url == reverse("plans:meetings", kwargs={"pupil_id": cast.taught_pupil.public_id})


def test_the_head_sees_the_registers_shape(cast):
    put_on_register(cast, cast.untaught_pupil, provision="E")
    shape = dashboard(cast, "head").context["shape"]
    ehcp = next(share for share in shape.provision if share.code == "E")
    assert ehcp.count == 1


def test_a_teacher_sees_no_register_shape(cast):
    assert dashboard(cast, "teacher").context["shape"] is None


def test_my_class_lists_the_send_pupils_of_the_teachers_group_with_what_helps(cast):
    put_on_register(cast, cast.taught_pupil, needs=("SLCN", "SEMH"))
    PassportVersion.objects.create(
        pupil=cast.taught_pupil, school=cast.school, number=1, helps_me="Short instructions", created_by=cast["sendco"]
    )
    open_cycle(cast, cast.taught_pupil, TODAY + datetime.timedelta(days=30))
    response = cast.client_for("teacher").get(reverse("dashboards:my-class", kwargs={"urn": cast.school.urn}))
    [group] = response.context["groups"]
    [card] = group.cards
    assert card.row["public_id"] == cast.taught_pupil.public_id
    assert card.needs[0].startswith("Speech, language and communication needs")
    assert card.what_helps == "Short instructions"
    assert "Visual timetable" in response.content.decode()


def test_my_class_shows_the_newest_passport_version(cast):
    put_on_register(cast, cast.taught_pupil, needs=("SLCN",))
    for number, helps in ((1, "Old advice"), (3, "Newest advice"), (2, "Middle advice")):
        PassportVersion.objects.create(
            pupil=cast.taught_pupil,
            school=cast.school,
            number=number,
            helps_me=helps,
            find_hard=f"Hard {number}",
            created_by=cast["sendco"],
        )
    response = cast.client_for("teacher").get(reverse("dashboards:my-class", kwargs={"urn": cast.school.urn}))
    [card] = response.context["groups"][0].cards
    assert (card.what_helps, card.what_is_hard) == ("Newest advice", "Hard 3")


def test_my_class_says_when_a_pupil_has_no_passport(cast):
    put_on_register(cast, cast.taught_pupil, needs=("SLCN",))
    response = cast.client_for("teacher").get(reverse("dashboards:my-class", kwargs={"urn": cast.school.urn}))
    [card] = response.context["groups"][0].cards
    assert card.what_helps == ""
    assert "No passport yet" in response.content.decode()


def test_my_class_shows_a_pupils_medical_needs(cast):
    put_on_register(cast, cast.taught_pupil)
    Pupil.objects.filter(pk=cast.taught_pupil.pk).update(medical_needs="Epilepsy: healthcare plan in the office.")
    response = cast.client_for("teacher").get(reverse("dashboards:my-class", kwargs={"urn": cast.school.urn}))
    page = response.content.decode()
    assert '<strong class="govuk-tag govuk-tag--red">Medical</strong>' in page
    assert "Epilepsy: healthcare plan in the office." in page


def test_my_class_leaves_out_pupils_without_send(cast):
    response = cast.client_for("ta").get(reverse("dashboards:my-class", kwargs={"urn": cast.school.urn}))
    assert [card for group in response.context["groups"] for card in group.cards] == []


def _my_class_groups(cast, role="teacher"):
    response = cast.client_for(role).get(reverse("dashboards:my-class", kwargs={"urn": cast.school.urn}))
    return {
        entry.name: (entry.role, [card.row["legal_surname"] for card in entry.cards])
        for entry in response.context["groups"]
    }


def test_my_class_shows_a_pupil_under_each_of_the_teachers_groups_they_are_in(cast):
    maths = TeachingGroupFactory(school=cast.school, name="3 Maths", kind="teaching")
    GroupStaffFactory(group=maths, user=cast["teacher"], kind=GroupStaff.Kind.TEACHER)
    GroupMembershipFactory(group=maths, pupil=cast.taught_pupil)
    put_on_register(cast, cast.taught_pupil)
    surname = cast.taught_pupil.legal_surname
    assert _my_class_groups(cast) == {"3 Maths": ("Teacher", [surname]), "3 Oak": ("Teacher", [surname])}


def test_my_class_leaves_out_archived_groups_and_shows_a_group_taught_and_supported_once(cast):
    old = TeachingGroupFactory(school=cast.school, name="2 Elm", archived_at=timezone.now())
    GroupStaffFactory(group=old, user=cast["teacher"], kind=GroupStaff.Kind.TEACHER)
    GroupStaffFactory(group=cast.group, user=cast["teacher"], kind=GroupStaff.Kind.TA)
    assert _my_class_groups(cast) == {"3 Oak": ("Teacher", [])}


def test_my_class_shows_the_open_plans_review_date_and_targets(cast):
    put_on_register(cast, cast.taught_pupil)
    cycle = open_cycle(cast, cast.taught_pupil, datetime.date(2027, 1, 15))
    TargetFactory(outcome=OutcomeFactory(cycle=cycle), description="Reads ten tricky words")
    page = cast.client_for("teacher").get(reverse("dashboards:my-class", kwargs={"urn": cast.school.urn}))
    text = page.content.decode()
    assert "Review 15 January 2027" in text
    assert "Reads ten tricky words" in text


def _my_class_queries(cast) -> int:
    client = cast.client_for("teacher")
    url = reverse("dashboards:my-class", kwargs={"urn": cast.school.urn})
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries)


def test_my_class_takes_the_same_queries_for_one_pupil_and_many(cast):
    put_on_register(cast, cast.taught_pupil)
    open_cycle(cast, cast.taught_pupil, TODAY)
    one = _my_class_queries(cast)
    for index in range(8):
        pupil = PupilFactory(trust=cast.trust, legal_surname=f"Extra{index}")
        enrol(pupil, cast.school, group=cast.group)
        put_on_register(cast, pupil)
        open_cycle(cast, pupil, TODAY)
    assert _my_class_queries(cast) == one


def test_the_chronology_shows_register_changes_and_plans_newest_first(cast):
    put_on_register(cast, cast.taught_pupil)
    open_cycle(cast, cast.taught_pupil, TODAY)
    response = cast.client_for("sendco").get(
        reverse("dashboards:chronology", kwargs={"pupil_id": cast.taught_pupil.public_id})
    )
    titles = [event.title for event in response.context["events"]]
    assert "SEN support" in titles
    assert "Plan (APDR cycle 1) started" in titles
    dates = [event.on for event in response.context["events"]]
    assert dates == sorted(dates, reverse=True)
    assert "moj-timeline" in response.content.decode()


def test_the_chronology_filters_by_kind(cast):
    put_on_register(cast, cast.taught_pupil)
    open_cycle(cast, cast.taught_pupil, TODAY)
    response = cast.client_for("sendco").get(
        reverse("dashboards:chronology", kwargs={"pupil_id": cast.taught_pupil.public_id}), {"kind": "Plan"}
    )
    assert {event.kind for event in response.context["events"]} == {"Plan"}


def test_viewing_the_chronology_is_audited(cast):
    cast.client_for("teacher").get(reverse("dashboards:chronology", kwargs={"pupil_id": cast.taught_pupil.public_id}))
    assert AuditEvent.objects.filter(pupil=cast.taught_pupil, action="view", summary__contains="chronology").exists()


def test_the_sendco_and_head_see_statutory_deadlines_overdue_and_due_soon(cast):
    authority = LocalAuthority.objects.create(trust=cast.trust, code="380", name="Kirklees")
    # Decision to assess overdue; another request made this week is not yet due.
    AssessmentRequest.objects.create(
        pupil=cast.taught_pupil, school=cast.school, local_authority=authority, requested_on=datetime.date(2020, 1, 6)
    )
    AssessmentRequest.objects.create(
        pupil=cast.untaught_pupil, school=cast.school, local_authority=authority, requested_on=TODAY
    )
    sendco = panel(dashboard(cast, "sendco"), "deadlines")
    assert sendco.count == 3  # the old request's decision, no-plan decision and final plan
    assert sendco.items[0].label == "Tia Taught"
    assert "overdue, due 17 February 2020" in sendco.items[0].hint
    assert sendco.more_url == reverse("deadlines:caseload", kwargs={"urn": cast.school.urn})
    head = panel(dashboard(cast, "head"), "deadlines")
    assert head.count == 3 and head.more_url == ""
    assert "deadlines" not in [p.key for p in dashboard(cast, "teacher").context["panels"]]


# The school's panels are cached until the school's records change or the day does
# (opensend/dashboards/panels.py, panels_for).


def test_the_cached_panels_hold_no_pupils_name_and_the_page_shows_it(cast):
    pupil = PupilFactory(trust=cast.trust, legal_surname="Quillfeather")
    enrol(pupil, cast.school)
    put_on_register(cast, pupil)
    dashboard(cast, "sendco")
    page = dashboard(cast, "sendco")  # from the cache
    assert pupil.full_name in [item.label for item in panel(page, "no-plan").items]
    assert cache._cache, "the dashboard's panels should have been cached"
    assert not [key for key, stored in cache._cache.items() if b"Quillfeather" in stored]


def test_a_change_through_the_app_shows_on_the_next_view(cast):
    put_on_register(cast, cast.taught_pupil)
    before = panel(dashboard(cast, "sendco"), "no-plan").count
    put_on_register(cast, cast.untaught_pupil)  # audited: the school's cached figures are dropped
    assert panel(dashboard(cast, "sendco"), "no-plan").count == before + 1


def test_the_panels_are_worked_out_again_the_next_day(cast, monkeypatch):
    put_on_register(cast, cast.taught_pupil)
    today = timezone.localdate()
    open_cycle(cast, cast.taught_pupil, today + datetime.timedelta(days=15))
    assert panel(dashboard(cast, "sendco"), "due").count == 0
    monkeypatch.setattr(timezone, "localdate", lambda *args: today + datetime.timedelta(days=1))
    assert panel(dashboard(cast, "sendco"), "due").count == 1


def test_each_person_sees_their_own_panels_from_the_cache(cast):
    put_on_register(cast, cast.taught_pupil)
    put_on_register(cast, cast.untaught_pupil)
    open_cycle(cast, cast.taught_pupil, TODAY - datetime.timedelta(days=3))
    open_cycle(cast, cast.untaught_pupil, TODAY - datetime.timedelta(days=3))
    # Two teachers with the same role, each teaching one of the pupils.
    colleague = UserFactory(email="ash.teacher@oakfield.test")
    MembershipFactory(user=colleague, school=cast.school, role=Role.TEACHER)
    give_mfa(colleague)
    GroupStaffFactory(group=cast.other_group, user=colleague, kind=GroupStaff.Kind.TEACHER)
    colleagues_client = Client()
    colleagues_client.force_login(colleague)
    url = reverse("dashboards:dashboard", kwargs={"urn": cast.school.urn})

    assert [item.label for item in panel(dashboard(cast, "teacher"), "overdue").items] == [cast.taught_pupil.full_name]
    theirs = panel(colleagues_client.get(url), "overdue")
    assert [item.label for item in theirs.items] == [cast.untaught_pupil.full_name]
