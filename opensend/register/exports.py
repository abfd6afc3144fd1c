"""The register as a spreadsheet (Excel) or CSV: the same columns in both, one row per pupil.

Text that a spreadsheet would read as a formula (=, +, -, @, or a tab or carriage return first) gets
a leading apostrophe, so a pupil record can never run code on the computer that opens the file.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from opensend.pupils.models import Sex

from .selectors import Base

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FURTHER_NEEDS_FROM = 3


def safe_cell(value: Any) -> Any:
    """The value as a spreadsheet should hold it: text that could start a formula is made plain text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _yes(value: bool) -> str:
    return "Yes" if value else "No"


def _headers(bases: list[Base]) -> list[str]:
    return [
        "Surname",
        "Forename",
        "Preferred forename",
        "UPN",
        "Date of birth",
        "Sex",
        "Year",
        "Registration group",
        "SEN provision",
        "SEN provision (meaning)",
        "Provision since",
        "Primary need",
        "Primary need broad area",
        "Secondary need",
        "Secondary need broad area",
        "Further needs",
        "Monitoring",
        *(base.name for base in bases),
        "SEN support parents' meetings this academic year",
        "Pupil premium",
        "FSM",
        "EAL",
        "Looked after",
    ]


def _values(row: dict[str, Any], bases: list[Base]) -> list[Any]:
    needs = row["needs"]
    primary = needs[0] if needs else None
    secondary = needs[1] if len(needs) > 1 else None
    looked_after = "Yes" if row["looked_after"] else ("Previously" if row["previously_looked_after"] else "No")
    return [
        row["legal_surname"],
        row["legal_forename"],
        row["preferred_forename"],
        row["upn"],
        row["date_of_birth"],
        dict(Sex.choices).get(row["sex"], row["sex"]),
        row["year_label"],
        row["registration_group"] or "",
        row["provision"] or "",
        row["provision_label"],
        row["provision_start"],
        primary.code if primary else "",
        primary.area_label if primary else "",
        secondary.code if secondary else "",
        secondary.area_label if secondary else "",
        ", ".join(need.code for need in needs[FURTHER_NEEDS_FROM - 1 :]),
        _yes(row["monitored"]),
        *(_yes(base.name in row["bases"]) for base in bases),
        row["meetings"] if row["meetings"] is not None else "",
        _yes(row["pupil_premium"]),
        _yes(row["free_school_meals"]),
        _yes(row["english_additional_language"]),
        looked_after,
    ]


def register_csv(rows: Iterable[dict[str, Any]], *, bases: list[Base]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(_headers(bases))
    for row in rows:
        writer.writerow(
            [
                value.isoformat() if isinstance(value, datetime.date) else safe_cell("" if value is None else value)
                for value in _values(row, bases)
            ]
        )
    # A byte order mark, so Excel opens the file as UTF-8 and names keep their accents.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def register_xlsx(rows: Iterable[dict[str, Any]], *, bases: list[Base], title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "SEN register"
    headers = _headers(bases)
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for row in rows:
        sheet.append([safe_cell(value) for value in _values(row, bases)])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, datetime.date):
                cell.number_format = "DD/MM/YYYY"
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, min(len(header) + 2, 40))
    workbook.properties.title = f"SEN register, {title}"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
