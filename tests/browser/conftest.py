"""Chromium, driven by Playwright, against pytest-django's live server, with axe-core in every page.

The live server is StaticLiveServerTestCase (django.contrib.staticfiles is installed), so it serves
the compiled stylesheet from opensend/static/build, which is built here if it is missing.
"""

from __future__ import annotations

import datetime
import importlib
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from django.core.cache import cache
from django.db import connection
from playwright.sync_api import Browser, Page, sync_playwright

from tests.conftest import Cast

# The latest form of the delete trigger (it lets a confirmed retention destruction through).
APPEND_ONLY = importlib.import_module("opensend.audit.migrations.0003_erasure_permit")
ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
STYLESHEET = ROOT / "opensend" / "static" / "build" / "opensend.css"
SCREENSHOTS = ROOT / "screenshots"
PASSWORD = "correct-horse-battery"  # tests/factories.py gives every user this password
# axe's defaults leave WCAG 2.2 (target-size among it) off: every A and AA rule up to 2.2 is asked
# for by tag, with axe's best practices beside them.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
# Every Content-Security-Policy violation the page reports, beside the console's messages.
RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
});
"""
# The machine has no internet: without these Chromium waits on update, sync and QUIC probes.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def stylesheet() -> Path:
    if not STYLESHEET.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail(f"{STYLESHEET} is missing and npm is not installed to build it.")
        subprocess.run([npm, "run", "build"], cwd=ROOT, check=True)  # noqa: S603 - fixed arguments
    return STYLESHEET


@pytest.fixture(scope="session")
def browser(stylesheet: Path) -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `python -m tests.browser.ensure_chromium`.")
    # Playwright's sync API keeps an event loop in this thread, and Django refuses database calls
    # from a thread with a running loop; the test's own setup queries are ordinary synchronous code.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@dataclass
class Visit:
    """One page checked: what went wrong on it, if anything."""

    name: str
    url: str
    status: int | None
    problems: list[str] = field(default_factory=list)


class Pages:
    """A browser tab that checks each page it lands on: HTTP status, axe-core, the
    Content-Security-Policy, and a full-page screenshot in screenshots/<prefix>-<name>.png."""

    def __init__(self, page: Page, base_url: str, prefix: str) -> None:
        self.page = page
        self.base_url = base_url
        self.prefix = prefix
        self.visits: list[Visit] = []
        self.errors: list[str] = []
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.errors.append(f"script error: {error}"))
        page.on("response", self._on_response)

    def _on_console(self, message) -> None:
        if "Content Security Policy" in message.text:
            self.errors.append(f"CSP: {message.text}")

    def _on_response(self, response) -> None:
        if response.request.resource_type != "document" and response.status >= 400:
            self.errors.append(f"HTTP {response.status} for {response.url}")

    def goto(self, path_or_url: str) -> int | None:
        url = path_or_url if path_or_url.startswith("http") else self.base_url + path_or_url
        response = self.page.goto(url)
        return response.status if response else None

    def check(self, name: str, status: int | None = None) -> Visit:
        """Check the page now showing. `status` is the status of the response that led here."""
        self.page.wait_for_load_state("load")
        visit = Visit(name=name, url=self.page.url, status=status)
        if status is not None and status >= 500:
            visit.problems.append(f"HTTP {status}")
        visit.problems += self.errors
        self.errors.clear()
        visit.problems += [f"CSP violation: {v}" for v in self.page.evaluate("window.__cspViolations || []")]
        result = self.page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
        for violation in result["violations"]:
            targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"])
            visit.problems.append(f"axe {violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
        SCREENSHOTS.mkdir(exist_ok=True)
        self.page.screenshot(path=SCREENSHOTS / f"{self.prefix}-{slug(name)}.png", full_page=True)
        self.visits.append(visit)
        return visit

    def visit(self, name: str, path_or_url: str) -> Visit:
        return self.check(name, self.goto(path_or_url))

    def submit(self, button: str) -> int | None:
        """Press a form's button and wait for the page it leads to; its HTTP status."""
        with self.page.expect_navigation() as navigation:
            self.page.get_by_role("button", name=button, exact=True).click()
        return navigation.value.status if navigation.value else None

    def sign_in(self, email: str, password: str = PASSWORD) -> int | None:
        """Through the real sign-in form, as a person would."""
        self.goto("/accounts/login/")
        self.page.get_by_label("Email address").fill(email)
        self.page.get_by_label("Password", exact=True).fill(password)
        return self.submit("Sign in")

    def assert_no_problems(self) -> None:
        report = [
            f"{visit.name} ({visit.url}):\n  " + "\n  ".join(visit.problems) for visit in self.visits if visit.problems
        ]
        assert not report, "\n".join(report)


