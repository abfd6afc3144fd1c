"""Columns of a pupil file that belong to a feature (the SEN register's provision and needs). A
feature adds its column set when it loads (in AppConfig.ready), so the import imports no feature.

A column set reads its cells of each row, checks them against what is stored, and writes its
changes in the import's transaction, after the pupils exist. A file with none of its columns leaves
its records alone."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any, Protocol

from opensend.accounts.models import User
from opensend.audit.models import AuditEvent
from opensend.schools.models import School

from ..models import Pupil
from .csv_files import Column, RowReader


class ColumnSetPlan(Protocol):
    def load(self, pupils: list[Pupil]) -> None:
        """Read what is stored for these pupils (those already in OpenSEND)."""

    def plan_row(self, number: int, value: Any, pupil: Pupil, *, is_new: bool) -> dict[str, list[Any]]:
        """The row's changes, field -> [before, after]; problems are reported to `error`."""

    def write(self) -> list[AuditEvent]:
        """Write every planned change; the unsaved audit events for them."""

    def counts(self) -> dict[str, int]:
        """What the import's summary reports for this set."""


class ColumnSet(Protocol):
    key: str
    columns: tuple[Column, ...]

    def header_problems(self, present: frozenset[str]) -> list[tuple[str, str]]:
        """(column key, message) for columns that make no sense without others."""

    def read(self, reader: RowReader, today: datetime.date) -> Any:
        """The row's value for this set; None when the row leaves the records as they are."""

    def plan(
        self,
        *,
        school: School,
        actor: User | None,
        now: datetime.datetime,
        present: frozenset[str],
        error: Callable[[int, str, str], None],
    ) -> ColumnSetPlan:
        """`error(row number, column key, message)` reports a problem; any problem writes nothing."""


_column_sets: dict[str, ColumnSet] = {}


def register_column_set(column_set: ColumnSet) -> None:
    _column_sets[column_set.key] = column_set


def column_sets() -> list[ColumnSet]:
    return list(_column_sets.values())


def column_sets_in(present: frozenset[str]) -> list[ColumnSet]:
    """The sets with at least one column in the file."""
    return [cs for cs in _column_sets.values() if any(column.key in present for column in cs.columns)]
