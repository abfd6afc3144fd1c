"""Documents a school sends out (letters, reports, evidence bundles), built once as plain blocks and
rendered twice: as an editable Word file (python-docx) and as HTML that WeasyPrint prints to PDF.
Both renderers walk the same blocks, so the Word and the PDF copy of a letter never disagree.

WeasyPrint may fetch nothing: the styles are inline and there are no images, so an address typed
into a record can never make the server fetch it or read a file.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.template.loader import render_to_string


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 2


@dataclass(frozen=True)
class Paragraph:
    """Text that may run over several lines; an empty text prints `blank` (space to write in)."""

    text: str
    blank: str = ""
    bold: bool = False


@dataclass(frozen=True)
class Facts:
    """Labelled values, one a line (the meeting's date, time and place)."""

    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""
    empty: str = "None held."


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Heading | Paragraph | Facts | Table | PageBreak


@dataclass(frozen=True)
class Document:
    """A letter or report: the sender's letterhead (its first line the sender's name), a title and
    the blocks of its body, in order."""

    title: str
    letterhead: tuple[str, ...]
    blocks: tuple[Block, ...] = field(default_factory=tuple)
    footer: str = ""


def texts(document: Document) -> list[str]:
    """Every piece of text the document shows, in order: what both renderings must contain."""
    found = [*document.letterhead, document.title]
    for block in document.blocks:
        if isinstance(block, Heading):
            found.append(block.text)
        elif isinstance(block, Paragraph):
            found += (block.text or block.blank).splitlines()
        elif isinstance(block, Facts):
            found += [part for row in block.rows for part in row]
        elif isinstance(block, Table):
            found += list(block.columns) + [cell for row in block.rows for cell in row]
            found += [block.caption] if block.caption else []
            found += [] if block.rows else [block.empty]
    return [text.strip() for text in found if text.strip()]


# --- Word ----------------------------------------------------------------------------------------


def _docx_paragraph(word, block: Paragraph) -> None:
    text = block.text or block.blank
    paragraph = word.add_paragraph()
    for index, line in enumerate(text.splitlines() or [""]):
        run = paragraph.add_run(line)
        run.bold = block.bold
        if not block.text:
            run.italic = True
        if index < len(text.splitlines()) - 1:
            run.add_break()


def _docx_table(word, block: Table) -> None:
    if block.caption:
        word.add_paragraph(block.caption).runs[0].bold = True
    if not block.rows:
        word.add_paragraph(block.empty)
        return
    table = word.add_table(rows=1, cols=len(block.columns))
    table.style = "Table Grid"
    for cell, name in zip(table.rows[0].cells, block.columns, strict=True):
        cell.text = name
        cell.paragraphs[0].runs[0].bold = True
    for row in block.rows:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.text = value


def _docx_facts(word, block: Facts) -> None:
    table = word.add_table(rows=0, cols=2)
    for label, value in block.rows:
        cells = table.add_row().cells
        cells[0].text = label
        cells[0].paragraphs[0].runs[0].bold = True
        cells[1].text = value


def docx_bytes(document: Document) -> bytes:
    from docx import Document as WordDocument  # slow to import: only when a letter is made
    from docx.enum.text import WD_BREAK
    from docx.shared import Pt

    word = WordDocument()
    word.core_properties.title = document.title
    word.core_properties.author = document.letterhead[0] if document.letterhead else ""
    word.styles["Normal"].font.name = "Arial"
    word.styles["Normal"].font.size = Pt(11)
    header = word.sections[0].header.paragraphs[0]
    for index, line in enumerate(document.letterhead):
        run = header.add_run(line)
        run.bold = index == 0
        if index < len(document.letterhead) - 1:
            run.add_break()
    if document.footer:
        word.sections[0].footer.paragraphs[0].text = document.footer
    word.add_heading(document.title, level=1)
    for block in document.blocks:
        if isinstance(block, Heading):
            word.add_heading(block.text, level=block.level)
        elif isinstance(block, Paragraph):
            _docx_paragraph(word, block)
        elif isinstance(block, Facts):
            _docx_facts(word, block)
        elif isinstance(block, Table):
            _docx_table(word, block)
        elif isinstance(block, PageBreak):
            word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


# --- HTML and PDF --------------------------------------------------------------------------------


def document_html(document: Document) -> str:
    """The HTML WeasyPrint prints: the same blocks as the Word file, in the same order."""
    blocks = [{"kind": type(block).__name__.lower(), "block": block} for block in document.blocks]
    return render_to_string("core/document.html", {"document": document, "blocks": blocks})


class RefusedFetch(ValueError):
    pass


def _no_fetcher():
    from weasyprint.urls import URLFetcher

    class NoFetcher(URLFetcher):
        def fetch(self, url: str, headers=None):
            raise RefusedFetch(f"A document may not fetch {url}")

    return NoFetcher()


def html_to_pdf(html: str) -> bytes:
    """Print HTML to PDF without fetching anything (subject access exports use it too)."""
    from weasyprint import HTML  # slow to import: only when a PDF is made

    return HTML(string=html, url_fetcher=_no_fetcher()).write_pdf()


def pdf_bytes(document: Document) -> bytes:
    return html_to_pdf(document_html(document))


DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_TYPE = "application/pdf"
