"""Saving a passport: each save is a new version, earlier versions never change, stale saves are
refused, and every save is audited."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from opensend.audit.models import AuditEvent
from opensend.passports.models import SECTION_MAX_LENGTH, ImmutableRowError, PassportVersion
from opensend.passports.photos import clean_photo
from opensend.passports.services import StalePassportError, passport_save

from .helpers import ABOUT_TIA, HELPS_TIA, image_bytes

CONTENT = {"about_me": ABOUT_TIA, "helps_me": HELPS_TIA}


def save(cast, based_on: int, photo=None, **content):
    return passport_save(
        actor=cast["teacher"],
        pupil=cast.taught_pupil,
        school=cast.school,
        based_on=based_on,
        content=CONTENT | content,
        photo=photo,
    )


def test_a_first_save_makes_version_one(cast):
    version = save(cast, 0)
    assert version.number == 1
    assert version.helps_me == HELPS_TIA


def test_saving_again_makes_a_new_version_and_keeps_the_old_one_as_it_was(cast):
    first = save(cast, 0)
    second = save(cast, 1, helps_me="Give me time to answer.")
    assert second.number == 2
    first.refresh_from_db()
    assert first.helps_me == HELPS_TIA
    assert list(cast.taught_pupil.passport_versions.values_list("number", flat=True)) == [2, 1]


def test_a_save_based_on_an_older_version_is_refused(cast):
    save(cast, 0)
    save(cast, 1, helps_me="Someone else's change.")
    with pytest.raises(StalePassportError):
        save(cast, 1, helps_me="My change, from the form I opened before theirs was saved.")
    assert cast.taught_pupil.passport_versions.count() == 2


def test_saving_without_changes_makes_no_new_version(cast):
    first = save(cast, 0)
    assert save(cast, 1) == first
    assert cast.taught_pupil.passport_versions.count() == 1


def test_a_saved_version_cannot_be_changed(cast):
    version = save(cast, 0)
    version.helps_me = "Quietly rewritten."
    with pytest.raises(ImmutableRowError):
        version.save()


def test_saved_versions_cannot_be_changed_in_bulk_either(cast):
    save(cast, 0)
    with pytest.raises(ImmutableRowError):
        PassportVersion.objects.filter(pupil=cast.taught_pupil).update(helps_me="Quietly rewritten.")


def test_the_pupils_own_words_need_to_say_how_they_were_gathered(cast):
    with pytest.raises(ValidationError) as error:
        save(cast, 0, own_words="I like it quiet.")
    assert "voice_method" in error.value.message_dict


def test_a_section_longer_than_fits_on_the_page_is_refused(cast):
    with pytest.raises(ValidationError):
        save(cast, 0, strengths="x" * (SECTION_MAX_LENGTH + 1))


def test_a_save_is_audited_with_what_changed(cast):
    save(cast, 0)
    save(cast, 1, helps_me="Give me time to answer.")
    event = AuditEvent.objects.filter(pupil=cast.taught_pupil, action=AuditEvent.Action.CREATE).first()
    assert event.summary == "Pupil passport version 2 saved"
    assert event.changes == {"helps_me": [HELPS_TIA, "Give me time to answer."]}
    assert event.actor == cast["teacher"]


def test_the_photo_is_carried_forward_to_the_next_version(cast):
    first = save(cast, 0, photo=clean_photo(image_bytes()))
    second = save(cast, 1, helps_me="Give me time to answer.")
    assert second.photo_id == first.photo_id is not None


def test_removing_the_photo_leaves_the_earlier_version_with_it(cast):
    first = save(cast, 0, photo=clean_photo(image_bytes()))
    second = passport_save(
        actor=cast["teacher"],
        pupil=cast.taught_pupil,
        school=cast.school,
        based_on=1,
        content=CONTENT,
        remove_photo=True,
    )
    first.refresh_from_db()
    assert (second.photo_id, first.photo_id is not None) == (None, True)
