"""The statutory deadline pages in Chromium, on a desktop and a 390 px phone: no server errors, no
axe-core violations, and no table wider than the page."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PAGE_OVERFLOWS = "() => document.scrollingElement.scrollWidth > window.innerWidth"


def test_the_deadline_calculator_in_the_browser(world, pages_for):
    sendco = pages_for("sendco")
    sendco.sign_in(world["sendco"].email)
    calculator = f"/schools/{world.school.urn}/deadlines/calculator/"
    sendco.visit("deadline calculator", calculator)
    sendco.check("deadline calculator with errors", sendco.submit("Calculate"))
    sendco.page.get_by_label("The final EHC plan within 20 weeks of the request").check()
    sendco.page.get_by_label("Date of the starting event").fill("2026-01-12")
    sendco.check("deadline calculator result", sendco.submit("Calculate"))
    assert "Due Monday 1 June 2026" in sendco.page.locator(".govuk-panel").inner_text()

    sendco.page.set_viewport_size({"width": 390, "height": 844})
    sendco.check("deadline calculator result on a phone")
    assert not sendco.page.evaluate(PAGE_OVERFLOWS), "the calculator is wider than a 390 px phone"
    sendco.assert_no_problems()
