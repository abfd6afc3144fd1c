"""A TA suggests a change to the passport of a pupil they support; the teacher or the SENDCo
accepts it, as a new version, or declines it with a reason. Every step is audited."""

from __future__ import annotations

from django.urls import reverse

from opensend.audit.models import AuditEvent
from opensend.passports.models import PassportSuggestion, PassportVersion

from .helpers import HELPS_TIA, make_passport

SUGGESTED = "Short instructions, one at a time, with a picture."


def passport_url(name: str, pupil, **extra) -> str:
    return reverse(f"passports:{name}", kwargs={"pupil_id": pupil.public_id, **extra})


def suggestion_url(name: str, suggestion: PassportSuggestion) -> str:
    return passport_url(name, suggestion.pupil, suggestion_id=suggestion.pk)


def suggest(cast, role: str = "ta", pupil=None, **changes):
    pupil = pupil or cast.taught_pupil
    data = {"section": "helps_me", "text": SUGGESTED, "reason": "Works in the morning group"} | changes
    return cast.client_for(role).post(passport_url("suggest", pupil), data)


def a_suggestion(cast) -> PassportSuggestion:
    make_passport(cast.taught_pupil, cast.school, cast["sendco"])
    suggest(cast)
    return PassportSuggestion.objects.get()


def test_a_ta_suggests_a_change_to_the_passport_of_a_pupil_they_support(cast):
    make_passport(cast.taught_pupil, cast.school, cast["sendco"])
    response = suggest(cast)
    assert response.status_code == 302
    suggestion = PassportSuggestion.objects.get()
    assert (suggestion.section, suggestion.text, suggestion.suggested_by) == ("helps_me", SUGGESTED, cast["ta"])
    assert (suggestion.status, suggestion.based_on) == ("waiting", 1)


def test_a_suggestion_changes_nothing_in_the_passport_until_it_is_accepted(cast):
    a_suggestion(cast)
    assert PassportVersion.objects.get().helps_me == HELPS_TIA


def test_making_a_suggestion_is_audited(cast):
    suggestion = a_suggestion(cast)
    event = AuditEvent.objects.get(object_id=str(suggestion.pk), action=AuditEvent.Action.CREATE)
    assert (event.actor, event.pupil) == (cast["ta"], cast.taught_pupil)
    assert SUGGESTED in str(event.changes)


def test_a_ta_cannot_suggest_for_a_pupil_outside_their_groups(cast):
    assert suggest(cast, pupil=cast.untaught_pupil).status_code == 404
    assert not PassportSuggestion.objects.exists()


def test_a_suggestion_needs_a_part_and_the_words(cast):
    response = suggest(cast, section="", text="")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose the part of the passport to change" in html
    assert "Enter how the part should read" in html


def test_a_suggestion_too_long_for_the_page_is_refused(cast):
    response = suggest(cast, text="x" * 501)
    assert response.status_code == 400
    assert not PassportSuggestion.objects.exists()


def test_the_pupil_s_own_words_are_not_suggested_second_hand(cast):
    assert suggest(cast, section="own_words").status_code == 400


def test_the_ta_is_offered_suggest_a_change_but_not_update(cast):
    make_passport(cast.taught_pupil, cast.school, cast["sendco"])
    html = cast.client_for("ta").get(passport_url("passport", cast.taught_pupil)).content.decode()
    assert "Suggest a change" in html
    assert "Update passport" not in html


def test_the_teacher_sees_the_waiting_suggestion_and_can_open_it(cast):
    suggestion = a_suggestion(cast)
    html = cast.client_for("teacher").get(passport_url("passport", cast.taught_pupil)).content.decode()
    assert suggestion_url("suggestion", suggestion) in html
    review = cast.client_for("teacher").get(suggestion_url("suggestion", suggestion)).content.decode()
    assert SUGGESTED in review
    assert "A visual timetable on my desk." in review


def test_the_teacher_accepts_a_suggestion_as_a_new_version(cast):
    suggestion = a_suggestion(cast)
    response = cast.client_for("teacher").post(suggestion_url("suggestion-accept", suggestion), {})
    assert response.status_code == 302
    version = PassportVersion.objects.get(number=2)
    assert (version.helps_me, version.created_by) == (SUGGESTED, cast["teacher"])
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.decided_by, suggestion.accepted_version) == (
        "accepted",
        cast["teacher"],
        version,
    )


def test_accepting_is_audited_for_the_suggestion_and_the_new_version(cast):
    suggestion = a_suggestion(cast)
    cast.client_for("sendco").post(suggestion_url("suggestion-accept", suggestion), {})
    summaries = set(AuditEvent.objects.filter(actor=cast["sendco"]).values_list("summary", flat=True))
    assert {"Suggested change to the passport accepted", "Pupil passport version 2 saved"} <= summaries


def test_the_sendco_declines_a_suggestion_with_a_reason_and_the_passport_stays(cast):
    suggestion = a_suggestion(cast)
    response = cast.client_for("sendco").post(
        suggestion_url("suggestion-decline", suggestion), {"decline-note": "We tried pictures last term."}
    )
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.decision_note) == ("declined", "We tried pictures last term.")
    assert PassportVersion.objects.count() == 1
    assert AuditEvent.objects.filter(summary="Suggested change to the passport declined").exists()


def test_declining_needs_a_reason(cast):
    suggestion = a_suggestion(cast)
    response = cast.client_for("sendco").post(suggestion_url("suggestion-decline", suggestion), {"decline-note": ""})
    assert response.status_code == 400
    assert "Enter why the suggestion is declined" in response.content.decode()
    suggestion.refresh_from_db()
    assert suggestion.status == "waiting"


def test_a_suggestion_decided_already_is_not_decided_again(cast):
    suggestion = a_suggestion(cast)
    cast.client_for("sendco").post(suggestion_url("suggestion-decline", suggestion), {"decline-note": "No"})
    cast.client_for("teacher").post(suggestion_url("suggestion-accept", suggestion), {})
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.decided_by) == ("declined", cast["sendco"])
    assert PassportVersion.objects.count() == 1


def test_the_ta_sees_what_became_of_their_suggestion(cast):
    suggestion = a_suggestion(cast)
    cast.client_for("sendco").post(suggestion_url("suggestion-decline", suggestion), {"decline-note": "Not yet"})
    html = cast.client_for("ta").get(passport_url("passport", cast.taught_pupil)).content.decode()
    assert "Declined" in html
    assert "Not yet" in html


def test_a_ta_cannot_accept_a_suggestion(cast):
    suggestion = a_suggestion(cast)
    assert cast.client_for("ta").post(suggestion_url("suggestion-accept", suggestion), {}).status_code == 404
    suggestion.refresh_from_db()
    assert suggestion.status == "waiting"
