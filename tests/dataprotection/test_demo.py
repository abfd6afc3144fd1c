"""The demo has a data protection officer and three former pupils whose SEN files are due, so the
retention page and retention_review show something; seeding writes no audit events."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from opensend.accounts.models import Membership, Role
from opensend.dataprotection import selectors
from opensend.dataprotection.models import RetentionRule
from opensend.demo.reset import delete_seeded_data
from opensend.demo.seed import DEMO_EMAIL_DOMAIN, DEMO_TRUST_NAME
from opensend.schools.models import School


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), override_settings(OPENSEND_DEMO_MODE=True):
        call_command("seed_demo", stdout=StringIO())
    yield
    with django_db_blocker.unblock():
        delete_seeded_data(DEMO_TRUST_NAME, DEMO_EMAIL_DOMAIN)


def test_the_demo_has_a_data_protection_officer_at_the_primary(demo, db):
    membership = Membership.objects.get(user__email=f"dpo@{DEMO_EMAIL_DOMAIN}")
    assert membership.role == Role.DPO
    assert membership.school.name == "Riverside Primary"


def test_three_sen_files_are_due_at_the_primary_and_none_elsewhere(demo, db):
    rule = RetentionRule.objects.get(key="sen-file")
    due = {
        school.name: selectors.due_pupils(rule, school).count()
        for school in School.objects.filter(trust__name=DEMO_TRUST_NAME)
    }
    assert sorted(due.values()) == [0, 0, 3]
    out = StringIO()
    call_command("retention_review", stdout=out)
    assert "3 record(s) have reached their date" in out.getvalue()
