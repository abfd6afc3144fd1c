"""Sending email: every message is recorded (to whom, when, what kind, whether it went), and the
daily digest sends each reminder at most once a day, however often it runs."""

from __future__ import annotations

import datetime
import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task

from opensend.accounts.models import User

from .digest import DigestItem, DigestSection, digest_sections
from .models import DigestOptOut, ReminderSent, SentEmail

logger = logging.getLogger(__name__)


# --- Preferences ----------------------------------------------------------------------------------


def digest_sections_wanted(user: User) -> list[DigestSection]:
    unwanted = set(DigestOptOut.objects.filter(user=user).values_list("section", flat=True))
    return [section for section in digest_sections() if section.key not in unwanted]


def digest_preferences_save(*, user: User, wanted: set[str]) -> None:
    unwanted = {section.key for section in digest_sections()} - wanted
    with transaction.atomic():
        DigestOptOut.objects.filter(user=user).exclude(section__in=unwanted).delete()
        DigestOptOut.objects.bulk_create(
            [DigestOptOut(user=user, section=key) for key in sorted(unwanted)], ignore_conflicts=True
        )


# --- Sending --------------------------------------------------------------------------------------


def email_deliver(*, email: SentEmail, template: str, context: dict) -> bool:
    """Render `template`.txt and .html and send them as `email`; record whether it went."""
    context = {"base_url": settings.OPENSEND_BASE_URL.rstrip("/"), **context}
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=render_to_string(f"{template}.txt", context),
        to=[email.to_address],
    )
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as error:  # OSError: refused, unreachable, timed out
        logger.warning("Email %s to user %s not sent: %s", email.pk, email.recipient_id, type(error).__name__)
        SentEmail.objects.filter(pk=email.pk).update(status=SentEmail.Status.FAILED, failure=type(error).__name__[:100])
        return False
    SentEmail.objects.filter(pk=email.pk).update(status=SentEmail.Status.SENT, sent_at=timezone.now())
    return True


def digest_subject(count: int, day: datetime.date) -> str:
    reminders = "1 reminder" if count == 1 else f"{count} reminders"
    return f"OpenSEND: {reminders} for {day:%A} {day.day} {day:%B}"


def _new_items(user: User, day: datetime.date) -> list[tuple[DigestSection, list[DigestItem]]]:
    already = set(ReminderSent.objects.filter(user=user, day=day).values_list("item_key", flat=True))
    found = []
    for section in digest_sections_wanted(user):
        items = [item for item in section.items(user, day) if item.key not in already]
        if items:
            found.append((section, items))
    return found


def digest_send(*, user: User, day: datetime.date) -> SentEmail | None:
    """Email the person what waits for them that they have not been reminded of today; None when
    there is nothing new."""
    found = _new_items(user, day)
    if not found or not user.email:
        return None
    count = sum(len(items) for _, items in found)
    try:
        with transaction.atomic():
            email = SentEmail.objects.create(
                recipient=user,
                to_address=user.email,
                kind=SentEmail.Kind.DIGEST,
                subject=digest_subject(count, day),
                item_count=count,
            )
            keys = [item.key for _, items in found for item in items]
            reminders = [ReminderSent(user=user, day=day, item_key=key, email=email) for key in keys]
            ReminderSent.objects.bulk_create(reminders)
    except IntegrityError:
        return None  # a run at the same moment claimed these reminders and sends them
    context = {"user": user, "day": day, "sections": [{"title": s.title, "items": items} for s, items in found]}
    if not email_deliver(email=email, template="notifications/email/digest", context=context):
        # Not sent: give the reminders back, so the next run of the digest sends them.
        ReminderSent.objects.filter(email=email).delete()
    email.refresh_from_db()
    return email


@task()
def digest_task(user_id: int, day: str) -> None:
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is not None:
        digest_send(user=user, day=datetime.date.fromisoformat(day))


def digests_enqueue(*, day: datetime.date) -> int:
    """Queue one digest for every active member of staff; each finds its own reminders."""
    people = (
        User.objects.filter(is_active=True, memberships__is_active=True).exclude(email="").distinct().order_by("pk")
    )
    count = 0
    for user_id in people.values_list("pk", flat=True).iterator():
        digest_task.enqueue(user_id, day.isoformat())
        count += 1
    return count
