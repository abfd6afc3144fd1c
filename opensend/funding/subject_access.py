"""High-needs funding's part of a subject access export: the pupil's top-up applications, each with
its local authority, band, amounts, period and status, archived ones included."""

from __future__ import annotations

from opensend.pupils.subject_access import Part, Table, model_row

from .models import Application

FIELDS = [
    "school",
    "local_authority",
    "band",
    "amount_asked",
    "amount_awarded",
    "status",
    "starts_on",
    "ends_on",
    "renewal_on",
    "submitted_on",
    "decided_on",
    "notes",
]


def funding(pupil, school=None) -> list[Part]:
    rows = Application.objects.filter(pupil=pupil)
    if school is not None:
        rows = rows.filter(school=school)
    rows = rows.select_related("school", "local_authority", "band__framework").order_by("starts_on", "pk")
    return [Table("funding-applications", "Top-up funding applications", [model_row(row, FIELDS) for row in rows])]
