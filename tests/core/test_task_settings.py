"""Which task queue the settings choose: the database by default, RQ on Redis when configured."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHOW_BACKEND = "from django.conf import settings; print(settings.TASKS['default']['BACKEND'])"


def backend_with(**env: str) -> subprocess.CompletedProcess:
    full_env = {key: value for key, value in os.environ.items() if key not in {"TASKS_BACKEND", "REDIS_URL"}}
    full_env |= {"DJANGO_SETTINGS_MODULE": "config.settings.dev", **env}
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", SHOW_BACKEND],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_database_queue_is_the_default():
    assert backend_with().stdout.strip() == "django_tasks_db.DatabaseBackend"


def test_rq_is_used_when_configured_with_redis():
    result = backend_with(TASKS_BACKEND="rq", REDIS_URL="redis://127.0.0.1:6379/9")

    assert result.stdout.strip() == "django_tasks_rq.RQBackend"


def test_rq_without_redis_refuses_to_start_and_says_why():
    result = backend_with(TASKS_BACKEND="rq")

    assert result.returncode != 0
    assert "TASKS_BACKEND=rq needs REDIS_URL." in result.stderr


def test_an_unknown_queue_refuses_to_start():
    result = backend_with(TASKS_BACKEND="celery")

    assert result.returncode != 0
    assert "TASKS_BACKEND must be database or rq" in result.stderr
