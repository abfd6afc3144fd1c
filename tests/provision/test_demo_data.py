"""The demo's provision: every school's own starter library and a trust library to copy from."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from opensend.demo.reset import delete_seeded_data
from opensend.demo.seed import DEMO_EMAIL_DOMAIN, DEMO_TRUST_NAME
from opensend.provision.models import Intervention, Wave
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
