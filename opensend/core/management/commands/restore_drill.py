"""Restore the newest backup into a scratch database and compare it with the source, table by table.
Exits non-zero on any difference, so a scheduler or CI reports a backup that would not restore."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from opensend.core import backups


class Command(BaseCommand):
    help = "Restore the newest backup into a scratch database and compare every table with the source."

    def handle(self, *args, **options) -> None:
        try:
            result = backups.restore_drill()
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        for difference in result.differences:
            self.stderr.write(difference)
        summary = (
            f"{result.backup.path.name}: {result.tables} tables, {result.rows} rows, "
            f"{result.documents} documents restored"
        )
        if not result.passed:
            raise CommandError(f"Restore drill failed, {len(result.differences)} differences. {summary}")
        self.stdout.write(f"Restore drill passed. {summary}, every count and checksum matches the source.")
