"""`manage.py deadline_calc --rule RULE --start YYYY-MM-DD [--school URN]`: one statutory due date
as JSON; `--list` every rule with its description and source."""

from __future__ import annotations

import datetime
import json

from django.core.management.base import BaseCommand, CommandError

from opensend.core.dates import CalendarTooShort
from opensend.deadlines.engine import PeriodNotAllowed, TermDatesNeeded, deadline
from opensend.deadlines.rules import RULES, RULES_BY_ID
from opensend.schools.calendar import term_dates
from opensend.schools.models import School


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"--start must be a date as YYYY-MM-DD, not {value!r}.") from error


class Command(BaseCommand):
    help = "Print the due date of a statutory deadline as JSON, or list the rules."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--rule", help="a rule id, for example ehc-final-plan")
        parser.add_argument("--start", help="the date of the starting event, YYYY-MM-DD")
        parser.add_argument("--school", metavar="URN", help="the school whose term dates count school days")
        parser.add_argument(
            "--period", type=int, help="for a rule that offers several periods (under-five-review-due), which one"
        )
        parser.add_argument("--list", action="store_true", help="list every rule with its description and source")

    def handle(self, *args, **options) -> None:
        if options["list"]:
            self._print([{"rule": r.id, "description": r.description, "source": r.source, "days": r.days.value,
                          "period": r.period_text} for r in RULES])  # fmt: skip
            return
        if not options["rule"] or not options["start"]:
            raise CommandError("Give --rule and --start, or --list.")
        if options["rule"] not in RULES_BY_ID:
            raise CommandError(f"There is no rule {options['rule']!r}: --list shows them.")
        start = _date(options["start"])
        terms = self._terms(options["school"], start)
        try:
            self._print(deadline(options["rule"], start, terms=terms, period=options["period"]).as_json())
        except PeriodNotAllowed as error:
            raise CommandError(str(error)) from error
        except TermDatesNeeded as error:
            raise CommandError(f"{error} Use --school URN.") from error
        except CalendarTooShort as error:
            raise CommandError(f"{error} Add the school's terms first.") from error

    def _terms(self, urn: str | None, start: datetime.date):
        if urn is None:
            return None
        school = School.objects.filter(urn=urn).first()
        if school is None:
            raise CommandError(f"There is no school with URN {urn}.")
        return term_dates(school, from_day=start)

    def _print(self, value) -> None:
        self.stdout.write(json.dumps(value, indent=2))
