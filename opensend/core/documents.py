"""Rendering HTML to PDF with WeasyPrint, fetching nothing: a document's styles are inline and it has
no images, so an address typed into a record can never make the server fetch it or read a file."""

from __future__ import annotations

from weasyprint.urls import URLFetcher


class RefusedFetch(ValueError):
    pass


class NoFetcher(URLFetcher):
    def fetch(self, url: str, headers=None):
        raise RefusedFetch(f"A generated PDF may not fetch {url}")


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML  # slow to import: only when a PDF is made

    return HTML(string=html, url_fetcher=NoFetcher()).write_pdf()
