"""Who reaches the identification pages. The matrix's concern is about the taught pupil, raised by
the teacher, with a contribution asked of the TA."""

from __future__ import annotations

import datetime

from opensend.identification.models import Concern, ContributionRequest

from ..access_matrix import (
    CONCERN_RAISERS,
    SEN_READERS,
    TAUGHT_PUPIL_CONCERN_RAISERS,
    TAUGHT_PUPIL_SEN_READERS,
    TRIAGERS,
    R,
    allowed,
)

CONTRIBUTORS = TRIAGERS | {R.TEACHER, R.TA}  # the SENDCos, the teacher who raised it and the TA asked

RULES = {
    "identification:triage": allowed(TRIAGERS),
    "identification:mine": allowed(SEN_READERS),
    "identification:choose-pupil": allowed(CONCERN_RAISERS),
    "identification:pupil": allowed(TAUGHT_PUPIL_SEN_READERS),
    "identification:raise": allowed(TAUGHT_PUPIL_CONCERN_RAISERS),
    "identification:concern": allowed(TAUGHT_PUPIL_SEN_READERS),
    "identification:request": allowed(TRIAGERS),
    "identification:contribute": allowed(CONTRIBUTORS),
    "identification:parent-contribution": allowed(TRIAGERS),
    "identification:attach": allowed(TRIAGERS),
    "identification:add-result": allowed(TRIAGERS),
    "identification:decide-register": allowed(TRIAGERS),
    "identification:decide-monitoring": allowed(TRIAGERS),
    "identification:close": allowed(TRIAGERS),
}


def url_kwargs(cast) -> dict:
    concern = Concern.objects.create(
        pupil=cast.taught_pupil,
        school=cast.school,
        raised_by=cast["teacher"],
        raised_on=datetime.date(2026, 11, 2),
        what_seen="Struggles to follow spoken instructions.",
        areas=["communication-interaction"],
        strategies_tried="Visual timetable.",
        strategies_weeks=6,
    )
    ContributionRequest.objects.create(
        concern=concern, asked=cast["ta"], asked_by=cast["sendco"], asked_on=datetime.date(2026, 11, 9)
    )
    return {"concern_id": concern.public_id}
