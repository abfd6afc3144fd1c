"""Identification and assessment pages in Chromium, as the teacher and the SENDCo use them: no
server errors, no axe-core violations, no Content-Security-Policy breaches."""

from __future__ import annotations

import datetime

import pytest

from opensend.assessments.models import AssessmentResult
from opensend.identification.models import Concern, ContributionRequest
from opensend.register.models import SenStatus

pytestmark = pytest.mark.browser


def _results(cast) -> None:
    for day, score in (
        (datetime.date(2025, 10, 6), 74),
        (datetime.date(2026, 3, 2), 79),
        (datetime.date(2026, 10, 5), 86),
    ):
        AssessmentResult.objects.create(
            pupil=cast.taught_pupil,
            school=cast.school,
            test_name="Salford Sentence Reading Test",
            taken_on=day,
            raw_score=score // 3,
            standardised_score=score,
            percentile=20,
            age_equivalent_months=90,
            assessor=cast["sendco"],
        )


def test_a_concern_from_raising_to_the_register(world, pages_for):
    _results(world)
    pupil = world.taught_pupil.public_id

    teacher = pages_for("teacher")
    teacher.sign_in(world["teacher"].email)
    teacher.visit("assessments", f"/pupils/{pupil}/assessments/")
    teacher.visit("concerns tab", f"/pupils/{pupil}/concerns/")
    teacher.visit("raise a concern", f"/pupils/{pupil}/concerns/raise/")
    teacher.check("raise a concern with errors", teacher.submit("Send to the SENDCo"))
    teacher.page.get_by_label("What are you seeing?").fill("Avoids reading aloud; reverses letters.")
    teacher.page.get_by_label("Cognition and learning").check()
    teacher.page.get_by_label("What have you already tried?").fill("Phonics catch-up.")
    teacher.page.get_by_label("For how many weeks?").fill("6")
    teacher.page.get_by_label("No", exact=True).check()
    teacher.check("concern raised", teacher.submit("Send to the SENDCo"))
    concern = Concern.objects.get()

    sendco = pages_for("sendco")
    sendco.sign_in(world["sendco"].email)
    sendco.visit("triage list", f"/schools/{world.school.urn}/concerns/")
    sendco.visit("concern", f"/concerns/{concern.public_id}/")
    sendco.visit("ask for a contribution", f"/concerns/{concern.public_id}/requests/add/")
    sendco.page.get_by_label("A member of staff").select_option(str(world["ta"].pk))
    sendco.check("asked", sendco.submit("Record the request"))
    sendco.visit("record a parent's view", f"/concerns/{concern.public_id}/contributions/parent/")
    sendco.visit("attach results", f"/concerns/{concern.public_id}/assessments/attach/")
    sendco.page.locator("input[name=results]").first.check()
    sendco.check("attached", sendco.submit("Attach results"))
    sendco.visit("add a result", f"/concerns/{concern.public_id}/assessments/add/")
    sendco.visit("monitoring", f"/concerns/{concern.public_id}/decide/monitoring/")
    sendco.visit("close", f"/concerns/{concern.public_id}/decide/close/")
    sendco.visit("add to the register", f"/concerns/{concern.public_id}/decide/register/")
    sendco.page.get_by_label("Why does the pupil need SEN support?").fill("Reading well below peers after support.")
    told = sendco.page.get_by_role("group", name="When were the parents formally told?")
    for part, value in (("Day", "20"), ("Month", "11"), ("Year", "2026")):
        told.get_by_label(part).fill(value)
    sendco.page.get_by_label("Meeting").check()
    sendco.check("decided", sendco.submit("Add to the register"))
    assert SenStatus.objects.get(pupil=world.taught_pupil).provision == "K"

    ta = pages_for("ta")
    ta.sign_in(world["ta"].email)
    ta.visit("ta my concerns", f"/schools/{world.school.urn}/concerns/mine/")
    teacher.visit("my concerns with the outcome", f"/schools/{world.school.urn}/concerns/mine/")
    teacher.visit("the outcome", f"/concerns/{concern.public_id}/")
    assert ContributionRequest.objects.filter(asked=world["ta"]).exists()
    for pages in (teacher, sendco, ta):
        pages.assert_no_problems()


def test_assessment_forms_pass(world, pages_for):
    _results(world)
    result = AssessmentResult.objects.first()
    sendco = pages_for("sendco-assessments")
    sendco.sign_in(world["sendco"].email)
    sendco.visit("add a result", f"/pupils/{world.taught_pupil.public_id}/assessments/add/")
    sendco.check("add a result with errors", sendco.submit("Save result"))
    sendco.visit("change a result", f"/assessments/{result.public_id}/edit/")
    sendco.visit("archive a result", f"/assessments/{result.public_id}/archive/")
    sendco.assert_no_problems()
