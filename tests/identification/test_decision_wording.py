"""The decision reads as written: "SEN register (SEN support)" keeps its capitals when it follows a colon."""

from __future__ import annotations

from django.contrib.messages import get_messages
from django.urls import reverse

from opensend.dashboards.chronology import pupil_chronology

from .helpers import a_concern, url
from .test_deciding import register_form


def test_the_decision_message_and_the_chronology_keep_the_registers_capitals(cast):
    concern = a_concern(cast)
    client = cast.client_for("sendco")

    response = client.post(url("decide-register", concern), register_form())

    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert message == "Decision recorded: added to the SEN register (SEN support)."
    titles = [event.title for event in pupil_chronology(cast.taught_pupil)]
    assert "Concern decided: added to the SEN register (SEN support)" in titles
    page = client.get(reverse("dashboards:chronology", kwargs={"pupil_id": cast.taught_pupil.public_id}))
    assert "sen register" not in page.content.decode()
