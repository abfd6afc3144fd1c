"""What the system emails: a record of every message, who turned which digest section off, and which
reminders each person has had each day, so the daily digest never repeats itself."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class SentEmail(models.Model):
    """One message to one person. Holds no body and no pupil details: subjects never carry them."""

    class Kind(models.TextChoices):
        DIGEST = "digest", "Daily reminders"

    class Status(models.TextChoices):
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Not sent"

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    to_address = models.EmailField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    subject = models.CharField(max_length=200)
    item_count = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(max_length=7, choices=Status.choices, default=Status.SENDING)
    # The kind of failure only (e.g. "SMTPServerDisconnected"): a message could echo the body.
    failure = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "-created_at"], name="sent_email_recipient_recent")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.to_address} ({self.get_status_display()})"


class DigestOptOut(models.Model):
    """A person does not want this section of the daily digest."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    section = models.CharField(max_length=40)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "section"], name="digest_opt_out_once")]

    def __str__(self) -> str:
        return f"{self.section} off"


class ReminderSent(models.Model):
    """A reminder this person had on this day: a second run of the digest that day leaves it out."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    item_key = models.CharField(max_length=80)
    day = models.DateField()
    email = models.ForeignKey(SentEmail, on_delete=models.CASCADE, related_name="reminders")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "day", "item_key"], name="reminder_once_a_day")]

    def __str__(self) -> str:
        return f"{self.item_key} on {self.day}"
