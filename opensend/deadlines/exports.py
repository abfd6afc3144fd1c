"""The caseload of open deadlines as an Excel workbook."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from opensend.register.exports import XLSX, safe_cell

from .sources import OpenDeadline

__all__ = ["XLSX", "caseload_xlsx"]

HEADERS = (
    "Pupil", "Kind", "Deadline", "Source", "Local authority", "From", "Due", "Status", "Exception", "Case owner",
)  # fmt: skip
WIDTHS = (24, 20, 60, 40, 20, 12, 12, 12, 40, 24)


def _values(item: OpenDeadline) -> list:
    return [
        item.pupil.full_name,
        item.kind_label,
        item.rule.description,
        item.rule.source,
        item.local_authority,
        item.starts,
        item.due,
        item.status.label,
        item.waived_reason,
        item.owner.display_name if item.owner else "",
    ]


def caseload_xlsx(items: list[OpenDeadline], *, title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Statutory deadlines"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for item in items:
        sheet.append([safe_cell(value) for value in _values(item)])
        for column in ("F", "G"):
            sheet[f"{column}{sheet.max_row}"].number_format = "DD/MM/YYYY"
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    workbook.properties.title = f"Statutory deadlines, {title}"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
