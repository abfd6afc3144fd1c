"""Who reaches the assessment results pages: readers of SEND records see them, people who plan for
the pupil (PLAN_EDIT) record and correct them."""

from __future__ import annotations

import datetime

from opensend.assessments.models import AssessmentResult

from ..access_matrix import PLAN_EDITORS, TAUGHT_PUPIL_SEN_READERS, allowed

RULES = {
    "assessments:pupil": allowed(TAUGHT_PUPIL_SEN_READERS),
    "assessments:add": allowed(PLAN_EDITORS),
    "assessments:edit": allowed(PLAN_EDITORS),
    "assessments:archive": allowed(PLAN_EDITORS),
}


def url_kwargs(cast) -> dict:
    result = AssessmentResult.objects.create(
        pupil=cast.taught_pupil,
        school=cast.school,
        test_name="Salford Sentence Reading Test",
        taken_on=datetime.date(2026, 10, 1),
        standardised_score=84,
        assessor=cast["sendco"],
    )
    return {"result_id": result.public_id}
