"""The audit log: every change and every view of a pupil record, append-only."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from opensend.audit.models import AppendOnlyError, AuditEvent
from opensend.pupils import services


def test_viewing_a_pupil_record_is_logged_with_who_and_when(cast):
    cast.client_for("teacher").get(reverse("pupils:record", kwargs={"pupil_id": cast.taught_pupil.public_id}))
    event = AuditEvent.objects.get(pupil=cast.taught_pupil, action="view")
    assert event.actor == cast["teacher"]
    assert event.actor_label == "teacher@oakfield.test"
    assert event.school == cast.school
    assert event.at is not None


def test_a_refused_view_is_not_logged_as_a_view(cast):
    cast.client_for("outsider").get(reverse("pupils:record", kwargs={"pupil_id": cast.taught_pupil.public_id}))
    assert not AuditEvent.objects.filter(action="view").exists()


def test_a_change_records_the_values_before_and_after(cast):
    pupil = cast.taught_pupil
    services.pupil_update(
        actor=cast["sendco"], pupil=pupil, school=cast.school, expected_version=pupil.version, preferred_forename="T"
    )
    event = AuditEvent.objects.get(pupil=pupil, action="update")
    assert event.changes == {"preferred_forename": ["", "T"]}
    assert event.actor == cast["sendco"]


def test_a_creation_records_every_field(cast):
    pupil = services.pupil_create(
        actor=cast["school-admin"],
        school=cast.school,
        trust=cast.trust,
        legal_surname="New",
        legal_forename="Nia",
        date_of_birth="2019-05-01",
        sex="F",
    )
    event = AuditEvent.objects.get(pupil=pupil, action="create")
    assert event.changes["legal_surname"] == [None, "New"]


def test_archiving_records_the_reason(cast):
    services.pupil_archive(actor=cast["sendco"], pupil=cast.taught_pupil, school=cast.school, reason="Duplicate")
    event = AuditEvent.objects.get(pupil=cast.taught_pupil, action="archive")
    assert event.changes == {"archive_reason": ["", "Duplicate"]}


def test_the_change_and_its_audit_roll_back_together(cast, monkeypatch):
    pupil = cast.taught_pupil

    def fail(**kwargs):
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr(services, "audit_change", fail)
    with pytest.raises(RuntimeError):
        services.pupil_update(
            actor=cast["sendco"], pupil=pupil, school=cast.school, expected_version=pupil.version, legal_surname="X"
        )
    pupil.refresh_from_db()
    assert pupil.legal_surname == "Taught"


def test_an_unchanged_save_writes_no_audit(cast):
    pupil = cast.taught_pupil
    services.pupil_update(
        actor=cast["sendco"], pupil=pupil, school=cast.school, expected_version=pupil.version, legal_surname="Taught"
    )
    assert not AuditEvent.objects.filter(action="update").exists()


def _an_event(cast) -> AuditEvent:
    cast.client_for("sendco").get(reverse("pupils:record", kwargs={"pupil_id": cast.taught_pupil.public_id}))
    return AuditEvent.objects.get(action="view")


def test_the_application_cannot_change_an_audit_event(cast):
    event = _an_event(cast)
    event.summary = "nothing to see"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(summary="edited")


def test_the_application_cannot_delete_an_audit_event(cast):
    event = _an_event(cast)
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()


def test_the_database_refuses_to_change_or_delete_audit_events(cast):
    event = _an_event(cast)
    table = AuditEvent._meta.db_table
    statements = (f"UPDATE {table} SET summary = 'x' WHERE id = %s", f"DELETE FROM {table} WHERE id = %s")  # noqa: S608
    for statement in statements:
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).summary == event.summary


@pytest.mark.parametrize("role", ["sendco", "head"])
def test_sendco_and_head_can_see_who_viewed_a_record(cast, role):
    _an_event(cast)
    response = cast.client_for(role).get(reverse("pupils:audit", kwargs={"pupil_id": cast.taught_pupil.public_id}))
    assert response.status_code == 200
    assert "Sendco Tester (SENDCo)" in response.content.decode()
    assert "sendco@oakfield.test" not in response.content.decode()


def test_audit_page_shows_changes_before_and_after(cast):
    pupil = cast.taught_pupil
    services.pupil_update(
        actor=cast["sendco"], pupil=pupil, school=cast.school, expected_version=pupil.version, preferred_forename="Tee"
    )
    response = cast.client_for("head").get(reverse("pupils:audit", kwargs={"pupil_id": pupil.public_id}))
    assert "<strong>Preferred forename</strong>" in response.content.decode()
    assert "Tee" in response.content.decode()
