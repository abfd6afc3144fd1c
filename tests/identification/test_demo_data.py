"""The demo's identification data: concerns at every stage at the primary, some the demo teacher
raised or was asked about, decisions that agree with the register, and assessment results over time."""

from __future__ import annotations

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.test import override_settings

from opensend.assessments.models import AssessmentResult
from opensend.demo.reset import delete_seeded_data
from opensend.demo.seed import DEMO_EMAIL_DOMAIN, DEMO_TRUST_NAME
from opensend.identification.models import Concern, ContributionRequest

TEACHER = f"teacher@{DEMO_EMAIL_DOMAIN}"
TA = f"ta@{DEMO_EMAIL_DOMAIN}"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), override_settings(OPENSEND_DEMO_MODE=True):
        call_command("seed_demo", "--reset", stdout=StringIO())
    yield
    with django_db_blocker.unblock():
        delete_seeded_data(DEMO_TRUST_NAME, DEMO_EMAIL_DOMAIN)


def demo_concerns():
    return Concern.objects.filter(school__trust__name=DEMO_TRUST_NAME)


def test_the_primary_has_concerns_at_every_stage(demo, db):
    stages = Counter(demo_concerns().filter(school__name="Riverside Primary").values_list("status", "decision"))
    assert stages[("new", "")] >= 3
    assert stages[("gathering", "")] >= 5
    for decision in ("register", "monitoring", "closed"):
        assert stages[("decided", decision)] >= 3


def test_the_demo_teacher_raised_concerns_about_pupils_in_4_willow(demo, db):
    mine = demo_concerns().filter(raised_by__email=TEACHER)
    assert {status for (status,) in mine.values_list("status")} == {"new", "gathering", "decided"}
    assert not mine.exclude(pupil__group_memberships__group__name="4 Willow").exists()


def test_the_demo_teacher_and_ta_have_contributions_waiting(demo, db):
    for email in (TEACHER, TA):
        assert ContributionRequest.objects.filter(asked__email=email, answered_on__isnull=True).exists()


def test_concerns_gathering_information_have_contributions_asked_for_and_some_given(demo, db):
    gathering = (
        demo_concerns()
        .filter(status="gathering")
        .annotate(asked=Count("requests", distinct=True), given=Count("contributions", distinct=True))
    )
    assert all(concern.asked for concern in gathering)
    assert any(concern.given for concern in gathering)


def test_register_decisions_point_at_the_sen_support_they_started(demo, db):
    for concern in demo_concerns().filter(decision="register").select_related("sen_status"):
        assert concern.sen_status.provision == "K"
        assert concern.sen_status.pupil_id == concern.pupil_id
        assert concern.decided_on == concern.sen_status.start_date
        assert concern.raised_on < concern.decided_on


def test_monitoring_decisions_point_at_an_open_monitoring_entry(demo, db):
    for concern in demo_concerns().filter(decision="monitoring").select_related("monitoring_entry"):
        assert concern.monitoring_entry.pupil_id == concern.pupil_id
        assert concern.monitoring_entry.ended_on is None


def test_contributions_come_before_the_decision(demo, db):
    for concern in demo_concerns().filter(status="decided").prefetch_related("contributions"):
        assert all(c.given_on <= concern.decided_on for c in concern.contributions.all())


def test_many_pupils_with_sen_have_several_results_on_one_test(demo, db):
    series = (
        AssessmentResult.objects.filter(pupil__trust__name=DEMO_TRUST_NAME, standardised_score__isnull=False)
        .values("pupil", "test_name")
        .annotate(sittings=Count("pk"))
        .filter(sittings__gte=3)
    )
    assert series.values("pupil").distinct().count() >= 50


def test_the_demo_data_is_the_same_every_time(demo, db):
    before = sorted(demo_concerns().values_list("public_id", "status", "decision"))
    with override_settings(OPENSEND_DEMO_MODE=True):
        call_command("seed_demo", "--reset", stdout=StringIO())
    assert sorted(demo_concerns().values_list("public_id", "status", "decision")) == before
