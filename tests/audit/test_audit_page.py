"""The "who has viewed or changed this record" page names people by name and role, each field by
its label, and related records by what they are, never by email address or raw id."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opensend.audit.models import AuditEvent
from opensend.audit.services import audit_change
from opensend.plans import services as plans
from opensend.pupils import mis_import
from opensend.register import services as register

from ..identification.helpers import a_concern
from ..plans.factories import closed_cycle_for, on_register
from ..pupils.test_mis_import import csv_text, pupil_line


def audit_page(cast, pupil=None) -> str:
    pupil = pupil or cast.taught_pupil
    return cast.client_for("sendco").get(reverse("pupils:audit", kwargs={"pupil_id": pupil.public_id})).content.decode()


def start_next_cycle(cast):
    on_register(cast, cast.taught_pupil)
    previous = closed_cycle_for(cast)
    return plans.cycle_start(
        actor=cast["sendco"],
        pupil=cast.taught_pupil,
        school=cast.school,
        lead_teacher=cast["teacher"],
        opened_on=datetime.date(2026, 9, 7),
        previous=previous,
    )


def test_people_are_shown_by_name_and_role_and_records_by_what_they_are(cast):
    cycle = start_next_cycle(cast)

    html = audit_page(cast)

    assert "<strong>Lead teacher</strong>: (blank) → Teacher Tester (Class teacher)" in html
    assert f"<strong>Previous</strong>: (blank) → Cycle 1 for {cast.taught_pupil.full_name}" in html
    assert "<strong>Opened on</strong>: (blank) → 7 September 2026" in html
    assert "Sendco Tester (SENDCo)" in html
    assert "@oakfield.test" not in html
    assert f"→ {cycle.previous_id}<" not in html
    assert "lead_teacher" not in html


def test_a_coded_value_is_shown_by_its_label(cast):
    register.sen_status_set(
        actor=cast["sendco"],
        pupil=cast.taught_pupil,
        school=cast.school,
        provision="K",
        start_date=datetime.date(2026, 9, 10),
        reason="Assessed",
        parents_notified_on=datetime.date(2026, 9, 10),
        parents_notified_by="meeting",
    )

    html = audit_page(cast)

    assert "<strong>Provision</strong>: (blank) → SEN support" in html
    assert "<strong>Parents notified by</strong>: (blank) → Meeting" in html
    assert "<strong>End date</strong>" not in html  # blank before and after: nothing to say


def test_the_command_line_import_is_shown_as_the_import(cast):
    mis_import.import_pupils(school=cast.school, text=csv_text([pupil_line(1)]), actor=None)
    pupil = AuditEvent.objects.get(actor_label="import").pupil

    assert "MIS import (command line)" in audit_page(cast, pupil)


def test_the_page_takes_the_same_queries_for_one_event_and_many(cast):
    client = cast.client_for("sendco")
    url = reverse("pupils:audit", kwargs={"pupil_id": cast.taught_pupil.public_id})
    start_next_cycle(cast)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for reviewer in ("head", "assistant-sendco", "teacher"):
        cycle = cast.taught_pupil.apdr_cycles.get(closed_on__isnull=True)
        plans.cycle_update_plan(
            actor=cast[reviewer], cycle=cycle, school=cast.school, expected_version=cycle.version, strategies="More"
        )
        client.get(url)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_a_viewer_who_may_not_read_send_records_sees_which_fields_changed_but_not_their_values(cast):
    concern = a_concern(cast)
    audit_change(
        actor=cast["sendco"],
        action=AuditEvent.Action.UPDATE,
        instance=concern,
        pupil=cast.taught_pupil,
        school=cast.school,
        changes={"strategies_tried": ["Visual timetable", "Now-and-next board at home"]},
    )
    url = reverse("pupils:audit", kwargs={"pupil_id": cast.taught_pupil.public_id})
    dpo_page = cast.client_for("dpo").get(url).content.decode()
    sendco_page = cast.client_for("sendco").get(url).content.decode()
    assert "Strategies tried</strong> changed" in dpo_page
    assert "Now-and-next board" not in dpo_page
    assert "Now-and-next board" in sendco_page
