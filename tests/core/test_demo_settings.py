"""The demo runs as a school would see it: debug off, the app's own error pages, static files still
served; Django's debug pages only when asked for with DJANGO_DEBUG=1. `make demo` takes its port from
PORT."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Run in a fresh interpreter: settings are read once per process.
PROBE = """
import django
django.setup()
from django.conf import settings
from django.test import Client
client = Client(HTTP_HOST="127.0.0.1")
missing = client.get("/no-such-page/")
print(settings.DEBUG, client.get("/static/build/opensend.css").status_code, missing.status_code)
print("Page not found" in missing.content.decode(), "URLconf" in missing.content.decode())
"""


def probe(tmp_path, **env: str) -> list[str]:
    environment = {
        key: value for key, value in os.environ.items() if key not in {"DJANGO_DEBUG", "DJANGO_SETTINGS_MODULE"}
    }
    environment |= {
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        "PYTHONPATH": str(ROOT),
        **env,
    }
    done = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", PROBE], cwd=ROOT, env=environment, capture_output=True, text=True, check=True
    )
    return done.stdout.split()


@pytest.mark.skipif(not (ROOT / "opensend/static/build/opensend.css").exists(), reason="the stylesheet is built")
def test_the_demo_settings_run_with_debug_off_the_apps_404_page_and_static_files_served(tmp_path):
    assert probe(tmp_path) == ["False", "200", "404", "True", "False"]


def test_debug_is_for_development_only_by_a_variable(tmp_path):
    debug, *_ = probe(tmp_path, DJANGO_DEBUG="1")
    assert debug == "True"


def test_make_demo_takes_its_port_from_a_variable():
    # make -n prints the commands without running any.
    commands = subprocess.run(
        ["make", "-n", "demo", "PORT=8001"],  # noqa: S607 - make from the PATH, as a person runs it
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "manage.py runserver 127.0.0.1:8001" in commands
