"""The funding view as a spreadsheet: real numbers (pounds to the penny, formatted as money), one
row per pupil, the totals and the notional SEN budget. Names go through safe_cell so a record can
never start a formula."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from opensend.provision.costs import pounds
from opensend.register.exports import XLSX, safe_cell

from .selectors import FundingView

MONEY = '"£"#,##0.00;-"£"#,##0.00'
DATE = "dd/mm/yyyy"
COLUMNS = (
    "Pupil",
    "EHC plan",
    "Top-up applications",
    "Top-up received in the year",
    "Provision cost (planned)",
    "Provision cost (delivered)",
    "Gap (cost less funding)",
)

__all__ = ["XLSX", "funding_xlsx"]


def _summary(sheet, view: FundingView) -> None:
    rows = [
        ("School", view.school.name, ""),
        ("Financial year from", view.period.starts_on, DATE),
        ("Financial year to", view.period.ends_on, DATE),
        ("Top-up received", pounds(view.received), MONEY),
        ("Provision cost shared with pupils (planned)", pounds(view.cost), MONEY),
        ("Provision cost not shared with any pupil", pounds(view.not_shared), MONEY),
        ("Provision cost in all (planned)", pounds(view.total_cost), MONEY),
        ("Gap (pupils' provision cost less top-up)", pounds(view.gap), MONEY),
        ("Notional SEN budget", pounds(view.budget), MONEY),
        ("Pupils whose provision costs more than their funding", len(view.short), "0"),
        ("Pupils with an EHC plan and no top-up", len(view.plans_without_topup), "0"),
    ]
    for label, value, number_format in rows:
        sheet.append([label, safe_cell(value)])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
        if number_format:
            sheet.cell(row=sheet.max_row, column=2).number_format = number_format
    sheet.column_dimensions["A"].width = 52
    sheet.column_dimensions["B"].width = 30


def _pupils(sheet, view: FundingView) -> None:
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in view.rows:
        statuses = ", ".join(application.get_status_display() for application in row.applications) or "None"
        sheet.append(
            [
                safe_cell(row.pupil.full_name),
                "Yes" if row.has_plan else "No",
                statuses,
                pounds(row.received),
                pounds(row.cost),
                pounds(row.delivered),
                pounds(row.gap),
            ]
        )
    sheet.append(["Total", "", "", pounds(view.received), pounds(view.cost), pounds(view.delivered), pounds(view.gap)])
    sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
    for cells in sheet.iter_rows(min_row=2, min_col=4, max_col=7):
        for cell in cells:
            cell.number_format = MONEY
    sheet.column_dimensions["A"].width = 32
    for letter in "BCDEFG":
        sheet.column_dimensions[letter].width = 22


def funding_xlsx(view: FundingView) -> bytes:
    workbook = Workbook()
    summary = workbook.active
    summary.title = "Summary"
    _summary(summary, view)
    _pupils(workbook.create_sheet("Pupils"), view)
    workbook.properties.title = f"High-needs funding, {view.school.name}"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
