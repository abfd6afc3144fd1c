from __future__ import annotations

import datetime

from opensend.ehc.models import Decision, PlanOutcome, ProvisionLine
from opensend.ehc.subject_access import ehc
from opensend.pupils.subject_access import Attachment, sections

from .factories import AnnualReviewFactory, AssessmentRequestFactory, PlanDocumentFactory, PlanFactory


def tables(parts):
    return {part.key: part.rows for part in parts if not isinstance(part, Attachment)}


def fill(cast, pupil, school, plans=1):
    AssessmentRequestFactory(
        pupil=pupil,
        school=school,
        decision=Decision.ASSESS,
        decision_on=datetime.date(2026, 2, 2),
        exception="a",
        exception_details="The pupil was abroad for six weeks",
    )
    for _ in range(plans):
        plan = PlanFactory(pupil=pupil, school=school)
        AnnualReviewFactory(plan=plan)
        outcome = PlanOutcome.objects.create(plan=plan, area="communication", description="Speaks in class")
        ProvisionLine.objects.create(plan=plan, outcome=outcome, description="Speech therapy", how_often="Weekly")
        PlanDocumentFactory(plan=plan, uploaded_by=cast["sendco"])


def test_the_subject_access_export_has_an_ehc_section():
    assert "ehc" in {section.key for section in sections()}


def test_the_ehc_section_holds_requests_plans_reviews_outcomes_provision_and_documents(cast):
    fill(cast, cast.taught_pupil, cast.school)
    parts = ehc(cast.taught_pupil)
    rows = tables(parts)
    assert rows["ehc-requests"][0]["Exception details"] == "The pupil was abroad for six weeks"
    assert rows["ehc-plans"][0]["Date the final plan was issued"] == "2025-03-10"
    assert rows["ehc-reviews"][0]["Date of the review meeting"] == "2026-03-03"
    assert rows["ehc-outcomes"][0]["Description"] == "Speaks in class"
    assert rows["ehc-provision"][0]["Provision"] == "Speech therapy"
    assert rows["ehc-documents"][0]["Name"] == "EHC plan.pdf"
    assert rows["ehc-documents"][0]["Type"] == "Final EHC plan"
    files = [part for part in parts if isinstance(part, Attachment)]
    assert [file.content for file in files] == [b"%PDF-1.7 a plan"]


def test_the_ehc_section_holds_only_what_the_school_given_holds(cast):
    fill(cast, cast.taught_pupil, cast.other_school)
    parts = ehc(cast.taught_pupil, cast.school)
    assert all(rows == [] for rows in tables(parts).values())
    assert not [part for part in parts if isinstance(part, Attachment)]
    assert tables(ehc(cast.taught_pupil, cast.other_school))["ehc-plans"]


def test_the_ehc_section_takes_the_same_queries_however_many_plans(cast, django_assert_max_num_queries):
    fill(cast, cast.taught_pupil, cast.school, plans=1)
    fill(cast, cast.untaught_pupil, cast.school, plans=4)
    with django_assert_max_num_queries(7) as small:
        ehc(cast.taught_pupil)
    with django_assert_max_num_queries(len(small.captured_queries)):
        ehc(cast.untaught_pupil)
