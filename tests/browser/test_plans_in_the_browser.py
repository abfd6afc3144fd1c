"""A plan's pages in Chromium, with outcomes, targets, notes and a review, as the SENDCo changes
them: the small links beside targets and outcomes must still be targets a finger can hit."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from opensend.plans.models import Progress, Status
from tests.plans.factories import MeetingFactory, NoteFactory, OutcomeFactory, TargetFactory, cycle_for, on_register

pytestmark = pytest.mark.browser


def _a_reviewed_plan(cast):
    on_register(cast, cast.taught_pupil)
    cycle = cycle_for(
        cast, targets=2, status=Status.REVIEW, reviewed_on=datetime.date(2026, 12, 8), what_worked="Daily reading"
    )
    second = OutcomeFactory(cycle=cycle, description="Joins in at group time", position=2)
    TargetFactory(outcome=second, progress=Progress.ACHIEVED, review_comment="Every day this half term")
    NoteFactory(cycle=cycle, author=cast["teacher"])
    MeetingFactory(pupil=cast.taught_pupil, school=cast.school, recorded_by=cast["sendco"])
    return cycle


def test_a_plans_pages_pass_with_targets_and_outcomes(world, pages_for):
    cycle = _a_reviewed_plan(world)
    outcome = cycle.outcomes.first()
    target = outcome.targets.first()
    ids = {"pupil_id": world.taught_pupil.public_id, "cycle_id": cycle.public_id}
    pages = pages_for("sendco-plans")
    pages.sign_in(world["sendco"].email)
    pages.visit("plans", reverse("plans:pupil", kwargs={"pupil_id": world.taught_pupil.public_id}))
    pages.visit("plan", reverse("plans:cycle", kwargs=ids))
    pages.visit("change the assessment", reverse("plans:assess", kwargs=ids))
    pages.visit("change the plan", reverse("plans:plan", kwargs=ids))
    pages.visit("add an outcome", reverse("plans:outcome-add", kwargs=ids))
    pages.visit("change an outcome", reverse("plans:outcome-edit", kwargs=ids | {"outcome_id": outcome.pk}))
    pages.visit("remove an outcome", reverse("plans:outcome-remove", kwargs=ids | {"outcome_id": outcome.pk}))
    pages.visit("add a target", reverse("plans:target-add", kwargs=ids | {"outcome_id": outcome.pk}))
    pages.visit("change a target", reverse("plans:target-edit", kwargs=ids | {"target_id": target.pk}))
    pages.visit("remove a target", reverse("plans:target-remove", kwargs=ids | {"target_id": target.pk}))
    pages.visit("add a note", reverse("plans:note-add", kwargs=ids))
    pages.visit("review", reverse("plans:review", kwargs=ids))
    pages.visit("close", reverse("plans:close", kwargs=ids))
    pages.visit("meetings", reverse("plans:meetings", kwargs={"pupil_id": world.taught_pupil.public_id}))
    pages.visit("add a meeting", reverse("plans:meeting-add", kwargs={"pupil_id": world.taught_pupil.public_id}))
    pages.page.set_viewport_size({"width": 390, "height": 844})
    pages.visit("plan on a phone", reverse("plans:cycle", kwargs=ids))
    page_width = pages.page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= 390, f"the plan is {page_width} px wide on a 390 px phone"
    pages.assert_no_problems()
