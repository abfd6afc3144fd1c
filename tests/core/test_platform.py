"""Health check, security headers and settings that fail closed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.db import DatabaseError
from django.urls import reverse

from config.settings.base import database_from_env

ROOT = Path(__file__).resolve().parents[2]


def test_healthz_answers_ok_when_the_database_answers(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_healthz_answers_503_when_the_database_fails(client, db, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def broken(self, sql, params=None):
        raise DatabaseError("down")

    with monkeypatch.context() as patched:
        patched.setattr(CursorWrapper, "execute", broken)
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["status"] == "error"


def test_pages_carry_the_security_headers(cast):
    response = cast.client_for("sendco").get(reverse("pupils:list", kwargs={"urn": cast.school.urn}))
    csp = response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response["Cache-Control"] == "no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


def test_the_sign_in_page_is_not_cached_either(client, db):
    response = client.get(reverse("account_login"))
    assert response["Cache-Control"] == "no-store"


def _production_check(extra_env: dict[str, str]) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update({"DJANGO_SETTINGS_MODULE": "config.settings.production", **extra_env})
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = _production_check({"DJANGO_ALLOWED_HOSTS": "example.org", "DATABASE_URL": "postgres://x@localhost/x"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_settings_refuse_sqlite():
    result = _production_check({"DJANGO_SECRET_KEY": "x" * 60, "DJANGO_ALLOWED_HOSTS": "example.org"})
    assert result.returncode != 0
    assert "PostgreSQL" in result.stderr


def test_tests_run_with_mfa_required_as_in_production():
    assert settings.OPENSEND_REQUIRE_MFA is True
    assert settings.OPENSEND_DEMO_MODE is False


@pytest.mark.parametrize("path", ["opensend/static/build/opensend.css"])
def test_the_stylesheet_uses_our_fonts_not_gds_transport(path):
    css_path = ROOT / path
    if not css_path.exists():
        pytest.skip("assets not built")
    css = css_path.read_text()
    assert "GDS Transport" not in css
    assert "system-ui" in css


def test_sign_in_forms_may_post_to_configured_sso_providers_only(settings):
    from opensend.core.middleware import content_security_policy

    settings.SOCIALACCOUNT_PROVIDERS = {"microsoft": {}}
    policy = content_security_policy()
    assert "form-action 'self' https://login.microsoftonline.com;" in policy
    assert "accounts.google.com" not in policy


PRODUCTION = {"DJANGO_SECRET_KEY": "x" * 60, "DJANGO_ALLOWED_HOSTS": "example.org"}


def test_production_settings_refuse_a_remote_database_without_tls():
    result = _production_check(PRODUCTION | {"DATABASE_URL": "postgres://u:p@db.example.org/opensend"})
    assert result.returncode != 0
    assert "sslmode" in result.stderr


def test_production_settings_refuse_a_remote_redis_without_tls():
    env = {"DATABASE_URL": "postgres://u:p@localhost/opensend", "REDIS_URL": "redis://cache.example.org:6379/0"}
    result = _production_check(PRODUCTION | env)
    assert result.returncode != 0
    assert "rediss://" in result.stderr


def test_the_tls_mode_asked_for_in_the_database_url_is_kept():
    with mock.patch.dict(os.environ, {"DATABASE_URL": "postgres://u:p@db.example.org/opensend?sslmode=verify-full"}):
        database = database_from_env("sqlite:///unused.sqlite3")
    assert database["OPTIONS"]["sslmode"] == "verify-full"
    assert "random_page_cost" in database["OPTIONS"]["options"]
