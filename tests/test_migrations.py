"""Every app's migrations, backward and forward, on a database holding the demo trust: each app's
latest migration (after its initial ones) back and forward again keeping every row, then every app
to zero and back up. Run in a child
process against its own SQLite file, apart from the test database (`make migrations`)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.migrations

ROOT = Path(__file__).resolve().parents[1]
ROUND_TRIP = """
import sys
import django

django.setup()
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader



# Our apps in the reverse of the order their migrations first apply, so each is taken back after
# the apps that depend on it.
def our_apps_top_down():
    graph = MigrationLoader(connection).graph
    applied_in_order = []
    for leaf in sorted(graph.leaf_nodes()):
        for app, _ in graph.forwards_plan(leaf):
            if app not in applied_in_order:
                applied_in_order.append(app)
    ours = {config.label for config in apps.get_app_configs() if config.name.startswith("opensend.")}
    return [app for app in reversed(applied_in_order) if app in ours]


APPS = our_apps_top_down()


def counts():
    return {
        model._meta.db_table: model._default_manager.count()
        for label in APPS
        for model in apps.get_app_config(label).get_models()
    }


def tables():
    return set(connection.introspection.table_names())


call_command("migrate", verbosity=0)
call_command("seed_demo", verbosity=0)
seeded = counts()
assert seeded["pupils_pupil"] > 0 and seeded["plans_target"] > 0, seeded

on_disk = MigrationLoader(connection).disk_migrations
for label in APPS:
    names = sorted(name for app, name in on_disk if app == label)
    # An app's initial migrations create its tables: they are taken back only with the data, below.
    if len(names) < 2 or on_disk[label, names[-1]].initial:
        continue
    before = counts()
    call_command("migrate", label, names[-2], verbosity=0)
    # A table the step takes back (the latest migration's, or a later one's that depends on it) goes
    # with its rows; every other table keeps them.
    kept = tables()
    # Forward again, with any other app's migrations that stepping back took with it.
    call_command("migrate", verbosity=0)
    after = counts()
    changed = {
        table: (before[table], after[table]) for table in before if table in kept and after[table] != before[table]
    }
    assert not changed, f"{label} one step back and forward changed the rows (before, after): {changed}"
    print(f"{label}: {names[-1]} back to {names[-2]} and forward, rows kept")

ours = {model._meta.db_table for label in APPS for model in apps.get_app_config(label).get_models()}
for label in APPS:
    call_command("migrate", label, "zero", verbosity=0)
left = ours & tables()
assert not left, f"tables left after migrating every app to zero: {sorted(left)}"
print("every app to zero")
call_command("migrate", verbosity=0)
assert ours <= tables(), sorted(ours - tables())
print("every app forward again")
"""


def test_every_apps_migrations_run_backward_and_forward_on_the_demo_data(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'round-trip.sqlite3'}",
    }
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", ROUND_TRIP], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "every app forward again" in result.stdout
