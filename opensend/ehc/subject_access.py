"""EHC's part of a subject access export: assessment requests with their steps, plans with their
annual reviews and meeting records, Section E outcomes and Section F lines, and the plan documents
as they are stored."""

from __future__ import annotations

from opensend.pupils.subject_access import Attachment, Part, Table, model_row, plain, table

from .models import AnnualReview, AssessmentRequest, Plan, PlanDocument, PlanOutcome, ProvisionLine, ReviewMeeting
from .paperwork_services import MEETING_FIELDS

REQUEST_FIELDS = [
    "school",
    "local_authority",
    "made_by",
    "requested_on",
    "decision",
    "decision_on",
    "mediation_certificate_on",
    "advice_requested_on",
    "advice_sent_on",
    "no_plan_on",
    "draft_plan_on",
    "naming_consulted_on",
    "naming_response_on",
    "final_plan_on",
    "exception",
    "exception_details",
]
PLAN_FIELDS = ["school", "local_authority", "issued_on", "transfer_on", "transfer", "transfer_amended_on"]
REVIEW_FIELDS = [
    "meeting_on",
    "invitations_sent_on",
    "advice_circulated_on",
    "held",
    "report_sent_on",
    "decision",
    "decision_on",
    "amendment_notice_on",
    "final_amended_on",
]


def _at_school(queryset, school, path: str):
    return queryset.filter(**{path: school}) if school is not None else queryset


def _plan_label(plan: Plan) -> str:
    return f"Issued {plain(plan.issued_on)}"


def _document_file(index: int, document: PlanDocument) -> Attachment:
    extension = document.file.name.rsplit(".", 1)[-1] if "." in document.file.name else "bin"
    with document.file.open("rb") as stored:
        return Attachment(f"ehc-document-{index}.{extension}", stored.read())


def ehc(pupil, school=None) -> list[Part]:
    requests = _at_school(AssessmentRequest.objects.filter(pupil=pupil), school, "school")
    plans = _at_school(Plan.objects.filter(pupil=pupil), school, "school")
    reviews = _at_school(AnnualReview.objects.filter(plan__pupil=pupil), school, "plan__school")
    meetings = _at_school(ReviewMeeting.objects.filter(review__plan__pupil=pupil), school, "review__plan__school")
    outcomes = _at_school(PlanOutcome.objects.filter(plan__pupil=pupil), school, "plan__school")
    lines = _at_school(ProvisionLine.objects.filter(plan__pupil=pupil), school, "plan__school")
    documents = list(
        _at_school(PlanDocument.objects.filter(plan__pupil=pupil), school, "plan__school")
        .select_related("plan", "uploaded_by")
        .order_by("pk")
    )
    return [
        table(
            "ehc-requests",
            "EHC needs assessment requests",
            requests.select_related("school", "local_authority"),
            REQUEST_FIELDS,
        ),
        table("ehc-plans", "EHC plans", plans.select_related("school", "local_authority"), PLAN_FIELDS),
        Table(
            "ehc-reviews",
            "Annual reviews",
            [model_row(r, REVIEW_FIELDS, {"Plan": _plan_label(r.plan)}) for r in reviews.select_related("plan")],
        ),
        Table(
            "ehc-review-meetings",
            "Annual review meeting records",
            [
                model_row(m, MEETING_FIELDS, {"Review meeting": plain(m.review.meeting_on)})
                for m in meetings.select_related("review")
            ],
        ),
        Table(
            "ehc-outcomes",
            "Outcomes in the plan (Section E)",
            [
                model_row(o, ["area", "description"], {"Plan": _plan_label(o.plan)})
                for o in outcomes.select_related("plan")
            ],
        ),
        Table(
            "ehc-provision",
            "Provision in the plan (Section F)",
            [
                model_row(
                    line,
                    ["description", "how_often", "delivered_by"],
                    {"Plan": _plan_label(line.plan), "Outcome": str(line.outcome) if line.outcome else ""},
                )
                for line in lines.select_related("plan", "outcome")
            ],
        ),
        Table(
            "ehc-documents",
            "Plan documents",
            [
                {
                    "Plan": _plan_label(d.plan),
                    "Name": d.original_name,
                    "Type": d.get_kind_display(),
                    "Size in bytes": d.size,
                    "Date": plain(d.created_at),
                    "File in this export": f"ehc-document-{index}",
                }
                for index, d in enumerate(documents, start=1)
            ],
        ),
        *(_document_file(index, d) for index, d in enumerate(documents, start=1)),
    ]
