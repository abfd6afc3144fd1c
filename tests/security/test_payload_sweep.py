"""The payload sweep: a script and markup payload in every free-text field people can write, then
every page the SENDCo, the head, a teacher and the trust lead can reach, the PDFs and the exports.
Each payload must appear as text, never as markup."""

from __future__ import annotations

import csv
import importlib
import inspect
import io
import re
from collections import deque
from urllib.parse import urljoin, urlparse

import pytest
from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.test import Client
from django.utils.html import escape
from openpyxl import load_workbook

from opensend.passports import documents
from tests.conftest import Cast

from .payloads import ESCAPED, NOT_FREE_TEXT, RAW, fill_every_record, free_text_fields, payload

LINK = re.compile(r'href="([^"#]+)"')
NOT_FOLLOWED = ("/accounts/logout/", "/static/", "/accounts/2fa/", "/accounts/password/", "/accounts/email/")
FILES = (".pdf", ".csv", ".xlsx")
PAGE_LIMIT = 400
# Free text no page shows as it is stored, and why.
NOT_SHOWN = {
    "plans.PlanTemplate.strategies": "copied into a new cycle's strategies, which are swept as the cycle's own",
}


def crawl(client: Client, start: str = "/") -> tuple[dict[str, str], set[str]]:
    """Every page reachable by links from `start`: HTML by path, and the file downloads seen."""
    pages: dict[str, str] = {}
    downloads: set[str] = set()
    queue = deque([start])
    while queue and len(pages) < PAGE_LIMIT:
        path = queue.popleft()
        if path in pages:
            continue
        response = client.get(path, follow=True)
        if "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        pages[path] = html
        for href in LINK.findall(html):
            target = urlparse(urljoin(path, href.replace("&amp;", "&")))
            if target.netloc or target.path.startswith(NOT_FOLLOWED):
                continue
            link = target.path + (f"?{target.query}" if target.query else "")
            if target.path.endswith(FILES):
                downloads.add(link)
            elif link not in pages:
                queue.append(link)
    return pages, downloads


@pytest.fixture
def swept(cast: Cast) -> dict[str, str]:
    return fill_every_record(cast)


def test_every_free_text_field_a_form_writes_is_swept_or_a_checked_code():
    swept_fields = {field.label for field in free_text_fields()}
    for form in _model_forms():
        model = form._meta.model
        for name in form.base_fields:
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            label = f"{model._meta.label}.{name}"
            if isinstance(field, models.CharField | models.TextField) and not field.choices:
                assert label in swept_fields or "checked" in NOT_FREE_TEXT.get(label, ""), label


def test_the_detector_sees_a_payload_as_markup_and_its_escaped_form_as_text():
    written = payload("F001", None, 1)
    assert RAW.search(written)
    assert not RAW.search(escape(written))
    assert ESCAPED.findall(escape(written)) == ["F001"]
    assert ESCAPED.findall(escape(payload("F002", 20, 1))) == ["F002"]


def _model_forms() -> list[type[forms.ModelForm]]:
    found = []
    for app in ("pupils", "register", "identification", "assessments", "plans", "passports"):
        module = importlib.import_module(f"opensend.{app}.forms")
        found += [
            value
            for _, value in inspect.getmembers(module, inspect.isclass)
            if issubclass(value, forms.ModelForm) and getattr(getattr(value, "_meta", None), "model", None)
        ]
    assert found
    return found


@pytest.mark.parametrize("role", ["sendco", "head", "teacher", "trust-lead"])
def test_every_page_shows_the_payloads_as_text(role, cast, swept):
    pages, _ = crawl(cast.client_for(role))
    assert len(pages) > 1, f"{role} reached only {list(pages)}"
    raw = {path: RAW.findall(html) for path, html in pages.items() if RAW.search(html)}
    assert not raw, f"markup from a payload reached these pages unescaped: {raw}"


def test_the_payloads_are_shown_escaped_across_the_pages(cast, swept):
    shown = set()
    for role in ("sendco", "head", "teacher", "ta", "trust-lead"):
        pages, _ = crawl(cast.client_for(role))
        shown |= {tag for html in pages.values() for tag in ESCAPED.findall(html)}
    missing = {swept[tag] for tag in swept.keys() - shown}
    assert missing <= NOT_SHOWN.keys(), f"payloads written but shown escaped on no page: {sorted(missing)}"
    assert len(swept) > 30


def test_the_exports_hold_the_payloads_as_plain_text(cast, swept):
    client = cast.client_for("sendco")
    _, downloads = crawl(client)
    exports = sorted(link for link in downloads if link.endswith((".csv", ".xlsx")))
    assert exports, "the SENDCo reached no export"
    for link in exports:
        content = client.get(link).content
        if link.endswith(".csv"):
            cells = [cell for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))) for cell in row]
        else:
            sheet = load_workbook(io.BytesIO(content)).active
            cells = [str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value is not None]
        with_payload = [cell for cell in cells if "<script>x" in cell or "<u>F" in cell]
        assert with_payload, f"{link} shows no payload"
        assert all(not cell.startswith(("=", "+", "-", "@")) for cell in cells), link


def _laid_out_text(html: str) -> str:
    """The text WeasyPrint lays out on the PDF's pages, read from its boxes."""
    document = documents.HTML(string=html, base_url=str(documents.DOCUMENTS_DIR))
    text = []
    for page in document.render().pages:
        text += [box.text for box in page._page_box.descendants() if hasattr(box, "text")]
    return "".join(text)


def test_the_pdfs_print_the_payloads_as_text(cast, swept, monkeypatch):
    laid_out: list[str] = []
    real_html = documents.HTML

    def recording_html(*args, string: str, **kwargs):
        laid_out.append(string)
        return real_html(*args, string=string, **kwargs)

    monkeypatch.setattr(documents, "HTML", recording_html)
    client = cast.client_for("sendco")
    _, downloads = crawl(client)
    pdfs = sorted(link for link in downloads if link.endswith(".pdf"))
    assert pdfs, "the SENDCo reached no PDF"
    for link in pdfs:
        response = client.get(link)
        assert response.status_code == 200 and response.content.startswith(b"%PDF"), link
    monkeypatch.setattr(documents, "HTML", real_html)
    assert laid_out
    for html in laid_out:
        assert not RAW.search(html)
        text = _laid_out_text(html)
        assert "<script>x" in text or "<u>F" in text, "a PDF printed no payload"
