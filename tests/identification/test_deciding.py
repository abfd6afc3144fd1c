"""The SENDCo decides: the SEN register (K), the monitoring list, or close with a reason; the person
who raised the concern sees the outcome. A stale decision is refused rather than saved over another."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from opensend.audit.models import AuditEvent
from opensend.identification.models import Concern, Contribution
from opensend.register.models import MonitoringEntry, SenNeed, SenStatus

from .helpers import a_concern, url


def register_form(**changes) -> dict:
    data = {
        "version": "1",
        "reason": "Phonological difficulties persist after two terms of targeted teaching.",
        "start_date": "2026-11-23",
        "parents_notified_on": "2026-11-20",
        "parents_notified_by": "meeting",
        "primary_need": "",
    }
    return data | changes


def test_adding_to_the_register_opens_sen_support_with_the_parents_notification(cast):
    concern = a_concern(cast)
    response = cast.client_for("sendco").post(url("decide-register", concern), register_form())
    assert response.status_code == 302
    status = SenStatus.objects.get(pupil=cast.taught_pupil, end_date__isnull=True)
    assert (status.provision, status.start_date) == ("K", datetime.date(2026, 11, 23))
    assert (status.parents_notified_on, status.parents_notified_by) == (datetime.date(2026, 11, 20), "meeting")
    assert status.decided_by == cast["sendco"]
    concern.refresh_from_db()
    assert (concern.status, concern.decision, concern.sen_status) == ("decided", "register", status)
    assert (concern.decided_by, concern.decided_on) == (cast["sendco"], timezone.localdate())


def test_the_outcome_shows_the_day_of_the_decision_and_the_start_of_sen_support_each_by_name(cast):
    concern = a_concern(cast)
    cast.client_for("sendco").post(url("decide-register", concern), register_form())
    html = cast.client_for("sendco").get(url("concern", concern)).content.decode()
    assert f"Decided on {timezone.localdate():%-d %B %Y}" in html
    assert "SEN support start date: 23 November 2026" in html


def test_sen_support_cannot_start_in_the_future(cast):
    concern = a_concern(cast)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = cast.client_for("sendco").post(url("decide-register", concern), register_form(start_date=tomorrow))
    assert response.status_code == 400
    assert "The date SEN support starts must be today or in the past" in response.content.decode()
    assert not SenStatus.objects.exists()


def test_adding_to_the_register_needs_the_date_parents_were_told(cast):
    concern = a_concern(cast)
    response = cast.client_for("sendco").post(url("decide-register", concern), register_form(parents_notified_on=""))
    assert response.status_code == 400
    assert not SenStatus.objects.exists()


def test_adding_to_the_register_can_record_the_primary_need(cast):
    concern = a_concern(cast)
    cast.client_for("sendco").post(url("decide-register", concern), register_form(primary_need="SPLD"))
    need = SenNeed.objects.get(pupil=cast.taught_pupil)
    assert (need.need_type, need.rank) == ("SPLD", 1)


def test_a_pupil_already_on_sen_support_is_not_added_again(cast):
    SenStatus.objects.create(
        pupil=cast.taught_pupil, school=cast.school, provision="K", start_date=datetime.date(2025, 9, 1)
    )
    concern = a_concern(cast)
    response = cast.client_for("sendco").post(url("decide-register", concern), register_form())
    assert response.status_code == 400
    assert "already on the SEN register" in response.content.decode()
    assert SenStatus.objects.count() == 1
    concern.refresh_from_db()
    assert concern.status == "new"


def test_the_register_decision_is_audited_with_the_register_change(cast):
    concern = a_concern(cast)
    cast.client_for("sendco").post(url("decide-register", concern), register_form())
    summaries = set(AuditEvent.objects.filter(actor=cast["sendco"]).values_list("summary", flat=True))
    assert {"SEN provision set to SEN support", "Concern decided: Added to the SEN register (SEN support)"} <= summaries


def test_monitoring_adds_the_pupil_to_the_monitoring_list(cast):
    concern = a_concern(cast)
    response = cast.client_for("assistant-sendco").post(
        url("decide-monitoring", concern), {"version": "1", "reason": "Watch reading fluency until February."}
    )
    assert response.status_code == 302
    entry = MonitoringEntry.objects.get(pupil=cast.taught_pupil, ended_on__isnull=True)
    assert (entry.reason, entry.added_by, entry.school) == (
        "Watch reading fluency until February.",
        cast["assistant-sendco"],
        cast.school,
    )
    concern.refresh_from_db()
    assert (concern.decision, concern.monitoring_entry) == ("monitoring", entry)
    assert not SenStatus.objects.exists()


def test_closing_records_the_reason(cast):
    concern = a_concern(cast)
    response = cast.client_for("sendco").post(
        url("close", concern), {"version": "1", "reason": "Resolved with quality first teaching."}
    )
    assert response.status_code == 302
    concern.refresh_from_db()
    assert (concern.status, concern.decision, concern.decision_reason) == (
        "decided",
        "closed",
        "Resolved with quality first teaching.",
    )
    assert not SenStatus.objects.exists() and not MonitoringEntry.objects.exists()
    assert AuditEvent.objects.get(object_type="identification.concern", action="update").changes["decision"] == [
        "",
        "closed",
    ]


def test_closing_needs_a_reason(cast):
    concern = a_concern(cast)
    response = cast.client_for("sendco").post(url("close", concern), {"version": "1", "reason": ""})
    assert response.status_code == 400
    concern.refresh_from_db()
    assert concern.status == "new"


def test_a_decision_from_a_stale_version_is_refused_with_409(cast):
    concern = a_concern(cast)
    Concern.objects.filter(pk=concern.pk).update(version=2)  # someone added a contribution meanwhile
    response = cast.client_for("sendco").post(url("close", concern), {"version": "1", "reason": "Resolved."})
    assert response.status_code == 409
    assert "Someone else changed this concern" in response.content.decode()
    concern.refresh_from_db()
    assert concern.status == "new"


def test_a_second_triager_cannot_overwrite_the_first_decision(cast):
    concern = a_concern(cast)
    cast.client_for("sendco").post(url("decide-monitoring", concern), {"version": "1", "reason": "Watch it."})
    response = cast.client_for("assistant-sendco").post(url("close", concern), {"version": "1", "reason": "Resolved."})
    assert response.status_code == 409
    assert "has already decided this concern: put on the monitoring list" in response.content.decode()
    concern.refresh_from_db()
    assert (concern.decision, concern.decided_by) == ("monitoring", cast["sendco"])


def test_a_contribution_after_the_form_was_opened_makes_the_decision_stale(cast):
    concern = a_concern(cast)
    version_seen = concern.version
    cast.client_for("teacher").post(url("contribute", concern), {"text": "It got worse this week."})
    response = cast.client_for("sendco").post(url("close", concern), {"version": version_seen, "reason": "Resolved."})
    assert response.status_code == 409


def test_after_a_409_the_form_quotes_the_new_version_so_the_decision_can_be_confirmed(cast):
    concern = a_concern(cast)
    cast.client_for("teacher").post(url("contribute", concern), {"text": "It got worse this week."})
    client = cast.client_for("sendco")
    refused = client.post(url("close", concern), {"version": "1", "reason": "Resolved."})
    assert refused.status_code == 409
    assert "It got worse this week." in refused.content.decode()  # the new contribution is shown
    confirmed = client.post(
        url("close", concern), {"version": refused.context["form"].data["version"], "reason": "Resolved."}
    )
    assert confirmed.status_code == 302
    concern.refresh_from_db()
    assert concern.decision == "closed"


def test_the_concern_page_offers_no_register_decision_for_a_pupil_already_on_it(cast):
    SenStatus.objects.create(
        pupil=cast.taught_pupil, school=cast.school, provision="E", start_date=datetime.date(2025, 9, 1)
    )
    concern = a_concern(cast)
    html = cast.client_for("sendco").get(url("concern", concern)).content.decode()
    assert url("decide-register", concern) not in html
    assert url("decide-monitoring", concern) in html


def test_a_decided_concern_takes_no_more_contributions(cast):
    concern = a_concern(cast)
    cast.client_for("sendco").post(url("close", concern), {"version": "1", "reason": "Resolved."})
    response = cast.client_for("teacher").post(url("contribute", concern), {"text": "Late thought."})
    assert response.status_code == 302
    assert not Contribution.objects.exists()


def test_a_teacher_cannot_decide(cast):
    concern = a_concern(cast)
    response = cast.client_for("teacher").post(url("close", concern), {"version": "1", "reason": "Resolved."})
    assert response.status_code == 404


def test_the_raiser_sees_the_outcome_on_their_concern(cast):
    concern = a_concern(cast)
    cast.client_for("sendco").post(
        url("close", concern), {"version": "1", "reason": "Resolved with quality first teaching."}
    )
    html = cast.client_for("teacher").get(url("concern", concern)).content.decode()
    assert "Outcome" in html
    assert "Closed" in html
    assert "Resolved with quality first teaching." in html


def test_the_raiser_sees_the_outcome_in_my_concerns(cast):
    concern = a_concern(cast)
    cast.client_for("sendco").post(url("decide-register", concern), register_form())
    html = (
        cast.client_for("teacher").get(reverse("identification:mine", kwargs={"urn": cast.school.urn})).content.decode()
    )
    assert f"Added to the SEN register (SEN support) on {timezone.localdate():%-d %B %Y}" in html
