"""Measure the pupil pages at trust scale as a signed-in SENDCo, through the full middleware stack.

Run by bench/run.py once per database. Prints one JSON object: per page, p50/p95 server time in
milliseconds and the number of SQL queries.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")
warnings.filterwarnings("ignore", message="No directory at")

import django  # noqa: E402

django.setup()

from allauth.mfa.models import Authenticator  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from opensend.accounts.models import User  # noqa: E402
from opensend.core.school_cache import school_changed  # noqa: E402
from opensend.pupils.models import Enrolment, Pupil  # noqa: E402

SCHOOLS = int(os.environ.get("BENCH_SCHOOLS", "50"))
PUPILS = int(os.environ.get("BENCH_PUPILS", "25000"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "200"))
WARM_UP = 20


def ensure_dataset() -> None:
    call_command("migrate", verbosity=0, interactive=False)
    if Pupil.objects.count() < PUPILS:
        started = time.perf_counter()
        call_command("seed_scale", schools=SCHOOLS, pupils=PUPILS, force=True, verbosity=0)
        print(f"seeded {PUPILS} pupils in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    # Fresh statistics, as a live database's autovacuum (or SQLite's optimize) would keep them.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


@dataclass
class Page:
    client: Client
    url: str
    data: dict | None = None
    before_each: Callable[[], None] | None = None
    timings: list[float] = field(default_factory=list)

    def request(self) -> float:
        if self.before_each:
            self.before_each()
        started = time.perf_counter()
        response = self.client.get(self.url, self.data)
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            raise SystemExit(f"{self.url} did not answer 200")
        return elapsed

    def figures(self) -> dict:
        if self.before_each:
            self.before_each()
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(self.url, self.data)
        return {
            "p50_ms": round(statistics.median(self.timings), 2),
            "p95_ms": round(percentile(self.timings, 0.95), 2),
            "queries": len(queries),
            "bytes": len(response.content),
            "requests": len(self.timings),
        }


def measure(pages: dict[str, Page]) -> dict[str, dict]:
    """Every page in turn, round after round, so that a slow spell on a shared machine falls on all
    pages alike rather than on whichever was being measured."""
    for page in pages.values():
        for _ in range(WARM_UP):
            page.request()
    for _ in range(REQUESTS):
        for page in pages.values():
            page.timings.append(page.request())
    return {name: page.figures() for name, page in pages.items()}


def signed_in(email: str) -> Client:
    user = User.objects.get(email=email)
    # As in production, every account has a second factor (the MFA check runs on every request).
    Authenticator.objects.get_or_create(user=user, type=Authenticator.Type.TOTP, defaults={"data": {"secret": "x"}})
    client = Client()
    client.force_login(user)
    return client


def main() -> None:
    ensure_dataset()
    sendco = User.objects.get(email="sendco@bench.opensend.test")
    school = sendco.memberships.get(role="sendco").school
    client = signed_in(sendco.email)
    list_url = reverse("pupils:list", kwargs={"urn": school.urn})
    register_url = reverse("register:list", kwargs={"urn": school.urn})
    on_roll = Pupil.objects.filter(enrolments__in=Enrolment.objects.current().filter(school=school)).order_by(
        "sort_key"
    )
    total = on_roll.count()
    deep_cursor = str(on_roll.values_list("public_id", flat=True)[max(total - 60, 0)])
    year_group = Enrolment.objects.filter(school=school).values_list("year_group_id", flat=True).first()
    record = on_roll.first()
    pages = {
        "pupil list, first page": Page(client, list_url),
        "pupil list, last page": Page(client, list_url, {"after": deep_cursor}),
        "pupil list, filtered": Page(client, list_url, {"year_group": year_group, "pupil_premium": "on"}),
        "pupil record": Page(client, reverse("pupils:record", kwargs={"pupil_id": record.public_id})),
        "register, first page": Page(client, register_url),
        "register, last page": Page(client, register_url, {"after": deep_cursor}),
        "register, filtered": Page(client, register_url, {"provision": "SEN", "area": "semh"}),
        "SENDCo dashboard": Page(client, reverse("dashboards:dashboard", kwargs={"urn": school.urn})),
        "statutory deadlines": Page(client, reverse("deadlines:caseload", kwargs={"urn": school.urn})),
        "my class (teacher)": Page(
            signed_in("teacher@bench.opensend.test"), reverse("dashboards:my-class", kwargs={"urn": school.urn})
        ),
    }
    figures = measure(pages)
    # The register's counts (and the school's year and filter choices) are cached until the school's
    # records change; this is the page just after a change, measured on its own so that it does not
    # empty the cache for the pages above.
    after_a_change = Page(client, register_url, before_each=lambda: school_changed(school.pk))
    figures |= measure({"register, just after a change": after_a_change})
    results = {
        "database": connection.vendor,
        "pupils_in_trust": Pupil.objects.count(),
        "pupils_at_school": total,
        "pages": figures,
    }
    print(json.dumps(results))


if __name__ == "__main__":
    main()
