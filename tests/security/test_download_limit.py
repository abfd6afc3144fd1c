"""Exports and PDFs are limited per person per minute (ASVS 2.4.1)."""

from __future__ import annotations

from django.urls import reverse


def test_downloads_beyond_the_limit_wait_a_minute_and_other_people_are_not_held_up(cast, settings):
    settings.OPENSEND_DOWNLOADS_PER_MINUTE = 2
    url = reverse("register:export-csv", kwargs={"urn": cast.school.urn})
    sendco, head = cast.client_for("sendco"), cast.client_for("head")
    assert [sendco.get(url).status_code for _ in range(2)] == [200, 200]
    refused = sendco.get(url)
    assert refused.status_code == 429
    assert "Wait a minute" in refused.content.decode()
    assert head.get(url).status_code == 200


def test_ehc_plan_documents_and_the_caseload_workbook_count_towards_the_download_limit(cast, settings):
    from tests.ehc.factories import PlanDocumentFactory, PlanFactory

    settings.OPENSEND_DOWNLOADS_PER_MINUTE = 1
    plan = PlanFactory(pupil=cast.taught_pupil, school=cast.school, local_authority__trust=cast.trust)
    document = PlanDocumentFactory(plan=plan, uploaded_by=cast["sendco"])
    document_url = reverse(
        "ehc:document",
        kwargs={"pupil_id": cast.taught_pupil.public_id, "plan_id": plan.public_id, "document_id": document.public_id},
    )
    caseload_url = reverse("deadlines:caseload-export", kwargs={"urn": cast.school.urn})
    sendco, assistant = cast.client_for("sendco"), cast.client_for("assistant-sendco")
    assert sendco.get(document_url).status_code == 200
    assert sendco.get(document_url).status_code == 429
    assert assistant.get(caseload_url).status_code == 200
    assert assistant.get(caseload_url).status_code == 429
