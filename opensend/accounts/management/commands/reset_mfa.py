"""Remove a person's lost authenticators, after their school has confirmed who they are as it did
when the account was made (ASVS 6.4.4). They set up a new one at their next sign-in."""

from __future__ import annotations

import logging

from allauth.mfa.models import Authenticator
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from opensend.accounts.models import User
from opensend.accounts.sessions import end_sessions

security_log = logging.getLogger("opensend.security")


class Command(BaseCommand):
    help = "Remove the authenticators of the person with --email and sign them out everywhere."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", required=True, help="The person's email address.")
        parser.add_argument(
            "--confirmed-by", required=True, help="Who at the school confirmed the person, e.g. the head's email."
        )

    def handle(self, *args, email: str, confirmed_by: str, **options) -> None:
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No account has the email address {email}.")
        with transaction.atomic():
            removed, _ = Authenticator.objects.filter(user=user).delete()
            ended = end_sessions(user)
        security_log.warning(
            "authenticators reset user=%s removed=%d sessions_ended=%d", user.public_id, removed, ended
        )
        self.stdout.write(
            f"Removed {removed} authenticator(s) and ended {ended} session(s). Confirmed by {confirmed_by}; "
            "the person sets up a new authenticator at their next sign-in."
        )
