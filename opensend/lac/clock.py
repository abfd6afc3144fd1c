"""The PEP clock of a looked-after pupil: the initial PEP counted from the day the child entered
care (rules pep-initiate and pep-first-review) and then a PEP each term counted from the last PEP
meeting (pep-review), each with its due date from opensend.deadlines, what was done and its status.
A previously looked-after child has no statutory PEP, so no clock."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from opensend.deadlines.engine import Deadline, Status, deadline, status

from .models import CareRecord, CareStatus, Pep


@dataclass(frozen=True)
class TrackedDeadline:
    deadline: Deadline
    status: Status
    done_on: datetime.date | None = None
    waived_reason: str = ""

    @property
    def rule(self):
        return self.deadline.rule


def _track(rule_id: str, start, *, today, done_on=None, term_ends=None) -> TrackedDeadline:
    found = deadline(rule_id, start, term_ends=term_ends)
    return TrackedDeadline(found, status(found, today=today, done_on=done_on), done_on)


def pep_deadlines(
    record: CareRecord, peps: Sequence[Pep], *, today: datetime.date, term_ends: Sequence[datetime.date]
) -> list[TrackedDeadline]:
    """The deadlines of the PEP cycle, oldest first. `peps` are the record's PEPs (any order);
    `term_ends` the last days of the school's terms, for the termly review."""
    if record.status != CareStatus.LOOKED_AFTER:
        return []
    # PEPs of an earlier spell in care belong to that spell's clock, not this one.
    this_spell = [pep for pep in peps if not record.entered_care_on or pep.meeting_on >= record.entered_care_on]
    held = sorted(this_spell, key=lambda pep: (pep.meeting_on, pep.pk or 0))
    tracked = []
    initial = next((pep for pep in held if pep.kind == Pep.Kind.INITIAL), None)
    # The initial PEP's clock runs here unless the pupil came with PEPs made elsewhere (the school
    # records their latest as a review).
    if record.entered_care_on and (initial is not None or not held):
        first_on = initial.meeting_on if initial else None
        tracked.append(
            _track("pep-initiate", record.entered_care_on, today=today, done_on=record.pep_initiated_on or first_on)
        )
        tracked.append(_track("pep-first-review", record.entered_care_on, today=today, done_on=first_on))
    for earlier, later in pairwise(held):
        tracked.append(
            _track("pep-review", earlier.meeting_on, today=today, done_on=later.meeting_on, term_ends=term_ends)
        )
    if held:
        tracked.append(_track("pep-review", held[-1].meeting_on, today=today, term_ends=term_ends))
    return tracked


def next_due(tracked: Sequence[TrackedDeadline]) -> TrackedDeadline | None:
    """The first deadline not yet met: what the register shows as the next PEP due."""
    return next((item for item in tracked if item.done_on is None), None)
