"""A subject access export: one pupil's whole record, every feature's section, as one ZIP holding a
readable PDF, the same data as JSON and as one CSV file per table, and any stored files (photos).

The sections come from `opensend.pupils.subject_access`, where each feature registers its own, so
a new feature adds its part with one function and this module does not change.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone

from opensend.core.documents import html_to_pdf
from opensend.pupils.models import Pupil
from opensend.pupils.subject_access import Attachment, Section, Table, sections
from opensend.register.exports import safe_cell
from opensend.schools.models import School

# A table with more columns than this reads better in the PDF as one block per row.
MAX_TABLE_COLUMNS = 6


@dataclass(frozen=True)
class CollectedSection:
    section: Section
    tables: list[Table]
    attachments: list[Attachment]


def collect(pupil: Pupil, school: School) -> list[CollectedSection]:
    """What `school` holds about the pupil: an export made at one school of a trust never carries
    another school's records, which that school's staff cannot open on screen either."""
    collected = []
    for section in sections():
        parts = section.collect(pupil, school)
        collected.append(
            CollectedSection(
                section,
                [part for part in parts if isinstance(part, Table)],
                [part for part in parts if isinstance(part, Attachment)],
            )
        )
    return collected


def _json(pupil: Pupil, school: School, produced_at: str, collected: list[CollectedSection]) -> bytes:
    document = {
        "pupil": str(pupil.public_id),
        "school": {"urn": school.urn, "name": school.name},
        "produced_at": produced_at,
        "sections": {
            item.section.key: {
                "title": item.section.title,
                "tables": {table.key: {"title": table.title, "rows": table.rows} for table in item.tables},
                "files": [f"files/{attachment.name}" for attachment in item.attachments],
            }
            for item in collected
        },
    }
    return json.dumps(document, ensure_ascii=False, indent=2, default=str).encode("utf-8")


def _csv(table: Table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    columns = table.columns
    writer.writerow(columns)
    for row in table.rows:
        writer.writerow([safe_cell("" if row.get(name) is None else row.get(name)) for name in columns])
    # A byte order mark, so a spreadsheet opens the file as UTF-8.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _pdf(context: dict) -> bytes:
    return html_to_pdf(render_to_string("dataprotection/subject_access_pdf.html", context))


def _printable(table: Table) -> dict:
    columns = table.columns
    rows = table.rows if table.printed is None else table.printed
    return {
        "title": table.title,
        "note": table.printed_note,
        "columns": columns,
        "rows": [[(name, row.get(name)) for name in columns] for row in rows],
        "wide": len(columns) > MAX_TABLE_COLUMNS,
    }


def _readme(pupil: Pupil, school: School, produced_at: str, collected: list[CollectedSection]) -> str:
    lines = [
        f"Subject access export from {school.name}, produced {produced_at} (UK time).",
        "",
        "record.pdf   the whole record to read or print",
        "record.json  the same data for a computer to read",
        "csv/         one CSV file for each table",
        "files/       files held about the pupil (passport photos)",
        "",
        "Sections:",
        *(f"- {item.section.title}: {sum(len(t.rows) for t in item.tables)} entries" for item in collected),
    ]
    return "\n".join(lines) + "\n"


def subject_access_zip(pupil: Pupil, school: School, produced_by: str) -> bytes:
    collected = collect(pupil, school)
    produced_at = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    context = {
        "pupil": pupil,
        "school": school,
        "produced_at": produced_at,
        "produced_by": produced_by,
        "sections": [
            {
                "title": item.section.title,
                "key": item.section.key,
                "tables": [_printable(table) for table in item.tables],
                "attachments": item.attachments,
            }
            for item in collected
        ],
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", _readme(pupil, school, produced_at, collected))
        archive.writestr("record.pdf", _pdf(context))
        archive.writestr("record.json", _json(pupil, school, produced_at, collected))
        for item in collected:
            for table in item.tables:
                archive.writestr(f"csv/{item.section.key}-{table.key}.csv", _csv(table))
            for attachment in item.attachments:
                archive.writestr(f"files/{attachment.name}", attachment.content)
    return buffer.getvalue()
