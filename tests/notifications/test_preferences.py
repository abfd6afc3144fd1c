"""The email preferences page: every signed-in person chooses which digest sections they get."""

from __future__ import annotations

import pytest
from django.urls import reverse

from opensend.notifications.digest import digest_sections
from opensend.notifications.models import DigestOptOut

URL = reverse("notifications:preferences")
EVERY_SECTION = {section.key for section in digest_sections()}


@pytest.mark.parametrize("role", ["teacher", "business-manager", "governor"])
def test_everyone_signed_in_sees_every_section_ticked_until_they_turn_one_off(cast, role):
    html = cast.client_for(role).get(URL).content.decode()

    assert '<h1 class="govuk-heading-l">Email preferences</h1>' in html
    assert html.count('type="checkbox"') == len(EVERY_SECTION) == 5
    assert html.count(" checked") == len(EVERY_SECTION)


def test_unticking_a_section_turns_it_off_and_says_so(cast):
    client = cast.client_for("teacher")

    response = client.post(URL, {"wanted": sorted(EVERY_SECTION - {"contributions"})}, follow=True)

    html = response.content.decode()
    assert "Your email preferences are saved." in html
    assert list(DigestOptOut.objects.values_list("user", "section")) == [(cast["teacher"].pk, "contributions")]
    assert html.count(" checked") == len(EVERY_SECTION) - 1


def test_clearing_every_box_turns_every_section_off(cast):
    cast.client_for("teacher").post(URL, {})

    assert set(DigestOptOut.objects.values_list("section", flat=True)) == EVERY_SECTION


def test_ticking_a_section_again_turns_it_back_on(cast):
    DigestOptOut.objects.create(user=cast["teacher"], section="contributions")

    cast.client_for("teacher").post(URL, {"wanted": sorted(EVERY_SECTION)})

    assert not DigestOptOut.objects.exists()


def test_one_persons_choice_leaves_everyone_elses_alone(cast):
    DigestOptOut.objects.create(user=cast["sendco"], section="apdr-reviews")

    cast.client_for("teacher").post(URL, {"wanted": ["apdr-reviews"]})

    assert DigestOptOut.objects.filter(user=cast["sendco"]).count() == 1


def test_an_unknown_section_is_refused_with_a_message_and_changes_nothing(cast):
    response = cast.client_for("teacher").post(URL, {"wanted": ["everything"]})

    assert response.status_code == 200
    assert "Choose reminders from the list" in response.content.decode()
    assert not DigestOptOut.objects.exists()
