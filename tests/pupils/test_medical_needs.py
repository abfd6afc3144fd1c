"""A pupil's medical needs: changed and audited like every other detail, shown on the record and
flagged in the identity bar to the people who may read the record."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from opensend.access import policy
from opensend.audit.models import AuditEvent
from opensend.pupils import services
from opensend.pupils.badges import medical_badges
from opensend.pupils.models import Pupil
from opensend.pupils.record_tabs import Badge

from .helpers import post_edit

ASTHMA = "Asthma: blue inhaler in her bag; may need it after PE."
TOO_LONG_MESSAGE = "Medical needs must be 2,000 characters or fewer"


def record_url(pupil: Pupil) -> str:
    return reverse("pupils:record", kwargs={"pupil_id": pupil.public_id})


def give_medical_needs(pupil: Pupil, text: str = ASTHMA) -> None:
    Pupil.objects.filter(pk=pupil.pk).update(medical_needs=text)


def stored(cast) -> Pupil:
    return Pupil.objects.get(pk=cast.taught_pupil.pk)


def update_events(cast):
    return AuditEvent.objects.filter(pupil=cast.taught_pupil, action=AuditEvent.Action.UPDATE)


# --- Changing them --------------------------------------------------------------------------------


def test_the_edit_page_offers_medical_needs_as_a_text_area(cast):
    response = cast.client_for("sendco").get(reverse("pupils:edit", kwargs={"pupil_id": cast.taught_pupil.public_id}))
    html = response.content.decode()
    assert 'name="medical_needs"' in html
    assert '<textarea class="govuk-textarea' in html
    assert "Medical conditions staff need to know about and what to do" in html


def test_adding_medical_needs_saves_them_and_audits_before_and_after(cast):
    assert post_edit(cast, medical_needs=ASTHMA).status_code == 302

    assert stored(cast).medical_needs == ASTHMA
    assert stored(cast).version == 2
    event = update_events(cast).get()
    assert (event.actor, event.changes) == (cast["sendco"], {"medical_needs": ["", ASTHMA]})


def test_changing_medical_needs_audits_the_old_text_and_the_new(cast):
    post_edit(cast, medical_needs=ASTHMA)
    changed = f"{ASTHMA}\nSevere nut allergy: adrenaline pen in the office."

    post_edit(cast, medical_needs=changed)

    assert update_events(cast).latest("pk").changes == {"medical_needs": [ASTHMA, changed]}


def test_line_breaks_from_the_browser_are_kept_and_stray_spaces_dropped(cast):
    post_edit(cast, medical_needs="  Asthma: inhaler in bag.  \r\nEczema: cream after PE.\r\n\r\n")
    assert stored(cast).medical_needs == "Asthma: inhaler in bag.\nEczema: cream after PE."


def test_saving_the_same_medical_needs_again_changes_and_audits_nothing(cast):
    post_edit(cast, medical_needs="Asthma: inhaler in bag.\r\nEczema: cream after PE.")

    assert post_edit(cast, medical_needs="Asthma: inhaler in bag.\r\nEczema: cream after PE.").status_code == 302

    assert stored(cast).version == 2
    assert update_events(cast).count() == 1


def test_medical_needs_over_2000_characters_are_refused_naming_the_field_and_nothing_changes(cast):
    response = post_edit(cast, medical_needs="x" * 2001, preferred_forename="Changed")

    assert response.status_code == 400
    assert TOO_LONG_MESSAGE in response.content.decode()
    assert 'href="#id_medical_needs"' in response.content.decode()  # the error summary links to the field
    pupil = stored(cast)
    assert (pupil.medical_needs, pupil.preferred_forename, pupil.version) == ("", "", 1)
    assert not update_events(cast).exists()


def test_2000_characters_fit_even_with_the_two_character_line_breaks_browsers_send(cast):
    text = "\r\n".join(["x" * 99] * 20)  # 1,999 characters stored; 2,018 as sent

    assert post_edit(cast, medical_needs=text).status_code == 302

    assert len(stored(cast).medical_needs) == 1999


def test_the_service_refuses_over_long_medical_needs_too(cast):
    with pytest.raises(ValidationError, match=TOO_LONG_MESSAGE):
        services.pupil_update(
            actor=cast["sendco"],
            pupil=cast.taught_pupil,
            school=cast.school,
            expected_version=1,
            medical_needs="x" * 2001,
        )
    assert stored(cast).medical_needs == ""


def test_a_stale_edit_of_medical_needs_is_refused_and_changes_nothing(cast):
    post_edit(cast, medical_needs=ASTHMA)

    response = post_edit(cast, role="head", medical_needs="Nothing to report", version=1)

    assert response.status_code == 409
    assert stored(cast).medical_needs == ASTHMA


def test_a_teacher_cannot_change_medical_needs(cast):
    assert post_edit(cast, role="teacher", medical_needs=ASTHMA).status_code == 404
    assert stored(cast).medical_needs == ""


# --- Seeing them ----------------------------------------------------------------------------------


def test_a_pupil_has_medical_needs_only_when_the_text_is_not_blank():
    assert Pupil(medical_needs=ASTHMA).has_medical_needs
    assert not Pupil(medical_needs="").has_medical_needs
    assert not Pupil(medical_needs=" \n ").has_medical_needs


def test_the_record_shows_medical_needs_one_line_each(cast):
    give_medical_needs(cast.taught_pupil, "Asthma: inhaler in bag.\nEczema: cream after PE.")

    html = cast.client_for("teacher").get(record_url(cast.taught_pupil)).content.decode()

    assert "Medical needs</dt>" in html
    assert "Asthma: inhaler in bag.<br>Eczema: cream after PE." in html


def test_the_record_says_none_recorded_when_there_are_no_medical_needs(cast):
    html = cast.client_for("teacher").get(record_url(cast.taught_pupil)).content.decode()
    row = 'Medical needs</dt><dd class="govuk-summary-list__value">None recorded</dd>'
    assert row in html


def test_medical_needs_are_escaped_on_the_record(cast):
    give_medical_needs(cast.taught_pupil, "<script>alert(1)</script>")
    html = cast.client_for("sendco").get(record_url(cast.taught_pupil)).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_pupil_with_medical_needs_has_a_red_medical_badge(cast):
    give_medical_needs(cast.taught_pupil)

    response = cast.client_for("teacher").get(record_url(cast.taught_pupil))

    assert Badge("Medical", "red") in response.context["badges"]
    tag = '<strong class="govuk-tag govuk-tag--red govuk-!-margin-left-2">Medical</strong>'
    assert tag in response.content.decode()


def test_the_medical_badge_is_on_the_other_sections_of_the_record_too(cast):
    give_medical_needs(cast.taught_pupil)
    response = cast.client_for("teacher").get(reverse("register:sen", kwargs={"pupil_id": cast.taught_pupil.public_id}))
    assert Badge("Medical", "red") in response.context["badges"]


def test_a_pupil_without_medical_needs_has_no_medical_badge(cast):
    give_medical_needs(cast.taught_pupil, "   ")
    response = cast.client_for("teacher").get(record_url(cast.taught_pupil))
    assert Badge("Medical", "red") not in response.context["badges"]


def test_the_medical_badge_is_read_from_the_loaded_pupil_without_a_query(cast, django_assert_num_queries):
    give_medical_needs(cast.taught_pupil)
    pupil, access = policy.pupil_for_user(cast["teacher"], cast.taught_pupil.public_id)
    with django_assert_num_queries(0):
        assert medical_badges(pupil, access) == [Badge("Medical", "red")]


@pytest.mark.parametrize("role", ["outsider", "business-manager", "governor", "trust-lead"])
def test_people_who_cannot_read_the_record_never_see_medical_needs(cast, role):
    give_medical_needs(cast.taught_pupil)
    response = cast.client_for(role).get(record_url(cast.taught_pupil))
    assert response.status_code == 404
    assert ASTHMA not in response.content.decode()
