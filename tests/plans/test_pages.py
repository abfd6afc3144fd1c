"""The plan pages as people use them: reading, each step's form, closed cycles without edit
controls, stale saves refused with 409, and who gets 404."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opensend.audit.models import AuditEvent
from opensend.plans.models import Cycle, Note, ParentMeeting, PlanTemplate, Progress, Status, Target

from .factories import (
    MeetingFactory,
    NoteFactory,
    OutcomeFactory,
    TargetFactory,
    assessment_result,
    closed_cycle_for,
    cycle_for,
)

EDIT_URLS = [
    "assess",
    "plan",
    "outcome-add",
    "outcome-edit",
    "outcome-remove",
    "target-add",
    "target-edit",
    "target-remove",
    # A TA adds Do notes (tests/plans/test_ta_notes.py), and changes nothing else.
    "review",
    "close",
]


def url(name: str, cycle: Cycle, **extra) -> str:
    kwargs = {"pupil_id": cycle.pupil.public_id, "cycle_id": cycle.public_id}
    if name in ("outcome-edit", "outcome-remove", "target-add"):
        kwargs["outcome_id"] = cycle.outcomes.first().pk
    if name in ("target-edit", "target-remove"):
        kwargs["target_id"] = Target.objects.filter(outcome__cycle=cycle).first().pk
    return reverse(f"plans:{name}", kwargs=kwargs | extra)


def pupil_url(name: str, pupil) -> str:
    return reverse(f"plans:{name}", kwargs={"pupil_id": pupil.public_id})


# --- Reading -----------------------------------------------------------------------------------------


def test_the_plan_tab_shows_the_current_cycle_and_the_closed_ones(cast):
    closed_cycle_for(cast, opened_on=datetime.date(2026, 1, 5))
    cycle_for(cast, review_date=datetime.date(2026, 12, 11))
    response = cast.client_for("teacher").get(pupil_url("pupil", cast.taught_pupil))
    assert response.status_code == 200
    assert response.context["current"].number == 2
    assert [cycle.number for cycle in response.context["history"]] == [1]
    assert b"Plan (APDR)" in response.content


def test_viewing_the_plan_tab_is_audited(cast):
    cast.client_for("ta").get(pupil_url("pupil", cast.taught_pupil))
    event = AuditEvent.objects.get(action="view", pupil=cast.taught_pupil)
    assert event.actor == cast["ta"]
    assert "cycles" in event.summary


def test_viewing_a_cycle_is_audited(cast):
    cycle = cycle_for(cast)
    cast.client_for("head").get(url("cycle", cycle))
    assert AuditEvent.objects.filter(action="view", pupil=cast.taught_pupil, actor=cast["head"]).exists()


def test_the_cycle_page_shows_outcomes_targets_and_notes(cast):
    cycle = cycle_for(cast)
    NoteFactory(cycle=cycle, author=cast["ta"], text="Blending improving")
    response = cast.client_for("sendco").get(url("cycle", cycle))
    assert b"Reads CVC words" in response.content
    assert b"Blending improving" in response.content


def test_an_overdue_review_is_flagged_on_the_cycle_page(cast):
    cycle = cycle_for(cast, opened_on=datetime.date(2025, 9, 8), review_date=datetime.date(2025, 12, 12))
    response = cast.client_for("teacher").get(url("cycle", cycle))
    assert b"Overdue" in response.content


def test_a_cycle_of_another_pupil_is_not_found_under_this_pupil(cast):
    other = cycle_for(cast, cast.untaught_pupil)
    wrong = reverse("plans:cycle", kwargs={"pupil_id": cast.taught_pupil.public_id, "cycle_id": other.public_id})
    assert cast.client_for("sendco").get(wrong).status_code == 404


def test_a_teacher_of_another_class_gets_404_for_the_plan_and_the_cycle(cast):
    cycle = cycle_for(cast, cast.untaught_pupil)
    client = cast.client_for("teacher")
    assert client.get(pupil_url("pupil", cast.untaught_pupil)).status_code == 404
    assert client.get(url("cycle", cycle)).status_code == 404
    assert client.get(url("assess", cycle)).status_code == 404


@pytest.mark.parametrize("name", EDIT_URLS)
def test_a_teaching_assistant_gets_404_on_every_edit_page(cast, name):
    cycle = cycle_for(cast)
    client = cast.client_for("ta")
    assert client.get(url(name, cycle)).status_code == 404
    assert client.post(url(name, cycle), {"version": 1}).status_code == 404


def test_a_teaching_assistant_reads_the_cycle_without_edit_controls(cast):
    cycle = cycle_for(cast)
    response = cast.client_for("ta").get(url("cycle", cycle))
    assert response.status_code == 200
    assert response.context["editable"] is False
    assert b"<form" not in response.content.split(b'id="main-content"')[1]
    assert url("assess", cycle).encode() not in response.content


def test_the_teacher_sees_the_edit_controls_on_an_open_cycle(cast):
    cycle = cycle_for(cast)
    response = cast.client_for("teacher").get(url("cycle", cycle))
    assert url("assess", cycle).encode() in response.content
    assert url("review", cycle).encode() in response.content


# --- Closed cycles -----------------------------------------------------------------------------------


def test_a_closed_cycle_page_shows_no_edit_controls(cast):
    cycle = closed_cycle_for(cast)
    response = cast.client_for("sendco").get(url("cycle", cycle))
    main = response.content.split(b'id="main-content"')[1]
    assert b"<form" not in main
    for name in ("assess", "plan", "outcome-add", "note-add", "review", "close"):
        assert url(name, cycle).encode() not in main
    assert b"This cycle is closed" in main


@pytest.mark.parametrize("name", EDIT_URLS)
def test_every_edit_page_of_a_closed_cycle_answers_409_and_changes_nothing(cast, name):
    cycle = closed_cycle_for(cast)
    client = cast.client_for("sendco")
    assert client.get(url(name, cycle)).status_code == 409
    response = client.post(url(name, cycle), {"version": cycle.version, "description": "x", "text": "x"})
    assert response.status_code == 409
    assert not AuditEvent.objects.exclude(action="view").exists()


def test_moving_on_a_closed_cycle_answers_409(cast):
    cycle = closed_cycle_for(cast)
    response = cast.client_for("sendco").post(url("advance", cycle), {"version": cycle.version})
    assert response.status_code == 409


# --- Starting --------------------------------------------------------------------------------------


def test_starting_a_cycle_from_a_template(cast):
    template = PlanTemplate.objects.get(name="Phonics and early reading")
    response = cast.client_for("teacher").post(
        pupil_url("start", cast.taught_pupil),
        {
            "lead_teacher": cast["teacher"].pk,
            "opened_on": "2026-09-14",
            "review_date": "2026-12-11",
            "template": template.pk,
        },
    )
    cycle = Cycle.objects.get(pupil=cast.taught_pupil)
    assert response.status_code == 302
    assert response["Location"] == url("cycle", cycle)
    assert cycle.template == template
    assert cycle.outcomes.count() == len(template.outcomes)


def test_the_start_form_lists_the_templates(cast):
    response = cast.client_for("sendco").get(pupil_url("start", cast.taught_pupil))
    assert b"Emotional regulation" in response.content
    assert b"Fine motor and handwriting" in response.content


def test_the_start_form_proposes_the_pupils_class_teacher_as_lead(cast):
    response = cast.client_for("sendco").get(pupil_url("start", cast.taught_pupil))
    assert response.context["form"]["lead_teacher"].value() == cast["teacher"].pk
    assert f'value="{cast["teacher"].pk}" selected'.encode() in response.content


def test_the_start_form_offers_to_carry_forward_the_last_review(cast):
    closed_cycle_for(cast, progress=(Progress.SOME,))
    client = cast.client_for("teacher")
    assert "from_previous" in client.get(pupil_url("start", cast.taught_pupil)).context["form"].fields
    client.post(
        pupil_url("start", cast.taught_pupil),
        {"lead_teacher": cast["teacher"].pk, "opened_on": "2026-09-14", "from_previous": "on"},
    )
    new = Cycle.objects.get(pupil=cast.taught_pupil, number=2)
    assert Target.objects.filter(outcome__cycle=new).count() == 1
    assert "Keep the daily sessions." in new.findings


def test_the_start_form_shows_errors_in_a_summary(cast):
    response = cast.client_for("teacher").post(pupil_url("start", cast.taught_pupil), {"opened_on": "not a date"})
    assert response.status_code == 400
    assert b"govuk-error-summary" in response.content
    assert not Cycle.objects.exists()


def test_starting_when_a_cycle_is_open_goes_to_it(cast):
    cycle = cycle_for(cast)
    response = cast.client_for("teacher").get(pupil_url("start", cast.taught_pupil))
    assert response["Location"] == url("cycle", cycle)


# --- Each step -------------------------------------------------------------------------------------


def test_saving_the_assessment(cast):
    cycle = cycle_for(cast, status=Status.ASSESS)
    response = cast.client_for("teacher").post(
        url("assess", cycle), {"version": 1, "findings": "Cannot blend", "pupil_voice": "I like books"}
    )
    assert response.status_code == 302
    cycle.refresh_from_db()
    assert (cycle.findings, cycle.pupil_voice, cycle.version) == ("Cannot blend", "I like books", 2)


def test_the_assessment_form_offers_only_this_pupils_results_and_links_them(cast):
    cycle = cycle_for(cast, status=Status.ASSESS)
    mine = assessment_result(cast)
    assessment_result(cast, cast.untaught_pupil, test_name="Somebody else's test")
    client = cast.client_for("teacher")
    page = client.get(url("assess", cycle))
    assert b"Salford Sentence Reading Test, 20 September 2026: standardised score 82" in page.content
    assert b"Somebody else" not in page.content
    client.post(url("assess", cycle), {"version": 1, "assessment_results": [mine.pk]})
    assert list(cycle.assessment_results.all()) == [mine]
    assert b"standardised score 82" in client.get(url("cycle", cycle)).content


def test_a_stale_assessment_is_refused_with_409_and_an_error_summary(cast):
    cycle = cycle_for(cast, status=Status.ASSESS)
    client = cast.client_for("teacher")
    client.post(url("assess", cycle), {"version": 1, "findings": "First"})
    response = client.post(url("assess", cycle), {"version": 1, "findings": "Second"})
    assert response.status_code == 409
    assert b"Someone else changed this" in response.content
    cycle.refresh_from_db()
    assert cycle.findings == "First"


def test_saving_the_plan(cast):
    cycle = cycle_for(cast, status=Status.PLAN)
    response = cast.client_for("sendco").post(
        url("plan", cycle),
        {"version": 1, "lead_teacher": cast["sendco"].pk, "review_date": "2027-01-15", "strategies": "Chunking"},
    )
    assert response.status_code == 302
    cycle.refresh_from_db()
    assert (cycle.lead_teacher, cycle.strategies) == (cast["sendco"], "Chunking")


def test_the_plan_needs_a_review_date(cast):
    cycle = cycle_for(cast, status=Status.PLAN)
    response = cast.client_for("teacher").post(url("plan", cycle), {"version": 1, "lead_teacher": cast["teacher"].pk})
    assert response.status_code == 400
    assert b'href="#id_review_date"' in response.content


def test_moving_on_from_assess_to_plan(cast):
    cycle = cycle_for(cast, status=Status.ASSESS)
    response = cast.client_for("teacher").post(url("advance", cycle), {"version": 1})
    assert response.status_code == 302
    cycle.refresh_from_db()
    assert cycle.status == Status.PLAN


def test_starting_do_without_targets_shows_why_not(cast):
    cycle = cycle_for(cast, status=Status.PLAN, targets=0)
    response = cast.client_for("teacher").post(url("advance", cycle), {"version": 1})
    assert response.status_code == 400
    assert b"Add at least one outcome with a target" in response.content


def test_moving_on_from_a_stale_page_answers_409(cast):
    cycle = cycle_for(cast, status=Status.ASSESS)
    response = cast.client_for("teacher").post(url("advance", cycle), {"version": 7})
    assert response.status_code == 409


def test_adding_an_outcome_and_a_target(cast):
    cycle = cycle_for(cast, status=Status.PLAN, targets=0)
    client = cast.client_for("teacher")
    assert client.post(url("outcome-add", cycle), {"description": "Reads fluently"}).status_code == 302
    response = client.post(
        url("target-add", cycle),
        {"description": "Read 60 words a minute", "success_measure": "On a timed read", "by_date": "2026-12-11"},
    )
    assert response.status_code == 302
    assert Target.objects.get(outcome__cycle=cycle).description == "Read 60 words a minute"


def test_a_target_without_its_measure_of_success_is_refused_with_a_summary(cast):
    cycle = cycle_for(cast, status=Status.PLAN)
    response = cast.client_for("teacher").post(url("target-add", cycle), {"description": "Read", "by_date": ""})
    assert response.status_code == 400
    assert b'href="#id_success_measure"' in response.content
    assert b'href="#id_by_date"' in response.content


def test_changing_a_target_from_a_stale_page_answers_409(cast):
    cycle = cycle_for(cast)
    target = Target.objects.get(outcome__cycle=cycle)
    data = {"version": 1, "description": "New", "success_measure": "m", "by_date": "2026-12-11"}
    client = cast.client_for("teacher")
    assert client.post(url("target-edit", cycle), data).status_code == 302
    assert client.post(url("target-edit", cycle), data | {"description": "Newer"}).status_code == 409
    target.refresh_from_db()
    assert target.description == "New"


def test_removing_an_outcome_removes_its_targets(cast):
    cycle = cycle_for(cast, targets=2)
    response = cast.client_for("teacher").post(url("outcome-remove", cycle), {"version": 1})
    assert response.status_code == 302
    assert not Target.objects.filter(outcome__cycle=cycle).exists()


def test_removing_a_target(cast):
    cycle = cycle_for(cast, targets=2)
    response = cast.client_for("sendco").post(url("target-remove", cycle), {"version": 1})
    assert response.status_code == 302
    assert Target.objects.filter(outcome__cycle=cycle).count() == 1


def test_adding_a_note(cast):
    cycle = cycle_for(cast)
    response = cast.client_for("teacher").post(url("note-add", cycle), {"written_on": "2026-10-05", "text": "Good"})
    assert response.status_code == 302
    assert Note.objects.get(cycle=cycle).author == cast["teacher"]


def review_data(cycle, **extra) -> dict:
    data = {"version": cycle.version, "reviewed_on": "2026-12-01", "what_worked": "Daily", "next_steps": "Next"}
    for target in Target.objects.filter(outcome__cycle=cycle):
        data[f"progress_{target.pk}"] = "good"
    return data | extra


def test_recording_the_review(cast):
    cycle = cycle_for(cast, targets=2)
    response = cast.client_for("teacher").post(url("review", cycle), review_data(cycle))
    assert response.status_code == 302
    cycle.refresh_from_db()
    assert cycle.status == Status.REVIEW
    assert set(Target.objects.filter(outcome__cycle=cycle).values_list("progress", flat=True)) == {"good"}


def test_the_review_asks_for_progress_on_every_target(cast):
    cycle = cycle_for(cast, targets=2)
    first = Target.objects.filter(outcome__cycle=cycle).first()
    data = review_data(cycle)
    del data[f"progress_{first.pk}"]
    response = cast.client_for("teacher").post(url("review", cycle), data)
    assert response.status_code == 400
    assert b"Choose the progress made towards target 1" in response.content


def test_the_review_page_is_not_offered_before_the_do_stage(cast):
    cycle = cycle_for(cast, status=Status.PLAN)
    assert cast.client_for("teacher").get(url("review", cycle)).status_code == 409


def test_closing_and_starting_the_next_cycle_from_the_review(cast):
    cycle = cycle_for(cast, targets=2)
    client = cast.client_for("teacher")
    first = Target.objects.filter(outcome__cycle=cycle).first()
    client.post(url("review", cycle), review_data(cycle, **{f"progress_{first.pk}": "achieved"}))
    cycle.refresh_from_db()
    response = client.post(
        url("close", cycle), {"version": cycle.version, "closed_on": "2026-12-02", "start_next": "on"}
    )
    cycle.refresh_from_db()
    following = Cycle.objects.get(pupil=cast.taught_pupil, number=2)
    assert cycle.status == Status.CLOSED
    assert response["Location"] == url("cycle", following)
    assert following.previous == cycle
    assert Target.objects.filter(outcome__cycle=following).count() == 1
    assert following.findings.endswith("Next")


def test_closing_without_starting_another(cast):
    cycle = cycle_for(cast, status=Status.REVIEW, reviewed_on=datetime.date(2026, 12, 1))
    Target.objects.filter(outcome__cycle=cycle).update(progress="achieved")
    response = cast.client_for("sendco").post(url("close", cycle), {"version": 1, "closed_on": "2026-12-02"})
    assert response.status_code == 302
    assert Cycle.objects.get(pupil=cast.taught_pupil).status == Status.CLOSED


# --- Printing ----------------------------------------------------------------------------------------


def test_the_printable_cycle_has_the_print_stylesheet_and_no_edit_controls(cast):
    cycle = cycle_for(cast)
    response = cast.client_for("teacher").get(url("cycle-print", cycle))
    assert response.status_code == 200
    assert b"plans/print.css" in response.content
    assert url("assess", cycle).encode() not in response.content
    assert b"Reads CVC words" in response.content


def test_the_printable_history_holds_every_closed_cycle_and_not_the_open_one(cast):
    closed_cycle_for(cast, opened_on=datetime.date(2026, 1, 5), closed_on=datetime.date(2026, 3, 27))
    closed_cycle_for(cast)
    cycle_for(cast)
    response = cast.client_for("sendco").get(pupil_url("history-print", cast.taught_pupil))
    assert [cycle.number for cycle in response.context["cycles"]] == [1, 2]
    assert AuditEvent.objects.filter(action="view", summary__contains="printable history").exists()


# --- Parents' meetings -------------------------------------------------------------------------------


def test_the_meetings_tab_counts_this_years_sen_support_reviews(cast):
    for day in (datetime.date(2026, 10, 1), datetime.date(2025, 11, 1)):
        MeetingFactory(pupil=cast.taught_pupil, school=cast.school, recorded_by=cast["sendco"], held_on=day)
    MeetingFactory(
        pupil=cast.taught_pupil,
        school=cast.school,
        recorded_by=cast["sendco"],
        held_on=datetime.date(2026, 10, 2),
        kind=ParentMeeting.Kind.OTHER,
    )
    response = cast.client_for("ta").get(pupil_url("meetings", cast.taught_pupil))
    assert response.status_code == 200
    assert b"1 of 3 SEN support reviews this year" in response.content
    assert len(response.context["meetings"]) == 3
    assert response.context["can_record"] is False


def test_recording_a_meeting(cast):
    response = cast.client_for("teacher").post(
        pupil_url("meeting-add", cast.taught_pupil),
        {"held_on": "2026-10-12", "kind": "sen-support-review", "other_attendees": "Mum, Miss Hughes"},
    )
    assert response.status_code == 302
    assert ParentMeeting.objects.get(pupil=cast.taught_pupil).recorded_by == cast["teacher"]


def test_a_meeting_without_attendees_is_refused_with_a_summary(cast):
    response = cast.client_for("teacher").post(
        pupil_url("meeting-add", cast.taught_pupil), {"held_on": "2026-10-12", "kind": "other"}
    )
    assert response.status_code == 400
    assert b'href="#id_other_attendees"' in response.content


def test_viewing_the_meetings_is_audited(cast):
    cast.client_for("sendco").get(pupil_url("meetings", cast.taught_pupil))
    assert AuditEvent.objects.filter(action="view", summary="Viewed meetings").exists()


# --- Query counts ------------------------------------------------------------------------------------


def count_queries(client, address) -> int:
    client.get(address)  # warm the session
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len(queries)


def test_the_plan_tab_takes_the_same_queries_with_one_or_many_closed_cycles(cast):
    client = cast.client_for("sendco")
    closed_cycle_for(cast, opened_on=datetime.date(2025, 1, 6), closed_on=datetime.date(2025, 3, 28))
    one = count_queries(client, pupil_url("pupil", cast.taught_pupil))
    for year in (2023, 2024):
        closed_cycle_for(cast, opened_on=datetime.date(year, 1, 6), closed_on=datetime.date(year, 3, 28))
    cycle_for(cast)
    assert count_queries(client, pupil_url("pupil", cast.taught_pupil)) == one


def test_the_cycle_page_takes_the_same_queries_with_one_or_many_outcomes_and_notes(cast):
    client = cast.client_for("teacher")
    cycle = cycle_for(cast)
    NoteFactory(cycle=cycle, author=cast["teacher"])
    one = count_queries(client, url("cycle", cycle))
    for _ in range(3):
        TargetFactory.create_batch(3, outcome=OutcomeFactory(cycle=cycle))
        NoteFactory(cycle=cycle, author=cast["ta"])
    assert count_queries(client, url("cycle", cycle)) == one


def test_the_printable_history_takes_the_same_queries_with_one_or_many_cycles(cast):
    client = cast.client_for("sendco")
    closed_cycle_for(cast, opened_on=datetime.date(2025, 1, 6), closed_on=datetime.date(2025, 3, 28))
    one = count_queries(client, pupil_url("history-print", cast.taught_pupil))
    for year in (2023, 2024):
        cycle = closed_cycle_for(cast, opened_on=datetime.date(year, 1, 6), closed_on=datetime.date(year, 3, 28))
        NoteFactory(cycle=cycle, author=cast["ta"])
    assert count_queries(client, pupil_url("history-print", cast.taught_pupil)) == one


def test_the_meetings_tab_takes_the_same_queries_with_one_or_many_meetings(cast):
    client = cast.client_for("sendco")
    MeetingFactory(pupil=cast.taught_pupil, school=cast.school, recorded_by=cast["sendco"])
    one = count_queries(client, pupil_url("meetings", cast.taught_pupil))
    MeetingFactory.create_batch(4, pupil=cast.taught_pupil, school=cast.school, recorded_by=cast["teacher"])
    assert count_queries(client, pupil_url("meetings", cast.taught_pupil)) == one
