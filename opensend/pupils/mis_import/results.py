"""What an import reports: the problems that stop it, and the changes it makes or would make."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from opensend.audit.models import AuditEvent

# Told (rows done, rows in the file) while a file is read.
Progress = Callable[[int, int], None]

# How many changes a job keeps to show on its page; the counts are always complete.
JOB_CHANGES_KEPT = 200


@dataclass(frozen=True)
class RowError:
    """One problem: the row as a spreadsheet numbers it (header = row 1) and the column."""

    row: int
    field: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "field": self.field, "message": self.message}


class ImportInvalid(Exception):
    def __init__(self, errors: Sequence[RowError]) -> None:
        self.errors = sorted(errors, key=lambda e: e.row)
        super().__init__(f"{len(self.errors)} problem(s) in the file; nothing was imported.")


# How a changed field is named to people, on the job page and in the command's report.
FIELD_LABELS = {
    "upn": "UPN",
    "legal_surname": "surname",
    "legal_forename": "forename",
    "preferred_forename": "preferred forename",
    "date_of_birth": "date of birth",
    "sex": "sex",
    "free_school_meals": "FSM",
    "english_additional_language": "EAL",
    "pupil_premium": "pupil premium",
    "looked_after": "in care",
    "previously_looked_after": "previously looked after",
    "medical_needs": "medical needs",
    "year_group": "NC year",
    "admission_date": "admission date",
    "leaving_date": "leaving date",
    "groups": "groups",
    "email": "email",
    "title": "title",
    "first_name": "forename",
    "last_name": "surname",
    "roles": "roles",
    "sen_provision": "SEN provision",
    "sen_needs": "SEN needs",
}


@dataclass(frozen=True)
class Change:
    row: int
    label: str
    action: str  # AuditEvent.Action.CREATE or UPDATE
    fields: tuple[str, ...]

    @property
    def field_labels(self) -> str:
        return ", ".join(FIELD_LABELS.get(name, name) for name in self.fields)

    @property
    def described(self) -> str:
        return "added" if self.action == AuditEvent.Action.CREATE else f"changed: {self.field_labels}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "label": self.label,
            "action": self.action,
            "fields": list(self.fields),
            "described": self.described,
        }


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    groups_created: int = 0
    dry_run: bool = False
    changes: list[Change] = field(default_factory=list)
    # What column sets report, e.g. the SEN register's "register_added"; empty without their columns.
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, change: Change) -> None:
        self.changes.append(change)
        if change.action == AuditEvent.Action.CREATE:
            self.created += 1
        else:
            self.updated += 1

    def summary(self, *, changes_kept: int = JOB_CHANGES_KEPT) -> dict[str, Any]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "groups_created": self.groups_created,
            "counts": self.counts,
            "dry_run": self.dry_run,
            "changes_total": len(self.changes),
            "changes": [change.as_dict() for change in self.changes[:changes_kept]],
        }


def register_sentence(counts: dict[str, int], *, dry_run: bool) -> str:
    """The SEN register's part of an import's summary; blank when the file had no SEN columns."""
    if "register_added" not in counts:
        return ""
    added, left_on, taken_off = (counts[f"register_{key}"] for key in ("added", "left_on", "taken_off"))
    if dry_run:
        return f"SEN register: would add {added}, leave {left_on} on, take {taken_off} off."
    return f"SEN register: {added} added, {left_on} left on, {taken_off} taken off."