def fill_date(page: Page, label: str, day: str) -> None:
    """Type an ISO date into the GOV.UK date input (day, month and year boxes) named `label`."""
    year, month, day_of_month = day.split("-")
    group = page.get_by_role("group", name=label)
    for part, value in (("Day", day_of_month), ("Month", month), ("Year", year)):
        group.get_by_label(part).fill(str(int(value)))


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@pytest.fixture
def audit_log_emptied_after(transactional_db) -> Iterator[None]:
    """Opening a pupil record writes an audit event, and a database trigger refuses to delete audit
    events, so the flush that ends a transactional test would fail. On SQLite (the test database)
    lift the trigger just long enough to empty the table, then put the migration's trigger back."""
    yield
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER IF EXISTS audit_auditevent_no_delete")
        cursor.execute("DELETE FROM audit_auditevent")
        for statement in APPEND_ONLY.SQLITE_FORWARD:
            if "CREATE TRIGGER" in statement:
                cursor.execute(statement)


@pytest.fixture
def pages_for(browser: Browser, live_server, audit_log_emptied_after) -> Iterator:
    """pages_for("sendco") opens a fresh browser context (no cookies) for one person or scenario;
    pages_for("no-js", javascript=False) one with the page's own scripts switched off;
    pages_for("phone", width=390) one with a window that wide.

    axe-core goes in through add_init_script, which Chromium runs outside the page's
    Content-Security-Policy, so the pages are tested with their real policy (no bypass_csp).
    """
    contexts = []

    def open_pages(prefix: str, *, javascript: bool = True, width: int = 1280) -> Pages:
        context = browser.new_context(
            viewport={"width": width, "height": 900}, locale="en-GB", java_script_enabled=javascript
        )
        context.set_default_timeout(20_000)
        context.add_init_script(path=str(AXE))
        context.add_init_script(RECORD_CSP_VIOLATIONS)
        contexts.append(context)
        return Pages(context.new_page(), live_server.url, prefix)

    yield open_pages
    for context in contexts:
        context.close()


@pytest.fixture
def world(cast: Cast, settings) -> Cast:
    """The unit tests' cast, signing in with a password alone: MFA is switched off and their dummy
    authenticators removed, except where a test sets up a real one."""
    settings.OPENSEND_REQUIRE_MFA = False
    Authenticator.objects.all().delete()
    cache.clear()  # sign-in rate limits and used TOTP codes live in the cache
    return cast


@pytest.fixture
def send_world(world: Cast) -> Cast:
    """The world with a SEND record for each pupil at the school, so every record section shows something."""
    for pupil in (world.taught_pupil, world.looked_after_pupil, world.untaught_pupil):
        give_a_send_record(world, pupil)
    return world


def give_a_send_record(cast: Cast, pupil) -> None:
    """Enough of a SEND record that every section of the pupil's record has something to show."""
    from opensend.assessments.models import AssessmentResult
    from opensend.identification.models import Concern
    from opensend.passports.models import PassportVersion
    from opensend.plans.models import Cycle, ParentMeeting
    from opensend.register import services as register

    day = datetime.date(2026, 9, 10)
    sendco = cast["sendco"]
    register.sen_status_set(
        actor=sendco,
        pupil=pupil,
        school=cast.school,
        provision="K",
        start_date=day,
        reason="Assessed",
        parents_notified_on=day,
        parents_notified_by="meeting",
    )
    register.sen_needs_set(actor=sendco, pupil=pupil, school=cast.school, needs=["SLCN", "SEMH"], on=day)
    Concern.objects.create(pupil=pupil, school=cast.school, raised_by=cast["teacher"], raised_on=day, what_seen="Quiet")
    AssessmentResult.objects.create(
        pupil=pupil, school=cast.school, test_name="BPVS", taken_on=day, standardised_score=82, recorded_by=sendco
    )
    Cycle.objects.create(
        pupil=pupil,
        school=cast.school,
        number=1,
        lead_teacher=cast["teacher"],
        status="do",
        opened_on=day,
        review_date=datetime.date(2026, 12, 1),
        strategies="Visual timetable",
    )
    ParentMeeting.objects.create(
        pupil=pupil, school=cast.school, held_on=day, kind="sen-support-review", recorded_by=sendco
    )
    PassportVersion.objects.create(
        pupil=pupil, school=cast.school, number=1, helps_me="Short instructions", created_by=sendco
    )
