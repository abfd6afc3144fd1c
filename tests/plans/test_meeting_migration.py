"""Parents' meetings recorded before meetings of every kind keep everything through the migration:
who attended becomes the others present, the agreed actions become the decisions, and the SEN
support reviews still count. Run in a child process against its own SQLite file, like
tests/test_migrations.py."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.migrations

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = """
import datetime
import django

django.setup()
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

call_command("migrate", verbosity=0)
call_command("migrate", "plans", "0003_cycle_assessment_results", verbosity=0)
executor = MigrationExecutor(connection)
old = executor.loader.project_state(("plans", "0003_cycle_assessment_results")).apps
from opensend.accounts.models import User
from opensend.pupils.models import Pupil
from opensend.schools.models import School, Trust

Meeting = old.get_model("plans", "ParentMeeting")
trust = Trust.objects.create(name="Trust")
school = School.objects.create(trust=trust, name="School", urn="100001", la_code="123", establishment_number="4567")
pupil = Pupil.objects.create(
    trust=trust, legal_surname="Ng", legal_forename="Amy", date_of_birth=datetime.date(2017, 1, 2), sex="F"
)
user = User.objects.create(email="s@example.test", first_name="S", last_name="Lee")
Meeting.objects.create(
    pupil_id=pupil.pk, school_id=school.pk, recorded_by_id=user.pk,
    held_on=datetime.date(2026, 10, 1), kind="sen-support-review",
    attendees="Mum, class teacher", notes="Reading", agreed_actions="Read nightly",
)
call_command("migrate", "plans", verbosity=0)
from opensend.plans.models import ParentMeeting
meeting = ParentMeeting.objects.get()
assert meeting.other_attendees == "Mum, class teacher", meeting.other_attendees
assert meeting.decisions == "Read nightly", meeting.decisions
assert meeting.notes == "Reading"
assert meeting.kind == ParentMeeting.Kind.SEN_SUPPORT_REVIEW
assert list(meeting.actions.all()) == [] and list(meeting.staff_present.all()) == []
meeting.kind = ParentMeeting.Kind.MULTI_AGENCY
meeting.save()
call_command("migrate", "plans", "0003_cycle_assessment_results", verbosity=0)
row = MigrationExecutor(connection).loader.project_state(("plans", "0003_cycle_assessment_results")).apps.get_model(
    "plans", "ParentMeeting"
).objects.get()
assert (row.attendees, row.agreed_actions, row.kind) == ("Mum, class teacher", "Read nightly", "other"), row.kind
print("meetings kept both ways")
"""


def test_parents_meetings_keep_their_record_through_the_migration(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'meetings.sqlite3'}",
    }
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "meetings kept both ways" in result.stdout
