"""A teaching assistant delivers much of what a plan says: they add Do notes to the plan of a pupil
in a group they support, audited, and change nothing else in it."""

from __future__ import annotations

from django.utils import timezone

from opensend.audit.models import AuditEvent
from opensend.plans.models import Note

from .test_pages import cycle_for, url


def note_data(**changes) -> dict:
    today = timezone.localdate()
    return {"written_on-day": today.day, "written_on-month": today.month, "written_on-year": today.year} | {
        "text": "Blended 7 of 10 words in the morning group.",
        **changes,
    }


def test_a_ta_adds_a_do_note_to_the_plan_of_a_pupil_they_support(cast):
    cycle = cycle_for(cast)
    response = cast.client_for("ta").post(url("note-add", cycle), note_data())
    assert response.status_code == 302
    note = Note.objects.get(cycle=cycle)
    assert (note.author, note.text) == (cast["ta"], "Blended 7 of 10 words in the morning group.")


def test_a_ta_s_note_is_audited_with_who_and_what(cast):
    cycle = cycle_for(cast)
    cast.client_for("ta").post(url("note-add", cycle), note_data())
    event = AuditEvent.objects.get(action=AuditEvent.Action.CREATE, summary__startswith="Note added")
    assert event.actor == cast["ta"]
    assert event.pupil == cast.taught_pupil
    assert "Blended 7 of 10 words" in str(event.changes)


def test_a_ta_cannot_add_a_note_for_a_pupil_outside_their_groups(cast):
    cycle = cycle_for(cast, pupil=cast.untaught_pupil)
    response = cast.client_for("ta").post(url("note-add", cycle), note_data())
    assert response.status_code == 404
    assert not Note.objects.exists()


def test_a_ta_still_cannot_change_the_plan_itself(cast):
    cycle = cycle_for(cast)
    assert cast.client_for("ta").get(url("plan", cycle)).status_code == 404


def test_the_ta_is_offered_add_a_note_on_the_cycle_but_not_changes_to_it(cast):
    cycle = cycle_for(cast)
    html = cast.client_for("ta").get(url("cycle", cycle)).content.decode()
    assert "Add a note" in html
    assert "Change the strategies" not in html
