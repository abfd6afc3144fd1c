"""A real worker process killed in the middle of an import: nothing it wrote survives, and the job
is shown as failed. PostgreSQL only: the worker is another process, which needs the test database
to be one it can reach (the SQLite test database lives in this process's memory)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.test import override_settings

from opensend.pupils import mis_import
from opensend.pupils.models import ImportJob, Pupil

from ..factories import valid_upn
from ..worker import DATABASE_QUEUE
from .test_import_views import STOPPED
from .test_mis_import import csv_text, pupil_line

ROOT = Path(__file__).resolve().parents[2]
# Enough pupils that writing them takes a while: UPNs from three establishments of 999 serials each.
UPNS = [
    valid_upn("380", establishment, serial) for establishment in ("4401", "4402", "4403") for serial in range(1, 1000)
]

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the worker process needs a shared database"),
    pytest.mark.django_db(transaction=True),
]


def start_worker() -> subprocess.Popen:
    database = connection.settings_dict
    url = f"postgresql://{database['USER']}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}"
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env |= {
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DJANGO_DEBUG": "false",  # no reloader: the worker is this one process
        "DATABASE_URL": f"{url}/{database['NAME']}",
    }
    if database["PASSWORD"]:
        env["PGPASSWORD"] = database["PASSWORD"]
    command = [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--interval", "0.1"]
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    return subprocess.Popen(command, cwd=ROOT, env=env, **quiet)  # noqa: S603


def wait_for(job: ImportJob, status: str, seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while (now := ImportJob.objects.get(pk=job.pk).status) != status:
        assert time.monotonic() < deadline and now != ImportJob.Status.FAILED, f"the job is {now}, not {status}"
        time.sleep(0.02)


def test_a_worker_killed_while_it_writes_leaves_nothing_and_the_job_failed(cast):
    text = csv_text([pupil_line(number, UPN=upn) for number, upn in enumerate(UPNS, start=1)])
    with override_settings(TASKS=DATABASE_QUEUE):
        job = mis_import.import_job_create(
            school=cast.school, user=cast["sendco"], kind="pupils", filename="big.csv", text=text, check_only=False
        )
        mis_import.import_job_start(job)

    worker = start_worker()
    try:
        wait_for(job, ImportJob.Status.APPLYING)
        os.kill(worker.pid, signal.SIGKILL)  # as a crash, an out-of-memory kill or a power cut would
    finally:
        worker.kill()
        worker.wait()

    job.refresh_from_db()
    assert job.status == ImportJob.Status.APPLYING
    assert not Pupil.objects.filter(upn__in=UPNS).exists()

    with override_settings(OPENSEND_IMPORT_STALE_SECONDS=0):
        mis_import.import_job_fail_if_stale(job)

    assert job.status == ImportJob.Status.FAILED
    assert job.errors == [{"row": 0, "field": "", "message": STOPPED}]
    assert not Pupil.objects.filter(upn__in=UPNS).exists()
