"""What every keyset-paginated list shares."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest

CURSORS = ("after", "before")


def query_without_cursor(request: HttpRequest) -> str:
    """The list's query string without its page cursor: what the filters ask for, to carry into the
    next and previous links and the exports."""
    query = request.GET.copy()
    for cursor in CURSORS:
        query.pop(cursor, None)
    return query.urlencode()


@dataclass(frozen=True)
class KeysetPage:
    rows: list[Any]
    next_after: str | None
    previous_before: str | None


def _cursor(value: str | None) -> str | None:
    try:
        return str(uuid.UUID(value)) if value else None
    except ValueError:
        return None


def _beyond(order: Sequence[str], edge: dict[str, Any], *, forward: bool) -> Q:
    """Rows after the edge row in `order` (before it if not forward): the row-value comparison
    (a, b) > (x, y) written as a > x OR (a = x AND b > y), which works for descending fields too."""
    condition = Q(pk__in=[])
    equal: dict[str, Any] = {}
    for field in order:
        name = field.lstrip("-")
        operator = "lt" if field.startswith("-") == forward else "gt"
        condition |= Q(**equal, **{f"{name}__{operator}": edge[name]})
        equal[name] = edge[name]
    return condition


def _reversed(order: Sequence[str]) -> list[str]:
    return [field[1:] if field.startswith("-") else f"-{field}" for field in order]


def keyset_page(
    rows: QuerySet,
    order: Sequence[str],
    *,
    after: str | None,
    before: str | None,
    size: int,
    cursor: str = "public_id",
) -> KeysetPage:
    """One page of `rows` in `order` (field names, "-" for descending, the last unique), paged by
    the public id of the row at the page's edge (`cursor` names it: a field, or one across a
    relation that is unique among `rows`): a deep page costs what the first does. Two queries with
    a cursor, one without."""
    after, before = _cursor(after), _cursor(before)
    names = [field.lstrip("-") for field in order]
    edge = rows.filter(**{cursor: after or before}).values(*names).first() if (after or before) else None
    cursor_of = attrgetter(cursor.replace("__", "."))
    if edge is not None and before:
        earlier = list(rows.filter(_beyond(order, edge, forward=False)).order_by(*_reversed(order))[: size + 1])
        page = list(reversed(earlier[:size]))
        return KeysetPage(
            rows=page,
            next_after=str(cursor_of(page[-1])) if page else None,
            previous_before=str(cursor_of(page[0])) if page and len(earlier) > size else None,
        )
    if edge is not None:
        rows = rows.filter(_beyond(order, edge, forward=True))
    found = list(rows.order_by(*order)[: size + 1])
    page = found[:size]
    return KeysetPage(
        rows=page,
        next_after=str(cursor_of(page[-1])) if len(found) > size else None,
        previous_before=str(cursor_of(page[0])) if page and edge is not None else None,
    )
