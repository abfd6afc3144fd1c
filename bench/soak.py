"""`make soak`: the app as deployed (gunicorn, 4 workers, PostgreSQL, Redis) under 8 clients for a
minute or more over the benchmarked pages people move between all day (not the reports: see
bench/pages.py), as the SENDCo, a teacher and a teaching assistant.

It passes when no request fails, none takes longer than 250 ms, and the workers' memory grows by
less than 10% over at least 10,000 requests (targets in the shared performance notes, P6). Prints
the figures and writes bench/soak_results.json. Needs DATABASE_URL (PostgreSQL) and REDIS_URL;
the dataset is the one `make bench` seeds.
"""

from __future__ import annotations

import json
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")

CLIENTS = int(os.environ.get("SOAK_CLIENTS", "8"))
SECONDS = float(os.environ.get("SOAK_SECONDS", "60"))
AT_LEAST = int(os.environ.get("SOAK_REQUESTS", "10000"))
WORKERS = int(os.environ.get("SOAK_WORKERS", "4"))
PORT = int(os.environ.get("SOAK_PORT", "8765"))
SLOWEST_MS = 250
MEMORY_GROWTH = 0.10
WARM_UP_ROUNDS = 5


@dataclass
class Tally:
    timings: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, page: str, elapsed_ms: float, error: str | None) -> None:
        with self.lock:
            self.timings.setdefault(page, []).append(elapsed_ms)
            if error:
                self.errors.append(f"{page}: {error}")

    def count(self) -> int:
        with self.lock:
            return sum(len(samples) for samples in self.timings.values())


def prepare(*, reports: bool = False) -> tuple[list[tuple[str, str, str]], str]:
    """The seeded dataset, a signed-in session per person, and the pages as (name, path, cookie):
    the pages people move between all day, and with `reports` the reports too."""
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from bench.measure import ensure_dataset, signed_in
    from bench.pages import benchmarked_pages

    if not os.environ.get("DATABASE_URL", "").startswith("postgres") or not os.environ.get("REDIS_URL"):
        raise SystemExit("make soak needs DATABASE_URL (PostgreSQL) and REDIS_URL, as deployed")
    ensure_dataset()
    cookies: dict[str, str] = {}
    pages = []
    for name, spec in benchmarked_pages().items():
        if spec.before_each:
            continue  # a page that changes the school's data on each request is not a reader's page
        if spec.report and not reports:
            continue
        if spec.email not in cookies:
            client: Client = signed_in(spec.email)
            cookies[spec.email] = client.cookies[settings.SESSION_COOKIE_NAME].value
        query = urllib.parse.urlencode(spec.data or {})
        pages.append((name, spec.url + (f"?{query}" if query else ""), cookies[spec.email]))
    return pages, settings.SESSION_COOKIE_NAME


def start_server() -> subprocess.Popen:
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "config.wsgi",
            "--workers",
            str(WORKERS),
            "--bind",
            f"127.0.0.1:{PORT}",
            "--access-logfile",
            "-" if os.environ.get("SOAK_ACCESS_LOG") else "/dev/null",
        ],
        cwd=ROOT,
        env=dict(os.environ),
    )
    for _ in range(60):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=10)
            return server
        except urllib.error.HTTPError:
            return server  # answering, even if the backup is "degraded"
        except OSError:  # not listening yet, or still loading
            time.sleep(0.5)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def worker_memory_kb(server: subprocess.Popen) -> dict[int, int]:
    """Resident memory of each gunicorn worker (the master's children), from /proc."""
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    memory = {}
    for pid in map(int, children):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                memory[pid] = int(line.split()[1])
    return memory


def fetch(path: str, cookie_name: str, cookie: str) -> tuple[float, str | None]:
    request = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}", headers={"Cookie": f"{cookie_name}={cookie}"})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (our own local server)
            response.read()
            error = None if response.status == 200 else f"answered {response.status}"
    except urllib.error.HTTPError as failure:
        error = f"answered {failure.code}"
    except OSError as failure:
        error = str(failure)
    return (time.perf_counter() - started) * 1000, error


def client(number: int, pages: list, cookie_name: str, tally: Tally, stop: threading.Event) -> None:
    # Each client starts at a different page, so the mix is even across the run.
    turn = number
    while not stop.is_set():
        name, path, cookie = pages[turn % len(pages)]
        elapsed, error = fetch(path, cookie_name, cookie)
        tally.add(name, elapsed, error)
        turn += 1


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def run(pages: list, cookie_name: str, server: subprocess.Popen) -> dict:
    for _ in range(WARM_UP_ROUNDS * WORKERS):  # every worker has loaded its code and templates
        for _, path, cookie in pages:
            fetch(path, cookie_name, cookie)
    memory_before = worker_memory_kb(server)
    tally, stop = Tally(), threading.Event()
    threads = [
        threading.Thread(target=client, args=(n, pages, cookie_name, tally, stop), daemon=True) for n in range(CLIENTS)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    while time.perf_counter() - started < SECONDS or tally.count() < AT_LEAST:
        time.sleep(0.5)
    stop.set()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    memory_after = worker_memory_kb(server)
    return summary(tally, elapsed, memory_before, memory_after)


def summary(tally: Tally, elapsed: float, before: dict[int, int], after: dict[int, int]) -> dict:
    every = [ms for samples in tally.timings.values() for ms in samples]
    growth = max((after[pid] - before[pid]) / before[pid] for pid in before if pid in after)
    return {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "clients": CLIENTS,
        "workers": WORKERS,
        "seconds": round(elapsed, 1),
        "requests": len(every),
        "requests_per_second": round(len(every) / elapsed, 1),
        "errors": len(tally.errors),
        "first_errors": tally.errors[:10],
        "p50_ms": round(statistics.median(every), 1),
        "p95_ms": round(percentile(every, 0.95), 1),
        "p99_ms": round(percentile(every, 0.99), 1),
        "slowest_ms": round(max(every), 1),
        "over_250_ms": sum(ms > SLOWEST_MS for ms in every),
        "worker_memory_mb_before": round(sum(before.values()) / 1024, 1),
        "worker_memory_mb_after": round(sum(after.values()) / 1024, 1),
        "largest_worker_growth": round(growth, 3),
        "pages": {
            name: {
                "requests": len(samples),
                "p50_ms": round(statistics.median(samples), 1),
                "p99_ms": round(percentile(samples, 0.99), 1),
                "slowest_ms": round(max(samples), 1),
            }
            for name, samples in tally.timings.items()
        },
    }


def verdict(result: dict) -> list[str]:
    failures = []
    if result["errors"]:
        failures.append(f"{result['errors']} requests failed, first: {result['first_errors'][0]}")
    if result["over_250_ms"]:
        failures.append(f"{result['over_250_ms']} requests took longer than {SLOWEST_MS} ms")
    if result["largest_worker_growth"] >= MEMORY_GROWTH:
        failures.append(f"a worker's memory grew by {result['largest_worker_growth']:.0%}")
    return failures


def main() -> None:
    pages, cookie_name = prepare()
    os.environ["PYTHONWARNINGS"] = "ignore::UserWarning"  # "no directory at staticfiles": not served here
    server = start_server()
    try:
        result = run(pages, cookie_name, server)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    result["failures"] = verdict(result)
    (ROOT / "bench" / "soak_results.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    if result["failures"]:
        raise SystemExit("soak failed: " + "; ".join(result["failures"]))


if __name__ == "__main__":
    main()
