"""Backups and the restore drill.

A backup is one folder in BACKUP_DIR, named by the UTC time it was taken:

    20261205T020000Z/
        database.dump      pg_dump custom format (PostgreSQL), or
        database.sqlite3   a copy by VACUUM INTO (SQLite)
        media.tar.gz       the stored documents (MEDIA_ROOT)
        manifest.json      each table's row count and checksum, and each document's, as backed up

The manifest is taken from the same snapshot as the copy, so the drill can restore the copy into a
scratch database and compare it table by table with the source as it was when backed up. A backup
is written under a temporary name and renamed when complete: a folder with a final name is whole.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.utils import load_backend
from django.utils import timezone

NAME_FORMAT = "%Y%m%dT%H%M%SZ"
PARTIAL = ".partial"
MANIFEST = "manifest.json"
MEDIA_ARCHIVE = "media.tar.gz"
# Kept: the newest backup of each of the last 7 days, 4 ISO weeks and 12 months (docs/operations.md).
KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 7, 4, 12
_FETCH = 2000


class BackupError(Exception):
    pass


@dataclass(frozen=True)
class Backup:
    path: Path
    taken_at: datetime.datetime

    @property
    def manifest(self) -> dict:
        return json.loads((self.path / MANIFEST).read_text())


def backup_dir() -> Path:
    if not settings.BACKUP_DIR:
        raise BackupError("Set BACKUP_DIR to the folder backups are written to.")
    return Path(settings.BACKUP_DIR)


def backups_in(folder: Path) -> list[Backup]:
    """The complete backups in `folder`, newest first."""
    found = []
    for path in folder.iterdir() if folder.is_dir() else []:
        try:
            taken_at = datetime.datetime.strptime(path.name, NAME_FORMAT).replace(tzinfo=datetime.UTC)
        except ValueError:
            continue  # a partial backup, or something else kept there
        if (path / MANIFEST).is_file():
            found.append(Backup(path, taken_at))
    return sorted(found, key=lambda backup: backup.taken_at, reverse=True)


def newest_backup_age(folder: Path) -> datetime.timedelta | None:
    backups = backups_in(folder)
    return timezone.now() - backups[0].taken_at if backups else None


# --- Checksums ------------------------------------------------------------------------------------


def _table_checksum(cursor, table: str, quote) -> dict:
    """Row count and a checksum that does not depend on row order: the sum of each row's hash."""
    # A table name from introspection, quoted: no value from a person reaches this SQL.
    cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608  # nosec B608
    rows, total = 0, 0
    while batch := cursor.fetchmany(_FETCH):
        for row in batch:
            digest = hashlib.sha256(repr(tuple(row)).encode()).digest()
            total = (total + int.from_bytes(digest[:16], "big")) % (1 << 128)
            rows += 1
    return {"rows": rows, "checksum": f"{total:032x}"}


def database_checksums(conn: BaseDatabaseWrapper) -> dict[str, dict]:
    """Every table's row count and checksum, read in the connection's current transaction."""
    with conn.cursor() as cursor:
        tables = sorted(conn.introspection.table_names(cursor))
        return {table: _table_checksum(cursor, table, conn.ops.quote_name) for table in tables}


def _media_checksums(root: Path) -> dict[str, str]:
    if not root.is_dir():
        return {}
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _archive_checksums(archive: Path) -> dict[str, str]:
    with tarfile.open(archive, "r:gz") as tar:
        return {
            member.name: hashlib.sha256(tar.extractfile(member).read()).hexdigest()
            for member in tar.getmembers()
            if member.isfile()
        }


# --- Taking a backup ------------------------------------------------------------------------------


def _pg_env(settings_dict: dict) -> dict[str, str]:
    env = dict(os.environ)
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if settings_dict.get(key):
            env[name] = str(settings_dict[key])
    return env


def _run(command: list[str], env: dict[str, str] | None = None) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[:500]}")


def _copy_postgresql(target: Path) -> dict[str, dict]:
    """pg_dump from a snapshot the checksums are read from too, so both see the same rows."""
    with connection.cursor() as cursor:
        cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        try:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            checksums = database_checksums(connection)
            name = connection.settings_dict["NAME"]
            command = ["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={target}", name]
            _run(command, _pg_env(connection.settings_dict))
        finally:
            cursor.execute("COMMIT")
    return checksums


def _copy_sqlite(target: Path) -> dict[str, dict]:
    """Other writers wait while the copy is made (a second or two), so the checksums read on this
    connection describe exactly what VACUUM INTO copied on another."""
    copier = _scratch_connection(connection.settings_dict["NAME"])
    try:
        with connection.cursor() as cursor:
            cursor.execute("BEGIN IMMEDIATE")
            try:
                with copier.cursor() as copy_cursor:
                    copy_cursor.execute("VACUUM INTO %s", [str(target)])
                checksums = database_checksums(connection)
            finally:
                cursor.execute("COMMIT")
    finally:
        copier.close()
    return checksums


def _archive_media(root: Path, archive: Path) -> dict[str, str]:
    files = _media_checksums(root)
    with tarfile.open(archive, "w:gz") as tar:
        for name in files:
            tar.add(root / name, arcname=name, recursive=False)
    return files


