"""The daily digest's section for concerns: contributions a member of staff was asked for and has
not given yet."""

from __future__ import annotations

import datetime

from django.urls import reverse

from opensend.access import policy
from opensend.notifications.digest import DigestItem, DigestSection, initials

from .models import Concern
from .selectors import requests_waiting_for


def contributions_waiting(user, day: datetime.date) -> list[DigestItem]:
    items = []
    for access in policy.school_accesses(user):
        waiting = requests_waiting_for(user, access).exclude(concern__status=Concern.Status.DECIDED)
        for request in waiting:
            items.append(
                DigestItem(
                    key=f"contribution-request:{request.pk}",
                    text=f"Your view on a concern about {initials(request.concern.pupil)}, "
                    f"asked on {request.asked_on.day} {request.asked_on:%B}",
                    path=reverse("identification:contribute", kwargs={"concern_id": request.concern.public_id}),
                )
            )
    return items


SECTION = DigestSection(
    key="contributions",
    title="Contributions you have been asked for",
    choice="Contributions to concerns that you have been asked for",
    items=contributions_waiting,
    order=10,
)
