"""Who reaches the directory of services, referrals and reports: the SENDCo and the assistant read
and change them, the head reads them; the pupil's teachers and TAs read only the advice the school
acted on. Everyone else gets 404."""

from __future__ import annotations

from ..access_matrix import R, allowed
from .factories import RecommendationFactory, ReferralFactory, ReportFactory, ServiceFactory

CASEWORK_READERS = {R.SENDCO, R.ASSISTANT_SENDCO, R.HEAD}
CASEWORK_MANAGERS = {R.SENDCO, R.ASSISTANT_SENDCO}
# For the matrix's pupil, whom the teacher teaches and the TA supports.
ADVICE_READERS = CASEWORK_READERS | {R.TEACHER, R.TA}

RULES = {
    "casework:directory": allowed(CASEWORK_READERS),
    "casework:service-add": allowed(CASEWORK_MANAGERS),
    "casework:service": allowed(CASEWORK_READERS),
    "casework:service-edit": allowed(CASEWORK_MANAGERS),
    "casework:professional-add": allowed(CASEWORK_MANAGERS),
    "casework:referrals": allowed(CASEWORK_READERS),
    "casework:pupil": allowed(CASEWORK_READERS),
    "casework:referral-add": allowed(CASEWORK_MANAGERS),
    "casework:referral": allowed(CASEWORK_READERS),
    "casework:referral-edit": allowed(CASEWORK_MANAGERS),
    "casework:referral-status": allowed(CASEWORK_MANAGERS),
    "casework:chaser-add": allowed(CASEWORK_MANAGERS),
    "casework:report-add": allowed(CASEWORK_MANAGERS),
    "casework:report": allowed(CASEWORK_READERS),
    "casework:report-document": allowed(CASEWORK_READERS),
    "casework:recommendation-add": allowed(CASEWORK_MANAGERS),
    "casework:recommendation": allowed(CASEWORK_MANAGERS),
    "casework:advice": allowed(ADVICE_READERS),
}


def url_kwargs(cast) -> dict:
    service = ServiceFactory(school=cast.school)
    referral = ReferralFactory(pupil=cast.taught_pupil, school=cast.school, service=service, created_by=cast["sendco"])
    report = ReportFactory(pupil=cast.taught_pupil, school=cast.school, service=service, added_by=cast["sendco"])
    recommendation = RecommendationFactory(report=report)
    return {
        "service_id": service.public_id,
        "referral_id": referral.public_id,
        "report_id": report.public_id,
        "recommendation_id": recommendation.pk,
    }
