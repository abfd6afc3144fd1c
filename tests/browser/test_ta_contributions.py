"""A TA's contributions in Chromium: a Do note on a supported pupil's plan, a suggested passport
change, and the SENDCo deciding on it: no server errors, no axe-core violations."""

from __future__ import annotations

import pytest
from django.utils import timezone

from opensend.passports.models import PassportSuggestion
from opensend.plans.models import Cycle, Note

pytestmark = pytest.mark.browser


def test_a_ta_adds_a_note_and_suggests_a_passport_change_that_the_sendco_accepts(send_world, pages_for):
    pupil = send_world.taught_pupil
    cycle = Cycle.objects.get(pupil=pupil)
    today = timezone.localdate()

    ta = pages_for("ta-contributes")
    ta.sign_in(send_world["ta"].email)
    ta.visit("cycle", f"/pupils/{pupil.public_id}/plans/{cycle.public_id}/")
    ta.visit("add a note", f"/pupils/{pupil.public_id}/plans/{cycle.public_id}/notes/add/")
    date = ta.page.get_by_role("group", name="Date")
    date.get_by_label("Day").fill(str(today.day + 1 if today.day < 28 else 1))
    date.get_by_label("Month").fill(str(today.month))
    date.get_by_label("Year").fill(str(today.year + 1))
    ta.page.get_by_label("Note").fill("Blended 7 of 10 words.")
    ta.check("add a note with a future date", ta.submit("Add note"))
    for part, value in (("Day", today.day), ("Month", today.month), ("Year", today.year)):
        date.get_by_label(part).fill(str(value))
    ta.check("note added", ta.submit("Add note"))
    assert Note.objects.get(cycle=cycle).author == send_world["ta"]

    ta.visit("suggest a change", f"/pupils/{pupil.public_id}/passport/suggest/")
    ta.check("suggest a change with errors", ta.submit("Send suggestion"))
    ta.page.get_by_label("Which part of the passport?").select_option("helps_me")
    ta.page.get_by_label("How should it read?").fill("Short instructions with a picture.")
    ta.check("suggestion sent", ta.submit("Send suggestion"))
    suggestion = PassportSuggestion.objects.get()

    sendco = pages_for("sendco-decides")
    sendco.sign_in(send_world["sendco"].email)
    sendco.visit("passport with a suggestion", f"/pupils/{pupil.public_id}/passport/")
    sendco.visit("suggestion", f"/pupils/{pupil.public_id}/passport/suggestions/{suggestion.pk}/")
    sendco.check("decline without a reason", sendco.submit("Decline"))
    sendco.check("accepted", sendco.submit("Accept and save a new version"))
    suggestion.refresh_from_db()
    assert suggestion.status == "accepted"
    ta.visit("passport after the decision", f"/pupils/{pupil.public_id}/passport/")
    ta.assert_no_problems()
    sendco.assert_no_problems()
