"""Who may open a concern and act on it, on top of the one access policy: the concern's pupil must
be in the person's scope (policy.pupils_visible_to), so a concern is never a way round it."""

from __future__ import annotations

import logging

from django.http import Http404

from opensend.access import policy
from opensend.access.policy import Capability

from .models import Concern, ContributionRequest

security_log = logging.getLogger("opensend.security")


def _refuse(user, concern_id) -> Http404:
    security_log.warning("access refused user=%s concern=%s", getattr(user, "public_id", None), concern_id)
    return Http404("No such concern.")


def concern_for_user(
    user, concern_id, capability: Capability, *, at_concern_school: bool = False
) -> tuple[Concern, policy.Access]:
    """The concern and the access through which this person reaches its pupil with `capability`.

    Reading follows the pupil (a SENDCo at the pupil's new school reads concerns raised at the old
    one); acting on a concern (`at_concern_school`) needs the capability at the school it was raised at.
    """
    concern = (
        Concern.objects.select_related("pupil", "school", "raised_by", "decided_by", "sen_status", "monitoring_entry")
        .filter(public_id=concern_id)
        .first()
    )
    if concern is None:
        raise _refuse(user, concern_id)
    for access in policy.school_accesses(user):
        if at_concern_school and access.school.pk != concern.school_id:
            continue
        if not access.can(capability):
            continue
        if policy.pupils_visible_to(user, access, current_only=False).filter(pk=concern.pupil_id).exists():
            return concern, access
    raise _refuse(user, concern_id)


def open_request_for(user, concern: Concern) -> ContributionRequest | None:
    return ContributionRequest.objects.filter(concern=concern, asked=user, answered_on__isnull=True).first()


def may_contribute(user, concern: Concern, access: policy.Access) -> bool:
    """The SENDCo and Assistant, the person who raised the concern, and anyone asked for their view."""
    if access.school.pk != concern.school_id:
        return False
    if access.can(Capability.CONCERN_TRIAGE) or concern.raised_by_id == user.pk:
        return True
    return ContributionRequest.objects.filter(concern=concern, asked=user).exists()
