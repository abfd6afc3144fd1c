"""The daily digest's section for the family contact log: the follow-ups a person promised a
family and has not yet marked done."""

from __future__ import annotations

import datetime

from django.urls import reverse

from opensend.access import policy
from opensend.access.policy import Capability
from opensend.notifications.digest import DigestItem, DigestSection, initials

from .models import FamilyContact


def follow_ups_open(user, day: datetime.date) -> list[DigestItem]:
    items = []
    for access in policy.school_accesses(user):
        if not access.can(Capability.FAMILY_CONTACTS):
            continue
        entries = (
            FamilyContact.objects.follow_ups_open()
            .filter(by=user, school=access.school)
            .select_related("pupil")
            .order_by("follow_up_by", "pk")
        )
        for entry in entries:
            when = f"{entry.follow_up_by.day} {entry.follow_up_by:%B}"
            due = f"overdue since {when}" if entry.follow_up_by < day else f"due {when}"
            items.append(
                DigestItem(
                    key=f"family-follow-up:{entry.pk}",
                    text=f"A follow-up with the family of {initials(entry.pupil)}, {due}",
                    path=reverse("family:follow-ups", kwargs={"urn": access.school.urn}),
                )
            )
    return items


SECTION = DigestSection(
    key="family-follow-ups",
    title="Your follow-ups with families",
    choice="Follow-ups you promised a family after a call, email or meeting, until you mark them done",
    items=follow_ups_open,
    order=24,
)
