"""The daily digest's section for plans: reviews of the APDR cycles a teacher leads that are due
within a fortnight or overdue."""

from __future__ import annotations

import datetime

from django.urls import reverse

from opensend.access import policy
from opensend.notifications.digest import DigestItem, DigestSection, initials

from .models import Cycle

DAYS_AHEAD = 14


def _when(review_date: datetime.date, day: datetime.date) -> str:
    on = f"{review_date.day} {review_date:%B}"
    return f"overdue since {on}" if review_date < day else f"due {on}"


def reviews_due(user, day: datetime.date) -> list[DigestItem]:
    items = []
    for access in policy.school_accesses(user):
        cycles = (
            Cycle.objects.open()
            .filter(
                school=access.school,
                lead_teacher=user,
                review_date__lte=day + datetime.timedelta(days=DAYS_AHEAD),
                pupil__in=policy.pupils_visible_to(user, access).values("pk"),
            )
            .select_related("pupil")
            .order_by("review_date", "pk")
        )
        for cycle in cycles:
            path = reverse("plans:cycle", kwargs={"pupil_id": cycle.pupil.public_id, "cycle_id": cycle.public_id})
            items.append(
                DigestItem(
                    key=f"apdr-review:{cycle.pk}",
                    text=f"The review of {initials(cycle.pupil)}'s plan, {_when(cycle.review_date, day)}",
                    path=path,
                )
            )
    return items


SECTION = DigestSection(
    key="apdr-reviews",
    title="Plan reviews due",
    choice="Reviews of the plans (APDR cycles) you lead, from two weeks before they are due",
    items=reviews_due,
    order=20,
)
