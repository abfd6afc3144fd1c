"""Backups, their pruning policy, the restore drill and the backup age in /healthz.

The drill runs end to end on a migrated SQLite file in every run of the suite, and on a scratch
PostgreSQL database when the suite itself runs on PostgreSQL."""

from __future__ import annotations

import datetime
import json
import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from opensend.core import backups

ROOT = Path(__file__).resolve().parents[2]
UTC = datetime.UTC


# --- The pruning policy ---------------------------------------------------------------------------


def at(day: datetime.date, hour: int = 2) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def test_a_years_nightly_backups_prune_to_7_daily_4_weekly_and_12_monthly():
    last = datetime.date(2026, 12, 5)  # a Saturday
    nightly = [at(last - datetime.timedelta(days=back)) for back in range(400)]

    kept = sorted(backups.backups_to_keep(nightly), reverse=True)

    assert kept[:7] == [at(last - datetime.timedelta(days=back)) for back in range(7)]
    # Newest of each ISO week: the 5th and Sunday 29 Nov are already dailies; then 22 Nov and 15 Nov.
    assert {at(datetime.date(2026, 11, day)) for day in (29, 22, 15)} <= set(kept)
    # Newest of each month: December's and November's are dailies; then the last day of October to January.
    assert {at(datetime.date(2026, month, 1) - datetime.timedelta(days=1)) for month in range(2, 12)} <= set(kept)
    assert at(datetime.date(2026, 1, 1) - datetime.timedelta(days=1)) not in kept
    assert len(kept) == 7 + 2 + 10


def test_two_backups_on_one_day_keep_the_newest():
    day = datetime.date(2026, 12, 5)

    assert backups.backups_to_keep([at(day, 2), at(day, 14)]) == {at(day, 14)}


def fake_backup(folder: Path, taken_at: datetime.datetime) -> Path:
    path = folder / taken_at.strftime(backups.NAME_FORMAT)
    path.mkdir(parents=True)
    (path / backups.MANIFEST).write_text("{}")
    return path


def test_pruning_removes_what_the_policy_drops_and_old_partial_backups(tmp_path):
    day = datetime.date(2026, 12, 5)
    newest = fake_backup(tmp_path, at(day, 14))
    dropped = fake_backup(tmp_path, at(day, 2))
    old_partial = tmp_path / f"20261101T020000Z{backups.PARTIAL}"
    old_partial.mkdir()
    os.utime(old_partial, (0, 0))
    running = tmp_path / f"20261205T150000Z{backups.PARTIAL}"
    running.mkdir()

    removed = backups.backups_prune(folder=tmp_path)

    assert set(removed) == {dropped, old_partial}
    assert newest.exists() and running.exists()


def test_a_folder_without_a_manifest_is_not_a_backup(tmp_path):
    (tmp_path / "20261205T020000Z").mkdir()
    (tmp_path / "notes.txt").write_text("copied off-site on Fridays")

    assert backups.backups_in(tmp_path) == []


def test_backup_without_a_backup_dir_says_what_to_set(db):
    with override_settings(BACKUP_DIR=""), pytest.raises(CommandError, match="Set BACKUP_DIR"):
        call_command("backup")


# --- /healthz -------------------------------------------------------------------------------------


def test_healthz_says_nothing_of_backups_where_none_are_configured(client, db):
    with override_settings(BACKUP_DIR=""):
        body = client.get(reverse("healthz")).json()

    assert body == {"status": "ok", "database": "ok"}


def test_healthz_reports_the_newest_backups_age(client, db, tmp_path):
    fake_backup(tmp_path, timezone.now() - datetime.timedelta(hours=30))
    fake_backup(tmp_path, timezone.now() - datetime.timedelta(hours=3))

    with override_settings(BACKUP_DIR=str(tmp_path)):
        response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "backup": "ok", "backup_age_hours": 3.0}


def test_healthz_is_degraded_when_the_newest_backup_is_over_26_hours_old(client, db, tmp_path):
    fake_backup(tmp_path, timezone.now() - datetime.timedelta(hours=26, minutes=6))

    with override_settings(BACKUP_DIR=str(tmp_path)):
        response = client.get(reverse("healthz"))

    assert response.status_code == 200  # still serving: the alert is for the operator
    assert response.json() == {"status": "degraded", "database": "ok", "backup": "stale", "backup_age_hours": 26.1}


def test_healthz_is_degraded_when_there_is_no_backup_yet(client, db, tmp_path):
    with override_settings(BACKUP_DIR=str(tmp_path / "empty")):
        body = client.get(reverse("healthz")).json()

    assert body == {"status": "degraded", "database": "ok", "backup": "none"}


# --- Backing up and the restore drill, end to end -------------------------------------------------


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    full_env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    full_env |= {"DJANGO_SETTINGS_MODULE": "config.settings.dev", **env}
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args], cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=300
    )


