"""Identification's part of a subject access export: concerns, requests for views, contributions."""

from __future__ import annotations

from opensend.pupils.subject_access import Part, Table, model_row

from .models import Concern, Contribution, ContributionRequest

CONCERN_FIELDS = [
    "raised_on",
    "raised_by",
    "what_seen",
    "areas",
    "strategies_tried",
    "strategies_weeks",
    "parents_view",
    "parents_told",
    "parents_told_on",
    "status",
    "decision",
    "decision_reason",
    "decided_by",
    "decided_on",
]


def concerns(pupil, school) -> list[Part]:
    rows = list(
        Concern.objects.filter(pupil=pupil, school=school)
        .select_related("school", "raised_by", "decided_by")
        .order_by("raised_on")
    )
    number = {concern.pk: index for index, concern in enumerate(rows, start=1)}
    requests = ContributionRequest.objects.filter(concern__pupil=pupil, concern__school=school).select_related(
        "asked", "asked_by"
    )
    contributions = Contribution.objects.filter(concern__pupil=pupil, concern__school=school).select_related(
        "author", "recorded_by"
    )
    return [
        Table(
            "concerns",
            "Concerns",
            [model_row(c, ["school", *CONCERN_FIELDS], {"Concern": number[c.pk]}) for c in rows],
        ),
        Table(
            "contribution-requests",
            "Views asked for",
            [
                model_row(
                    r,
                    ["asked", "parent_name", "asked_by", "asked_on", "message", "answered_on"],
                    {"Concern": number[r.concern_id]},
                )
                for r in requests
            ],
        ),
        Table(
            "contributions",
            "Views given",
            [
                model_row(
                    c,
                    ["kind", "author", "parent_name", "recorded_by", "given_on", "text"],
                    {"Concern": number[c.concern_id]},
                )
                for c in contributions
            ],
        ),
    ]
