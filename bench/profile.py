"""Profile one benchmarked page through the full middleware stack with pyinstrument.

    .venv/bin/python bench/profile.py "register, first page" [--requests 200]

Seeds the benchmark trust if needed (as `make bench` does), warms the page up, then prints where
the time of N requests went, so that the shared path (middleware, sessions, access, rendering) can
be seen beside the page's own work."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from measure import WARM_UP, Page, ensure_dataset, signed_in
from pyinstrument import Profiler

from bench.pages import benchmarked_pages


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("page", help="a page name from bench/pages.py")
    parser.add_argument("--requests", type=int, default=200)
    arguments = parser.parse_args()
    ensure_dataset()
    spec = benchmarked_pages()[arguments.page]
    page = Page(signed_in(spec.email), spec.url, spec.data, spec.before_each)
    for _ in range(WARM_UP):
        page.request()
    profiler = Profiler(interval=0.0002)
    with profiler:
        for _ in range(arguments.requests):
            page.request()
    print(profiler.output_text(unicode=False, color=False, show_all=False))


if __name__ == "__main__":
    main()
