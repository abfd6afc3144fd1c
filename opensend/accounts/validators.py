"""Passwords that contain words anyone would guess for this service (ASVS 6.2.11)."""

from __future__ import annotations

from django.core.exceptions import ValidationError

# Words a guesser tries first against a SEND service for schools.
CONTEXT_WORDS = ("opensend", "sendco", "senco", "school", "pupil", "password")


class ContextWordsValidator:
    """Refuses a password holding one of CONTEXT_WORDS, or the name of one of the person's schools."""

    def validate(self, password: str, user=None) -> None:
        text = password.casefold()
        found = next((word for word in CONTEXT_WORDS + _school_words(user) if word in text), None)
        if found:
            raise ValidationError(
                "Choose a password without the word “%(word)s”: it is among the first anyone would try.",
                code="password_context_word",
                params={"word": found},
            )

    def get_help_text(self) -> str:
        return "Your password cannot contain OpenSEND, SENDCo, school or pupil, or your school's name."


def _school_words(user) -> tuple[str, ...]:
    if user is None or user.pk is None:
        return ()
    names = user.memberships.filter(school__isnull=False).values_list("school__name", flat=True)
    # A school's distinctive words: "Oakfield Primary" gives "oakfield" (the generic words are above).
    return tuple(word for name in names for word in name.casefold().split() if len(word) >= 5)
