"""The audit log's part of a subject access export: who viewed or changed the record, and when."""

from __future__ import annotations

from itertools import groupby

from django.utils import timezone

from opensend.audit.models import AuditEvent

from .subject_access import Part, Row, Table, plain


def _row(event: AuditEvent) -> Row:
    return {
        "When": plain(event.at),
        "Who": event.actor_label,
        "What": event.get_action_display(),
        "Summary": event.summary,
        "School": str(event.school) if event.school else "",
        "Changes": "; ".join(f"{name}: {values[0]} → {values[-1]}" for name, values in event.changes.items()),
    }


def _views_by_day(events: list[AuditEvent]) -> list[Row]:
    """Each person's views of one day as one line, after the day's changes: years of views would
    otherwise fill hundreds of pages."""
    printed: list[Row] = []
    for day, group in groupby(events, key=lambda event: timezone.localdate(event.at)):
        views: dict[str, list[AuditEvent]] = {}
        for event in group:
            if event.action == AuditEvent.Action.VIEW:
                views.setdefault(event.actor_label, []).append(event)
            else:
                printed.append(_row(event))
        for who, seen in views.items():
            if len(seen) == 1:
                printed.append(_row(seen[0]))
            else:
                summary = f"Viewed the record {len(seen)} times"
                printed.append({"When": day.isoformat(), "Who": who, "What": "Viewed", "Summary": summary})
    return printed


def audit_trail(pupil, school) -> list[Part]:
    events = list(AuditEvent.objects.filter(pupil=pupil, school=school).select_related("school").order_by("at", "pk"))
    return [
        Table(
            "audit",
            "Who viewed or changed the record",
            [_row(event) for event in events],
            printed=_views_by_day(events),
            printed_note="Views by the same person on the same day are counted together here; "
            "record.json and csv/audit-audit.csv list every one.",
        )
    ]
