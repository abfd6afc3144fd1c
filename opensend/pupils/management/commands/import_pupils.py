"""Import pupils, their year and groups from an MIS CSV export into one school."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from opensend.audit.models import AuditEvent
from opensend.pupils import mis_import
from opensend.pupils.mis_import import ImportInvalid, ImportResult
from opensend.pupils.mis_import.results import register_sentence
from opensend.schools.models import School


class Command(BaseCommand):
    help = "Import pupils from an MIS CSV export into the school with this URN. A bad row imports nothing."
    singular, plural = "pupil", "pupils"
    reports_groups = True

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="The CSV file")
        parser.add_argument("--school", required=True, metavar="URN", help="The school's six-digit URN")
        parser.add_argument("--dry-run", action="store_true", help="Check the file and show what would change")

    def run_import(self, *, school: School, text: str, dry_run: bool) -> ImportResult:
        return mis_import.import_pupils(school=school, text=text, actor=None, dry_run=dry_run)

    def handle(self, *args, path: Path, school: str, dry_run: bool, **options) -> None:
        target = School.objects.filter(urn=school).first()
        if target is None:
            raise CommandError(f"There is no school with URN {school}.")
        text = self._read(path)
        try:
            result = self.run_import(school=target, text=text, dry_run=dry_run)
        except ImportInvalid as invalid:
            for error in invalid.errors:
                where = f"row {error.row}, {error.field}" if error.field else f"row {error.row}"
                self.stderr.write(f"{path.name}: {where}: {error.message}")
            count = len(invalid.errors)
            problems = f"{count} problem{'' if count == 1 else 's'}"
            raise CommandError(f"{problems} in {path.name}; nothing was imported.") from None
        self._report(result, dry_run=dry_run)

    def _read(self, path: Path) -> str:
        try:
            return mis_import.decode_csv(path.read_bytes())
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from error
        except ValueError as error:
            raise CommandError(str(error)) from error

    def _report(self, result: ImportResult, *, dry_run: bool) -> None:
        created = f"{result.created} {self.singular if result.created == 1 else self.plural}"
        groups = f"{result.groups_created} group{'' if result.groups_created == 1 else 's'}"
        if not dry_run:
            summary = f"{created} added, {result.updated} changed, {result.unchanged} unchanged"
            self.stdout.write(summary + (f", {groups} added." if self.reports_groups else "."))
            self._report_register(result, dry_run=dry_run)
            return
        for change in result.changes:
            verb = "add" if change.action == AuditEvent.Action.CREATE else f"change {change.field_labels}"
            self.stdout.write(f"Row {change.row}: would {verb}: {change.label}")
        summary = f"Would add {created}, change {result.updated}, leave {result.unchanged} unchanged"
        self.stdout.write(
            summary + (f", add {groups}." if self.reports_groups else ".") + " Nothing was written (dry run)."
        )
        self._report_register(result, dry_run=dry_run)

    def _report_register(self, result: ImportResult, *, dry_run: bool) -> None:
        if sentence := register_sentence(result.counts, dry_run=dry_run):
            self.stdout.write(sentence)
