"""The daily digest's sections for plans: reviews of the APDR cycles a teacher leads that are due
within a fortnight or overdue, and the open actions from meetings a person owns."""

from __future__ import annotations

import datetime

from django.urls import reverse

from opensend.access import policy
from opensend.notifications.digest import DigestItem, DigestSection, initials

from .models import Cycle, MeetingAction

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


def actions_open(user, day: datetime.date) -> list[DigestItem]:
    """Every action from a meeting this person owns and has not marked done, at each of their schools."""
    items = []
    for access in policy.school_accesses(user):
        actions = (
            MeetingAction.objects.open()
            .filter(owner=user, meeting__school=access.school)
            .select_related("meeting__pupil")
            .order_by("due_on", "pk")
        )
        for action in actions:
            items.append(
                DigestItem(
                    key=f"meeting-action:{action.pk}",
                    text=f"An action for {initials(action.meeting.pupil)}, {_when(action.due_on, day)}",
                    path=reverse("plans:my-actions", kwargs={"urn": access.school.urn}),
                )
            )
    return items


ACTIONS_SECTION = DigestSection(
    key="meeting-actions",
    title="Your actions from meetings",
    choice="Actions agreed at meetings that you are to do, until you mark them done",
    items=actions_open,
    order=22,
)
