"""Running background tasks as production does, in the test's process: the database queue, and the
worker that takes tasks from it. tests/conftest.py offers its `task_worker` fixture to every test."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.core.management import call_command
from django.test import override_settings

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def task_worker(monkeypatch) -> Iterator[Callable[[], None]]:
    """Tasks wait on the database queue until the test calls the fixture's value to run a worker
    until the queue is empty."""
    # The worker closes connections it thinks stale between tasks; here that would be the test's own,
    # inside its transaction.
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    with override_settings(TASKS=DATABASE_QUEUE):
        yield lambda: call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")
