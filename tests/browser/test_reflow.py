"""No page is wider than the window: on a 390 px phone, and at 200% zoom of a 1280 px desktop (a
640 px wide window, WCAG 1.4.10 reflow). A table too wide to fit scrolls inside its own focusable,
labelled region, never the page."""

from __future__ import annotations

import pytest

from opensend.identification.models import Concern
from tests.browser.conftest import Pages
from tests.identification.helpers import a_request

pytestmark = pytest.mark.browser

WIDTHS = {"phone": 390, "zoom-200": 640}

# What sticks out past the right edge of the window, outside a region that scrolls on its own.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const sticking_out = [];
  for (const element of document.body.querySelectorAll("*")) {
    if (element.parentElement.closest(".app-table-scroll")) continue;
    const right = element.getBoundingClientRect().right;
    if (right > width + 1) {
      sticking_out.push(`${element.tagName.toLowerCase()}.${element.className} ends at ${Math.round(right)}px`);
    }
  }
  return {page: document.documentElement.scrollWidth, width, sticking_out: sticking_out.slice(0, 6)};
}"""

SCROLL_REGIONS = """() => [...document.querySelectorAll(".app-table-scroll")].map(region => ({
  focusable: region.tabIndex === 0,
  labelled: region.getAttribute("role") === "region" && !!(region.getAttribute("aria-label")
    || region.getAttribute("aria-labelledby")),
  holds_a_table: !!region.querySelector("table"),
}))"""


def check_width(pages: Pages, name: str, path_or_url: str) -> None:
    visit = pages.visit(name, path_or_url)
    measured = pages.page.evaluate(OVERFLOW)
    if measured["page"] > measured["width"]:
        visit.problems.append(
            f"the page is {measured['page']}px wide in a {measured['width']}px window: "
            + "; ".join(measured["sticking_out"])
        )
    for region in pages.page.evaluate(SCROLL_REGIONS):
        if not all(region.values()):
            visit.problems.append(f"a table's scrolling region is not focusable, labelled and holding it: {region}")


def navigation(pages: Pages) -> list[tuple[str, str]]:
    return pages.page.eval_on_selector_all(
        ".govuk-service-navigation__link", "links => links.map(a => [a.textContent.trim(), a.href])"
    )


def record_sections(pages: Pages, pupil) -> list[tuple[str, str]]:
    pages.goto(f"/pupils/{pupil.public_id}/")
    sections = pages.page.eval_on_selector_all(
        ".moj-sub-navigation__link", "links => links.map(a => [a.textContent.trim(), a.href])"
    )
    return [("pupil record", f"/pupils/{pupil.public_id}/"), *sections[1:]]


@pytest.mark.parametrize("size", WIDTHS)
@pytest.mark.parametrize("role", ["sendco", "teacher", "ta"])
def test_no_main_page_is_wider_than_the_window(role, size, send_world, pages_for):
    concern = Concern.objects.filter(pupil=send_world.taught_pupil).first()
    a_request(send_world, concern, role="teacher")
    pages = pages_for(f"{size}-{role}", width=WIDTHS[size])
    pages.sign_in(send_world[role].email)
    check_width(pages, "home", "/")
    for label, href in navigation(pages):
        check_width(pages, label, href)
    for label, href in record_sections(pages, send_world.taught_pupil):
        check_width(pages, label, href)
    urn = send_world.school.urn
    check_width(pages, "my concerns", f"/schools/{urn}/concerns/mine/")
    check_width(pages, "the concern", f"/concerns/{concern.public_id}/")
    if role == "teacher":
        check_width(pages, "add your contribution", f"/concerns/{concern.public_id}/contribute/")
    pages.assert_no_problems()


def test_add_your_contribution_is_fully_on_screen_on_a_phone(send_world, pages_for):
    concern = Concern.objects.filter(pupil=send_world.taught_pupil).first()
    a_request(send_world, concern, role="teacher")
    pages = pages_for("phone-teacher-contribution", width=WIDTHS["phone"])
    pages.sign_in(send_world["teacher"].email)
    pages.goto(f"/schools/{send_world.school.urn}/concerns/mine/")
    link = pages.page.get_by_role("link", name="Add your contribution").first
    box = link.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= WIDTHS["phone"]
