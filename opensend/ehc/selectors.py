from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.urls import reverse

from opensend.deadlines.sources import OpenDeadline
from opensend.pupils.models import Pupil
from opensend.schools.models import School, Trust

from . import clock
from .models import AssessmentRequest, LocalAuthority


def local_authorities(trust: Trust) -> QuerySet[LocalAuthority]:
    return LocalAuthority.objects.active().filter(trust=trust).order_by("name")


def local_authority(trust: Trust, public_id) -> LocalAuthority | None:
    return local_authorities(trust).filter(public_id=public_id).first()


def pupil_requests(pupil: Pupil, school: School) -> QuerySet[AssessmentRequest]:
    """The requests this school made (or supported) for the pupil, newest first."""
    return (
        AssessmentRequest.objects.active()
        .filter(pupil=pupil, school=school)
        .select_related("local_authority")
        .order_by("-requested_on", "-pk")
    )


def pupil_request(pupil: Pupil, school: School, public_id) -> AssessmentRequest | None:
    return pupil_requests(pupil, school).filter(public_id=public_id).first()


def open_deadlines(school: School, pupils: QuerySet[Pupil], today: datetime.date) -> list:
    """The open deadlines of the school's requests for these pupils, in one query."""
    requests = (
        AssessmentRequest.objects.active()
        .filter(school=school, pupil__in=pupils.values("pk"))
        .select_related("pupil", "local_authority")
    )
    found = []
    for request in requests:
        url = reverse("ehc:pupil", kwargs={"pupil_id": request.pupil.public_id})
        for item in clock.request_deadlines(request, today=today):
            found.append(
                OpenDeadline(
                    pupil=request.pupil,
                    rule=item.rule,
                    starts=item.deadline.start,
                    due=item.deadline.due,
                    status=item.status,
                    local_authority=request.local_authority.name,
                    url=url,
                    waived_reason=item.waived_reason,
                )
            )
    return found
