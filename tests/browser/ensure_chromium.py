"""Check that the system Chromium the browser tests drive is installed, and install it if not.

Run as `python -m tests.browser.ensure_chromium`. The tests never download a browser of their own
(no `playwright install`): they use Debian's package at /usr/bin/chromium.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")


def main() -> int:
    if CHROMIUM.exists():
        print(f"Chromium is installed at {CHROMIUM}.")
        return 0
    if os.geteuid() != 0:
        print(
            f"Chromium is not installed at {CHROMIUM}. As root, run: apt-get update && apt-get install -y chromium",
            file=sys.stderr,
        )
        return 1
    apt_get = shutil.which("apt-get")
    if apt_get is None:
        print(f"Chromium is not installed at {CHROMIUM}, and there is no apt-get to install it.", file=sys.stderr)
        return 1
    environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run([apt_get, "update"], check=True, env=environment)  # noqa: S603 - fixed arguments
    subprocess.run([apt_get, "install", "-y", "chromium"], check=True, env=environment)  # noqa: S603 - fixed arguments
    if not CHROMIUM.exists():
        print(f"apt-get installed chromium, but not at {CHROMIUM}.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
