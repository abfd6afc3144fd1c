"""Referrals: the expected response date from the deadline engine, the status flow, consent, the
overdue flag on the SENDCo's dashboard and in `deadlines --json`."""

from __future__ import annotations

import datetime
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from opensend.audit.models import AuditEvent
from opensend.casework import services
from opensend.casework.models import Consent, Referral, ReferralStatus
from opensend.deadlines.engine import due_date
from opensend.deadlines.rules import rule

from .factories import ReferralFactory, ServiceFactory

d = datetime.date
pytestmark = pytest.mark.django_db
S = ReferralStatus


def _send(referral, on, actor):
    return services.referral_set_status(
        actor=actor, referral=referral, expected_version=referral.version, status=S.SENT, on=on
    )


def test_the_referral_response_rule_is_local_and_names_its_source():
    found = rule("referral-response")
    assert found.local and found.kind == "referral"
    assert found.source.startswith("Local rule, not statutory")
    assert found.period_text == (
        "the service's usual waiting time (6 weeks after the referral being sent where none is recorded)"
    )


def test_the_engine_counts_the_services_own_waiting_time_and_refuses_one_for_a_fixed_rule():
    assert due_date("referral-response", d(2026, 9, 7), period=12) == d(2026, 11, 30)
    assert due_date("referral-response", d(2026, 9, 7)) == d(2026, 10, 19)
    with pytest.raises(ValueError, match="fixed period"):
        due_date("ehc-final-plan", d(2026, 1, 12), period=3)


def test_sending_a_referral_dates_the_expected_response_from_the_services_waiting_time(cast):
    service = ServiceFactory(school=cast.school, waiting_weeks=12)
    referral = services.referral_create(
        actor=cast["sendco"],
        school=cast.school,
        pupil=cast.taught_pupil,
        values={"service": service, "reason": "Speech", "consent": Consent.GIVEN, "consent_on": d(2026, 9, 1)},
    )
    assert referral.status == S.DRAFT and referral.expected_on is None
    sent = _send(referral, d(2026, 9, 7), cast["sendco"])
    assert (sent.sent_on, sent.waiting_weeks, sent.expected_on) == (d(2026, 9, 7), 12, d(2026, 11, 30))
    # A later change to the directory does not move a referral already sent.
    service.waiting_weeks = 30
    service.save()
    sent.refresh_from_db()
    assert sent.expected_on == d(2026, 11, 30)
    event = AuditEvent.objects.filter(object_type="casework.referral").latest("pk")
    assert event.changes["expected_on"] == [None, "2026-11-30"]


def test_a_referral_moves_only_to_the_statuses_that_follow(cast):
    referral = ReferralFactory(pupil=cast.taught_pupil, school=cast.school, created_by=cast["sendco"])
    with pytest.raises(ValidationError, match="cannot become seen"):
        services.referral_set_status(
            actor=cast["sendco"], referral=referral, expected_version=referral.version, status=S.SEEN, on=d(2026, 9, 7)
        )
    referral = _send(referral, d(2026, 9, 7), cast["sendco"])
    for status in (S.ACCEPTED, S.WAITING, S.SEEN, S.CLOSED):
        referral = services.referral_set_status(
            actor=cast["sendco"], referral=referral, expected_version=referral.version, status=status, on=d(2026, 10, 1)
        )
    assert referral.status == S.CLOSED and services.NEXT_STATUSES[S.CLOSED] == frozenset()


def test_a_referral_the_parent_refused_cannot_be_sent(cast):
    referral = ReferralFactory(
        pupil=cast.taught_pupil, school=cast.school, consent=Consent.REFUSED, created_by=cast["sendco"]
    )
    with pytest.raises(ValidationError, match="refused consent"):
        _send(referral, d(2026, 9, 7), cast["sendco"])
    assert Referral.objects.get(pk=referral.pk).status == S.DRAFT


def test_consent_given_needs_its_date(cast):
    service = ServiceFactory(school=cast.school)
    response = cast.client_for("sendco").post(
        reverse("casework:referral-add", kwargs={"pupil_id": cast.taught_pupil.public_id}),
        {"service": service.public_id, "reason": "Speech", "consent": Consent.GIVEN},
    )
    assert response.status_code == 400
    assert "Enter the date the parent gave or refused consent" in response.content.decode()


def _overdue_referral(cast, pupil=None):
    today = timezone.localdate()
    referral = ReferralFactory(
        pupil=pupil or cast.taught_pupil,
        school=cast.school,
        created_by=cast["sendco"],
        service=ServiceFactory(school=cast.school, waiting_weeks=6, name="Riverside EP Service"),
    )
    return _send(referral, today - datetime.timedelta(weeks=8), cast["sendco"])


def test_an_overdue_referral_is_in_the_deadlines_json_as_a_referral(cast):
    referral = _overdue_referral(cast)
    out = io.StringIO()
    call_command("deadlines", "--school", cast.school.urn, "--json", stdout=out)
    found = [item for item in json.loads(out.getvalue()) if item["rule"] == "referral-response"]
    assert found == [
        {
            "pupil": str(cast.taught_pupil.public_id),
            "kind": "referral",
            "rule": "referral-response",
            "starts": referral.sent_on.isoformat(),
            "due": referral.expected_on.isoformat(),
            "status": "overdue",
            "days": "calendar",
            "source": rule("referral-response").source,
            "local_authority": "",
        }
    ]


