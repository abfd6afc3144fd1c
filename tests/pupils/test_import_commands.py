"""`manage.py import_pupils` and `import_staff`: exit codes, reports, and the dry run."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from opensend.accounts.models import User
from opensend.audit.models import AuditEvent
from opensend.pupils.models import Pupil

from .test_mis_import import STAFF_FILE, csv_text, good_file, pupil_line, upn


def write(tmp_path: Path, text: str, name: str = "export.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def command(name: str, path: Path, *args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(name, str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_pupils_imports_a_good_file_and_prints_the_counts(cast, tmp_path):
    out, _ = command("import_pupils", write(tmp_path, good_file()), "--school", "100001")

    assert "3 pupils added, 0 changed, 0 unchanged, 1 group added" in out
    assert Pupil.objects.filter(upn=upn(1)).exists()
    assert set(AuditEvent.objects.filter(pupil__upn=upn(1)).values_list("actor_label", flat=True)) == {"import"}


def test_import_pupils_run_twice_reports_everything_unchanged(cast, tmp_path):
    path = write(tmp_path, good_file())
    command("import_pupils", path, "--school", "100001")

    out, _ = command("import_pupils", path, "--school", "100001")

    assert "0 pupils added, 0 changed, 3 unchanged, 0 groups added" in out


def test_a_bad_file_prints_every_bad_row_and_exits_non_zero_writing_nothing(cast, tmp_path):
    path = write(tmp_path, csv_text([pupil_line(1, Sex="X"), pupil_line(2, DOB="yesterday")]))
    err = io.StringIO()

    with pytest.raises(CommandError, match=r"2 problems in export\.csv; nothing was imported") as caught:
        call_command("import_pupils", str(path), "--school", "100001", stderr=err)

    assert caught.value.returncode == 1  # what manage.py exits with
    assert "export.csv: row 2, Sex: Write F or M, not “X”" in err.getvalue()
    assert "export.csv: row 3, DOB: Write the date as DD/MM/YYYY or YYYY-MM-DD, not “yesterday”" in err.getvalue()
    assert not Pupil.objects.filter(upn__in=[upn(1), upn(2)]).exists()


def test_a_dry_run_reports_what_would_change_and_writes_nothing(cast, tmp_path):
    audit_before = AuditEvent.objects.count()

    out, _ = command("import_pupils", write(tmp_path, good_file()), "--school", "100001", "--dry-run")

    assert "Row 2: would add: Ada Pupil001" in out
    assert "Would add 3 pupils, change 0, leave 0 unchanged, add 1 group. Nothing was written (dry run)." in out
    assert not Pupil.objects.filter(upn=upn(1)).exists()
    assert AuditEvent.objects.count() == audit_before


def test_a_dry_run_names_the_fields_that_would_change(cast, tmp_path):
    command("import_pupils", write(tmp_path, good_file()), "--school", "100001")

    changed = good_file().replace("Pupil001", "Renamed")
    out, _ = command("import_pupils", write(tmp_path, changed, "changed.csv"), "--school", "100001", "--dry-run")

    assert "Row 2: would change surname: Ada Renamed" in out


def test_an_unknown_school_exits_non_zero(cast, tmp_path):
    with pytest.raises(CommandError, match="There is no school with URN 999999"):
        command("import_pupils", write(tmp_path, good_file()), "--school", "999999")


def test_a_missing_file_exits_non_zero(cast, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        command("import_pupils", tmp_path / "nowhere.csv", "--school", "100001")


def test_a_workbook_instead_of_a_csv_exits_non_zero(cast, tmp_path):
    path = tmp_path / "export.xlsx"
    path.write_bytes(b"PK\x03\x04rest-of-a-zip")
    with pytest.raises(CommandError, match="not a CSV file"):
        command("import_pupils", path, "--school", "100001")


def test_import_staff_creates_accounts_and_prints_the_counts(cast, tmp_path):
    out, _ = command("import_staff", write(tmp_path, STAFF_FILE), "--school", "100001")

    assert "2 people added, 0 changed, 0 unchanged" in out
    assert User.objects.filter(email="jo.bloggs@oakfield.test").exists()


def test_import_staff_with_a_bad_row_exits_non_zero_writing_nothing(cast, tmp_path):
    bad = STAFF_FILE.replace("Teaching assistant", "Caretaker")
    with pytest.raises(CommandError, match=r"1 problem in export\.csv"):
        command("import_staff", write(tmp_path, bad), "--school", "100001")
    assert not User.objects.filter(email="jo.bloggs@oakfield.test").exists()


def test_import_staff_dry_run_writes_nothing(cast, tmp_path):
    out, _ = command("import_staff", write(tmp_path, STAFF_FILE), "--school", "100001", "--dry-run")
    assert "Would add 2 people" in out
    assert not User.objects.filter(email="jo.bloggs@oakfield.test").exists()
