"""The demo's cycles and parents' meetings: a lived-in school, the same every time."""

from __future__ import annotations

import datetime
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from opensend.accounts.models import User
from opensend.audit.models import AuditEvent
from opensend.demo.plans import REFERENCE_DATE
from opensend.demo.reset import delete_seeded_data
from opensend.demo.seed import DEMO_EMAIL_DOMAIN, DEMO_TRUST_NAME
from opensend.plans.models import Cycle, Note, ParentMeeting, Status, Target


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), override_settings(OPENSEND_DEMO_MODE=True):
        call_command("seed_demo", stdout=StringIO())
    yield
    with django_db_blocker.unblock():
        delete_seeded_data(DEMO_TRUST_NAME, DEMO_EMAIL_DOMAIN)


def demo_cycles():
    return Cycle.objects.filter(pupil__trust__name=DEMO_TRUST_NAME)


def test_the_demo_has_open_cycles_at_every_stage_and_closed_history(demo, db):
    stages = Counter(demo_cycles().values_list("status", flat=True))
    assert set(stages) == set(Status.values)
    assert stages[Status.CLOSED] > 50
    assert stages[Status.DO] > stages[Status.ASSESS]


def test_some_demo_reviews_are_overdue_and_some_due_within_a_fortnight(demo, db):
    unreviewed = demo_cycles().filter(status__in=[Status.PLAN, Status.DO])
    assert unreviewed.filter(review_date__lt=REFERENCE_DATE).count() >= 10
    soon = REFERENCE_DATE + datetime.timedelta(days=14)
    assert unreviewed.filter(review_date__gte=REFERENCE_DATE, review_date__lte=soon).count() >= 10


def test_demo_cycles_have_targets_notes_and_reviews(demo, db):
    closed = demo_cycles().filter(status=Status.CLOSED)
    assert not closed.filter(reviewed_on__isnull=True).exists()
    assert not Target.objects.filter(outcome__cycle__in=closed, progress="").exists()
    assert Note.objects.filter(cycle__in=demo_cycles()).count() > 100


def test_the_demo_teachers_class_has_a_cycle_at_each_interesting_point(demo, db):
    teacher = User.objects.get(email=f"teacher@{DEMO_EMAIL_DOMAIN}")
    open_cycles = demo_cycles().open().filter(lead_teacher=teacher)
    assert {Status.ASSESS, Status.PLAN, Status.DO, Status.REVIEW} <= set(open_cycles.values_list("status", flat=True))
    assert open_cycles.filter(status=Status.DO, review_date__lt=REFERENCE_DATE).exists()


def test_demo_meetings_are_logged_with_some_pupils_behind_last_year(demo, db):
    meetings = ParentMeeting.objects.filter(pupil__trust__name=DEMO_TRUST_NAME)
    last_year = meetings.filter(kind="sen-support-review", held_on__lt=datetime.date(2026, 9, 1))
    per_pupil = Counter(last_year.values_list("pupil_id", flat=True))
    assert Counter(per_pupil.values())[3] > 0
    assert Counter(per_pupil.values())[1] > 0
    assert not meetings.filter(held_on__gt=REFERENCE_DATE).exists()


def test_seeding_plans_writes_no_audit_events(demo, db):
    assert not AuditEvent.objects.exists()


def test_no_demo_pupil_has_two_open_cycles(demo, db):
    per_pupil = Counter(demo_cycles().open().values_list("pupil_id", flat=True))
    assert max(per_pupil.values()) == 1
