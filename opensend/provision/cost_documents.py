"""The costed provision map's columns (one list for the page, the workbook and the PDF), the Excel
workbook (one sheet per view, real numbers and dates), the PDF for governors, and a pupil's
provision history with its PDF."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from opensend.core.pdf import html_to_pdf
from opensend.pupils.models import Pupil
from opensend.register.exports import XLSX, safe_cell
from opensend.schools.models import School

from . import costs, selectors
from .cost_map import VIEWS, MapRow, ProvisionMap, how_often
from .impact import AGE_MEASURES, PupilResult

PDF = "application/pdf"
MONEY = "£#,##0.00"
DATE = "DD/MM/YYYY"
HOURS = "0.00"
__all__ = ["PDF", "XLSX", "columns", "history_pdf", "map_pdf", "map_xlsx", "pupil_history"]


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: str = "text"  # text, count, hours, money, date
    width: int = 14

    @property
    def numeric(self) -> bool:
        return self.kind != "text"


# Year groups and classes add up pupils' shares, so a group session counts once per pupil there:
# those views show money and pupils, not sessions.
SESSION_VIEWS = ("school", "group", "pupil", "wave", "area")
# Views whose rows are pupils or groups of pupils: a provision or session is in several rows, so
# their total gives money and pupils only (each of which is the sum of the rows).
BY_PUPIL_VIEWS = ("year", "class", "pupil")
NOT_ADDED_UP = ("provisions", "planned_sessions", "planned_hours", "delivered_sessions", "delivered_hours")


def total_cells(mapped: ProvisionMap, chosen: list[Column], *, hide_small: bool) -> list:
    """The total row: every numeric column that is the sum of the rows, the rest left empty."""
    cells = []
    for column in chosen:
        skipped = not column.numeric or column.kind == "date"
        skipped = skipped or (mapped.view in BY_PUPIL_VIEWS and column.key in NOT_ADDED_UP)
        cells.append(None if skipped else value(mapped.total, column, hide_small=hide_small))
    cells[0] = "Total"
    return cells


def columns(view: str, *, show_costs: bool) -> list[Column]:
    label = dict(VIEWS)[view].rstrip("s") if view != "school" else "School"
    chosen = [Column("label", "Area of need" if view == "area" else label, width=32)]
    if view == "group":
        chosen += [
            Column("intervention", "Intervention", width=28),
            Column("wave", "Wave", "count", 6),
            Column("area", "Area of need", width=24),
            Column("staff", "Delivered by", width=28),
            Column("how_often", "How often", width=22),
            Column("starts_on", "From", "date", 12),
            Column("ends_on", "Planned end", "date", 12),
        ]
    if view == "pupil":
        chosen += [
            Column("year", "Year group", width=12),
            Column("class", "Class", width=12),
            Column("provision_names", "Provision", width=40),
        ]
    if view != "pupil":
        chosen.append(Column("pupils", "Pupils", "count", 8))
    if view not in ("group", "pupil"):
        chosen.append(Column("provisions", "Provisions", "count", 10))
    if view in SESSION_VIEWS:
        chosen += [
            Column("planned_sessions", "Sessions planned", "count", 10),
            Column("planned_hours", "Hours planned", "hours", 10),
            Column("delivered_sessions", "Sessions held", "count", 10),
            Column("delivered_hours", "Hours held", "hours", 10),
        ]
    if show_costs:
        if view == "group":
            chosen.append(Column("resources", "Resources", "money", 12))
        chosen += [Column("planned", "Planned cost", "money", 14), Column("delivered", "Delivered cost", "money", 14)]
        if view != "pupil":
            chosen.append(Column("per_pupil", "Planned per pupil", "money", 14))
    return chosen


def value(row: MapRow, column: Column, *, hide_small: bool = False, small: int = 5):
    key = column.key
    if key == "label":
        return row.label
    if key in row.detail:
        return row.detail[key]
    if key == "pupils":
        if row.not_shared or (hide_small and 0 < row.pupils <= small):
            return None
        return row.pupils
    if key == "provisions":
        return row.provisions
    if key == "per_pupil":
        return row.per_pupil_planned
    spend = row.spend
    return {
        "planned_sessions": spend.planned_sessions,
        "planned_hours": spend.planned_hours,
        "delivered_sessions": spend.delivered_sessions,
        "delivered_hours": spend.delivered_hours,
        "planned": spend.planned_pounds,
        "delivered": spend.delivered_pounds,
    }.get(key)


def table(mapped: ProvisionMap, context: dict) -> dict:
    """A view's header, rows and total as cells, for the page and the PDF."""
    chosen = columns(mapped.view, show_costs=context["show_costs"])
    hide = context.get("hide_small", False)

    def cells(row: MapRow) -> list[tuple[Column, object]]:
        return [(column, value(row, column, hide_small=hide)) for column in chosen]

    total = list(zip(chosen, total_cells(mapped, chosen, hide_small=hide), strict=True))
    return {
        "title": dict(VIEWS)[mapped.view],
        "columns": chosen,
        "rows": [cells(row) for row in mapped.rows],
        "total": total,
    }


# --- Excel -------------------------------------------------------------------------------------------


