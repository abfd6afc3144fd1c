"""The register's part of a subject access export: SEN provision, needs, monitoring and bases, dated."""

from __future__ import annotations

from opensend.pupils.subject_access import Part, table

from .models import BaseMembership, MonitoringEntry, SenNeed, SenStatus


def register_history(pupil, school) -> list[Part]:
    return [
        table(
            "sen-provision",
            "SEN provision (register history)",
            SenStatus.objects.filter(pupil=pupil, school=school).select_related("school", "decided_by"),
            [
                "school",
                "provision",
                "start_date",
                "end_date",
                "reason",
                "decided_by",
                "parents_notified_on",
                "parents_notified_by",
            ],
        ),
        table(
            "sen-needs",
            "Needs",
            SenNeed.objects.filter(pupil=pupil).select_related("recorded_by").order_by("start_date", "rank"),
            ["need_type", "rank", "start_date", "end_date", "recorded_by"],
        ),
        table(
            "monitoring",
            "Monitoring",
            MonitoringEntry.objects.filter(pupil=pupil, school=school).select_related("school", "added_by"),
            ["school", "reason", "started_on", "ended_on", "end_reason", "added_by"],
        ),
        table(
            "bases",
            "SEN unit and resourced provision",
            BaseMembership.objects.filter(pupil=pupil, school=school).select_related("school"),
            ["school", "kind", "started_on", "ended_on"],
        ),
    ]
