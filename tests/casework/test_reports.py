"""Reports and advice received: the document (validated, stored away from served folders, read
through an audited download), the recommendations and what the school did about each, and the
summary that shows external advice taken into provision."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from opensend.audit.models import AuditEvent
from opensend.casework import services
from opensend.casework.models import Outcome, Recommendation, Report
from opensend.casework.selectors import advice_summary
from opensend.dashboards.chronology import pupil_chronology

from ..passports.helpers import make_passport
from ..plans.factories import cycle_for
from ..provision.factories import provision_for
from .factories import RecommendationFactory, ReferralFactory, ReportFactory, ServiceFactory

d = datetime.date
pytestmark = pytest.mark.django_db


def _decide(recommendation, actor, **values):
    return services.recommendation_decide(
        actor=actor, recommendation=recommendation, expected_version=recommendation.version, values=values
    )


def pupil_kwargs(cast) -> dict:
    return {"pupil_id": cast.taught_pupil.public_id}


def test_a_report_is_added_with_its_document_and_one_recommendation_a_line(cast, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {**settings.STORAGES["documents"], "OPTIONS": {"location": str(tmp_path)}},
    }
    service = ServiceFactory(school=cast.school)
    response = cast.client_for("sendco").post(
        reverse("casework:report-add", kwargs=pupil_kwargs(cast)),
        {
            "service": service.public_id,
            "title": "Speech and language assessment",
            "author": "Sam Therapist",
            "written_on-day": "1",
            "written_on-month": "10",
            "written_on-year": "2026",
            "file": SimpleUploadedFile("Tia SALT.pdf", b"%PDF-1.7 report", content_type="application/pdf"),
            "recommendations": "Visual timetable\n- Pre-teach vocabulary\n\n",
        },
    )
    report = Report.objects.get()
    assert response.status_code == 302
    assert [r.text for r in report.recommendations.all()] == ["Visual timetable", "Pre-teach vocabulary"]
    assert "Tia" not in report.file.name and report.file.name.startswith("casework-reports/")
    assert report.content_type == "application/pdf" and report.original_name == "Tia SALT.pdf"


def test_a_file_that_is_not_a_real_pdf_is_refused_by_the_shared_document_check(cast):
    service = ServiceFactory(school=cast.school)
    response = cast.client_for("sendco").post(
        reverse("casework:report-add", kwargs=pupil_kwargs(cast)),
        {
            "service": service.public_id,
            "title": "Report",
            "author": "Sam",
            "written_on-day": "1",
            "written_on-month": "10",
            "written_on-year": "2026",
            "file": SimpleUploadedFile("report.pdf", b"MZ not a pdf", content_type="application/pdf"),
        },
    )
    assert response.status_code == 400
    assert "The file is not a real PDF file" in response.content.decode()
    assert not Report.objects.exists()


def test_reading_a_reports_document_is_audited_and_a_teacher_gets_404(cast):
    report = ReportFactory(pupil=cast.taught_pupil, school=cast.school, added_by=cast["sendco"])
    url = reverse("casework:report-document", kwargs={**pupil_kwargs(cast), "report_id": report.public_id})
    response = cast.client_for("head").get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.VIEW, actor=cast["head"], summary__contains="report document"
    ).exists()
    assert cast.client_for("teacher").get(url).status_code == 404


def test_a_declined_recommendation_needs_its_reason(cast):
    recommendation = RecommendationFactory(
        report=ReportFactory(pupil=cast.taught_pupil, school=cast.school, added_by=cast["sendco"])
    )
    with pytest.raises(ValidationError, match="why the recommendation was declined"):
        _decide(recommendation, cast["sendco"], outcome=Outcome.DECLINED, outcome_on=d(2026, 10, 5))
    declined = _decide(
        recommendation,
        cast["sendco"],
        outcome=Outcome.DECLINED,
        outcome_on=d(2026, 10, 5),
        outcome_note="Already in place through quality first teaching",
    )
    assert declined.outcome == Outcome.DECLINED and declined.decided_by == cast["sendco"]


def test_recommendations_link_to_the_record_where_they_were_acted_on(cast):
    report = ReportFactory(pupil=cast.taught_pupil, school=cast.school, added_by=cast["sendco"])
    to_passport, to_target, to_provision = (RecommendationFactory(report=report) for _ in range(3))
    passport = make_passport(cast.taught_pupil, cast.school, cast["teacher"])
    target = cycle_for(cast).outcomes.get().targets.get()
    provision = provision_for(cast, pupils=(cast.taught_pupil,))
    on = {"outcome_on": d(2026, 10, 5)}
    assert (
        _decide(to_passport, cast["sendco"], outcome=Outcome.PASSPORT, passport_version=passport, **on).passport_version
        == passport
    )
    assert _decide(to_target, cast["sendco"], outcome=Outcome.PLAN_TARGET, target=target, **on).target == target
    assert (
        _decide(to_provision, cast["sendco"], outcome=Outcome.PROVISION, provision=provision, **on).provision
        == provision
    )
    page = (
        cast.client_for("sendco")
        .get(reverse("casework:report", kwargs={**pupil_kwargs(cast), "report_id": report.public_id}))
        .content.decode()
    )
    assert reverse("passports:version", kwargs={**pupil_kwargs(cast), "passport_version": passport.number}) in page
    assert str(target.outcome.cycle.public_id) in page and str(provision.public_id) in page


def test_a_link_to_another_pupils_passport_is_refused(cast):
    recommendation = RecommendationFactory(
        report=ReportFactory(pupil=cast.taught_pupil, school=cast.school, added_by=cast["sendco"])
    )
    someone_else = make_passport(cast.untaught_pupil, cast.school, cast["sendco"])
    with pytest.raises(ValidationError, match="this pupil's passport"):
        _decide(
            recommendation,
            cast["sendco"],
            outcome=Outcome.PASSPORT,
            outcome_on=d(2026, 10, 5),
            passport_version=someone_else,
        )


def test_the_summary_counts_recommendations_acted_on_declined_and_open(cast):
    report = ReportFactory(pupil=cast.taught_pupil, school=cast.school, added_by=cast["sendco"])
    acted, declined, _open = (RecommendationFactory(report=report) for _ in range(3))
    _decide(acted, cast["sendco"], outcome=Outcome.PROVISION, outcome_on=d(2026, 10, 5))
    _decide(declined, cast["sendco"], outcome=Outcome.DECLINED, outcome_on=d(2026, 10, 5), outcome_note="Not needed")
    summary = advice_summary(cast.taught_pupil, cast.school)
    assert (summary.recommendations, summary.acted_on, summary.declined, summary.open) == (3, 1, 1, 1)
    page = cast.client_for("head").get(reverse("casework:pupil", kwargs=pupil_kwargs(cast))).content.decode()
    assert "acted on" in page and "not yet decided" in page


def test_teachers_read_only_the_advice_acted_on(cast):
    report = ReportFactory(pupil=cast.taught_pupil, school=cast.school, added_by=cast["sendco"])
    acted = RecommendationFactory(report=report, text="Use a visual timetable")
    declined = RecommendationFactory(report=report, text="Move to a smaller class")
    RecommendationFactory(report=report, text="Still to decide about this")
    _decide(acted, cast["sendco"], outcome=Outcome.PASSPORT, outcome_on=d(2026, 10, 5))
    _decide(declined, cast["sendco"], outcome=Outcome.DECLINED, outcome_on=d(2026, 10, 5), outcome_note="No room")
    page = cast.client_for("ta").get(reverse("casework:advice", kwargs=pupil_kwargs(cast))).content.decode()
    assert "Use a visual timetable" in page
    assert "Move to a smaller class" not in page and "Still to decide" not in page and "No room" not in page


def test_referrals_and_reports_join_the_chronology(cast):
    referral = ReferralFactory(pupil=cast.taught_pupil, school=cast.school, created_by=cast["sendco"])
    services.referral_set_status(
        actor=cast["sendco"], referral=referral, expected_version=referral.version, status="sent", on=d(2026, 9, 7)
    )
    ReportFactory(pupil=cast.taught_pupil, school=cast.school, service=referral.service, added_by=cast["sendco"])
    titles = [event.title for event in pupil_chronology(cast.taught_pupil, kind="Referral")]
    assert titles == [
        f"Report from {referral.service.name}: Speech and language assessment",
        f"Referred to {referral.service.name}",
    ]


def test_the_subject_access_export_holds_referrals_recommendations_and_documents(cast):
    from opensend.casework.subject_access import casework

    report = ReportFactory(pupil=cast.taught_pupil, school=cast.school, added_by=cast["sendco"])
    RecommendationFactory(report=report, text="Use a visual timetable")
    ReferralFactory(pupil=cast.taught_pupil, school=cast.school, created_by=cast["sendco"])
    parts = casework(cast.taught_pupil, cast.school)
    tables = {part.key: part for part in parts if hasattr(part, "rows")}
    assert len(tables["casework-referrals"].rows) == 1
    assert tables["casework-recommendations"].rows[0]["Recommendation"] == "Use a visual timetable"
    assert [part.name for part in parts if not hasattr(part, "rows")] == ["casework-report-1.pdf"]
    assert casework(cast.taught_pupil, cast.other_school)[0].rows == []


def test_the_recommendation_page_saves_through_the_form(cast):
    report = ReportFactory(pupil=cast.taught_pupil, school=cast.school, added_by=cast["sendco"])
    recommendation = RecommendationFactory(report=report)
    url = reverse(
        "casework:recommendation",
        kwargs={**pupil_kwargs(cast), "report_id": report.public_id, "recommendation_id": recommendation.pk},
    )
    response = cast.client_for("assistant-sendco").post(
        url,
        {
            "version": recommendation.version,
            "outcome": "declined",
            "outcome_on-day": "5",
            "outcome_on-month": "10",
            "outcome_on-year": "2026",
            "outcome_note": "",
        },
    )
    assert response.status_code == 400
    assert "Enter why the recommendation was declined" in response.content.decode()
    assert Recommendation.objects.get().outcome == Outcome.OPEN
