"""WeasyPrint may fetch nothing for a subject access PDF: its styles are inline and it has no images,
so an address typed into a record can never make the server fetch it or read a file."""

from __future__ import annotations

from weasyprint.urls import URLFetcher


class RefusedFetch(ValueError):
    pass


class NoFetcher(URLFetcher):
    def fetch(self, url: str, headers=None):
        raise RefusedFetch(f"A subject access PDF may not fetch {url}")
