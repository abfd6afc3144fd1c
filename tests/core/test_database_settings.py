"""How DATABASE_URL becomes Django's database settings."""

from __future__ import annotations

import pytest
from django.db import connection

from config.settings.base import database_from_env

POSTGRES = "postgres://opensend@db.example:5432/opensend"


def test_postgresql_prepares_repeated_queries_by_default(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", POSTGRES)
    monkeypatch.delenv("DATABASE_PREPARED_STATEMENTS", raising=False)
    options = database_from_env("sqlite:///unused")["OPTIONS"]
    assert options["server_side_binding"] is True
    assert options["prepare_threshold"] == 5
    assert "random_page_cost=1.1" in options["options"]


def test_prepared_statements_can_be_turned_off_for_a_transaction_pooler(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", POSTGRES)
    monkeypatch.setenv("DATABASE_PREPARED_STATEMENTS", "false")
    options = database_from_env("sqlite:///unused")["OPTIONS"]
    assert "server_side_binding" not in options
    assert "prepare_threshold" not in options
    assert "random_page_cost=1.1" in options["options"]


def test_sqlite_keeps_its_own_options(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    database = database_from_env("sqlite:///var/example.sqlite3")
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert "server_side_binding" not in database["OPTIONS"]
    assert "journal_mode=WAL" in database["OPTIONS"]["init_command"]


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")
def test_a_query_run_again_on_the_connection_is_prepared_once(db):
    from opensend.pupils.models import Pupil

    for _ in range(6):
        list(Pupil.objects.filter(legal_surname="Nobody"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any('FROM "pupils_pupil"' in statement and "$1" in statement for statement in prepared)
