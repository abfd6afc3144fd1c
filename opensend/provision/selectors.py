"""Reading the intervention library and provision for pages. Every read starts from the person's
access at a school, so what they may not see is not found."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db.models import Q, QuerySet, Subquery
from django.http import Http404

from opensend.access import policy

from .models import Intervention

PAGE_SIZE = 25
LIBRARIES = ("school", "trust")


@dataclass(frozen=True)
class Page:
    rows: list
    next_after: str | None
    previous_before: str | None


def _cursor(value: str | None) -> str | None:
    try:
        return str(uuid.UUID(value)) if value else None
    except ValueError:
        return None


def library(access: policy.Access, which: str = "school") -> QuerySet[Intervention]:
    """The school's own active interventions, or its trust's shared library."""
    rows = Intervention.objects.active().filter(trust_id=access.school.trust_id)
    return rows.filter(school__isnull=True) if which == "trust" else rows.filter(school=access.school)


def intervention_page(rows: QuerySet[Intervention], *, after=None, before=None) -> Page:
    """One page in name order. Keyset pagination on (name, id): the cursor is the public id of the
    row at the page's edge, so a deep page costs what the first does."""
    after, before = _cursor(after), _cursor(before)
    edge_id = after or before
    if edge_id:
        edge = Intervention.objects.filter(public_id=edge_id)
        edge_name = Subquery(edge.values("name")[:1])
        edge_pk = Subquery(edge.values("pk")[:1])
    if before:
        earlier = rows.filter(Q(name__lt=edge_name) | Q(name=edge_name, pk__lt=edge_pk))
        found = list(earlier.order_by("-name", "-pk")[: PAGE_SIZE + 1])
        has_more_before = len(found) > PAGE_SIZE
        found = list(reversed(found[:PAGE_SIZE]))
        return Page(
            rows=found,
            next_after=str(found[-1].public_id) if found else None,
            previous_before=str(found[0].public_id) if found and has_more_before else None,
        )
    if after:
        rows = rows.filter(Q(name__gt=edge_name) | Q(name=edge_name, pk__gt=edge_pk))
    found = list(rows.order_by("name", "pk")[: PAGE_SIZE + 1])
    has_more = len(found) > PAGE_SIZE
    found = found[:PAGE_SIZE]
    return Page(
        rows=found,
        next_after=str(found[-1].public_id) if found and has_more else None,
        previous_before=str(found[0].public_id) if found and after else None,
    )


def intervention_for(access: policy.Access, public_id) -> Intervention:
    """One of the school's own interventions or one in its trust's library, archived or not; else 404."""
    found = (
        Intervention.objects.filter(public_id=public_id, trust_id=access.school.trust_id)
        .filter(Q(school=access.school) | Q(school__isnull=True))
        .select_related("copied_from", "created_by")
        .first()
    )
    if found is None:
        raise Http404("No such intervention.")
    return found


def copied_names(access: policy.Access) -> set[str]:
    """Names already in the school's library, so the trust library can say what is already copied."""
    return {name.casefold() for name in library(access).values_list("name", flat=True)}
