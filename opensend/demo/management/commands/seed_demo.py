"""python manage.py seed_demo [--reset]: the demo trust, its pupils and one login per role."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from opensend.demo.reset import ResetBlocked
from opensend.demo.seed import DEMO_TRUST_NAME, SeededDataExists, demo_accounts_table, seed_demo


class Command(BaseCommand):
    help = "Create the Riverside Learning Trust demo: three schools, about 1,200 pupils, demo logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--reset", action="store_true", help="Delete the demo trust and its accounts first.")
        parser.add_argument(
            "--if-missing", action="store_true", help="Do nothing (but list the accounts) if the demo trust exists."
        )

    def handle(self, *args, reset: bool, if_missing: bool = False, **options) -> None:
        # The demo logins have a published password; they must never exist beside real pupils.
        if getattr(settings, "OPENSEND_DEMO_MODE", False) is not True:
            raise CommandError(
                "seed_demo only runs with OPENSEND_DEMO_MODE = True (the development settings). "
                "These settings have it off, as production must."
            )
        started = time.monotonic()
        try:
            result = seed_demo(reset=reset)
        except SeededDataExists as error:
            if if_missing:
                self.stdout.write(f"{DEMO_TRUST_NAME} is already seeded. Sign in with any of these accounts:\n")
                self.stdout.write(demo_accounts_table())
                return
            raise CommandError(f"{DEMO_TRUST_NAME} already exists. Run seed_demo --reset to recreate it.") from error
        except ResetBlocked as error:
            raise CommandError(str(error)) from error
        written = result.written
        self.stdout.write(
            f"Seeded {written.trust.name} in {time.monotonic() - started:.1f}s: {len(written.schools)} schools, "
            f"{written.pupils} pupils, {written.enrolments} enrolments, {written.contacts} contacts, "
            f"{written.staff} staff.\n"
        )
        self.stdout.write(result.accounts_table())
