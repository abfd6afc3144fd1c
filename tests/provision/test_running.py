"""Running provision as people use it: the SENDCo builds it from the library, adds its weekly
sessions and pupils; it shows on the pupil's record and chronology, is due for review once past its
planned end date, and is seen only by those it concerns."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from opensend.audit.models import AuditEvent
from opensend.provision.models import Member, Provision

from ..plans.factories import CycleFactory
from .factories import InterventionFactory, provision_for

MONDAY = datetime.date(2026, 11, 16)


def detail_url(provision, name="detail", **extra) -> str:
    return reverse(f"provision:{name}", kwargs={"provision_id": provision.public_id} | extra)


def test_the_sendco_starts_a_provision_from_the_library(cast):
    intervention = InterventionFactory(school=cast.school, name="Talk Boost", duration_weeks=10)
    client = cast.client_for("sendco")
    add = reverse("provision:add", kwargs={"urn": cast.school.urn})
    form = client.get(add + f"?intervention={intervention.public_id}").context["form"]
    assert form.initial["name"] == "Talk Boost"
    response = client.post(
        add,
        {
            "intervention": intervention.pk,
            "name": "Year 3 Talk Boost",
            "staff": [cast["ta"].pk],
            "starts_on": "2026-11-16",
            "ends_on": "2027-02-12",
            "room": "Library",
        },
    )
    provision = Provision.objects.get(name="Year 3 Talk Boost")
    assert response.status_code == 302
    assert list(provision.staff.all()) == [cast["ta"]]
    event = AuditEvent.objects.get(object_type="provision.provision", action=AuditEvent.Action.CREATE)
    assert event.changes["staff"] == [None, [cast["ta"].pk]]


def test_a_provision_needs_a_planned_end_on_or_after_its_start(cast):
    intervention = InterventionFactory(school=cast.school)
    response = cast.client_for("sendco").post(
        reverse("provision:add", kwargs={"urn": cast.school.urn}),
        {"intervention": intervention.pk, "name": "Group", "staff": [cast["ta"].pk], "starts_on": "2026-11-16"},
    )
    assert response.status_code == 400
    assert "Enter the planned end date" in response.content.decode()
    response = cast.client_for("sendco").post(
        reverse("provision:add", kwargs={"urn": cast.school.urn}),
        {
            "intervention": intervention.pk,
            "name": "Group",
            "staff": [cast["ta"].pk],
            "starts_on": "2026-11-16",
            "ends_on": "2026-11-01",
        },
    )
    assert "must be on or after the start date" in response.content.decode()
    assert not Provision.objects.exists()


def test_a_stale_change_to_a_provision_is_refused(cast):
    provision = provision_for(cast)
    Provision.objects.filter(pk=provision.pk).update(version=2)
    response = cast.client_for("sendco").post(
        detail_url(provision, "edit"),
        {
            "version": "1",
            "intervention": provision.intervention_id,
            "name": "Renamed",
            "staff": [cast["ta"].pk],
            "starts_on": "2026-09-07",
            "ends_on": "2030-07-19",
        },
    )
    assert response.status_code == 409
    assert Provision.objects.get(pk=provision.pk).name == "Reading group"


def test_adding_a_pupil_links_their_open_plan_and_is_audited_on_their_record(cast):
    cycle = CycleFactory(pupil=cast.taught_pupil, school=cast.school, lead_teacher=cast["teacher"])
    provision = provision_for(cast)
    response = cast.client_for("sendco").post(
        detail_url(provision, "member-add"), {"pupil": cast.taught_pupil.pk, "joined_on": "2026-11-16"}
    )
    member = Member.objects.get(provision=provision)
    assert response.status_code == 302
    assert member.pupil == cast.taught_pupil and member.cycle == cycle
    assert AuditEvent.objects.filter(pupil=cast.taught_pupil, object_type="provision.member").exists()


def test_a_pupil_who_leaves_early_keeps_their_dates(cast):
    provision = provision_for(cast, pupils=[cast.taught_pupil])
    member = provision.members.get()
    response = cast.client_for("assistant-sendco").post(
        detail_url(provision, "member-leave", member_id=member.pk),
        {"left_on": "2026-10-23", "reason": "Target met", "version": member.version},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.left_on == datetime.date(2026, 10, 23) and member.leave_reason == "Target met"


def test_a_stale_leaving_form_is_refused_and_changes_nothing(cast):
    provision = provision_for(cast, pupils=[cast.taught_pupil])
    member = provision.members.get()
    stale = member.version
    Member.objects.filter(pk=member.pk).update(version=stale + 1, outcome_comment="Changed meanwhile")
    response = cast.client_for("assistant-sendco").post(
        detail_url(provision, "member-leave", member_id=member.pk),
        {"left_on": "2026-10-23", "reason": "Target met", "version": stale},
    )
    assert response.status_code == 409
    member.refresh_from_db()
    assert member.left_on is None


def test_a_provision_past_its_planned_end_is_due_for_review(cast):
    provision_for(cast, name="Finished group", ends_on=datetime.date(2026, 10, 23))
    provision_for(cast, name="Running group")
    client = cast.client_for("sendco")
    list_url = reverse("provision:list", kwargs={"urn": cast.school.urn})
    assert [row.name for row in client.get(list_url).context["page"].rows] == ["Running group"]
    due = client.get(list_url + "?show=review").context["page"].rows
    assert [row.name for row in due] == ["Finished group"]
    home = client.get(reverse("dashboards:dashboard", kwargs={"urn": cast.school.urn}))
    panel = next(panel for panel in home.context["panels"] if panel.key == "provision-review")
    assert panel.count == 1 and panel.items[0].label == "Finished group"


def test_the_list_takes_a_fixed_number_of_queries(cast, django_assert_max_num_queries):
    for number in range(30):
        provision_for(cast, name=f"Group {number:02d}", pupils=[cast.taught_pupil])
    client = cast.client_for("sendco")
    with django_assert_max_num_queries(10):
        response = client.get(reverse("provision:list", kwargs={"urn": cast.school.urn}))
    assert len(response.context["page"].rows) == 25


def test_a_teacher_sees_the_provision_of_their_pupils_only(cast):
    provision_for(cast, name="Taught pupil's group", pupils=[cast.taught_pupil], staff=("sendco",))
    provision_for(cast, name="Other group", pupils=[cast.untaught_pupil], staff=("sendco",))
    rows = cast.client_for("teacher").get(reverse("provision:list", kwargs={"urn": cast.school.urn}))
    assert [row.name for row in rows.context["page"].rows] == ["Taught pupil's group"]


def test_the_person_delivering_sees_every_pupil_of_their_group(cast):
    provision = provision_for(cast, pupils=[cast.taught_pupil, cast.untaught_pupil])
    members = cast.client_for("ta").get(detail_url(provision)).context["members"]
    assert {member.pupil for member in members} == {cast.taught_pupil, cast.untaught_pupil}


def test_a_teacher_sees_only_their_own_pupils_in_a_group(cast):
    provision = provision_for(cast, pupils=[cast.taught_pupil, cast.untaught_pupil])
    members = cast.client_for("teacher").get(detail_url(provision)).context["members"]
    assert [member.pupil for member in members] == [cast.taught_pupil]


@pytest.mark.parametrize("role", ["outsider", "governor", "business-manager"])
def test_people_it_does_not_concern_get_404(cast, role):
    provision = provision_for(cast, pupils=[cast.taught_pupil])
    assert cast.client_for(role).get(detail_url(provision)).status_code == 404


def test_the_pupil_record_shows_their_provision_and_the_chronology_their_joining(cast):
    provision_for(cast, name="Reading group", pupils=[cast.taught_pupil])
    client = cast.client_for("teacher")
    record = client.get(reverse("provision:pupil", kwargs={"pupil_id": cast.taught_pupil.public_id}))
    assert [member.provision.name for member in record.context["memberships"]] == ["Reading group"]
    assert AuditEvent.objects.filter(pupil=cast.taught_pupil, action=AuditEvent.Action.VIEW).exists()
    chronology = client.get(reverse("dashboards:chronology", kwargs={"pupil_id": cast.taught_pupil.public_id}))
    titles = [event.title for event in chronology.context["events"]]
    assert "Joined Reading group" in titles


def test_an_outcome_joins_the_chronology(cast):
    provision = provision_for(cast, name="Reading group", pupils=[cast.taught_pupil])
    provision.members.update(outcome_rating=1, outcome_comment="Reads fluently", exit_on=datetime.date(2026, 12, 4))
    response = cast.client_for("sendco").get(
        reverse("dashboards:chronology", kwargs={"pupil_id": cast.taught_pupil.public_id}) + "?kind=Provision"
    )
    outcome = next(event for event in response.context["events"] if event.title.startswith("Outcome"))
    assert outcome.title == "Outcome of Reading group: +1" and outcome.on == datetime.date(2026, 12, 4)


def test_removing_a_weekly_session_twice_is_refused_and_audited_once(cast):
    provision = provision_for(cast)
    slot = provision.slots.get()
    url = detail_url(provision, "slot-remove", slot_id=slot.pk)
    client = cast.client_for("sendco")
    assert client.post(url, {"version": provision.version}).status_code == 302
    again = client.post(url, {"version": provision.version})
    assert again.status_code == 409
    assert "was removed" in again.content.decode()
    assert AuditEvent.objects.filter(object_type="provision.slot", action=AuditEvent.Action.ARCHIVE).count() == 1


def test_removing_a_weekly_session_from_a_page_of_a_changed_provision_is_refused(cast):
    provision = provision_for(cast)
    slot = provision.slots.get()
    response = cast.client_for("sendco").post(
        detail_url(provision, "slot-remove", slot_id=slot.pk), {"version": provision.version - 1}
    )
    assert response.status_code == 409
    assert provision.slots.filter(pk=slot.pk).exists()


def test_the_remove_button_of_a_weekly_session_quotes_the_provisions_version(cast):
    provision = provision_for(cast)
    slot = provision.slots.get()
    page = cast.client_for("sendco").get(detail_url(provision)).content.decode()
    form = page[page.index(detail_url(provision, "slot-remove", slot_id=slot.pk)) :].split("</form>")[0]
    assert f'name="version" value="{provision.version}"' in form
