"""What every keyset-paginated list shares."""

from __future__ import annotations

from django.http import HttpRequest

CURSORS = ("after", "before")


def query_without_cursor(request: HttpRequest) -> str:
    """The list's query string without its page cursor: what the filters ask for, to carry into the
    next and previous links and the exports."""
    query = request.GET.copy()
    for cursor in CURSORS:
        query.pop(cursor, None)
    return query.urlencode()
