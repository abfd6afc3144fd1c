"""The audit log's part of a subject access export: who viewed or changed the record, and when."""

from __future__ import annotations

from opensend.pupils.subject_access import Part, Table, plain

from .models import AuditEvent


def audit_trail(pupil) -> list[Part]:
    events = AuditEvent.objects.filter(pupil=pupil).select_related("school").order_by("at", "pk")
    return [
        Table(
            "audit",
            "Who viewed or changed the record",
            [
                {
                    "When": plain(event.at),
                    "Who": event.actor_label,
                    "What": event.get_action_display(),
                    "Summary": event.summary,
                    "School": str(event.school) if event.school else "",
                    "Changes": "; ".join(
                        f"{name}: {before} → {after}" for name, (before, after) in event.changes.items()
                    ),
                }
                for event in events
            ],
        )
    ]
