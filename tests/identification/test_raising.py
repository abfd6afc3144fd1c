"""A member of staff raises a concern about a pupil they can see, and follows it in "My concerns"."""

from __future__ import annotations

from django.urls import reverse

from opensend.audit.models import AuditEvent
from opensend.identification.models import Concern

from .helpers import a_concern


def raise_url(pupil) -> str:
    return reverse("identification:raise", kwargs={"pupil_id": pupil.public_id})


def concern_form(**changes) -> dict:
    data = {
        "what_seen": "Reverses letters and avoids reading aloud.",
        "areas": ["cognition-learning", "semh"],
        "strategies_tried": "Phonics catch-up three times a week; coloured overlay.",
        "strategies_weeks": "8",
        "parents_view": "Mum has noticed the same at home.",
        "parents_told": "yes",
        "parents_told_on": "2026-11-16",
    }
    return data | changes


def test_a_teacher_raises_a_concern_about_a_pupil_they_teach(cast):
    response = cast.client_for("teacher").post(raise_url(cast.taught_pupil), concern_form())
    concern = Concern.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("identification:concern", kwargs={"concern_id": concern.public_id})
    assert (concern.raised_by, concern.school, concern.status) == (cast["teacher"], cast.school, Concern.Status.NEW)
    assert concern.areas == ["cognition-learning", "semh"]
    assert concern.strategies_weeks == 8
    assert concern.parents_told and str(concern.parents_told_on) == "2026-11-16"


def test_raising_a_concern_is_audited(cast):
    cast.client_for("teacher").post(raise_url(cast.taught_pupil), concern_form())
    event = AuditEvent.objects.get(action="create", object_type="identification.concern")
    assert (event.pupil, event.actor) == (cast.taught_pupil, cast["teacher"])


def test_a_teacher_cannot_raise_a_concern_about_a_pupil_they_do_not_teach(cast):
    client = cast.client_for("teacher")
    assert client.get(raise_url(cast.untaught_pupil)).status_code == 404
    assert client.post(raise_url(cast.untaught_pupil), concern_form()).status_code == 404
    assert not Concern.objects.exists()


def test_a_ta_cannot_raise_a_concern(cast):
    assert cast.client_for("ta").post(raise_url(cast.taught_pupil), concern_form()).status_code == 404


def test_saying_parents_were_told_needs_the_date(cast):
    response = cast.client_for("teacher").post(raise_url(cast.taught_pupil), concern_form(parents_told_on=""))
    assert response.status_code == 400
    assert "Enter the date the parents or carers were told" in response.content.decode()
    assert "govuk-error-summary" in response.content.decode()


def test_parents_not_told_keeps_no_date(cast):
    cast.client_for("teacher").post(raise_url(cast.taught_pupil), concern_form(parents_told="no"))
    concern = Concern.objects.get()
    assert (concern.parents_told, concern.parents_told_on) == (False, None)


def test_an_area_outside_the_four_broad_areas_is_refused(cast):
    response = cast.client_for("teacher").post(raise_url(cast.taught_pupil), concern_form(areas=["astrology"]))
    assert response.status_code == 400


def test_the_raise_page_points_to_an_open_concern_about_the_same_pupil(cast):
    existing = a_concern(cast, raised_by=cast["sendco"])
    html = cast.client_for("teacher").get(raise_url(cast.taught_pupil)).content.decode()
    assert reverse("identification:concern", kwargs={"concern_id": existing.public_id}) in html


def test_choosing_a_pupil_leads_to_their_concern_form(cast):
    url = reverse("identification:choose-pupil", kwargs={"urn": cast.school.urn})
    response = cast.client_for("teacher").get(url, {"pupil": str(cast.taught_pupil.public_id)})
    assert response.status_code == 302
    assert response["Location"] == raise_url(cast.taught_pupil)


def test_the_pupil_chooser_offers_only_pupils_the_teacher_teaches(cast):
    url = reverse("identification:choose-pupil", kwargs={"urn": cast.school.urn})
    response = cast.client_for("teacher").get(url, {"pupil": str(cast.untaught_pupil.public_id)})
    assert response.status_code == 400


def test_the_pupils_concerns_tab_lists_their_concerns(cast):
    concern = a_concern(cast)
    response = cast.client_for("ta").get(
        reverse("identification:pupil", kwargs={"pupil_id": cast.taught_pupil.public_id})
    )
    assert reverse("identification:concern", kwargs={"concern_id": concern.public_id}) in response.content.decode()


def test_the_concerns_tab_offers_raising_only_to_those_who_may(cast):
    url = reverse("identification:pupil", kwargs={"pupil_id": cast.taught_pupil.public_id})
    assert raise_url(cast.taught_pupil) in cast.client_for("teacher").get(url).content.decode()
    assert raise_url(cast.taught_pupil) not in cast.client_for("ta").get(url).content.decode()


def test_viewing_the_concerns_tab_is_audited(cast):
    cast.client_for("ta").get(reverse("identification:pupil", kwargs={"pupil_id": cast.taught_pupil.public_id}))
    assert AuditEvent.objects.get(action="view", actor=cast["ta"]).summary == "Viewed concerns"


def test_the_navigation_offers_triage_to_the_sendco_and_my_concerns_to_a_teacher(cast):
    pupils = reverse("pupils:list", kwargs={"urn": cast.school.urn})
    sendco_nav = cast.client_for("sendco").get(pupils).context["nav_items"]
    teacher_nav = cast.client_for("teacher").get(pupils).context["nav_items"]
    assert ("Concerns", reverse("identification:triage", kwargs={"urn": cast.school.urn})) in [
        (item.label, item.url) for item in sendco_nav
    ]
    assert ("My concerns", reverse("identification:mine", kwargs={"urn": cast.school.urn})) in [
        (item.label, item.url) for item in teacher_nav
    ]
