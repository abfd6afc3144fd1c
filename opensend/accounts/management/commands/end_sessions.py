"""End one person's sessions, or everyone's: after a lost device, a leaver, or a suspected breach
(ASVS 7.4.5). They sign in again, with their second factor, on their next page."""

from __future__ import annotations

import logging

from django.core.management.base import BaseCommand, CommandError, CommandParser

from opensend.accounts.models import User
from opensend.accounts.sessions import end_sessions

security_log = logging.getLogger("opensend.security")


class Command(BaseCommand):
    help = "End every session of the person with --email, or of everyone with --everyone."

    def add_arguments(self, parser: CommandParser) -> None:
        who = parser.add_mutually_exclusive_group(required=True)
        who.add_argument("--email", help="The person's email address.")
        who.add_argument("--everyone", action="store_true", help="Every person, every session.")

    def handle(self, *args, email: str | None, everyone: bool, **options) -> None:
        user = None
        if email:
            user = User.objects.filter(email__iexact=email.strip()).first()
            if user is None:
                raise CommandError(f"No account has the email address {email}.")
        ended = end_sessions(user)
        whose = f"user={user.public_id}" if user else "everyone"
        security_log.warning("sessions ended %s count=%d", whose, ended)
        self.stdout.write(f"Ended {ended} session{'s' if ended != 1 else ''}.")
