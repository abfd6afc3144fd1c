"""HTML to PDF with WeasyPrint, fetching nothing: a document's styles are inline and it has no
images, so an address typed into a record can never make the server fetch it or read a file."""

from __future__ import annotations

from django.http import HttpResponse
from weasyprint.urls import URLFetcher


class RefusedFetch(ValueError):
    pass


class NoFetcher(URLFetcher):
    def fetch(self, url: str, headers=None):
        raise RefusedFetch(f"A PDF may not fetch {url}")


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML  # slow to import: only when printing

    return HTML(string=html, url_fetcher=NoFetcher()).write_pdf()


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    """The PDF as a download; the filename must not name the pupil."""
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
