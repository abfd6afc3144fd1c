"""Every benchmarked page makes no more queries than bench/query_baseline.json allows.

Query counts do not depend on the data's size (the list pages are tested for that), so a small
Benchmark Trust gives the same counts as the trust-sized one `make bench` times. Counted warm, as
the benchmark measures: sessions and the school cache in the cache, each page requested once before it is counted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.pages import PageSpec, benchmarked_pages, page_just_after_a_change
from opensend.accounts.models import User
from opensend.demo.scale import seed_scale

BASELINE = Path(__file__).resolve().parents[2] / "bench" / "query_baseline.json"
HOW_TO_UPDATE = (
    "If the growth is deliberate, update bench/query_baseline.json and say in docs/benchmarks.md what the queries buy."
)


@pytest.fixture
def bench_trust(db, settings):
    # As deployed, with REDIS_URL: sessions and school figures come from the cache.
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.OPENSEND_SCHOOL_CACHE = True
    settings.OPENSEND_REQUIRE_MFA = True
    seed_scale(schools=2, pupils=150)


def _queries(spec: PageSpec, clients: dict[str, Client]) -> int:
    if spec.email not in clients:
        user = User.objects.get(email=spec.email)
        Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
        clients[spec.email] = Client()
        clients[spec.email].force_login(user)
    client = clients[spec.email]
    for _ in range(2):
        if spec.before_each:
            spec.before_each()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(spec.url, spec.data)
        assert response.status_code == 200, spec.url
    return len(queries)


def test_no_benchmarked_page_makes_more_queries_than_its_baseline(bench_trust):
    baseline = json.loads(BASELINE.read_text())
    clients: dict[str, Client] = {}
    pages = benchmarked_pages() | {"register, just after a change": page_just_after_a_change()}
    counted = {name: _queries(spec, clients) for name, spec in pages.items()}

    missing = sorted(set(counted) - set(baseline))
    assert not missing, f"Benchmarked pages with no baseline: {missing}. {HOW_TO_UPDATE}"
    grown = {name: (baseline[name], count) for name, count in counted.items() if count > baseline[name]}
    assert not grown, f"Queries grew (baseline, now): {grown}. {HOW_TO_UPDATE}"
