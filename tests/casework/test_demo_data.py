"""The demo's directory, referrals at every stage (some overdue) and reports with recommendations
acted on and not."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from opensend.casework.models import AWAITING, Outcome, Recommendation, Referral, ReferralStatus, Service, ServiceKind
from opensend.deadlines.engine import due_date
from opensend.demo.plans import REFERENCE_DATE
from opensend.demo.reset import delete_seeded_data
from opensend.demo.seed import DEMO_EMAIL_DOMAIN, DEMO_TRUST_NAME


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), override_settings(OPENSEND_DEMO_MODE=True):
        call_command("seed_demo", stdout=StringIO())
    yield
    with django_db_blocker.unblock():
        delete_seeded_data(DEMO_TRUST_NAME, DEMO_EMAIL_DOMAIN)


def test_the_demo_directory_has_every_kind_of_service_but_other(demo, db):
    kinds = set(Service.objects.filter(trust__name=DEMO_TRUST_NAME).values_list("kind", flat=True))
    assert kinds == set(ServiceKind.values) - {ServiceKind.OTHER}
    assert Service.objects.filter(trust__name=DEMO_TRUST_NAME, school__isnull=True).exists()


def test_the_demo_has_referrals_at_every_stage_some_overdue_with_dates_from_the_engine(demo, db):
    referrals = Referral.objects.filter(pupil__trust__name=DEMO_TRUST_NAME)
    assert set(referrals.values_list("status", flat=True)) == set(ReferralStatus.values)
    assert referrals.filter(status__in=AWAITING, expected_on__lt=REFERENCE_DATE).exists()
    for referral in referrals.exclude(status=ReferralStatus.DRAFT):
        assert referral.expected_on == due_date("referral-response", referral.sent_on, period=referral.waiting_weeks)


def test_the_demo_reports_have_recommendations_acted_on_declined_and_open(demo, db):
    recommendations = Recommendation.objects.filter(report__pupil__trust__name=DEMO_TRUST_NAME)
    assert set(recommendations.values_list("outcome", flat=True)) == set(Outcome.values)
    assert recommendations.filter(outcome=Outcome.PASSPORT, passport_version__isnull=False).exists()
    assert recommendations.filter(outcome=Outcome.PLAN_TARGET, target__isnull=False).exists()
