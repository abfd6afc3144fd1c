"""One document, two renderings: the Word file and the HTML printed to PDF hold the same text."""

from __future__ import annotations

import html
import io
import re

import pytest
from docx import Document as WordDocument

from opensend.core.documents import (
    Document,
    Facts,
    Heading,
    PageBreak,
    Paragraph,
    Table,
    document_html,
    docx_bytes,
    html_to_pdf,
    pdf_bytes,
    texts,
)
from opensend.ehc.paperwork import PAPERS, review_facts

pytestmark = pytest.mark.django_db

SAMPLE = Document(
    title="A letter",
    letterhead=("Oakfield Primary", "URN 100001"),
    blocks=(
        Heading("The meeting"),
        Facts((("Date", "Tuesday 3 March 2026"), ("Place", "The <Rainbow> Room"))),
        Paragraph("Line one\nLine two"),
        Paragraph("", blank="Write the views here."),
        Table(("Area", "Outcome"), (("Cognition and learning", "Reads 50 words"),), caption="Outcomes"),
        PageBreak(),
        Table(("Area",), (), empty="No outcomes recorded."),
    ),
    footer="A letter: T.T.",
)


def word_text(content: bytes) -> str:
    word = WordDocument(io.BytesIO(content))
    parts = [paragraph.text for paragraph in word.paragraphs]
    parts += [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    section = word.sections[0]
    parts += [p.text for p in section.header.paragraphs] + [p.text for p in section.footer.paragraphs]
    return "\n".join(parts)


def html_text(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "\n", markup))


def test_every_text_of_a_document_is_in_both_the_word_file_and_the_pdf_s_html():
    in_word, in_html = word_text(docx_bytes(SAMPLE)), html_text(document_html(SAMPLE))
    for text in texts(SAMPLE):
        assert text in in_word, text
        assert text in in_html, text


def test_the_word_file_opens_with_its_title_and_author():
    word = WordDocument(io.BytesIO(docx_bytes(SAMPLE)))
    assert word.core_properties.title == "A letter"
    assert word.core_properties.author == "Oakfield Primary"
    assert word.tables[1].rows[0].cells[0].text == "Area"


def test_text_from_the_record_is_escaped_in_the_html():
    assert "The &lt;Rainbow&gt; Room" in document_html(SAMPLE)


def test_the_pdf_is_a_pdf_and_fetches_nothing():
    assert pdf_bytes(SAMPLE).startswith(b"%PDF-")
    # An address typed into a record is never fetched: WeasyPrint's fetcher refuses it.
    pdf = html_to_pdf('<p>x</p><img src="http://169.254.169.254/latest" alt="">')
    assert pdf.startswith(b"%PDF-")


@pytest.mark.parametrize("key", sorted(PAPERS))
def test_word_and_pdf_copies_of_each_paper_never_disagree(cast, meeting, parent, key):
    document = PAPERS[key].build(review_facts(meeting.review, author=cast["sendco"]))
    in_word, in_html = word_text(docx_bytes(document)), html_text(document_html(document))
    for text in texts(document):
        assert text in in_word, text
        assert text in in_html, text