def test_a_referral_that_has_been_seen_is_no_longer_open(cast):
    referral = _overdue_referral(cast)
    services.referral_set_status(
        actor=cast["sendco"],
        referral=referral,
        expected_version=referral.version,
        status=S.SEEN,
        on=timezone.localdate(),
    )
    out = io.StringIO()
    call_command("deadlines", "--school", cast.school.urn, "--json", stdout=out)
    assert not [item for item in json.loads(out.getvalue()) if item["rule"] == "referral-response"]


def _panel(cast, role, key):
    response = cast.client_for(role).get(reverse("dashboards:dashboard", kwargs={"urn": cast.school.urn}))
    return next((panel for panel in response.context["panels"] if panel.key == key), None)


def test_an_overdue_referral_is_flagged_on_the_sendcos_dashboard_not_among_statutory_deadlines(cast):
    _overdue_referral(cast)
    flagged = _panel(cast, "sendco", "referrals")
    assert flagged.count == 1
    assert flagged.items[0].label == cast.taught_pupil.full_name
    assert "Riverside EP Service: a response was expected by" in flagged.items[0].hint
    assert _panel(cast, "sendco", "deadlines").count == 0
    assert _panel(cast, "teacher", "referrals") is None


def test_the_whole_list_of_overdue_referrals_pages(cast):
    _overdue_referral(cast)
    response = cast.client_for("assistant-sendco").get(
        reverse("dashboards:list", kwargs={"urn": cast.school.urn, "key": "referrals"})
    )
    assert response.status_code == 200 and cast.taught_pupil.full_name in response.content.decode()


def test_making_and_sending_a_referral_through_the_pages(cast):
    service = ServiceFactory(school=cast.school, waiting_weeks=10)
    client = cast.client_for("sendco")
    response = client.post(
        reverse("casework:referral-add", kwargs={"pupil_id": cast.taught_pupil.public_id}),
        {
            "service": service.public_id,
            "reason": "Unclear speech",
            "consent": Consent.GIVEN,
            "consent_on-day": "1",
            "consent_on-month": "9",
            "consent_on-year": "2026",
        },
    )
    referral = Referral.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/referrals/{referral.public_id}/")
    status_url = reverse(
        "casework:referral-status", kwargs={"pupil_id": cast.taught_pupil.public_id, "referral_id": referral.public_id}
    )
    client.post(
        status_url,
        {"version": referral.version, "status": "sent", "on-day": "7", "on-month": "9", "on-year": "2026"},
    )
    referral.refresh_from_db()
    assert (referral.status, referral.expected_on) == (S.SENT, d(2026, 11, 16))
    stale = client.post(
        status_url,
        {"version": referral.version - 1, "status": "seen", "on-day": "8", "on-month": "9", "on-year": "2026"},
    )
    assert stale.status_code == 409


def test_opening_a_referral_is_audited(cast):
    referral = ReferralFactory(pupil=cast.taught_pupil, school=cast.school, created_by=cast["sendco"])
    cast.client_for("head").get(
        reverse(
            "casework:referral", kwargs={"pupil_id": cast.taught_pupil.public_id, "referral_id": referral.public_id}
        )
    )
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.VIEW, actor=cast["head"], pupil=cast.taught_pupil
    ).exists()


def test_a_referral_of_another_school_is_not_found(cast):
    referral = ReferralFactory(pupil=cast.other_school_pupil, school=cast.other_school, created_by=cast["sendco"])
    response = cast.client_for("sendco").get(
        reverse(
            "casework:referral",
            kwargs={"pupil_id": cast.other_school_pupil.public_id, "referral_id": referral.public_id},
        )
    )
    assert response.status_code == 404


def test_the_referrals_list_takes_the_same_queries_for_3_referrals_as_for_30(cast, django_assert_max_num_queries):
    client = cast.client_for("sendco")
    url = reverse("casework:referrals", kwargs={"urn": cast.school.urn})
    service = ServiceFactory(school=cast.school)
    for _ in range(3):
        ReferralFactory(pupil=cast.taught_pupil, school=cast.school, service=service, created_by=cast["sendco"])
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for _ in range(27):
        ReferralFactory(pupil=cast.untaught_pupil, school=cast.school, service=service, created_by=cast["sendco"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.context["page"].next_after is not None


def test_the_referrals_list_is_audited_once_for_each_pupil_it_shows(cast):
    service = ServiceFactory(school=cast.school)
    for _ in range(2):
        ReferralFactory(pupil=cast.taught_pupil, school=cast.school, service=service, created_by=cast["sendco"])
    url = reverse("casework:referrals", kwargs={"urn": cast.school.urn})
    assert cast.client_for("sendco").get(url).status_code == 200
    [event] = AuditEvent.objects.filter(action="view", summary="Viewed the school's referrals")
    assert (event.pupil, event.actor) == (cast.taught_pupil, cast["sendco"])
