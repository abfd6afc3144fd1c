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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")
warnings.filterwarnings("ignore", message="No directory at")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from opensend.accounts.models import User  # noqa: E402
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


def measure(client: Client, url: str, data: dict | None = None) -> dict:
    for _ in range(WARM_UP):
        if client.get(url, data).status_code != 200:
            raise SystemExit(f"{url} did not answer 200")
    timings = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        response = client.get(url, data)
        timings.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} did not answer 200")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, data)
    return {
        "p50_ms": round(statistics.median(timings), 2),
        "p95_ms": round(percentile(timings, 0.95), 2),
        "queries": len(queries),
        "bytes": len(response.content),
        "requests": REQUESTS,
    }


def teacher_client() -> Client:
    client = Client()
    client.force_login(User.objects.get(email="teacher@bench.opensend.test"))
    return client


def main() -> None:
    ensure_dataset()
    sendco = User.objects.get(email="sendco@bench.opensend.test")
    school = sendco.memberships.get(role="sendco").school
    client = Client()
    client.force_login(sendco)
    list_url = reverse("pupils:list", kwargs={"urn": school.urn})
    on_roll = Pupil.objects.filter(enrolments__in=Enrolment.objects.current().filter(school=school)).order_by(
        "sort_key"
    )
    total = on_roll.count()
    deep_cursor = on_roll.values_list("public_id", flat=True)[max(total - 60, 0)]
    year_group = Enrolment.objects.filter(school=school).values_list("year_group_id", flat=True).first()
    record = on_roll.first()
    results = {
        "database": connection.vendor,
        "pupils_in_trust": Pupil.objects.count(),
        "pupils_at_school": total,
        "pages": {
            "pupil list, first page": measure(client, list_url),
            "pupil list, last page": measure(client, list_url, {"after": str(deep_cursor)}),
            "pupil list, filtered": measure(client, list_url, {"year_group": year_group, "pupil_premium": "on"}),
            "pupil record": measure(client, reverse("pupils:record", kwargs={"pupil_id": record.public_id})),
            "register, first page": measure(client, reverse("register:list", kwargs={"urn": school.urn})),
            "register, last page": measure(
                client, reverse("register:list", kwargs={"urn": school.urn}), {"after": str(deep_cursor)}
            ),
            "register, filtered": measure(
                client, reverse("register:list", kwargs={"urn": school.urn}), {"provision": "SEN", "area": "semh"}
            ),
            "SENDCo dashboard": measure(client, reverse("dashboards:dashboard", kwargs={"urn": school.urn})),
            "my class (teacher)": measure(teacher_client(), reverse("dashboards:my-class", kwargs={"urn": school.urn})),
        },
    }
    print(json.dumps(results))


if __name__ == "__main__":
    main()