def backup_and_drill(env: dict[str, str], media: Path) -> tuple[Path, subprocess.CompletedProcess]:
    (media / "letters").mkdir(parents=True)
    (media / "letters" / "ep-report.pdf").write_bytes(b"%PDF-1.7 a stored document")
    backed_up = manage(env, "backup")
    assert backed_up.returncode == 0, backed_up.stderr
    [backup] = backups.backups_in(Path(env["BACKUP_DIR"]))
    return backup.path, manage(env, "restore_drill")


def tamper_manifest(backup: Path, table: str) -> None:
    manifest = json.loads((backup / backups.MANIFEST).read_text())
    manifest["tables"][table]["rows"] += 1
    (backup / backups.MANIFEST).write_text(json.dumps(manifest))


@pytest.fixture(scope="module")
def migrated_sqlite(tmp_path_factory) -> Path:
    """Migrated once for the module (a minute on a busy machine); each test works on its own copy."""
    path = tmp_path_factory.mktemp("migrated") / "site.sqlite3"
    migrated = manage({"DATABASE_URL": f"sqlite:///{path}"}, "migrate", "--noinput")
    assert migrated.returncode == 0, migrated.stderr
    return path


@pytest.fixture
def sqlite_site(tmp_path, migrated_sqlite) -> tuple[dict[str, str], Path]:
    site = tmp_path / "site.sqlite3"
    with sqlite3.connect(migrated_sqlite) as source, sqlite3.connect(site) as copy:
        source.backup(copy)
    media = tmp_path / "media"
    env = {"DATABASE_URL": f"sqlite:///{site}", "BACKUP_DIR": str(tmp_path / "backups"), "MEDIA_ROOT": str(media)}
    return env, media


def test_on_sqlite_a_backup_restores_with_every_table_and_document_matching(sqlite_site):
    env, media = sqlite_site

    backup, drill = backup_and_drill(env, media)

    assert drill.returncode == 0, drill.stderr
    assert "Restore drill passed" in drill.stdout and "1 documents restored" in drill.stdout
    assert sorted(path.name for path in backup.iterdir()) == ["database.sqlite3", "manifest.json", "media.tar.gz"]
    manifest = json.loads((backup / "manifest.json").read_text())
    assert manifest["tables"]["django_migrations"]["rows"] > 50
    assert list(manifest["media"]) == ["letters/ep-report.pdf"]


def test_on_sqlite_the_drill_fails_naming_a_table_that_does_not_match(sqlite_site):
    env, media = sqlite_site
    backup, _ = backup_and_drill(env, media)
    with sqlite3.connect(backup / "database.sqlite3") as copy:
        copy.execute("UPDATE plans_plantemplate SET name = name || ' (changed)'")

    drill = manage(env, "restore_drill")

    assert drill.returncode != 0
    assert "table plans_plantemplate:" in drill.stderr
    assert "Restore drill failed, 1 differences" in drill.stderr


def test_on_sqlite_the_drill_fails_when_a_document_is_missing(sqlite_site):
    env, media = sqlite_site
    backup, _ = backup_and_drill(env, media)
    manifest = json.loads((backup / "manifest.json").read_text())
    manifest["media"]["letters/annual-review.docx"] = "0" * 64
    (backup / "manifest.json").write_text(json.dumps(manifest))

    drill = manage(env, "restore_drill")

    assert drill.returncode != 0
    assert "document letters/annual-review.docx: missing from the restore" in drill.stderr


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql", reason="the suite runs on SQLite"
)
def test_on_postgresql_a_backup_restores_and_a_difference_fails_the_drill(tmp_path):
    database = settings.DATABASES["default"]
    admin_url = f"postgresql://{database['USER']}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}"
    name = f"opensend_backup_test_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{admin_url}/postgres", autocommit=True, password=database["PASSWORD"] or None) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        env = {"DATABASE_URL": f"{admin_url}/{name}", "BACKUP_DIR": str(tmp_path / "backups")}
        env |= {"MEDIA_ROOT": str(tmp_path / "media")}
        if database["PASSWORD"]:
            env["PGPASSWORD"] = database["PASSWORD"]
        assert manage(env, "migrate", "--noinput").returncode == 0
        backup, drill = backup_and_drill(env, tmp_path / "media")
        assert drill.returncode == 0, drill.stderr
        assert (backup / "database.dump").read_bytes().startswith(b"PGDMP")  # pg_dump's custom format

        tamper_manifest(backup, "pupils_pupil")
        failed = manage(env, "restore_drill")
        assert failed.returncode != 0
        assert "table pupils_pupil: 1 rows" in failed.stderr
    finally:
        with psycopg.connect(f"{admin_url}/postgres", autocommit=True, password=database["PASSWORD"] or None) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            leftover = admin.execute("SELECT count(*) FROM pg_database WHERE datname LIKE 'opensend_restore_drill_%'")
            assert leftover.fetchone()[0] == 0  # the drill drops its scratch database
