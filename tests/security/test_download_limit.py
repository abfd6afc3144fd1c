"""Exports and PDFs are limited per person per minute (ASVS 2.4.1)."""

from __future__ import annotations

from django.urls import reverse


def test_downloads_beyond_the_limit_wait_a_minute_and_other_people_are_not_held_up(cast, settings):
    settings.OPENSEND_DOWNLOADS_PER_MINUTE = 2
    url = reverse("register:export-csv", kwargs={"urn": cast.school.urn})
    sendco, head = cast.client_for("sendco"), cast.client_for("head")
    assert [sendco.get(url).status_code for _ in range(2)] == [200, 200]
    refused = sendco.get(url)
    assert refused.status_code == 429
    assert "Wait a minute" in refused.content.decode()
    assert head.get(url).status_code == 200
