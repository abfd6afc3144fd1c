"""python manage.py retention_review [--school URN]: what the retention schedule says has reached its
date, school by school. It destroys no record (a SENDCo or head confirms that in the app); it clears
the content of subject access exports whose download window has passed."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse

from opensend.dataprotection import selectors, services
from opensend.schools.models import School


class Command(BaseCommand):
    help = "List the records that have reached the end of their retention period; clear expired exports."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--school", metavar="URN", help="Only this school (by URN).")

    def handle(self, *args, school: str | None = None, **options) -> None:
        schools = School.objects.order_by("name")
        if school:
            schools = schools.filter(urn=school)
            if not schools.exists():
                raise CommandError(f"No school has the URN {school}.")
        total = 0
        for each in schools:
            for row in selectors.schedule(each):
                if row.due:
                    total += row.due
                    url = reverse("dataprotection:retention-due", kwargs={"urn": each.urn, "rule_key": row.rule.key})
                    self.stdout.write(
                        f"{each.name} ({each.urn}): {row.due} {row.rule.record_kind} due - confirm at {url}"
                    )
        cleared = services.clear_expired_exports(schools)
        self.stdout.write(
            f"{total} record(s) have reached their date. Dry run: no record was destroyed. "
            f"Cleared {cleared} expired subject access export(s). "
            "A SENDCo or headteacher confirms destruction in the app."
        )
