"""The pages that show people's free text, with a script and markup payload in every field
(tests/security/payloads.py): nothing runs, no Content-Security-Policy violation fires, and axe
still passes."""

from __future__ import annotations

import pytest

from tests.security.payloads import fill_every_record

pytestmark = pytest.mark.browser

SECTION_LINKS = ".moj-sub-navigation__link"
RECORD_LINKS = "main a[href*='/plans/'], main a[href*='/concerns/'], main a[href*='/passport']"


def _hrefs(pages, selector: str) -> list[str]:
    return pages.page.eval_on_selector_all(selector, "links => links.map(a => a.href)")


def test_pages_showing_payloads_run_no_script_and_break_no_policy(world, pages_for):
    fill_every_record(world)
    pages = pages_for("payloads")
    pages.sign_in(world["sendco"].email)
    for pupil in (world.taught_pupil, world.looked_after_pupil, world.untaught_pupil):
        pages.visit(f"record of {pupil.pk}", f"/pupils/{pupil.public_id}/")
        for section in _hrefs(pages, SECTION_LINKS)[1:]:
            pages.visit(f"{pupil.pk} {section.rstrip('/').rsplit('/', 1)[-1]}", section)
            for link in list(dict.fromkeys(_hrefs(pages, RECORD_LINKS)))[:3]:
                pages.visit(f"{pupil.pk} {link.rstrip('/').rsplit('/', 1)[-1]}", link)
    for visit in pages.visits:
        assert visit.status == 200, f"{visit.name}: {visit.status} at {visit.url}"
    pages.assert_no_problems()


def test_a_payload_that_reached_a_page_as_markup_would_be_caught(world, pages_for):
    pages = pages_for("payload-detector")
    pages.sign_in(world["sendco"].email)
    pages.page.evaluate("document.body.insertAdjacentHTML('beforeend', '<img src=x onerror=alert(1)>')")
    pages.page.wait_for_timeout(200)
    visit = pages.check("markup inserted")
    assert any("CSP violation" in problem for problem in visit.problems), visit.problems
