"""Casework's part of a subject access export: the pupil's referrals with their chasers, the
reports received with their recommendations and what the school did, and the report documents as
they are stored."""

from __future__ import annotations

from opensend.pupils.subject_access import Attachment, Part, Table, model_row, plain, table

from .models import Chaser, Recommendation, Referral, Report

REFERRAL_FIELDS = [
    "school",
    "service",
    "professional",
    "reason",
    "consent",
    "consent_on",
    "status",
    "status_on",
    "sent_on",
    "expected_on",
]
REPORT_FIELDS = ["school", "service", "title", "author", "written_on"]


def _at_school(queryset, school, path: str):
    return queryset.filter(**{path: school}) if school is not None else queryset


def _document(index: int, report: Report) -> Attachment:
    extension = report.file.name.rsplit(".", 1)[-1] if "." in report.file.name else "bin"
    with report.file.open("rb") as stored:
        return Attachment(f"casework-report-{index}.{extension}", stored.read())


def casework(pupil, school=None) -> list[Part]:
    referrals = _at_school(Referral.objects.filter(pupil=pupil), school, "school")
    chasers = _at_school(Chaser.objects.filter(referral__pupil=pupil), school, "referral__school")
    reports = list(_at_school(Report.objects.filter(pupil=pupil), school, "school").select_related("school", "service"))
    recommendations = _at_school(Recommendation.objects.filter(report__pupil=pupil), school, "report__school")
    with_documents = sorted((report for report in reports if report.file), key=lambda report: report.pk)
    return [
        table(
            "casework-referrals",
            "Referrals to services",
            referrals.select_related("school", "service", "professional"),
            REFERRAL_FIELDS,
        ),
        Table(
            "casework-chasers",
            "Chasing referrals",
            [
                model_row(c, ["on", "note"], {"Referral": f"{c.referral} sent {plain(c.referral.sent_on)}"})
                for c in chasers.select_related("referral__service")
            ],
        ),
        table(
            "casework-reports",
            "Reports and advice received",
            reports,
            REPORT_FIELDS,
        ),
        Table(
            "casework-recommendations",
            "Recommendations and what the school did",
            [
                model_row(r, ["text", "outcome", "outcome_on", "outcome_note"], {"Report": r.report.title})
                for r in recommendations.select_related("report")
            ],
        ),
        Table(
            "casework-documents",
            "Report documents",
            [
                {
                    "Report": r.title,
                    "Name": r.original_name,
                    "Size in bytes": r.size,
                    "File in this export": f"casework-report-{i}",
                }
                for i, r in enumerate(with_documents, start=1)
            ],
        ),
        *(_document(i, r) for i, r in enumerate(with_documents, start=1)),
    ]
