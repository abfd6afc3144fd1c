"""Personal calendar feeds: a secret address per person (revocable, and made again on request) that
serves their open statutory deadlines as iCalendar, pupils by initials, for Outlook or Google."""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from icalendar import Calendar, Event

from opensend.audit.models import AuditEvent
from opensend.audit.services import audit_change
from opensend.notifications.digest import initials

from .engine import Status
from .models import CalendarFeed
from .sources import OpenDeadline


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def feed_issue(*, user) -> str:
    """A new secret token for the person; any earlier address stops working."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        feed, created = CalendarFeed.objects.update_or_create(user=user, defaults={"token_hash": _hash(token)})
        audit_change(
            actor=user,
            action=AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
            instance=feed,
            changes={"token": [None if created else "replaced", "issued"]},
            summary="Made a calendar feed address" if created else "Made a new calendar feed address",
        )
    return token


def feed_revoke(*, user) -> None:
    with transaction.atomic():
        feed = CalendarFeed.objects.filter(user=user).first()
        if feed is None:
            return
        audit_change(
            actor=user,
            action=AuditEvent.Action.DESTROY,
            instance=feed,
            changes={"token": ["issued", None]},
            summary="Turned off the calendar feed",
        )
        feed.delete()


def feed_for_token(token: str) -> CalendarFeed | None:
    """The feed this token opens, if it is current and its owner still has an account."""
    return CalendarFeed.objects.select_related("user").filter(token_hash=_hash(token), user__is_active=True).first()


def feed_read(*, feed: CalendarFeed, count: int) -> None:
    """Record that a calendar read the feed: who, when and how many deadlines (no pupils)."""
    CalendarFeed.objects.filter(pk=feed.pk).update(last_read_at=timezone.now())
    audit_change(
        actor=feed.user,
        action=AuditEvent.Action.EXPORT,
        instance=feed,
        changes={"format": [None, "ics"], "rows": [None, count]},
        summary=f"Calendar feed read (iCalendar, {count} deadlines)",
    )


def _summary(item: OpenDeadline) -> str:
    # Initials and the kind of deadline only: a calendar is shared, synced and shown on lock screens.
    text = f"{initials(item.pupil)}: {item.rule.description}"
    if item.status == Status.OVERDUE:
        return f"Overdue: {text}"
    if item.status == Status.WAIVED:
        return f"Waived: {text}"
    return text


def _event(item: OpenDeadline, *, base_url: str, stamp: datetime.datetime) -> Event:
    event = Event()
    # Stable per deadline (pupil, rule, starting date), so a calendar updates the entry in place.
    event.add("uid", f"{item.pupil.public_id}-{item.rule.id}-{item.starts.isoformat()}@opensend")
    event.add("dtstamp", stamp)
    event.add("dtstart", item.due)
    event.add("dtend", item.due + datetime.timedelta(days=1))
    event.add("summary", _summary(item))
    event.add("description", f"{item.kind_label}. {item.rule.description}.\nSource: {item.rule.source}.")
    event.add("transp", "TRANSPARENT")
    if item.url:
        event.add("url", f"{base_url}{item.url}")
    return event


def calendar_ics(items: list[OpenDeadline]) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//OpenSEND//Statutory deadlines//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "OpenSEND statutory deadlines")
    base_url, stamp = settings.OPENSEND_BASE_URL.rstrip("/"), timezone.now()
    for item in items:
        calendar.add_component(_event(item, base_url=base_url, stamp=stamp))
    return calendar.to_ical()
