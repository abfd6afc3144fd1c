"""The open statutory deadlines of a school, gathered from every feature that tracks some. A feature
registers a source when it loads (in AppConfig.ready), so this app imports no feature; each source
answers in a fixed number of queries."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from opensend.access import policy
from opensend.access.policy import Capability

from .engine import Status
from .rules import Kind, Rule

# What still needs doing or watching: met deadlines and windows that have closed are not open.
OPEN_STATUSES = frozenset({Status.OVERDUE, Status.DUE_SOON, Status.UPCOMING, Status.WAIVED})


@dataclass(frozen=True)
class OpenDeadline:
    pupil: object  # opensend.pupils.models.Pupil
    rule: Rule
    starts: datetime.date
    due: datetime.date
    status: Status
    local_authority: str = ""
    url: str = ""
    waived_reason: str = ""
    # The person who follows this deadline (a User), if the feature records one.
    owner: object = None

    @property
    def kind_label(self) -> str:
        return Kind(self.rule.kind).label

    @property
    def sort_key(self) -> tuple:
        """Overdue first, then by due date; the pupil and rule keep the order stable."""
        return (0 if self.status == Status.OVERDUE else 1, self.due, str(self.pupil.public_id), self.rule.id)

    def as_json(self) -> dict:
        return {
            "pupil": str(self.pupil.public_id),
            "kind": self.rule.kind,
            "rule": self.rule.id,
            "starts": self.starts.isoformat(),
            "due": self.due.isoformat(),
            "status": self.status.value,
            "days": self.rule.days.value,
            "source": self.rule.source,
            "local_authority": self.local_authority,
        }


# A source: (the school, the pupils the reader may see, today) -> that school's open deadlines.
Source = Callable[[object, object, datetime.date], list[OpenDeadline]]
# Each source with the capability its reader needs beyond seeing the pupil (None: none).
_sources: dict[Source, Capability | None] = {}


def register_source(source: Source, *, capability: Capability | None = None) -> None:
    """Add a feature's deadlines. A source with a `capability` shows only to those who hold it
    (looked-after children's PEPs: not to everyone who follows the caseload)."""
    _sources.setdefault(source, capability)


def open_deadlines(school, pupils, *, today: datetime.date, access=None) -> list[OpenDeadline]:
    """Every open deadline at the school for these pupils (a Pupil queryset), overdue first; with
    a reader's `access`, only the sources their capabilities open (the command, run by the school's
    operators, gives none and sees every source)."""
    shown = [
        source
        for source, capability in _sources.items()
        if access is None or capability is None or access.can(capability)
    ]
    found = [item for source in shown for item in source(school, pupils, today)]
    return sorted((item for item in found if item.status in OPEN_STATUSES), key=lambda item: item.sort_key)


PAGE_SIZE = 50


@dataclass(frozen=True)
class DeadlinePage:
    rows: list[OpenDeadline]
    next_after: str | None
    previous_before: str | None
    total: int


def cursor_of(item: OpenDeadline) -> str:
    """The opaque position of a row: its sort key as text (ids and dates, never a name)."""
    rank, due, pupil, rule_id = item.sort_key
    return f"{rank}.{due.isoformat()}.{pupil}.{rule_id}"


def _key(cursor: str | None) -> tuple | None:
    try:
        rank, due, pupil, rule_id = (cursor or "").split(".", 3)
        return (int(rank), datetime.date.fromisoformat(due), pupil, rule_id)
    except ValueError:
        return None


def deadline_page(items: list[OpenDeadline], *, after: str | None = None, before: str | None = None) -> DeadlinePage:
    """A page of the sorted list by keyset: the rows after one cursor, or before another. A cursor
    that cannot be read starts from the top."""
    after_key, before_key = _key(after), _key(before)
    if before_key is not None:
        earlier = [item for item in items if item.sort_key < before_key]
        rows = earlier[-PAGE_SIZE:]
        has_previous = len(earlier) > PAGE_SIZE
        has_next = True
    else:
        later = [item for item in items if after_key is None or item.sort_key > after_key]
        rows = later[:PAGE_SIZE]
        has_previous = after_key is not None and len(later) < len(items)
        has_next = len(later) > PAGE_SIZE
    return DeadlinePage(
        rows=rows,
        next_after=cursor_of(rows[-1]) if rows and has_next else None,
        previous_before=cursor_of(rows[0]) if rows and has_previous else None,
        total=len(items),
    )


def open_deadlines_of(user, *, today: datetime.date) -> list[OpenDeadline]:
    """Every open deadline a person may see, at every school where they follow the statutory
    deadlines: the caseload's scope, school by school, overdue first."""
    found = []
    for access in policy.school_accesses(user):
        if access.can(Capability.DEADLINES):
            pupils = policy.pupils_visible_to(user, access, current_only=False)
            found += open_deadlines(access.school, pupils, today=today, access=access)
    return sorted(found, key=lambda item: item.sort_key)
