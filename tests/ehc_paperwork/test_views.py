"""The meeting record page and the downloads: scoped, audited, rate-limited, named without names."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.test import override_settings
from django.urls import reverse
from docx import Document as WordDocument

from opensend.audit.models import AuditEvent
from opensend.core.documents import Paragraph, document_html, texts
from opensend.ehc import bundle
from opensend.ehc.bundle import BundleSource, bundle_sections, evidence_bundle, register_bundle_section
from opensend.ehc.models import ReviewMeeting
from opensend.provision.models import Member

from ..provision.factories import InterventionFactory, provision_for

pytestmark = pytest.mark.django_db


def review_url(cast, review, name: str) -> str:
    kwargs = {"pupil_id": cast.taught_pupil.public_id, "plan_id": review.plan.public_id, "review_id": review.public_id}
    return reverse(name, kwargs=kwargs)


def bundle_url(cast, ehc_request) -> str:
    return reverse(
        "ehc:request-bundle", kwargs={"pupil_id": cast.taught_pupil.public_id, "request_id": ehc_request.public_id}
    )


def test_the_sendco_records_the_meeting_and_the_change_is_audited(cast, review):
    url = review_url(cast, review, "ehc:review-meeting")
    response = cast.client_for("sendco").post(
        url, {"version": 0, "time": "10am", "place": "Room 4", "professionals": "Dr Shah, EP, Kirklees"}
    )
    assert response.status_code == 302
    meeting = ReviewMeeting.objects.get(review=review)
    assert (meeting.time, meeting.place, meeting.professional_lines) == ("10am", "Room 4", ["Dr Shah, EP, Kirklees"])
    event = AuditEvent.objects.get(action=AuditEvent.Action.CREATE, object_type="ehc.reviewmeeting")
    assert event.changes["place"] == [None, "Room 4"]
    page = cast.client_for("head").get(url).content.decode()
    assert "Room 4" in page and "Invitation" in page and "Review report" in page


def test_a_stale_meeting_record_edit_is_refused(cast, meeting):
    url = review_url(cast, meeting.review, "ehc:review-meeting")
    response = cast.client_for("sendco").post(url, {"version": 0, "place": "Somewhere else"})
    assert response.status_code == 409
    meeting.refresh_from_db()
    assert meeting.place == "The Rainbow Room, Oakfield Primary"


@pytest.mark.parametrize("key", ["invitation", "advice-request", "report"])
def test_each_paper_downloads_as_word_and_pdf_audited_and_named_by_initials(cast, meeting, key):
    client = cast.client_for("assistant-sendco")
    word = client.get(review_url(cast, meeting.review, f"ehc:review-{key}-docx"))
    pdf = client.get(review_url(cast, meeting.review, f"ehc:review-{key}-pdf"))
    assert word.status_code == 200 and pdf.status_code == 200
    assert word["Content-Type"].startswith("application/vnd.openxmlformats")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF-")
    assert "Tuesday 3 March 2026" in "\n".join(
        cell.text for table in WordDocument(io.BytesIO(word.content)).tables for row in table.rows for cell in row.cells
    )
    for response, extension in ((word, "docx"), (pdf, "pdf")):
        disposition = response["Content-Disposition"]
        assert disposition.startswith("attachment;") and f"-TT-2026-03-03.{extension}" in disposition
        assert "Taught" not in disposition
    views = AuditEvent.objects.filter(action=AuditEvent.Action.VIEW, pupil=cast.taught_pupil)
    assert views.filter(summary__contains="(docx)").exists() and views.filter(summary__contains="(pdf)").exists()


@override_settings(OPENSEND_DOWNLOADS_PER_MINUTE=2)
def test_downloads_are_rate_limited(cast, review, ehc_request):
    client = cast.client_for("sendco")
    assert client.get(review_url(cast, review, "ehc:review-invitation-docx")).status_code == 200
    assert client.get(bundle_url(cast, ehc_request)).status_code == 200
    assert client.get(review_url(cast, review, "ehc:review-report-pdf")).status_code == 429


def test_a_review_of_another_pupil_s_plan_is_404(cast, review):
    url = reverse(
        "ehc:review-report-docx",
        kwargs={
            "pupil_id": cast.untaught_pupil.public_id,
            "plan_id": review.plan.public_id,
            "review_id": review.public_id,
        },
    )
    assert cast.client_for("sendco").get(url).status_code == 404


# --- The evidence bundle ---------------------------------------------------------------------------


def _bundle_text(cast, ehc_request, role="sendco", *, sees_costs=True) -> str:
    return "\n".join(texts(evidence_bundle(ehc_request, author=cast[role], sees_costs=sees_costs)))


@pytest.fixture
def costed_provision(cast):
    intervention = InterventionFactory(school=cast.school, name="Talk Boost", resources_cost=Decimal("120.00"))
    provision = provision_for(cast, intervention=intervention, name="Talk Boost, Tuesday group")
    return Member.objects.create(
        provision=provision,
        pupil=cast.taught_pupil,
        joined_on=datetime.date(2025, 9, 8),
        entry_value=Decimal("3"),
        exit_value=Decimal("7"),
        outcome_rating=1,
        outcome_comment="Asks for help more often.",
    )


def test_the_bundle_holds_each_section_in_order(cast, ehc_request):
    document = evidence_bundle(ehc_request, author=cast["sendco"], sees_costs=True)
    headings = [block.text for block in document.blocks if type(block).__name__ == "Heading" and block.level == 2]
    assert headings == [section.title for section in bundle_sections()]
    assert headings[0] == "SEN register history and needs" and headings[-1] == "The pupil's and parents' views"
    text = "\n".join(texts(document))
    assert "Tia Taught" in text and "Received by Kirklees on 12 January 2026" in text


def test_provision_shows_its_impact_and_costs_only_to_those_who_see_costs(cast, ehc_request, costed_provision):
    with_costs = _bundle_text(cast, ehc_request, sees_costs=True)
    assert "Talk Boost, Tuesday group (Talk Boost)" in with_costs
    assert "3 to 7" in with_costs and "More than expected" in with_costs and "Asks for help more often." in with_costs
    assert "£120.00" in with_costs
    without = _bundle_text(cast, ehc_request, sees_costs=False)
    assert "Talk Boost, Tuesday group" in without and "£120.00" not in without and "Cost of resources" not in without


def test_the_assistant_who_may_not_see_costs_gets_a_bundle_without_them(
    cast, ehc_request, costed_provision, monkeypatch
):
    seen = {}

    def spy(found, *, author, sees_costs):
        seen["sees_costs"] = sees_costs
        return evidence_bundle(found, author=author, sees_costs=sees_costs)

    monkeypatch.setattr("opensend.ehc.paperwork_views.evidence_bundle", spy)
    assert cast.client_for("assistant-sendco").get(bundle_url(cast, ehc_request)).status_code == 200
    assert seen == {"sees_costs": False}
    assert cast.client_for("head").get(bundle_url(cast, ehc_request)).status_code == 200
    assert seen == {"sees_costs": True}


def test_a_later_feature_adds_its_section_to_the_bundle(cast, ehc_request, monkeypatch):
    monkeypatch.setattr(bundle, "_sections", dict(bundle._sections))

    def reports(source: BundleSource):
        return [Paragraph(f"Report from the educational psychologist about {source.pupil.known_as}")]

    register_bundle_section("professionals", "Reports from professionals", 60, reports)
    document = evidence_bundle(ehc_request, author=cast["sendco"], sees_costs=False)
    html = document_html(document)
    assert (
        html.index("Provision and its impact")
        < html.index("Reports from professionals")
        < html.index("The pupil&#x27;s and parents&#x27; views")
    )
    assert "Report from the educational psychologist about Tia" in html


def test_the_bundle_download_is_a_pdf_audited_and_named_by_initials(cast, ehc_request):
    response = cast.client_for("sendco").get(bundle_url(cast, ehc_request))
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert 'filename="ehc-evidence-bundle-TT-2026-01-12.pdf"' in response["Content-Disposition"]
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.VIEW, summary__startswith="Viewed Evidence bundle"
    ).exists()


def test_the_request_s_own_page_links_to_its_evidence_bundle(cast, ehc_request):
    url = reverse(
        "ehc:request-edit", kwargs={"pupil_id": cast.taught_pupil.public_id, "request_id": ehc_request.public_id}
    )
    page = cast.client_for("sendco").get(url).content.decode()
    assert bundle_url(cast, ehc_request) in page
    ehc_page = cast.client_for("sendco").get(reverse("ehc:pupil", kwargs={"pupil_id": cast.taught_pupil.public_id}))
    assert bundle_url(cast, ehc_request) in ehc_page.content.decode()


def test_each_review_on_the_ehc_page_links_to_its_meeting_record_and_paperwork(cast, review):
    page = cast.client_for("head").get(reverse("ehc:pupil", kwargs={"pupil_id": cast.taught_pupil.public_id}))
    assert review_url(cast, review, "ehc:review-meeting") in page.content.decode()
