"""Back up the database and the stored documents to BACKUP_DIR, then prune old backups."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from opensend.core import backups


class Command(BaseCommand):
    help = "Back up the database and stored documents to BACKUP_DIR and prune by the retention policy."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--no-prune", action="store_true", help="Keep every earlier backup.")

    def handle(self, *args, no_prune: bool, **options) -> None:
        try:
            backup = backups.backup_take()
            removed = [] if no_prune else backups.backups_prune()
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        tables = backup.manifest["tables"]
        rows = sum(table["rows"] for table in tables.values())
        self.stdout.write(f"Backed up {len(tables)} tables ({rows} rows) to {backup.path}")
        for path in removed:
            self.stdout.write(f"Removed {path.name} (older than the retention policy keeps)")
