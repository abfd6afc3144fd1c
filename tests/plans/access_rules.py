"""Who reaches each page of the graduated approach: SEN readers read, plan editors change; for the
matrix's pupil (taught by the teacher, supported by the TA, not looked after); the TA adds Do notes."""

from __future__ import annotations

import datetime

from opensend.plans.models import Cycle, MeetingAction, Outcome, ParentMeeting, Status, Target

from ..access_matrix import PLAN_CONTRIBUTORS, PLAN_EDITORS, SEN_READERS, TAUGHT_PUPIL_SEN_READERS, allowed

RULES = {
    "plans:pupil": allowed(TAUGHT_PUPIL_SEN_READERS),
    "plans:history-print": allowed(TAUGHT_PUPIL_SEN_READERS),
    "plans:cycle": allowed(TAUGHT_PUPIL_SEN_READERS),
    "plans:cycle-print": allowed(TAUGHT_PUPIL_SEN_READERS),
    # The pupil already has an open cycle, so editors are sent to it.
    "plans:start": allowed(PLAN_EDITORS, ok=302),
    "plans:assess": allowed(PLAN_EDITORS),
    "plans:plan": allowed(PLAN_EDITORS),
    # The matrix's cycle is at Do, which moves on only by recording the review: editors get the
    # cycle page with the error.
    "plans:advance": allowed(PLAN_EDITORS, method="post", ok=400, data={"version": 1}),
    "plans:outcome-add": allowed(PLAN_EDITORS),
    "plans:outcome-edit": allowed(PLAN_EDITORS),
    "plans:outcome-remove": allowed(PLAN_EDITORS),
    "plans:target-add": allowed(PLAN_EDITORS),
    "plans:target-edit": allowed(PLAN_EDITORS),
    "plans:target-remove": allowed(PLAN_EDITORS),
    # The TA supports the matrix's pupil, and adds Do notes to their plan.
    "plans:note-add": allowed(PLAN_CONTRIBUTORS),
    "plans:review": allowed(PLAN_EDITORS),
    "plans:close": allowed(PLAN_EDITORS),
    "plans:meetings": allowed(TAUGHT_PUPIL_SEN_READERS),
    "plans:meeting-add": allowed(PLAN_EDITORS),
    "plans:meeting": allowed(TAUGHT_PUPIL_SEN_READERS),
    "plans:meeting-print": allowed(TAUGHT_PUPIL_SEN_READERS),
    # Everyone who may own an action has a list of their own at the school.
    "plans:my-actions": allowed(SEN_READERS),
    # The matrix's action is the SENDCo's; the other plan editors may mark it done for the pupil.
    "plans:action-done": allowed(PLAN_EDITORS, method="post", ok=302),
}


def url_kwargs(cast) -> dict:
    cycle = Cycle.objects.create(
        pupil=cast.taught_pupil,
        school=cast.school,
        number=1,
        lead_teacher=cast["teacher"],
        status=Status.DO,
        opened_on=datetime.date(2026, 9, 14),
        review_date=datetime.date(2026, 12, 11),
    )
    outcome = Outcome.objects.create(cycle=cycle, description="Reads CVC words")
    target = Target.objects.create(
        outcome=outcome,
        description="Blend three sounds",
        success_measure="8 of 10 unseen words",
        by_date=datetime.date(2026, 12, 11),
    )
    meeting = ParentMeeting.objects.create(
        pupil=cast.taught_pupil,
        school=cast.school,
        held_on=datetime.date(2026, 10, 5),
        kind=ParentMeeting.Kind.MULTI_AGENCY,
        other_attendees="Speech and language therapist",
        recorded_by=cast["sendco"],
    )
    action = MeetingAction.objects.create(
        meeting=meeting,
        description="Refer to speech and language",
        owner=cast["sendco"],
        due_on=datetime.date(2026, 11, 2),
    )
    return {
        "cycle_id": cycle.public_id,
        "outcome_id": outcome.pk,
        "target_id": target.pk,
        "meeting_id": meeting.public_id,
        "action_id": action.public_id,
    }
