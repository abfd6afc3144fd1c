"""Changes to an annual review's meeting record, the record its paperwork is filled from. One
transaction with its audit entry; the edit quotes the version it was made from (0 before the record
exists), and a stale one changes nothing."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction

from opensend.audit.models import AuditEvent
from opensend.audit.services import audit_change, diff, snapshot
from opensend.schools.models import School

from .models import AnnualReview, ReviewMeeting
from .services import StaleEditError, _assign

MEETING_FIELDS = (
    "time",
    "place",
    "pupil_invited",
    "professionals",
    "attendees",
    "pupil_views",
    "parent_views",
    "amendments",
    "preparing_for_adulthood",
)


def save_review_meeting(
    *, actor, school: School, review: AnnualReview, expected_version: int, values: Mapping
) -> ReviewMeeting:
    with transaction.atomic():
        # The review's row is the lock: two first saves of its meeting record cannot both create it.
        AnnualReview.objects.select_for_update().get(pk=review.pk)
        meeting = ReviewMeeting.objects.filter(review=review).first()
        if (meeting.version if meeting else 0) != expected_version:
            raise StaleEditError
        before = snapshot(meeting, MEETING_FIELDS) if meeting else {}
        meeting = meeting or ReviewMeeting(review=review)
        _assign(meeting, MEETING_FIELDS, values)
        meeting.full_clean()
        if meeting.pk is None:
            meeting.save()
        else:
            meeting.save_next_version()
        changes = diff(before, snapshot(meeting, MEETING_FIELDS))
        if changes:
            audit_change(
                actor=actor,
                action=AuditEvent.Action.UPDATE if before else AuditEvent.Action.CREATE,
                instance=meeting,
                changes=changes,
                pupil=review.plan.pupil,
                school=school,
                summary="Recorded the meeting of an annual review of an EHC plan",
            )
    return meeting
