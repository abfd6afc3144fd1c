"""Two people saving the same record at the same moment: one wins, the other is told, nothing is
lost silently. Needs PostgreSQL's row locks; skipped on SQLite, which serialises writers anyway."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from opensend.audit.models import AuditEvent
from opensend.pupils import services
from opensend.pupils.models import Pupil

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locking needs PostgreSQL"),
]


def test_of_two_simultaneous_edits_from_the_same_version_exactly_one_is_saved(transactional_db):
    from ..factories import PupilFactory, SchoolFactory, UserFactory

    school = SchoolFactory()
    pupil = PupilFactory(trust=school.trust, preferred_forename="")
    editors = [UserFactory(), UserFactory()]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def edit(editor, name: str) -> None:
        try:
            barrier.wait()
            services.pupil_update(actor=editor, pupil=pupil, school=school, expected_version=1, preferred_forename=name)
            outcomes.append("saved")
        except services.StaleEditError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=edit, args=(editor, name)) for editor, name in zip(editors, "AB", strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["refused", "saved"]
    stored = Pupil.objects.get(pk=pupil.pk)
    assert stored.version == 2
    event = AuditEvent.objects.get(pupil=pupil, action="update")
    assert event.changes == {"preferred_forename": ["", stored.preferred_forename]}
