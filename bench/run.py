"""`make bench`: seed the trust-sized dataset and measure on SQLite, then on PostgreSQL when
DATABASE_URL is set. Writes bench/results.json and prints a table for docs/benchmarks.md."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_on(database_url: str | None) -> dict:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings.bench")
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    (ROOT / "var").mkdir(exist_ok=True)
    output = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "measure.py")], env=env, check=True, capture_output=True, text=True
    )
    sys.stderr.write(output.stderr)
    return json.loads(output.stdout.strip().splitlines()[-1])


def table(results: list[dict]) -> str:
    lines = ["| database | page | p50 ms | p95 ms | queries | bytes |", "|---|---|---|---|---|---|"]
    for result in results:
        for page, figures in result["pages"].items():
            lines.append(
                f"| {result['database']} | {page} | {figures['p50_ms']} | {figures['p95_ms']} "
                f"| {figures['queries']} | {figures['bytes']} |"
            )
    return "\n".join(lines)


def main() -> None:
    results = [run_on(None)]
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        results.append(run_on(os.environ["DATABASE_URL"]))
    report = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cores": os.cpu_count(), "python": platform.python_version()},
        "results": results,
    }
    (ROOT / "bench" / "results.json").write_text(json.dumps(report, indent=2) + "\n")
    print(table(results))


if __name__ == "__main__":
    main()
