"""The email preferences page in Chromium, on a desktop and on a 390 px phone: no server errors, no
axe-core violations, no Content-Security-Policy breaches."""

from __future__ import annotations

import pytest

from opensend.notifications.models import DigestOptOut

pytestmark = pytest.mark.browser


def test_a_teacher_turns_off_a_digest_section(world, pages_for):
    teacher = pages_for("teacher")
    teacher.sign_in(world["teacher"].email)
    teacher.page.get_by_role("link", name="Email", exact=True).click()
    teacher.check("email preferences")
    teacher.page.get_by_label("Contributions to concerns that you have been asked for").uncheck()
    teacher.check("email preferences saved", teacher.submit("Save preferences"))
    assert teacher.page.locator(".govuk-notification-banner--success").is_visible()

    teacher.page.set_viewport_size({"width": 390, "height": 844})
    teacher.visit("email preferences on a phone", "/account/email/")
    assert teacher.page.evaluate("document.documentElement.scrollWidth") <= 390
    teacher.assert_no_problems()
    assert list(DigestOptOut.objects.values_list("section", flat=True)) == ["contributions"]