def map_xlsx(maps: list[ProvisionMap], context: dict) -> bytes:
    workbook = Workbook()
    summary = workbook.active
    summary.title = "Summary"
    _summary_sheet(summary, maps[0], context)
    for mapped in maps:
        sheet = workbook.create_sheet(dict(VIEWS)[mapped.view][:31])
        _view_sheet(sheet, mapped, context)
    workbook.properties.title = f"Costed provision map, {maps[0].costs.school.name}"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _summary_sheet(sheet, mapped: ProvisionMap, context: dict) -> None:
    period = mapped.costs.period
    filters = context["filters"]
    rows: list[tuple[str, object, str]] = [
        ("School", mapped.costs.school.name, ""),
        ("From", period.starts_on, DATE),
        ("To", period.ends_on, DATE),
        ("Wave", filters.get("wave") or "All waves", ""),
        ("Area of need", filters.get("area") or "All areas", ""),
        ("Pupils in provision", mapped.total.pupils, "0"),
        ("Provisions", mapped.total.provisions, "0"),
        ("Sessions planned", mapped.total.spend.planned_sessions, "0"),
        ("Sessions held", mapped.total.spend.delivered_sessions, "0"),
    ]
    if context["show_costs"]:
        rows += [("Planned cost", mapped.total.spend.planned_pounds, MONEY)]
        rows += [("Delivered cost", mapped.total.spend.delivered_pounds, MONEY)]
        if context.get("budget") is not None:
            rows += [("Notional SEN budget for the period (pro rata)", context["budget"], MONEY)]
            rows += [("Budget less planned cost", context["budget"] - mapped.total.spend.planned_pounds, MONEY)]
    for label, cell, number_format in rows:
        sheet.append([label, safe_cell(cell)])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
        if number_format:
            sheet.cell(row=sheet.max_row, column=2).number_format = number_format
    sheet.column_dimensions["A"].width = 44
    sheet.column_dimensions["B"].width = 36


def _view_sheet(sheet, mapped: ProvisionMap, context: dict) -> None:
    chosen = columns(mapped.view, show_costs=context["show_costs"])
    sheet.append([column.header for column in chosen])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "B2"
    hide = context.get("hide_small", False)
    for row in mapped.rows:
        _append(sheet, chosen, [value(row, column, hide_small=hide) for column in chosen])
    _append(sheet, chosen, total_cells(mapped, chosen, hide_small=hide))
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for index, column in enumerate(chosen, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width


def _append(sheet, chosen: list[Column], cells: list) -> None:
    sheet.append([_plain(cell) for cell in cells])
    for index, column in enumerate(chosen, start=1):
        cell = sheet.cell(row=sheet.max_row, column=index)
        cell.number_format = {"money": MONEY, "date": DATE, "hours": HOURS, "count": "0"}.get(column.kind, "General")


def _plain(cell):
    if isinstance(cell, Decimal):
        return float(cell) if cell != cell.to_integral() else int(cell)
    return safe_cell(cell)


# --- PDF ---------------------------------------------------------------------------------------------


def map_pdf(maps: list[ProvisionMap], context: dict, *, paper: str = "A4") -> bytes:
    html = render_to_string(
        "provision/costs/map_pdf.html",
        {
            **context,
            "tables": [table(mapped, context) for mapped in maps],
            "total": maps[0].total,
            "paper": paper,
            "printed_at": timezone.localtime(),
        },
    )
    return html_to_pdf(html)


# --- A pupil's provision history -----------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryRow:
    member: object
    provision: object
    staff: str
    how_often: str
    until: datetime.date
    weeks: int
    spend: costs.Spend | None
    result: PupilResult | None
    outcome: str
    age_measure: bool


@dataclass(frozen=True)
class History:
    rows: list[HistoryRow]
    total: costs.Spend | None


def pupil_history(pupil: Pupil, school: School, today: datetime.date, *, with_costs: bool) -> History:
    """Every provision the pupil has had at the school, newest first: for how long, how often, by
    whom, how many sessions they attended, their share of its cost (with costs only) and its impact."""
    memberships = selectors.pupil_memberships(pupil, school)
    scale = dict(selectors.outcome_scale(school)[0])
    shares: dict[int, costs.Spend] = {}
    if with_costs and memberships:
        first = min(member.joined_on for member in memberships)
        last = max(_until(member) for member in memberships)
        costed = costs.school_costs(school, costs.Period(first, max(last, first)), pupil=pupil)
        shares = {item.provision.pk: item.pupils.get(pupil.pk, costs.Spend()) for item in costed.provisions}
    rows = []
    for member in memberships:
        provision = member.provision
        until = _until(member)
        result = None
        if member.entry_value is not None and member.exit_value is not None:
            days = (member.exit_on - member.entry_on).days if member.exit_on and member.entry_on else None
            result = PupilResult(member.entry_value, member.exit_value, days)
        rows.append(
            HistoryRow(
                member=member,
                provision=provision,
                staff=", ".join(person.display_name for person in provision.staff.all()),
                how_often=how_often(provision.slots.all()),
                until=until,
                weeks=max(1, round(((until - member.joined_on).days + 1) / 7)),
                spend=shares.get(provision.pk, costs.Spend()) if with_costs else None,
                result=result,
                outcome=scale.get(member.outcome_rating, "") if member.outcome_rating is not None else "",
                age_measure=provision.intervention.measure in AGE_MEASURES,
            )
        )
    total = None
    if with_costs:
        total = costs.Spend()
        for row in rows:
            total.add(row.spend)
    return History(rows=rows, total=total)


def _until(member) -> datetime.date:
    return member.left_on or member.provision.ends_on


def history_pdf(pupil: Pupil, school: School, history: History, *, show_costs: bool) -> bytes:
    html = render_to_string(
        "provision/costs/history_pdf.html",
        {
            "pupil": pupil,
            "school": school,
            "history": history,
            "show_costs": show_costs,
            "printed_at": timezone.localtime(),
        },
    )
    return html_to_pdf(html)
