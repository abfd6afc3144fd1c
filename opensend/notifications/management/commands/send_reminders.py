"""Queue today's digest email for every member of staff. Safe to run more than once a day: each
reminder goes to each person at most once a day."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from opensend.notifications.services import digests_enqueue


class Command(BaseCommand):
    help = "Email each member of staff the reminders waiting for them (run daily, e.g. at 07:00)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--day", type=datetime.date.fromisoformat, help="As if today were this day (YYYY-MM-DD).")

    def handle(self, *args, day: datetime.date | None, **options) -> None:
        count = digests_enqueue(day=day or timezone.localdate())
        self.stdout.write(f"Queued the daily reminders for {count} people.")
