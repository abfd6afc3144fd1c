"""`make throughput`: how many requests a second the app as deployed serves, page by page.

gunicorn with 4 workers on PostgreSQL and Redis (as `make soak` starts it), and `wrk` on the same
machine requesting one benchmarked page at a time as its page's person, with 1 client and then 8,
with the CPU each part (the app servers, PostgreSQL, Redis) spent per request, from /proc.
Prints a table for docs/benchmarks.md and writes bench/throughput_results.json.

    THROUGHPUT_PAGES="register, first page;SENDCo dashboard" make throughput

Needs DATABASE_URL (PostgreSQL), REDIS_URL and `wrk` (Debian: `apt-get install wrk`); the dataset
is the one `make bench` seeds. THROUGHPUT_SECONDS (10) sets each run's length, THROUGHPUT_CLIENTS
(1,8) the numbers of clients.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.soak import PORT, ROOT, WORKERS, prepare, start_server

SECONDS = int(os.environ.get("THROUGHPUT_SECONDS", "10"))
CLIENTS = tuple(int(n) for n in os.environ.get("THROUGHPUT_CLIENTS", "1,8").split(","))
_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return round(float(number) * _UNITS_MS[unit], 2)


def parse_wrk(output: str) -> dict:
    """wrk's latency distribution, its rate and any failed requests, from its text report."""
    distribution = re.findall(r"^\s*(50|75|90|99)%\s+(\S+)\s*$", output, re.M)
    figures = {f"p{percent}_ms": _ms(value) for percent, value in distribution}
    figures["requests_per_second"] = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    failed = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    figures["failed"] = int(failed.group(1)) if failed else 0
    figures["socket_errors"] = sum(map(int, errors.groups())) if errors else 0
    return figures


def _cpu_seconds(pid: int) -> float:
    """User and system CPU time a process and its ended children have used, from /proc (a
    PostgreSQL backend that closes is counted in its parent's)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:  # it ended meanwhile
        return 0.0
    return sum(map(int, fields[11:15])) / os.sysconf("SC_CLK_TCK")


def _processes_named(name: str) -> list[int]:
    found = []
    for comm in Path("/proc").glob("[0-9]*/comm"):
        try:
            if comm.read_text().strip() == name:
                found.append(int(comm.parent.name))
        except OSError:
            continue
    return found


def cpu_by_part(server: subprocess.Popen) -> dict[str, float]:
    """CPU seconds used so far by the app servers (gunicorn's workers), PostgreSQL and Redis."""
    workers = map(int, Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split())
    return {
        "app": sum(map(_cpu_seconds, workers)),
        "postgresql": sum(map(_cpu_seconds, _processes_named("postgres"))),
        "redis": sum(map(_cpu_seconds, _processes_named("redis-server"))),
    }


def measured(server: subprocess.Popen, path: str, cookie_header: str, clients: int) -> dict:
    """wrk's figures, with the CPU milliseconds each part spent per request."""
    time.sleep(2)  # the requests wrk left in flight when it stopped are answered before counting
    before = cpu_by_part(server)
    figures = wrk(path, cookie_header, clients)
    after = cpu_by_part(server)
    requests = figures["requests_per_second"] * SECONDS
    for part in before:
        figures[f"{part}_cpu_ms_per_request"] = round((after[part] - before[part]) * 1000 / requests, 2)
    return figures


def wrk(path: str, cookie_header: str, clients: int) -> dict:
    output = subprocess.run(
        [
            "wrk",
            f"--threads={min(clients, 2)}",
            f"--connections={clients}",
            f"--duration={SECONDS}s",
            "--latency",
            f"--header=Cookie: {cookie_header}",
            f"http://127.0.0.1:{PORT}{path}",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    figures = parse_wrk(output)
    if "p99_ms" not in figures:
        raise SystemExit(f"could not read wrk's latency distribution:\n{output}")
    return figures


def table(results: dict) -> str:
    lines = [
        "| page | clients | p50 ms | p90 ms | p99 ms | requests/s | CPU ms a request: app, PostgreSQL, Redis |",
        "|---|---|---|---|---|---|---|",
    ]
    for page, runs in results.items():
        for clients, figures in runs.items():
            lines.append(
                f"| {page} | {clients} | {figures['p50_ms']} | {figures['p90_ms']} | {figures['p99_ms']} "
                f"| {figures['requests_per_second']} | {figures['app_cpu_ms_per_request']}, "
                f"{figures['postgresql_cpu_ms_per_request']}, {figures['redis_cpu_ms_per_request']} |"
            )
    return "\n".join(lines)


def main() -> None:
    if not shutil.which("wrk"):
        raise SystemExit("make throughput needs wrk (Debian: apt-get install wrk)")
    pages, cookie_name = prepare(reports=True)
    wanted = [name for name in os.environ.get("THROUGHPUT_PAGES", "").split(";") if name]
    pages = [page for page in pages if not wanted or page[0] in wanted]
    os.environ["PYTHONWARNINGS"] = "ignore::UserWarning"  # "no directory at staticfiles": not served here
    server = start_server()
    results: dict[str, dict] = {}
    try:
        for name, path, cookie in pages:
            wrk(path, f"{cookie_name}={cookie}", WORKERS)  # every worker warm before the figures
            results[name] = {clients: measured(server, path, f"{cookie_name}={cookie}", clients) for clients in CLIENTS}
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    report = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "workers": WORKERS,
        "seconds": SECONDS,
        "load_average": os.getloadavg(),
        "pages": results,
    }
    (ROOT / "bench" / "throughput_results.json").write_text(json.dumps(report, indent=2) + "\n")
    print(table(results))
    if any(figures["failed"] or figures["socket_errors"] for runs in results.values() for figures in runs.values()):
        raise SystemExit("some requests failed: see bench/throughput_results.json")


if __name__ == "__main__":
    main()
