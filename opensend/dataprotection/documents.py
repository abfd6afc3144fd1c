"""WeasyPrint may fetch nothing for a subject access PDF: its styles are inline and it has no images,
so an address typed into a record can never make the server fetch it or read a file."""

from __future__ import annotations

from opensend.core.documents import NoFetcher, RefusedFetch

__all__ = ["NoFetcher", "RefusedFetch"]
