"""The EHC pages as the SENDCo, the assistant and the head use them."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from opensend.audit.models import AuditEvent
from opensend.ehc.models import AssessmentRequest, LocalAuthority

from .factories import AssessmentRequestFactory, LocalAuthorityFactory

d = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def authority(cast) -> LocalAuthority:
    return LocalAuthorityFactory(trust=cast.trust, code="380", name="Kirklees")


def pupil_url(cast) -> str:
    return reverse("ehc:pupil", kwargs={"pupil_id": cast.taught_pupil.public_id})


def edit_url(cast, request: AssessmentRequest) -> str:
    return reverse(
        "ehc:request-edit", kwargs={"pupil_id": cast.taught_pupil.public_id, "request_id": request.public_id}
    )


def test_the_sendco_adds_a_local_authority_with_its_send_team(cast):
    response = cast.client_for("sendco").post(
        reverse("ehc:authority-add", kwargs={"urn": cast.school.urn}),
        {
            "code": "380",
            "name": "Kirklees",
            "send_team_email": "send@kirklees.example.gov.uk",
            "portal_url": "https://send.kirklees.example.gov.uk",
            "local_variations": "Requests go to panel on the first Tuesday of the month.",
        },
    )
    assert response.status_code == 302
    listing = cast.client_for("head").get(reverse("ehc:authorities", kwargs={"urn": cast.school.urn}))
    page = listing.content.decode()
    assert "Kirklees" in page and "send@kirklees.example.gov.uk" in page and "first Tuesday" in page


def test_a_bad_local_authority_is_refused_naming_the_field(cast, authority):
    response = cast.client_for("sendco").post(
        reverse("ehc:authority-add", kwargs={"urn": cast.school.urn}),
        {"code": "38", "name": "", "portal_url": "not a web address"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Enter the local authority&#x27;s name" in page
    assert "Enter a web address like https://send.example.gov.uk" in page
    assert LocalAuthority.objects.count() == 1


def test_the_sendco_records_a_request_and_sees_its_clock_with_sources(cast, authority):
    response = cast.client_for("sendco").post(
        reverse("ehc:request-add", kwargs={"pupil_id": cast.taught_pupil.public_id}),
        {"local_authority": authority.pk, "made_by": "school", "requested_on": "2026-01-12"},
    )
    assert response.status_code == 302
    page = cast.client_for("sendco").get(pupil_url(cast)).content.decode()
    assert "Request received 12 January 2026 by Kirklees" in page
    assert "Waiting for the decision to assess" in page
    assert "Mon 23 Feb 2026" in page and "SEND Regulations 2014, reg 5(3)" in page
    assert "Mon 1 Jun 2026" in page and "SEND Regulations 2014, reg 13(2)" in page


def test_opening_the_ehc_section_is_audited(cast):
    cast.client_for("head").get(pupil_url(cast))
    assert (
        AuditEvent.objects.get(action="view", actor=cast["head"]).summary == "Viewed EHC plans and assessment requests"
    )


def test_recording_a_refusal_shows_the_appeal_deadline(cast, authority):
    request = AssessmentRequestFactory(pupil=cast.taught_pupil, school=cast.school, local_authority=authority)
    response = cast.client_for("assistant-sendco").post(
        edit_url(cast, request),
        {
            "version": 1,
            "local_authority": authority.pk,
            "made_by": "school",
            "requested_on": "2026-01-12",
            "decision": "refused",
            "decision_on": "2026-02-20",
        },
    )
    assert response.status_code == 302
    page = cast.client_for("sendco").get(pupil_url(cast)).content.decode()
    assert "Refused to assess" in page
    assert "may appeal to the SEND Tribunal until 20 April 2026" in page


def test_a_step_out_of_order_is_named_and_nothing_changes(cast, authority):
    request = AssessmentRequestFactory(pupil=cast.taught_pupil, school=cast.school, local_authority=authority)
    response = cast.client_for("sendco").post(
        edit_url(cast, request),
        {
            "version": 1,
            "local_authority": authority.pk,
            "made_by": "school",
            "requested_on": "2026-01-12",
            "final_plan_on": "2026-06-01",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page and 'href="#id_final_plan_on"' in page
    request.refresh_from_db()
    assert request.final_plan_on is None and request.version == 1


def test_a_stale_edit_answers_409_and_changes_nothing(cast, authority):
    request = AssessmentRequestFactory(
        pupil=cast.taught_pupil, school=cast.school, local_authority=authority, version=2
    )
    response = cast.client_for("sendco").post(
        edit_url(cast, request),
        {
            "version": 1,
            "local_authority": authority.pk,
            "made_by": "school",
            "requested_on": "2026-01-12",
            "decision": "assess",
            "decision_on": "2026-02-20",
        },
    )
    assert response.status_code == 409
    assert "Someone else changed this" in response.content.decode()
    request.refresh_from_db()
    assert request.decision == ""


def test_removing_a_request_needs_a_reason_and_keeps_it_archived(cast, authority):
    request = AssessmentRequestFactory(pupil=cast.taught_pupil, school=cast.school, local_authority=authority)
    url = reverse(
        "ehc:request-remove", kwargs={"pupil_id": cast.taught_pupil.public_id, "request_id": request.public_id}
    )
    client = cast.client_for("sendco")
    assert client.post(url, {"version": 1, "reason": ""}).status_code == 400
    assert client.post(url, {"version": 1, "reason": "Recorded twice"}).status_code == 302
    request.refresh_from_db()
    assert request.archive_reason == "Recorded twice"
    assert "Request received 12 January 2026" not in client.get(pupil_url(cast)).content.decode()


def test_another_schools_request_for_the_pupil_is_not_shown(cast, authority):
    AssessmentRequestFactory(pupil=cast.taught_pupil, school=cast.other_school, local_authority=authority)
    assert "No requests recorded." in cast.client_for("sendco").get(pupil_url(cast)).content.decode()


def test_the_record_shows_the_ehc_section_to_the_sendco_and_only_outcomes_and_provision_to_a_teacher(cast):
    record = reverse("pupils:record", kwargs={"pupil_id": cast.taught_pupil.public_id})
    assert f'href="{pupil_url(cast)}"' in cast.client_for("sendco").get(record).content.decode()
    teacher_page = cast.client_for("teacher").get(record).content.decode()
    assert f'href="{pupil_url(cast)}"' not in teacher_page
    assert "EHC outcomes and provision" in teacher_page


def test_the_chronology_lists_the_requests_steps(cast, authority):
    AssessmentRequestFactory(
        pupil=cast.taught_pupil,
        school=cast.school,
        local_authority=authority,
        decision="assess",
        decision_on=d(2026, 2, 20),
    )
    chronology = reverse("dashboards:chronology", kwargs={"pupil_id": cast.taught_pupil.public_id})
    page = cast.client_for("sendco").get(chronology, {"kind": "EHC"}).content.decode()
    assert "EHC needs assessment requested" in page and "Local authority agreed to assess" in page


def test_each_local_authority_shows_how_long_its_steps_took_against_the_law(cast, authority):
    # Final plans at 20, 27 and 30 weeks; the 30-week one under a reg 10(4) exception.
    for weeks, exception in ((20, ""), (27, ""), (30, "d")):
        requested = d(2025, 1, 6)
        AssessmentRequestFactory(
            pupil=cast.taught_pupil,
            school=cast.school,
            local_authority=authority,
            requested_on=requested,
            decision="assess",
            decision_on=requested + datetime.timedelta(weeks=6),
            draft_plan_on=requested + datetime.timedelta(weeks=weeks - 3),
            final_plan_on=requested + datetime.timedelta(weeks=weeks),
            exception=exception,
            exception_details="Away from the area for 5 weeks" if exception else "",
        )
    page = cast.client_for("head").get(reverse("ehc:authorities", kwargs={"urn": cast.school.urn})).content.decode()
    assert "The final EHC plan within 20 weeks of the request:</strong> median 27 weeks, 1 of 3 within 20 weeks" in page
    assert "(1 late under a reg 10(4) exception)" in page
    assert "median 6 weeks, 3 of 3 within 6 weeks" in page
