"""Passwords with the words a guesser tries first against this service are refused (ASVS 6.2.11)."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError


@pytest.mark.parametrize("password", ["MyOpenSEND-2026!", "sendco-lantern-harbour", "river-PUPIL-sky-42"])
def test_a_password_with_a_word_of_the_service_is_refused_naming_the_word(password):
    with pytest.raises(ValidationError, match="without the word"):
        validate_password(password)


def test_a_password_with_the_persons_school_name_is_refused(cast):
    with pytest.raises(ValidationError, match="oakfield"):
        validate_password("violet-oakfield-lantern", user=cast["teacher"])


def test_a_long_password_of_other_words_is_accepted(cast):
    validate_password("violet-harbour-lantern-42", user=cast["teacher"])
