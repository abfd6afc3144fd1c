"""The demo's looked-after pupils: three looked after and two previously looked after at Riverside,
PEPs up to date, overdue and held with an annual review, and a designated teacher who sees them."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from opensend.accounts.models import User
from opensend.deadlines.engine import Status
from opensend.demo.plans import REFERENCE_DATE
from opensend.demo.reset import delete_seeded_data
from opensend.demo.seed import DEMO_EMAIL_DOMAIN, DEMO_TRUST_NAME
from opensend.lac.clock import next_due, pep_deadlines
from opensend.lac.models import CareRecord, CareStatus
from opensend.lac.selectors import school_term_ends
from opensend.schools.models import School


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), override_settings(OPENSEND_DEMO_MODE=True):
        call_command("seed_demo", stdout=StringIO())
    yield
    with django_db_blocker.unblock():
        delete_seeded_data(DEMO_TRUST_NAME, DEMO_EMAIL_DOMAIN)


def riverside_records():
    return CareRecord.objects.filter(school__name="Riverside Primary").select_related("pupil")


def test_riverside_has_three_looked_after_and_two_previously_looked_after_pupils_in_step(demo, db):
    records = list(riverside_records())
    assert sorted(record.status for record in records) == [CareStatus.LOOKED_AFTER] * 3 + [CareStatus.PREVIOUSLY] * 2
    for record in records:
        assert record.pupil.looked_after == (record.status == CareStatus.LOOKED_AFTER)
        assert record.pupil.previously_looked_after == (record.status == CareStatus.PREVIOUSLY)
        assert record.events.exists()


def test_one_pep_is_overdue_and_one_was_held_with_an_annual_review(demo, db):
    school = School.objects.get(name="Riverside Primary")
    today = REFERENCE_DATE + datetime.timedelta(days=1)
    states = []
    for record in riverside_records().filter(status=CareStatus.LOOKED_AFTER):
        peps = list(record.peps.all())
        states.append(
            next_due(pep_deadlines(record, peps, today=today, term_ends=school_term_ends(school, today, peps))).status
        )
        held_with = [pep.annual_review for pep in peps if pep.annual_review]
        for review in held_with:
            assert review.meeting_on in {pep.meeting_on for pep in peps} and review.plan.pupil == record.pupil
    assert Status.OVERDUE in states
    assert sum(1 for record in riverside_records() if record.peps.filter(annual_review__isnull=False).exists()) == 1


def test_the_demo_designated_teacher_sees_the_register(demo, client, db, settings):
    settings.OPENSEND_REQUIRE_MFA = False
    client.force_login(User.objects.get(email=f"designated-teacher@{DEMO_EMAIL_DOMAIN}"))
    school = School.objects.get(name="Riverside Primary")
    response = client.get(reverse("lac:register", kwargs={"urn": school.urn}))
    assert response.status_code == 200
    assert len(response.context["rows"]) == 5
