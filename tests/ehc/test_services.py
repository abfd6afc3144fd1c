"""Recording and changing EHC needs assessment requests and local authorities: audited, checked,
and never silently overwriting someone else's change."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile

from opensend.audit.models import AuditEvent
from opensend.ehc import services
from opensend.ehc.models import AssessmentRequest, Decision, LocalAuthority, PlanDocument

from .factories import AssessmentRequestFactory, LocalAuthorityFactory, PlanFactory

d = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def authority(cast) -> LocalAuthority:
    return LocalAuthorityFactory(trust=cast.trust, code="380", name="Kirklees")


@pytest.fixture
def request_(cast, authority) -> AssessmentRequest:
    return AssessmentRequestFactory(pupil=cast.taught_pupil, school=cast.school, local_authority=authority)


def test_recording_a_request_is_audited_with_its_values(cast, authority):
    created = services.create_request(
        actor=cast["sendco"],
        pupil=cast.taught_pupil,
        school=cast.school,
        values={"local_authority": authority, "made_by": "parent", "requested_on": d(2026, 1, 12)},
    )
    event = AuditEvent.objects.get(action="create", object_id=str(created.pk))
    assert event.pupil == cast.taught_pupil and event.actor == cast["sendco"]
    assert event.changes["requested_on"] == [None, "2026-01-12"]
    assert event.changes["made_by"] == [None, "parent"]


def test_a_step_recorded_is_audited_before_and_after_and_bumps_the_version(cast, request_):
    updated = services.update_request(
        actor=cast["assistant-sendco"],
        school=cast.school,
        request=request_,
        expected_version=1,
        values={"decision": Decision.ASSESS, "decision_on": d(2026, 2, 20)},
    )
    assert updated.version == 2
    event = AuditEvent.objects.get(action="update")
    assert event.changes == {"decision": ["", "assess"], "decision_on": [None, "2026-02-20"]}


def test_a_stale_edit_changes_nothing(cast, request_):
    refused = {"decision": Decision.REFUSED, "decision_on": d(2026, 2, 20)}
    services.update_request(
        actor=cast["sendco"], school=cast.school, request=request_, expected_version=1, values=refused
    )
    with pytest.raises(services.StaleEditError):
        services.update_request(
            actor=cast["head"],
            school=cast.school,
            request=request_,
            expected_version=1,
            values={"decision": Decision.ASSESS, "decision_on": d(2026, 2, 21)},
        )
    request_.refresh_from_db()
    assert request_.decision == "refused"


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"decision_on": d(2026, 2, 20)}, "decision", "Enter both the decision and the date"),
        ({"decision": "assess", "decision_on": d(2026, 1, 5)}, "decision_on", "on or after the request"),
        ({"draft_plan_on": d(2026, 4, 20)}, "draft_plan_on", "follows a decision to assess"),
        (
            {"decision": "assess", "decision_on": d(2026, 2, 20), "final_plan_on": d(2026, 6, 1)},
            "final_plan_on",
            "Enter the date of the draft plan first",
        ),
        (
            {"advice_sent_on": d(2026, 3, 1)},
            "advice_sent_on",
            "Enter the date of the local authority's request for advice first",
        ),
        ({"exception": "c"}, "exception_details", "Say why the exception applies"),
        ({"requested_on": d(2099, 1, 1)}, "requested_on", "cannot be in the future"),
        (
            {"decision": "assess", "decision_on": d(2026, 2, 20), "mediation_certificate_on": d(2026, 3, 1)},
            "mediation_certificate_on",
            "follows a refusal",
        ),
    ],
)
def test_steps_out_of_order_are_refused_naming_the_field(cast, request_, values, field, message):
    with pytest.raises(ValidationError) as refused:
        services.update_request(
            actor=cast["sendco"], school=cast.school, request=request_, expected_version=1, values=values
        )
    assert message in " ".join(refused.value.message_dict[field])
    request_.refresh_from_db()
    assert request_.version == 1 and not AuditEvent.objects.filter(action="update").exists()


def test_removing_a_request_archives_it_with_the_reason(cast, request_):
    services.archive_request(
        actor=cast["sendco"], school=cast.school, request=request_, expected_version=1, reason="Recorded twice"
    )
    request_.refresh_from_db()
    assert request_.is_archived and request_.archive_reason == "Recorded twice"
    assert AuditEvent.objects.filter(action="archive", object_id=str(request_.pk)).exists()


def test_a_local_authority_code_is_unique_in_the_trust(cast, authority):
    with pytest.raises(ValidationError) as refused:
        services.create_local_authority(
            actor=cast["sendco"], school=cast.school, values={"code": "380", "name": "Kirklees again"}
        )
    assert "already has a local authority with the code 380" in refused.value.message_dict["code"][0]


def test_changing_a_local_authority_is_audited(cast, authority):
    services.update_local_authority(
        actor=cast["head"],
        school=cast.school,
        authority=authority,
        expected_version=1,
        values={"portal_url": "https://send.example.gov.uk"},
    )
    event = AuditEvent.objects.get(action="update")
    assert event.changes == {"portal_url": ["", "https://send.example.gov.uk"]}


def test_a_document_whose_record_fails_to_save_leaves_no_file_behind(cast, monkeypatch):
    plan = PlanFactory(pupil=cast.taught_pupil, school=cast.school, local_authority__trust=cast.trust)
    storage = storages["documents"]
    before = set(storage.listdir("ehc-plans")[1]) if storage.exists("ehc-plans") else set()

    def fails(**kwargs):
        raise RuntimeError("the audit could not be written")

    monkeypatch.setattr(services, "audit_change", fails)
    upload = SimpleUploadedFile("plan.pdf", b"%PDF-1.7 a plan", content_type="application/pdf")
    with pytest.raises(RuntimeError):
        services.add_document(actor=cast["sendco"], school=cast.school, plan=plan, kind="final", upload=upload)
    assert not PlanDocument.objects.exists()
    after = set(storage.listdir("ehc-plans")[1]) if storage.exists("ehc-plans") else set()
    assert after == before
