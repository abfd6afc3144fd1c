"""Dates in a plan that record what has happened cannot be in the future, and a cycle that has not
started yet cannot move to Do, where every note would be refused."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from opensend.plans import services
from opensend.plans.models import Status, Target

from .test_pages import cycle_for, pupil_url, review_data, url


def tomorrow() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=1)


def parts(name: str, day: datetime.date) -> dict[str, int]:
    return {f"{name}-day": day.day, f"{name}-month": day.month, f"{name}-year": day.year}


def test_a_review_held_tomorrow_is_refused_by_name(cast):
    cycle = cycle_for(cast, targets=1)
    data = review_data(cycle) | parts("reviewed_on", tomorrow())
    del data["reviewed_on"]
    response = cast.client_for("teacher").post(url("review", cycle), data)
    assert response.status_code == 400
    assert "The date the review was held must be today or in the past" in response.content.decode()
    cycle.refresh_from_db()
    assert cycle.status == Status.DO


def test_a_review_held_yesterday_in_three_boxes_is_recorded(cast):
    cycle = cycle_for(cast, targets=1)
    data = review_data(cycle) | parts("reviewed_on", timezone.localdate() - datetime.timedelta(days=1))
    del data["reviewed_on"]
    assert cast.client_for("teacher").post(url("review", cycle), data).status_code == 302


def test_a_cycle_cannot_be_started_tomorrow(cast):
    data = {"lead_teacher": cast["teacher"].pk} | parts("opened_on", tomorrow())
    response = cast.client_for("teacher").post(pupil_url("start", cast.taught_pupil), data)
    assert response.status_code == 400
    assert "The date the cycle starts must be today or in the past" in response.content.decode()


def test_the_service_refuses_a_cycle_starting_in_the_future(cast):
    with pytest.raises(ValidationError, match="must be today or in the past"):
        services.cycle_start(
            actor=cast["teacher"],
            pupil=cast.taught_pupil,
            school=cast.school,
            lead_teacher=cast["teacher"],
            opened_on=tomorrow(),
        )


def test_a_cycle_that_has_not_started_cannot_move_to_do(cast):
    cycle = cycle_for(cast, status=Status.PLAN, opened_on=tomorrow(), review_date=tomorrow(), targets=1)
    with pytest.raises(ValidationError, match="when the cycle starts"):
        services.cycle_advance(actor=cast["teacher"], cycle=cycle, school=cast.school, expected_version=cycle.version)


def test_a_cycle_cannot_be_closed_tomorrow(cast):
    cycle = cycle_for(cast, status=Status.REVIEW, reviewed_on=datetime.date(2026, 12, 1))
    Target.objects.filter(outcome__cycle=cycle).update(progress="achieved")
    data = {"version": cycle.version} | parts("closed_on", tomorrow())
    response = cast.client_for("sendco").post(url("close", cycle), data)
    assert response.status_code == 400
    assert "The date the cycle closed must be today or in the past" in response.content.decode()


def test_a_meeting_cannot_be_recorded_before_it_is_held(cast):
    data = {"kind": "other", "other_attendees": "Mum"} | parts("held_on", tomorrow())
    response = cast.client_for("teacher").post(pupil_url("meeting-add", cast.taught_pupil), data)
    assert response.status_code == 400
    assert "The date of the meeting must be today or in the past" in response.content.decode()


def test_a_note_dated_tomorrow_is_refused_by_name(cast):
    cycle = cycle_for(cast, targets=1)
    data = {"text": "Read well"} | parts("written_on", tomorrow())
    response = cast.client_for("teacher").post(url("note-add", cycle), data)
    assert response.status_code == 400
    assert "The date of the note must be today or in the past" in response.content.decode()
