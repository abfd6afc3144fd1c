from __future__ import annotations

from django.db.models import QuerySet

from opensend.pupils.models import Pupil
from opensend.schools.models import School, Trust

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
