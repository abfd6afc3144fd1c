"""EHC plans and their annual reviews: the review due 12 months from the plan or the last review,
every statutory step of the review from invitations to the final amended plan, and phase transfers."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from opensend.audit.models import AuditEvent
from opensend.deadlines.engine import Status
from opensend.ehc import services
from opensend.ehc.clock import plan_deadlines, plan_steps, review_deadlines
from opensend.ehc.models import AnnualReview, Plan, PlanDocument, ReviewDecision, Transfer

from .factories import AnnualReviewFactory, LocalAuthorityFactory, PlanFactory

d = datetime.date


def by_rule(tracked):
    return {item.rule.id: item for item in tracked}


def test_the_first_review_is_due_12_months_after_the_plan_was_issued():
    plan = Plan(issued_on=d(2024, 2, 29))
    due = by_rule(plan_deadlines(plan, [], today=d(2025, 2, 20)))["annual-review-due"]
    assert due.deadline.due == d(2025, 2, 28)
    assert due.status == Status.DUE_SOON


def test_the_next_review_is_due_12_months_after_the_last_one_held():
    plan = Plan(issued_on=d(2024, 3, 10))
    reviews = [AnnualReview(meeting_on=d(2025, 2, 27), held=True), AnnualReview(meeting_on=d(2026, 3, 1))]
    assert by_rule(plan_deadlines(plan, reviews, today=d(2025, 6, 1)))["annual-review-due"].deadline.due == d(
        2026, 2, 27
    )


@pytest.mark.parametrize(
    ("transfer", "rule_id", "due"),
    [(Transfer.OTHER, "phase-transfer", d(2027, 2, 15)), (Transfer.POST16, "phase-transfer-post16", d(2027, 3, 31))],
)
def test_a_phase_transfer_is_due_by_15_february_or_31_march_of_the_year_of_transfer(transfer, rule_id, due):
    plan = Plan(issued_on=d(2024, 3, 10), transfer_on=d(2027, 9, 1), transfer=transfer)
    tracked = by_rule(plan_deadlines(plan, [], today=d(2027, 3, 1)))[rule_id]
    assert tracked.deadline.due == due
    plan.transfer_amended_on = d(2027, 2, 10)
    assert by_rule(plan_deadlines(plan, [], today=d(2027, 3, 1)))[rule_id].status == Status.MET


def test_a_review_runs_from_invitations_before_the_meeting_to_the_final_amended_plan():
    review = AnnualReview(meeting_on=d(2026, 4, 14))
    before = by_rule(review_deadlines(review, today=d(2026, 3, 25)))
    assert list(before) == ["ar-invitations", "ar-advice-circulated"]
    assert before["ar-invitations"].deadline.due == d(2026, 3, 31)
    assert before["ar-invitations"].status == Status.DUE_SOON

    review.invitations_sent_on = review.advice_circulated_on = d(2026, 3, 27)
    review.held = True
    review.report_sent_on = d(2026, 4, 24)
    review.decision, review.decision_on = ReviewDecision.AMEND, d(2026, 5, 8)
    review.amendment_notice_on = d(2026, 5, 8)
    after = by_rule(review_deadlines(review, today=d(2026, 6, 1)))
    assert after["ar-report"].deadline.due == d(2026, 4, 28) and after["ar-report"].status == Status.MET
    assert after["ar-la-decision"].deadline.due == d(2026, 5, 12) and after["ar-la-decision"].status == Status.MET
    assert after["amendment-representations"].deadline.due == d(2026, 5, 23)
    assert after["amendment-representations"].status == Status.CLOSED
    assert after["amendment-final-plan"].deadline.due == d(2026, 7, 3)
    assert after["amendment-final-plan"].status == Status.UPCOMING


@pytest.mark.django_db
class TestRecording:
    @pytest.fixture
    def plan(self, cast) -> Plan:
        authority = LocalAuthorityFactory(trust=cast.trust, code="380", name="Kirklees")
        return PlanFactory(pupil=cast.taught_pupil, school=cast.school, local_authority=authority)

    def test_a_review_step_out_of_order_is_refused_naming_the_field(self, cast, plan):
        review = AnnualReviewFactory(plan=plan)
        with pytest.raises(ValidationError) as refused:
            services.update_review(
                actor=cast["sendco"],
                school=cast.school,
                review=review,
                expected_version=1,
                values={"report_sent_on": d(2026, 3, 10)},
            )
        assert "Record that the meeting was held first" in refused.value.message_dict["held"]

    def test_proposed_amendments_need_a_decision_to_amend(self, cast, plan):
        review = AnnualReviewFactory(plan=plan)
        values = {"held": True, "decision": "maintain", "decision_on": d(2026, 3, 20)}
        values["amendment_notice_on"] = d(2026, 3, 20)
        with pytest.raises(ValidationError) as refused:
            services.update_review(
                actor=cast["sendco"], school=cast.school, review=review, expected_version=1, values=values
            )
        assert "follow a decision to amend" in refused.value.message_dict["amendment_notice_on"][0]

    def test_a_whole_review_in_the_browser_pages_is_audited_and_joins_the_chronology(self, cast, plan):
        client = cast.client_for("sendco")
        base = {"pupil_id": cast.taught_pupil.public_id, "plan_id": plan.public_id}
        assert client.post(reverse("ehc:review-add", kwargs=base), {"meeting_on": "2026-03-03"}).status_code == 302
        review = AnnualReview.objects.get()
        steps = {
            "version": 1,
            "meeting_on": "2026-03-03",
            "invitations_sent_on": "2026-02-10",
            "advice_circulated_on": "2026-02-16",
            "held": "on",
            "report_sent_on": "2026-03-13",
            "decision": "amend",
            "decision_on": "2026-03-27",
            "amendment_notice_on": "2026-03-27",
            "final_amended_on": "2026-05-15",
        }
        edit = reverse("ehc:review-edit", kwargs=base | {"review_id": review.public_id})
        assert client.post(edit, steps).status_code == 302
        page = client.get(reverse("ehc:pupil", kwargs={"pupil_id": cast.taught_pupil.public_id})).content.decode()
        assert "Annual review, meeting 3 March 2026: amend the plan" in page
        assert "SEND Regulations 2014, reg 22(3) and (4)" in page
        assert AuditEvent.objects.filter(action="update", object_id=str(review.pk)).exists()
        # The same edit again, from the old version, is refused.
        assert client.post(edit, steps).status_code == 409
        chronology = client.get(
            reverse("dashboards:chronology", kwargs={"pupil_id": cast.taught_pupil.public_id}), {"kind": "EHC"}
        ).content.decode()
        assert "Final amended EHC plan issued" in chronology and "Annual review meeting held" in chronology

    def test_recording_a_plan_with_a_transfer_needs_its_kind(self, cast, plan):
        response = cast.client_for("head").post(
            reverse("ehc:plan-add", kwargs={"pupil_id": cast.taught_pupil.public_id}),
            {"local_authority": plan.local_authority.pk, "issued_on": "2025-06-01", "transfer_on": "2027-09-01"},
        )
        assert response.status_code == 400
        assert "Enter both the date of the transfer and its kind" in response.content.decode()
        assert Plan.objects.count() == 1


def test_the_chronology_steps_of_a_plan_and_its_reviews():
    plan = Plan(issued_on=d(2025, 3, 10))
    review = AnnualReview(meeting_on=d(2026, 3, 3), held=True, decision="maintain", decision_on=d(2026, 3, 20))
    assert plan_steps(plan, [review]) == [
        (d(2025, 3, 10), "EHC plan issued"),
        (d(2026, 3, 3), "Annual review meeting held"),
        (d(2026, 3, 20), "Local authority's review decision: keep the plan as it is"),
    ]


@pytest.mark.django_db
class TestDocuments:
    @pytest.fixture
    def plan(self, cast) -> Plan:
        authority = LocalAuthorityFactory(trust=cast.trust, code="380", name="Kirklees")
        return PlanFactory(pupil=cast.taught_pupil, school=cast.school, local_authority=authority)

    def add_url(self, cast, plan) -> str:
        return reverse("ehc:document-add", kwargs={"pupil_id": cast.taught_pupil.public_id, "plan_id": plan.public_id})

    def test_the_sendco_uploads_the_plan_and_a_download_is_audited(self, cast, plan):
        upload = SimpleUploadedFile("Tia Taught EHCP.pdf", b"%PDF-1.7 the plan", content_type="application/pdf")
        client = cast.client_for("sendco")
        assert client.post(self.add_url(cast, plan), {"kind": "final", "file": upload}).status_code == 302
        document = PlanDocument.objects.get()
        assert "Taught" not in document.file.name  # stored under a random name
        page = client.get(reverse("ehc:pupil", kwargs={"pupil_id": cast.taught_pupil.public_id})).content.decode()
        assert "Final EHC plan: Tia Taught EHCP.pdf" in page
        download = reverse(
            "ehc:document",
            kwargs={
                "pupil_id": cast.taught_pupil.public_id,
                "plan_id": plan.public_id,
                "document_id": document.public_id,
            },
        )
        response = cast.client_for("head").get(download)
        assert b"".join(response.streaming_content) == b"%PDF-1.7 the plan"
        assert response["Content-Disposition"].startswith("attachment;")
        viewed = AuditEvent.objects.get(action="view", actor=cast["head"])
        assert viewed.summary == "Viewed EHC plan document: Final EHC plan (Tia Taught EHCP.pdf)"
        assert cast.client_for("teacher").get(download).status_code == 404

    @pytest.mark.parametrize(
        ("name", "content", "message"),
        [
            ("plan.exe", b"MZ", "must be a PDF or a Word (.docx) file"),
            ("plan.pdf", b"not a pdf", "is not a real PDF file"),
        ],
    )
    def test_a_file_of_the_wrong_type_is_refused(self, cast, plan, name, content, message):
        upload = SimpleUploadedFile(name, content)
        response = cast.client_for("sendco").post(self.add_url(cast, plan), {"kind": "final", "file": upload})
        assert response.status_code == 400 and message in response.content.decode()
        assert not PlanDocument.objects.exists()

    def test_a_file_over_the_limit_is_refused(self, cast, plan, settings):
        settings.OPENSEND_DOCUMENT_MAX_BYTES = 10
        upload = SimpleUploadedFile("plan.pdf", b"%PDF-1.7 more than ten bytes")
        response = cast.client_for("sendco").post(self.add_url(cast, plan), {"kind": "final", "file": upload})
        assert response.status_code == 400 and "The file must be 1 MB or smaller" in response.content.decode()


@pytest.mark.django_db
class TestOutcomesAndProvision:
    @pytest.fixture
    def plan(self, cast) -> Plan:
        authority = LocalAuthorityFactory(trust=cast.trust, code="380", name="Kirklees")
        return PlanFactory(pupil=cast.taught_pupil, school=cast.school, local_authority=authority)

    def kwargs(self, cast, plan) -> dict:
        return {"pupil_id": cast.taught_pupil.public_id, "plan_id": plan.public_id}

    def test_the_sendco_records_outcomes_and_section_f_and_the_pupils_teacher_reads_them(self, cast, plan):
        client = cast.client_for("sendco")
        response = client.post(
            reverse("ehc:outcome-add", kwargs=self.kwargs(cast, plan)),
            {"area": "communication-interaction", "description": "Tia will ask for help using a help card."},
        )
        assert response.status_code == 302
        outcome = plan.outcomes.get()
        response = client.post(
            reverse("ehc:provision-add", kwargs=self.kwargs(cast, plan)),
            {
                "description": "Small-group speech and language sessions",
                "how_often": "3 x 30 minutes a week",
                "delivered_by": "Speech and language therapist",
                "outcome": outcome.pk,
            },
        )
        assert response.status_code == 302
        assert AuditEvent.objects.filter(action="create", summary__contains="Section F").exists()

        read = reverse("ehc:provision", kwargs={"pupil_id": cast.taught_pupil.public_id})
        page = cast.client_for("teacher").get(read).content.decode()
        assert "Communication and interaction" in page and "help card" in page
        assert "3 x 30 minutes a week" in page and "Speech and language therapist" in page
        assert "Add an outcome" not in page  # teachers read, they do not change
        assert AuditEvent.objects.get(action="view", actor=cast["teacher"]).summary == (
            "Viewed EHC plan outcomes and provision"
        )

    def test_others_do_not_read_the_plans_provision(self, cast, plan):
        read = reverse("ehc:provision", kwargs={"pupil_id": cast.taught_pupil.public_id})
        for role in ("ta", "dsl", "designated-teacher", "school-admin"):
            assert cast.client_for(role).get(read).status_code == 404, role
        untaught = reverse("ehc:provision", kwargs={"pupil_id": cast.untaught_pupil.public_id})
        assert cast.client_for("teacher").get(untaught).status_code == 404

    def test_an_empty_outcome_is_refused_naming_the_field(self, cast, plan):
        response = cast.client_for("sendco").post(
            reverse("ehc:outcome-add", kwargs=self.kwargs(cast, plan)), {"description": ""}
        )
        page = response.content.decode()
        assert response.status_code == 400 and "Choose the area of need" in page and "Enter the outcome" in page
