"""`python manage.py census_check --school URN`: the census SEN rules over every pupil on roll, as on the
Census check page. Exits with status 1 when any error is found (queries alone exit 0)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from opensend.register.selectors import census_report
from opensend.schools.models import School


class Command(BaseCommand):
    help = "Check every pupil on roll at a school against the school census SEN validation rules."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--school", required=True, metavar="URN", help="The school's six-digit URN.")

    def handle(self, *args, school: str, **options) -> None:
        found = School.objects.filter(urn=school).first()
        if found is None:
            raise CommandError(f"No school with URN {school}.")
        report = census_report(found)
        self.stdout.write(f"Census check for {found.name} (URN {found.urn}): {report.pupils_checked} pupils on roll")
        for item in report.issues:
            pupil = item.pupil
            who = f"{pupil['legal_surname']}, {pupil['legal_forename']} ({pupil['upn'] or 'no UPN'})"
            detail = f" {item.issue.detail}" if item.issue.detail else ""
            line = f"{item.issue.rule.number} {item.issue.rule.severity:<5} {who}: {item.issue.rule.text}{detail}"
            self.stdout.write(self.style.ERROR(line) if item.issue.is_error else self.style.WARNING(line))
        errors, queries = len(report.errors), len(report.queries)
        summary = f"{errors} error{'s' * (errors != 1)}, {queries} quer{'ies' if queries != 1 else 'y'}"
        if errors:
            raise CommandError(f"{summary}: fix the errors before the census return.", returncode=1)
        self.stdout.write(self.style.SUCCESS(f"{summary}: ready for the census."))
