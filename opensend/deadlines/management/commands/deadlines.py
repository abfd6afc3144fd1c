"""`manage.py deadlines --school URN [--json]`: every open statutory deadline at a school, overdue
first. Pupils appear by their opaque id only, never a name or UPN."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from opensend.deadlines.sources import open_deadlines
from opensend.pupils.models import Enrolment, Pupil
from opensend.schools.models import School


class Command(BaseCommand):
    help = "List every open statutory deadline at a school, overdue first."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--school", metavar="URN", required=True)
        parser.add_argument("--json", action="store_true", help="one JSON list of objects")

    def handle(self, *args, **options) -> None:
        school = School.objects.filter(urn=options["school"]).first()
        if school is None:
            raise CommandError(f"There is no school with URN {options['school']}.")
        pupils = Pupil.objects.active().filter(pk__in=Enrolment.objects.filter(school=school).values("pupil_id"))
        found = open_deadlines(school, pupils, today=timezone.localdate())
        if options["json"]:
            self.stdout.write(json.dumps([item.as_json() for item in found], indent=2))
            return
        for item in found:
            self.stdout.write(
                f"{item.due.isoformat()}  {item.status.label:<11}  {item.rule.id:<24}  pupil {item.pupil.public_id}"
            )
        self.stdout.write(f"{len(found)} open deadline{'s' if len(found) != 1 else ''} at {school.name}.")
