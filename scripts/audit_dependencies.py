"""The dependency audit: pip-audit over the pinned requirements, judged here so that it can never
pass without having checked.

pip-audit on its own reports "No known vulnerabilities found" when no advisory source answered
(every package is then skipped), and with --strict it cannot tell that apart from a real finding.
This reads its JSON report instead:

- a known vulnerability in any pin fails;
- a package that could not be audited fails, naming it, unless DEPENDENCY_AUDIT_UNREACHABLE=warn,
  which is for a machine that reaches no advisory source at all: the run then says, in a banner,
  that the audit did not happen;
- otherwise it passes, saying how many packages were checked.

    .venv/bin/python scripts/audit_dependencies.py requirements/base.txt requirements/dev.txt
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

PASS, FAIL = 0, 1


@dataclass(frozen=True)
class Verdict:
    code: int
    message: str


def verdict(report: dict, *, unreachable_allowed: bool) -> Verdict:
    dependencies = report.get("dependencies", [])
    vulnerable = [dep for dep in dependencies if dep.get("vulns")]
    if vulnerable:
        lines = [
            f"{dep['name']} {dep['version']}: {', '.join(vuln['id'] for vuln in dep['vulns'])}"
            + (f" (fixed in {', '.join(dep['vulns'][0].get('fix_versions') or ['no release yet'])})")
            for dep in vulnerable
        ]
        return Verdict(FAIL, "Known vulnerabilities in pinned packages:\n  " + "\n  ".join(lines))
    skipped = [dep for dep in dependencies if dep.get("skip_reason")]
    if skipped and len(skipped) == len(dependencies) and unreachable_allowed:
        return Verdict(
            PASS,
            "=" * 72 + f"\nDEPENDENCY AUDIT NOT RUN: none of the {len(dependencies)} pinned packages could be "
            f"checked, because no advisory source answered from this machine ({skipped[0]['skip_reason']}).\n"
            "Run `make security` where the PyPI or OSV advisory service is reachable.\n" + "=" * 72,
        )
    if skipped:
        names = ", ".join(f"{dep['name']}" for dep in skipped[:10]) + (" ..." if len(skipped) > 10 else "")
        return Verdict(
            FAIL,
            f"{len(skipped)} of {len(dependencies)} pinned packages could not be audited ({names}): "
            f"{skipped[0]['skip_reason']}",
        )
    if not dependencies:
        return Verdict(FAIL, "The audit read no packages from the requirements.")
    return Verdict(PASS, f"{len(dependencies)} pinned packages audited: no known vulnerabilities.")


def run_pip_audit(requirements: list[str]) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "audit.json"
        command = [sys.executable, "-m", "pip_audit", "--require-hashes", "--disable-pip", "--progress-spinner", "off"]
        for path in requirements:
            command += ["--requirement", path]
        # pip-audit exits 1 on a finding; the report says which, and the verdict is ours.
        # Its own summary says "No known vulnerabilities found" even when nothing was checked: kept quiet.
        ran = subprocess.run(  # noqa: S603
            [*command, "--format", "json", "--output", str(report)], check=False, capture_output=True, text=True
        )
        if not report.exists():
            raise SystemExit(f"pip-audit wrote no report: the audit did not run.\n{ran.stderr}")
        return json.loads(report.read_text())


def main() -> int:
    requirements = sys.argv[1:] or ["requirements/base.txt", "requirements/dev.txt"]
    result = verdict(
        run_pip_audit(requirements),
        unreachable_allowed=os.environ.get("DEPENDENCY_AUDIT_UNREACHABLE") == "warn",
    )
    print(result.message)
    return result.code


if __name__ == "__main__":
    sys.exit(main())
