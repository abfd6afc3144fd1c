"""python manage.py seed_scale --schools 50 --pupils 25000: a trust-sized dataset for benchmarks."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from opensend.demo.identifiers import UpnSpaceExhausted
from opensend.demo.reset import ResetBlocked
from opensend.demo.scale import BENCH_TRUST_NAME, ScalePlanError, seed_scale
from opensend.demo.seed import SeededDataExists


class Command(BaseCommand):
    help = "Create Benchmark Trust: N schools and their pupils, staff and contacts, for load tests."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--schools", type=int, default=50)
        parser.add_argument("--pupils", type=int, default=25000, help="Pupils in all, a few of whom have left.")
        parser.add_argument("--reset", action="store_true", help="Delete Benchmark Trust and its accounts first.")
        parser.add_argument("--force", action="store_true", help="Run without OPENSEND_DEMO_MODE (benchmark settings).")

    def handle(self, *args, schools: int, pupils: int, reset: bool, force: bool, **options) -> None:
        # The benchmark logins have a published password; keep them out of real databases.
        if getattr(settings, "OPENSEND_DEMO_MODE", False) is not True and not force:
            raise CommandError(
                "seed_scale only runs with OPENSEND_DEMO_MODE = True, or with --force on a throwaway "
                "benchmark database. Never run it against real pupil data."
            )
        started = time.monotonic()
        try:
            result = seed_scale(schools=schools, pupils=pupils, reset=reset)
        except (ScalePlanError, UpnSpaceExhausted) as error:
            raise CommandError(str(error)) from error
        except SeededDataExists as error:
            raise CommandError(f"{BENCH_TRUST_NAME} already exists. Run seed_scale --reset to recreate it.") from error
        except ResetBlocked as error:
            raise CommandError(str(error)) from error
        written = result.written
        self.stdout.write(
            f"Seeded {written.trust.name} in {time.monotonic() - started:.1f}s: {len(written.schools)} schools, "
            f"{written.pupils} pupils, {written.enrolments} enrolments, {written.group_memberships} group "
            f"memberships, {written.contacts} contacts, {written.staff} staff.\n"
        )
        self.stdout.write(result.accounts_table())
