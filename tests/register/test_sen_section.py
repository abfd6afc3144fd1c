"""A pupil's SEN section: what it shows and to whom, its identity-bar badges, and the forms that change
provision, needs, monitoring and places in a base (each saved and audited through the services)."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from opensend.audit.models import AuditEvent
from opensend.register.models import BaseMembership, MonitoringEntry, SenStatus

from .helpers import give_school_a_base, give_sen, monitor, place_in_base


def url(cast, name: str = "sen") -> str:
    return reverse(f"register:{name}", kwargs={"pupil_id": cast.taught_pupil.public_id})


def current(cast) -> SenStatus | None:
    return SenStatus.objects.filter(pupil=cast.taught_pupil, end_date__isnull=True).first()


def open_needs(cast) -> list[tuple[str, int]]:
    return list(cast.taught_pupil.sen_needs.filter(end_date__isnull=True).values_list("need_type", "rank"))


def on(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


TODAY = timezone.localdate()
LAST_WEEK = TODAY - datetime.timedelta(days=7)


# --- reading -------------------------------------------------------------------------------------


def test_the_section_shows_provision_who_decided_and_when_parents_were_told(cast):
    status = give_sen(cast.taught_pupil, cast.school, "K", "SLCN", "SEMH")
    SenStatus.objects.filter(pk=status.pk).update(
        decided_by=cast["sendco"], parents_notified_on=datetime.date(2025, 9, 3), parents_notified_by="letter"
    )
    html = cast.client_for("sendco").get(url(cast)).content.decode()
    assert "1 September 2025" in html
    assert cast["sendco"].display_name in html
    assert "3 September 2025, by letter" in html
    assert "Social, emotional and mental health" in html


def test_viewing_the_section_is_audited(cast):
    cast.client_for("teacher").get(url(cast))
    event = AuditEvent.objects.get(action=AuditEvent.Action.VIEW, pupil=cast.taught_pupil)
    assert (event.actor, event.summary) == (cast["teacher"], "Viewed SEN record")


def test_the_sen_tab_is_on_the_record_for_sen_readers_only(cast):
    record = reverse("pupils:record", kwargs={"pupil_id": cast.taught_pupil.public_id})
    assert url(cast).encode() in cast.client_for("teacher").get(record).content
    assert url(cast).encode() not in cast.client_for("school-admin").get(record).content


def test_the_identity_bar_shows_sen_support_and_monitoring_badges(cast):
    give_sen(cast.taught_pupil, cast.school, "K", "SLCN")
    monitor(cast.taught_pupil, cast.school)
    badges = [badge.text for badge in cast.client_for("teacher").get(url(cast)).context["badges"]]
    assert badges == ["SEN support", "Monitoring"]


def test_the_identity_bar_shows_an_ehc_plan_badge(cast):
    give_sen(cast.taught_pupil, cast.school, "E", "ASD")
    record = reverse("pupils:record", kwargs={"pupil_id": cast.taught_pupil.public_id})
    assert [badge.text for badge in cast.client_for("sendco").get(record).context["badges"]] == ["EHC plan"]


def test_a_teacher_reads_the_section_without_any_way_to_change_it(cast):
    give_sen(cast.taught_pupil, cast.school, "K", "SLCN")
    html = cast.client_for("teacher").get(url(cast)).content.decode()
    assert url(cast, "provision-change") not in html
    assert url(cast, "provision-change") in cast.client_for("sendco").get(url(cast)).content.decode()


def test_the_section_takes_the_same_number_of_queries_however_much_history_it_holds(cast):
    def queries() -> int:
        client = cast.client_for("sendco")
        client.get(url(cast))
        with CaptureQueriesContext(connection) as captured:
            client.get(url(cast))
        return len(captured)

    give_school_a_base(cast.school)
    sparse = queries()
    give_sen(cast.taught_pupil, cast.school, "K", "SLCN", "SEMH", "MLD")
    monitor(cast.taught_pupil, cast.school)
    place_in_base(cast.taught_pupil, cast.school)
    assert queries() == sparse


# --- provision -------------------------------------------------------------------------------------


def test_starting_sen_support_saves_it_audits_it_and_asks_for_the_needs(cast):
    give_sen(cast.taught_pupil, cast.school, "N")
    response = cast.client_for("sendco").post(
        url(cast, "provision-change"),
        {
            "provision": "K",
            "start_date": on(LAST_WEEK),
            "reason": "Agreed at the review meeting",
            "parents_notified_on": on(LAST_WEEK),
            "parents_notified_by": "meeting",
            "current": SenStatus.objects.get(pupil=cast.taught_pupil).pk,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == url(cast, "needs-change")
    status = current(cast)
    assert (status.provision, status.start_date, status.parents_notified_by) == ("K", LAST_WEEK, "meeting")
    assert status.decided_by == cast["sendco"]
    assert AuditEvent.objects.filter(pupil=cast.taught_pupil, summary="SEN provision set to SEN support").exists()


def test_starting_sen_support_needs_when_and_how_parents_were_told(cast):
    response = cast.client_for("sendco").post(
        url(cast, "provision-change"),
        {"provision": "K", "start_date": on(LAST_WEEK), "reason": "Review", "current": 0},
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["parents_notified_on"] == ["Enter the date parents were told that SEN support is starting"]
    assert errors["parents_notified_by"] == ["Choose how parents were told that SEN support is starting"]
    assert current(cast) is None
    assert b"govuk-error-summary" in response.content


def test_the_same_provision_again_is_refused(cast):
    status = give_sen(cast.taught_pupil, cast.school, "E", "ASD")
    response = cast.client_for("sendco").post(
        url(cast, "provision-change"),
        {"provision": "E", "start_date": on(LAST_WEEK), "reason": "Again", "current": status.pk},
    )
    assert response.status_code == 400
    assert "already has" in response.context["form"].errors["provision"][0]


def test_a_start_date_in_the_future_is_refused(cast):
    tomorrow = TODAY + datetime.timedelta(days=1)
    response = cast.client_for("sendco").post(
        url(cast, "provision-change"), {"provision": "N", "start_date": on(tomorrow), "reason": "x", "current": 0}
    )
    assert response.context["form"].errors["start_date"] == [
        "The date the new provision starts must be today or in the past"
    ]


def test_a_change_made_meanwhile_by_someone_else_is_refused_with_409(cast):
    opened_with = give_sen(cast.taught_pupil, cast.school, "N").pk
    give_sen_later = SenStatus.objects.get(pk=opened_with)
    give_sen_later.end_date = datetime.date(2026, 1, 1)
    give_sen_later.save()
    SenStatus.objects.create(
        pupil=cast.taught_pupil, school=cast.school, provision="E", start_date=datetime.date(2026, 1, 2)
    )
    response = cast.client_for("sendco").post(
        url(cast, "provision-change"),
        {"provision": "N", "start_date": on(LAST_WEEK), "reason": "Stale", "current": opened_with},
    )
    assert response.status_code == 409
    assert current(cast).provision == "E"


# --- needs -------------------------------------------------------------------------------------------


def test_needs_are_saved_in_rank_order(cast):
    give_sen(cast.taught_pupil, cast.school, "K", "SLCN")
    response = cast.client_for("sendco").post(
        url(cast, "needs-change"),
        {
            "primary_need": "SEMH",
            "secondary_need": "SLCN",
            "third_need": "SPLD",
            "start_date": on(TODAY),
            "current": "SLCN",
        },
    )
    assert response.status_code == 302
    assert open_needs(cast) == [("SEMH", 1), ("SLCN", 2), ("SPLD", 3)]
    assert AuditEvent.objects.filter(pupil=cast.taught_pupil, summary="SEN needs changed").exists()


def test_nsa_for_a_pupil_with_an_ehc_plan_is_refused_naming_the_field(cast):
    give_sen(cast.taught_pupil, cast.school, "E", "ASD")
    response = cast.client_for("sendco").post(
        url(cast, "needs-change"), {"primary_need": "NSA", "start_date": on(TODAY), "current": "ASD"}
    )
    assert response.status_code == 400
    message = response.context["form"].errors["primary_need"][0]
    assert message.startswith("NSA can only be the primary need of a pupil on SEN support (K)")
    assert open_needs(cast) == [("ASD", 1)]


def test_the_same_need_twice_is_refused_naming_both_places(cast):
    give_sen(cast.taught_pupil, cast.school, "K", "SLCN")
    response = cast.client_for("sendco").post(
        url(cast, "needs-change"),
        {"primary_need": "SLCN", "secondary_need": "SLCN", "start_date": on(TODAY), "current": "SLCN"},
    )
    assert response.context["form"].errors["secondary_need"] == [
        "SLCN is already the primary need: choose a different secondary need or leave it as none"
    ]


def test_a_third_need_without_a_secondary_need_is_refused(cast):
    give_sen(cast.taught_pupil, cast.school, "K", "SLCN")
    response = cast.client_for("sendco").post(
        url(cast, "needs-change"),
        {"primary_need": "SLCN", "third_need": "SEMH", "start_date": on(TODAY), "current": "SLCN"},
    )
    assert response.context["form"].errors["secondary_need"] == ["Choose the secondary need before the third need"]


def test_a_primary_need_is_required(cast):
    give_sen(cast.taught_pupil, cast.school, "K", "SLCN")
    response = cast.client_for("sendco").post(url(cast, "needs-change"), {"start_date": on(TODAY), "current": "SLCN"})
    assert response.context["form"].errors["primary_need"] == ["Choose the primary need"]


def test_needs_cannot_be_changed_for_a_pupil_without_sen(cast):
    give_sen(cast.taught_pupil, cast.school, "N")
    response = cast.client_for("sendco").get(url(cast, "needs-change"))
    assert response.status_code == 200
    assert b"Change Tia Taught&#x27;s provision first" in response.content
    assert "form" not in response.context


# --- monitoring ---------------------------------------------------------------------------------------


def test_a_pupil_is_added_to_and_taken_off_the_monitoring_list(cast):
    give_sen(cast.taught_pupil, cast.school, "N")
    client = cast.client_for("assistant-sendco")
    added = client.post(url(cast, "monitoring-add"), {"reason": "Slow reading", "started_on": on(LAST_WEEK)})
    assert added.status_code == 302
    entry = MonitoringEntry.objects.get(pupil=cast.taught_pupil)
    assert (entry.reason, entry.started_on, entry.added_by) == ("Slow reading", LAST_WEEK, cast["assistant-sendco"])
    ended = client.post(url(cast, "monitoring-end"), {"reason": "Caught up", "ended_on": on(TODAY)})
    assert ended.status_code == 302
    entry.refresh_from_db()
    assert (entry.ended_on, entry.end_reason) == (TODAY, "Caught up")
    assert AuditEvent.objects.filter(object_type="register.monitoringentry").count() == 2


def test_monitoring_needs_a_reason_named_in_the_error(cast):
    response = cast.client_for("sendco").post(url(cast, "monitoring-add"), {"reason": "", "started_on": on(TODAY)})
    assert response.context["form"].errors["reason"] == ["Enter why the pupil is being monitored"]


def test_a_pupil_on_the_register_is_not_added_to_the_monitoring_list(cast):
    give_sen(cast.taught_pupil, cast.school, "K", "SLCN")
    response = cast.client_for("sendco").post(url(cast, "monitoring-add"), {"reason": "x", "started_on": on(TODAY)})
    assert response.status_code == 400
    assert not MonitoringEntry.objects.exists()


# --- places in a base ------------------------------------------------------------------------------------


def test_a_place_is_offered_only_where_the_school_has_a_base(cast):
    give_sen(cast.taught_pupil, cast.school, "E", "ASD")
    response = cast.client_for("sendco").get(url(cast, "base-start"))
    assert b"has no SEN unit or resourced provision set up" in response.content
    assert b"Start a place" not in cast.client_for("sendco").get(url(cast)).content


def test_a_place_in_the_schools_base_starts_and_ends_under_its_own_name(cast):
    give_school_a_base(cast.school, "The Nest")
    give_sen(cast.taught_pupil, cast.school, "E", "ASD")
    client = cast.client_for("sendco")
    assert b"Start a place in The Nest" in client.get(url(cast, "base-start")).content
    started = client.post(url(cast, "base-start"), {"kind": "resourced", "on": on(LAST_WEEK)})
    assert started.status_code == 302
    membership = BaseMembership.objects.get(pupil=cast.taught_pupil, ended_on__isnull=True)
    assert membership.started_on == LAST_WEEK
    assert b"Has a place in The Nest" in client.get(url(cast)).content
    ended = client.post(url(cast, "base-end"), {"kind": "resourced", "on": on(TODAY)})
    assert ended.status_code == 302
    membership.refresh_from_db()
    assert membership.ended_on == TODAY


def test_a_place_cannot_end_before_it_started(cast):
    give_school_a_base(cast.school)
    give_sen(cast.taught_pupil, cast.school, "E", "ASD")
    place_in_base(cast.taught_pupil, cast.school)
    response = cast.client_for("sendco").post(url(cast, "base-end"), {"kind": "resourced", "on": "01/01/2020"})
    assert response.status_code == 400
    assert response.context["form"].errors["on"][0].startswith("The place must end on or after")
