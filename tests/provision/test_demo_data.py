"""The demo's provision: every school's own starter library and a trust library to copy from."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from opensend.accounts.models import User
from opensend.demo.plans import REFERENCE_DATE
from opensend.demo.reset import delete_seeded_data
from opensend.demo.seed import DEMO_EMAIL_DOMAIN, DEMO_TRUST_NAME
from opensend.provision.models import Attendance, Intervention, Member, Provision, Session, Slot, Wave
from opensend.register.codes import BroadArea
from opensend.schools.models import School


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), override_settings(OPENSEND_DEMO_MODE=True):
        call_command("seed_demo", stdout=StringIO())
    yield
    with django_db_blocker.unblock():
        delete_seeded_data(DEMO_TRUST_NAME, DEMO_EMAIL_DOMAIN)


def test_every_demo_school_has_its_own_editable_starter_library(demo, db):
    for school in School.objects.filter(trust__name=DEMO_TRUST_NAME):
        own = Intervention.objects.filter(school=school)
        assert own.count() >= 10
        assert set(own.values_list("broad_area", flat=True)) == set(BroadArea.values)
        assert set(own.values_list("wave", flat=True)) == set(Wave.values)


def test_the_demo_trust_library_has_interventions_to_copy(demo, db):
    shared = Intervention.objects.filter(trust__name=DEMO_TRUST_NAME, school__isnull=True)
    assert shared.filter(name="Zones of regulation group").exists()


def test_the_demo_has_a_lived_in_term_of_provision_with_sessions_logged_and_some_missed(demo, db):
    provisions = Provision.objects.filter(school__trust__name=DEMO_TRUST_NAME)
    assert provisions.count() > 20
    assert provisions.filter(ends_on__lt=REFERENCE_DATE).exists()  # due for review
    sessions = Session.objects.filter(provision__in=provisions)
    assert sessions.filter(held=False).exists() and sessions.filter(held=True).count() > 500
    assert Attendance.objects.filter(session__in=sessions, attended=False, session__held=True).exists()
    assert Member.objects.filter(provision__in=provisions, cycle__isnull=False).exists()
    assert Member.objects.filter(provision__in=provisions, left_on__isnull=False).exists()


def test_the_demo_ta_has_sessions_on_every_weekday(demo, db):
    ta = User.objects.get(email="ta@demo.opensend.test")
    weekdays = set(
        Slot.objects.filter(provision__staff=ta, provision__ends_on__gte=REFERENCE_DATE).values_list(
            "weekday", flat=True
        )
    )
    assert weekdays == {0, 1, 2, 3, 4}


def test_the_demo_has_entry_and_exit_data_with_a_spread_of_outcomes(demo, db):
    members = Member.objects.filter(provision__school__trust__name=DEMO_TRUST_NAME)
    assert members.filter(entry_value__isnull=False, exit_value__isnull=False).count() > 10
    ratings = set(members.exclude(outcome_rating=None).values_list("outcome_rating", flat=True))
    assert len(ratings) >= 3
    # Some pupils' time has ended without an outcome yet: due for review.
    assert members.filter(exit_value__isnull=False, outcome_rating__isnull=True).exists()


def test_the_demo_primary_has_clashes_of_each_kind_cover_observations_and_contracts(demo, db):
    from opensend.provision import deployment
    from opensend.provision.models import Cover, Observation, StaffHours

    school = School.objects.get(trust__name=DEMO_TRUST_NAME, name="Riverside Primary")
    week = deployment.team_week(school, REFERENCE_DATE)
    clashes = deployment.find_clashes([item.booking for item in week.occurrences])
    assert {clash.kind for clash in clashes} >= {"person", "room", "pupil"}
    # A provision never clashes with itself in the demo.
    assert all(clash.first.key[0] != clash.second.key[0] for clash in clashes)
    ta = User.objects.get(email="ta@demo.opensend.test")
    assert Cover.objects.filter(covered_by=ta).exists() and Cover.objects.filter(replaces=ta).exists()
    assert any(item.cover and item.cover.covered_by == ta for item in week.occurrences)
    assert Observation.objects.filter(staff=ta).exists()
    assert StaffHours.objects.filter(school=school, user=ta).exists()