def backup_take(*, folder: Path | None = None, now: datetime.datetime | None = None) -> Backup:
    folder = folder or backup_dir()
    folder.mkdir(parents=True, exist_ok=True)
    taken_at = (now or timezone.now()).astimezone(datetime.UTC).replace(microsecond=0)
    final = folder / taken_at.strftime(NAME_FORMAT)
    if final.exists():
        raise BackupError(f"A backup named {final.name} already exists.")
    partial = folder / f"{final.name}{PARTIAL}"
    partial.mkdir()
    try:
        if connection.vendor == "postgresql":
            database_file, tables = "database.dump", _copy_postgresql(partial / "database.dump")
        elif connection.vendor == "sqlite":
            database_file, tables = "database.sqlite3", _copy_sqlite(partial / "database.sqlite3")
        else:
            raise BackupError(f"Backups support PostgreSQL and SQLite, not {connection.vendor}.")
        media = _archive_media(Path(settings.MEDIA_ROOT), partial / MEDIA_ARCHIVE)
        manifest = {
            "taken_at": taken_at.isoformat(),
            "engine": connection.vendor,
            "database_file": database_file,
            "tables": tables,
            "media": media,
        }
        (partial / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
        partial.rename(final)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return Backup(final, taken_at)


# --- Pruning --------------------------------------------------------------------------------------


def backups_to_keep(times: list[datetime.datetime]) -> set[datetime.datetime]:
    """The newest backup of each of the last KEEP_DAILY days, KEEP_WEEKLY ISO weeks and
    KEEP_MONTHLY months that have a backup (grandfather-father-son)."""
    keep: set[datetime.datetime] = set()
    for period, count in (
        (lambda moment: moment.date(), KEEP_DAILY),
        (lambda moment: moment.isocalendar()[:2], KEEP_WEEKLY),
        (lambda moment: (moment.year, moment.month), KEEP_MONTHLY),
    ):
        seen: list = []
        for moment in sorted(times, reverse=True):
            key = period(moment)
            if key not in seen:
                seen.append(key)
                if len(seen) > count:
                    break
                keep.add(moment)
    return keep


def backups_prune(*, folder: Path | None = None) -> list[Path]:
    """Remove the backups the policy no longer keeps, and partial ones left by a failed run."""
    folder = folder or backup_dir()
    backups = backups_in(folder)
    keep = backups_to_keep([backup.taken_at for backup in backups])
    removed = [backup.path for backup in backups if backup.taken_at not in keep]
    day_ago = timezone.now().timestamp() - 24 * 3600
    removed += [path for path in folder.glob(f"*{PARTIAL}") if path.stat().st_mtime < day_ago]
    for path in removed:
        shutil.rmtree(path)
    return removed


# --- The restore drill ----------------------------------------------------------------------------


def _scratch_connection(name: str) -> BaseDatabaseWrapper:
    settings_dict = {**connection.settings_dict, "NAME": name}
    return load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, alias=f"scratch-{uuid.uuid4().hex}")


@contextmanager
def _restored_sqlite(backup: Backup) -> Iterator[BaseDatabaseWrapper]:
    with tempfile.TemporaryDirectory(prefix="opensend-drill-") as scratch:
        copy = Path(scratch) / "restored.sqlite3"
        shutil.copyfile(backup.path / "database.sqlite3", copy)
        restored = _scratch_connection(str(copy))
        try:
            yield restored
        finally:
            restored.close()


@contextmanager
def _restored_postgresql(backup: Backup) -> Iterator[BaseDatabaseWrapper]:
    name = f"opensend_restore_drill_{uuid.uuid4().hex[:12]}"
    quoted = connection.ops.quote_name(name)
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE DATABASE {quoted}")
    restored = _scratch_connection(name)
    try:
        command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", f"--dbname={name}"]
        _run([*command, str(backup.path / "database.dump")], _pg_env(connection.settings_dict))
        yield restored
    finally:
        restored.close()
        with connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {quoted}")


@dataclass(frozen=True)
class DrillResult:
    backup: Backup
    tables: int
    rows: int
    documents: int
    differences: list[str]

    @property
    def passed(self) -> bool:
        return not self.differences


def _differences(what: str, expected: dict, found: dict) -> list[str]:
    problems = [f"{what} {name}: missing from the restore" for name in sorted(expected.keys() - found.keys())]
    problems += [f"{what} {name}: not in the source" for name in sorted(found.keys() - expected.keys())]
    for name in sorted(expected.keys() & found.keys()):
        if expected[name] != found[name]:
            problems.append(
                f"{what} {name}: {_described(expected[name])} in the source, {_described(found[name])} restored"
            )
    return problems


def _described(summary: dict | str) -> str:
    if isinstance(summary, dict):
        return f"{summary['rows']} rows with checksum {summary['checksum'][:12]}"
    return f"checksum {summary[:12]}"


def restore_drill(*, folder: Path | None = None) -> DrillResult:
    """Restore the newest backup into a scratch database and compare every table, and every stored
    document, with the source as it was backed up."""
    backups = backups_in(folder or backup_dir())
    if not backups:
        raise BackupError("There is no backup to restore.")
    backup = backups[0]
    manifest = backup.manifest
    if manifest["engine"] != connection.vendor:
        raise BackupError(f"The newest backup is of {manifest['engine']}, not {connection.vendor}.")
    restoring = _restored_postgresql if connection.vendor == "postgresql" else _restored_sqlite
    with restoring(backup) as restored:
        tables = database_checksums(restored)
    documents = _archive_checksums(backup.path / MEDIA_ARCHIVE)
    differences = _differences("table", manifest["tables"], tables)
    differences += _differences("document", manifest["media"], documents)
    rows = sum(table["rows"] for table in tables.values())
    return DrillResult(backup, len(tables), rows, len(documents), differences)
