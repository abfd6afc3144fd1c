"""The sections of a subject access export: everything held about one pupil, feature by feature.

Each feature adds its section when it loads (in AppConfig.ready) with `register_section`, giving a
function `collect(pupil, school)` that returns, as plain tables, what that school holds about the
pupil: its records whose school is that school, and the pupil's own identity data. The export
(opensend.dataprotection) then writes every section to the PDF, the JSON and the CSV files without knowing any feature.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils import timezone

Row = dict[str, Any]


@dataclass(frozen=True)
class Table:
    """Rows of one kind, each a mapping from a column's readable name to a plain value."""

    key: str
    title: str
    rows: list[Row] = field(default_factory=list)
    # How the PDF shows a long list that reads better summarised (the audit trail's views, by day);
    # the JSON and CSV always hold every row.
    printed: list[Row] | None = None
    printed_note: str = ""

    @property
    def columns(self) -> list[str]:
        names: dict[str, None] = {}
        for row in self.rows:
            names.update(dict.fromkeys(row))
        return list(names)


@dataclass(frozen=True)
class Attachment:
    """A file held about the pupil (a photo), written into the export as it is stored."""

    name: str
    content: bytes


Part = Table | Attachment


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    order: int
    collect: Callable[[Any, Any], list[Part]]


_sections: dict[str, Section] = {}


def register_section(key: str, title: str, order: int, collect: Callable[[Any, Any], list[Part]]) -> None:
    _sections[key] = Section(key, title, order, collect)


def sections() -> list[Section]:
    return sorted(_sections.values(), key=lambda section: section.order)


def plain(value: Any) -> Any:
    """A value as a person reads it and JSON holds it: dates as ISO dates, times in UK time."""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return value


def model_row(instance: models.Model, fields: Iterable[str], extra: Row | None = None) -> Row:
    """The named fields of a record under their readable names, choices shown as their labels."""
    row: Row = {}
    for name in fields:
        model_field = instance._meta.get_field(name)
        label = str(model_field.verbose_name)
        label = label[:1].upper() + label[1:]
        value = getattr(instance, f"get_{name}_display")() if model_field.choices else getattr(instance, name)
        row[label] = plain(value)
    row.update(extra or {})
    return row


def table(key: str, title: str, instances: Iterable[models.Model], fields: Iterable[str]) -> Table:
    fields = list(fields)
    return Table(key, title, [model_row(instance, fields) for instance in instances])
