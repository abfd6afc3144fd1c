"""The daily digest's section for statutory deadlines: for those who follow them (the SENDCo and the
assistant), every open deadline due within a fortnight and every overdue one, pupils by initials."""

from __future__ import annotations

import datetime

from opensend.notifications.digest import DigestItem, DigestSection, initials

from .engine import Status
from .sources import OpenDeadline, open_deadlines_of

DAYS_AHEAD = 14


def _when(item: OpenDeadline) -> str:
    on = f"{item.due:%A} {item.due.day} {item.due:%B %Y}"
    return f"overdue since {on}" if item.status == Status.OVERDUE else f"due {on}"


def _reminder(item: OpenDeadline) -> DigestItem:
    return DigestItem(
        # One deadline: the pupil, the rule and the event it runs from (a pupil can have two requests).
        key=f"deadline:{item.pupil.pk}:{item.rule.id}:{item.starts.isoformat()}",
        text=f"{initials(item.pupil)}: {item.rule.description}, {_when(item)} ({item.rule.source})",
        path=item.url,
    )


def deadlines_due(user, day: datetime.date) -> list[DigestItem]:
    # A waived deadline (a reg 10(4) exception) no longer runs, so it is not a reminder.
    return [
        _reminder(item)
        for item in open_deadlines_of(user, today=day)
        if item.status != Status.WAIVED
        and (item.status == Status.OVERDUE or item.due <= day + datetime.timedelta(days=DAYS_AHEAD))
    ]


SECTION = DigestSection(
    key="statutory-deadlines",
    title="Statutory deadlines",
    choice="Statutory deadlines (EHC needs assessments, plans and reviews) due within two weeks or overdue",
    items=deadlines_due,
    order=30,
)
