"""An annual review's paperwork and a request's evidence bundle in Chromium: the SENDCo fills in the
meeting record and downloads each paper as Word and PDF, and the bundle from the EHC page. Pages
pass axe and fit a 390 px phone; the letter as printed is screenshotted to be looked at."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import pytest
from docx import Document as WordDocument

from opensend.core.documents import document_html
from opensend.ehc.paperwork import invitation, review_facts, review_report
from opensend.register.codes import BroadArea
from tests.ehc.factories import AnnualReviewFactory, AssessmentRequestFactory, LocalAuthorityFactory, PlanFactory
from tests.factories import ContactFactory

from .conftest import SCREENSHOTS

pytestmark = pytest.mark.browser

PAGE_OVERFLOWS = "() => document.scrollingElement.scrollWidth > window.innerWidth"


def _download(page, link_name: str) -> tuple[str, bytes]:
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).click()
    download = info.value
    return download.suggested_filename, Path(download.path()).read_bytes()


def test_the_sendco_prepares_and_downloads_the_review_paperwork(world, pages_for):
    authority = LocalAuthorityFactory(trust=world.trust, code="380", name="Kirklees")
    plan = PlanFactory(pupil=world.taught_pupil, school=world.school, local_authority=authority)
    plan.outcomes.create(area=BroadArea.COGNITION_LEARNING, description="Tia will read 100 common words.")
    review = AnnualReviewFactory(plan=plan, meeting_on=datetime.date(2026, 3, 3))
    AssessmentRequestFactory(pupil=world.taught_pupil, school=world.school, local_authority=authority)
    ContactFactory(pupil=world.taught_pupil, name="Jordan Taught")

    sendco = pages_for("sendco")
    sendco.sign_in(world["sendco"].email)
    sendco.visit("ehc page with a review", f"/pupils/{world.taught_pupil.public_id}/ehc/")
    sendco.page.get_by_role("link", name="Meeting record and paperwork").click()
    sendco.check("review meeting record")
    sendco.page.get_by_label("Time of the meeting").fill("10am to 11am")
    sendco.page.get_by_label("Place of the meeting").fill("The meeting room")
    sendco.page.get_by_label("Invite the child or young person").check()
    sendco.page.get_by_label("Professionals invited and asked for advice").fill(
        "Dr Anita Rao, educational psychologist, Kirklees EPS"
    )
    sendco.page.get_by_label("The child's or young person's views").fill("I like reading with my group.")
    sendco.check("review meeting record saved", sendco.submit("Save the meeting record"))
    assert "Meeting record saved" in sendco.page.content()

    name, content = _download(sendco.page, "Word copy of the invitation")
    assert name == "annual-review-invitation-TT-2026-03-03.docx"
    word = WordDocument(io.BytesIO(content))
    cells = "\n".join(cell.text for table in word.tables for row in table.rows for cell in row.cells)
    assert "The meeting room" in cells and "Dr Anita Rao, educational psychologist, Kirklees EPS" in cells
    for link, expected in (
        ("PDF copy of the invitation", "annual-review-invitation-TT-2026-03-03.pdf"),
        ("Word copy of the request for advice", "annual-review-advice-request-TT-2026-03-03.docx"),
        ("PDF copy of the review report", "annual-review-report-TT-2026-03-03.pdf"),
    ):
        name, content = _download(sendco.page, link)
        assert name == expected
        assert content.startswith(b"%PDF-" if name.endswith(".pdf") else b"PK")

    sendco.page.set_viewport_size({"width": 390, "height": 844})
    sendco.check("review meeting record on a phone")
    assert not sendco.page.evaluate(PAGE_OVERFLOWS), "the meeting record is wider than a 390 px phone"
    sendco.page.set_viewport_size({"width": 1280, "height": 900})

    sendco.visit("ehc page with a request", f"/pupils/{world.taught_pupil.public_id}/ehc/")
    name, content = _download(sendco.page, "Download the evidence bundle (PDF)")
    assert name == "ehc-evidence-bundle-TT-2026-01-12.pdf" and content.startswith(b"%PDF-")
    sendco.assert_no_problems()

    # The letters as WeasyPrint lays them out (print media, A4), to be looked at.
    facts = review_facts(review, author=world["sendco"])
    SCREENSHOTS.mkdir(exist_ok=True)
    for key, document in (("invitation", invitation(facts)), ("report", review_report(facts))):
        letter = sendco.page.context.new_page()
        letter.emulate_media(media="print")
        letter.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
        letter.set_content(document_html(document))
        letter.screenshot(path=SCREENSHOTS / f"paperwork-{key}-letter.png", full_page=True)
        letter.close()
