"""Import staff accounts, their roles and the groups they teach from a CSV file into one school."""

from __future__ import annotations

from opensend.pupils import mis_import
from opensend.pupils.mis_import import ImportResult
from opensend.schools.models import School

from .import_pupils import Command as ImportPupilsCommand


class Command(ImportPupilsCommand):
    help = "Import staff (Email, Title, Forename, Surname, Role, Groups) into the school with this URN."
    singular, plural = "person", "people"
    reports_groups = False

    def run_import(self, *, school: School, text: str, dry_run: bool) -> ImportResult:
        return mis_import.import_staff(school=school, text=text, actor=None, dry_run=dry_run)
