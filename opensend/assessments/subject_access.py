"""Assessments' part of a subject access export: every result, archived ones included."""

from __future__ import annotations

from opensend.pupils.subject_access import Part, table

from .models import AssessmentResult


def assessment_results(pupil, school) -> list[Part]:
    results = AssessmentResult.objects.filter(pupil=pupil, school=school).select_related(
        "school", "assessor", "recorded_by"
    )
    return [
        table(
            "assessments",
            "Assessment results",
            results.order_by("taken_on", "pk"),
            [
                "school",
                "test_name",
                "taken_on",
                "raw_score",
                "standardised_score",
                "percentile",
                "age_equivalent_months",
                "assessor",
                "assessor_name",
                "notes",
                "recorded_by",
                "archived_at",
                "archive_reason",
            ],
        )
    ]
