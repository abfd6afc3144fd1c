from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from opensend.core import forms as core_forms

from .models import (
    SECTION_FIELDS,
    SECTION_MAX_LENGTH,
    SECTION_MAX_LINES,
    SECTIONS,
    SUGGESTED_SECTIONS,
    PassportPhoto,
    VoiceMethod,
    section_problem,
)
from .photos import TOO_LARGE, clean_photo

SECTION_HINTS = {
    "about_me": "Who the pupil is, written as they would say it: “I am…”, family, pets, what they enjoy.",
    "important_to_me": "People, routines, interests and things that matter to them.",
    "find_hard": "Times of day, tasks, places or situations that are hard for them.",
    "helps_me": "What adults should do. This is what every adult working with the pupil reads first.",
    "does_not_help": "What makes things harder, so adults can avoid it.",
    "strengths": "What they are good at and proud of.",
    "own_words": "Their words as they said, wrote, signed or drew them, even if short. Do not tidy them up.",
}


def _fits_on_the_page(text: str) -> None:
    problem = section_problem(text)
    if problem:
        raise ValidationError(problem)


class PassportForm(core_forms.Form):
    based_on = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    voice_method = forms.ChoiceField(
        label="How were the pupil's words gathered?",
        required=False,
        choices=[("", "Choose one"), *VoiceMethod.choices],
    )
    voice_note = forms.CharField(
        label="More about how they were gathered (optional)",
        required=False,
        max_length=200,
        help_text="For example, “talked with Mrs Nowak at lunchtime, using his picture cards”.",
    )
    photo = forms.FileField(
        label="Photo (optional)",
        required=False,
        help_text="A JPEG or PNG smaller than 2 MB, chosen with the pupil. A passport never needs a photo.",
    )
    remove_photo = forms.BooleanField(label="Remove the current photo", required=False)

    def __init__(self, *args, has_photo: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, heading in SECTIONS:
            self.fields[name] = forms.CharField(
                label=heading,
                required=False,
                widget=forms.Textarea,
                help_text=f"{SECTION_HINTS[name]} Up to {SECTION_MAX_LENGTH} characters and {SECTION_MAX_LINES} lines.",
                validators=[_fits_on_the_page],
            )
        self.order_fields(["based_on", *SECTION_FIELDS, "voice_method", "voice_note", "photo", "remove_photo"])
        if not has_photo:
            del self.fields["remove_photo"]

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        if not upload:
            return None
        if upload.size > PassportPhoto.MAX_BYTES:
            raise ValidationError(TOO_LARGE)
        return clean_photo(upload.read(PassportPhoto.MAX_BYTES + 1))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("own_words", "").strip() and not cleaned.get("voice_method"):
            self.add_error("voice_method", "Say how the pupil's words were gathered.")
        if not any(cleaned.get(name, "").strip() for name in SECTION_FIELDS) and not self.errors:
            raise ValidationError("Write at least one section of the passport.")
        if cleaned.get("photo") and cleaned.get("remove_photo"):
            self.add_error("remove_photo", "Either upload a new photo or remove the current one, not both.")
        return cleaned

    def content(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in (*SECTION_FIELDS, "voice_method", "voice_note")}

    @property
    def section_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in SECTION_FIELDS]


class SuggestionForm(core_forms.Form):
    error_names = {"text": "The suggested words"}

    section = forms.ChoiceField(
        label="Which part of the passport?",
        choices=[("", "Choose a part"), *SUGGESTED_SECTIONS],
        error_messages={"required": "Choose the part of the passport to change"},
    )
    text = forms.CharField(
        label="How should it read?",
        help_text=f"Write the whole part as you would like it to read. Up to {SECTION_MAX_LENGTH} characters "
        f"and {SECTION_MAX_LINES} lines.",
        widget=forms.Textarea(attrs={"rows": 6}),
        validators=[_fits_on_the_page],
        error_messages={"required": "Enter how the part should read"},
    )
    reason = forms.CharField(
        label="Why? (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What you have seen that makes the change right, for the teacher or SENDCo deciding.",
    )


# Prefixed: both forms sit on one page, and their fields' ids must differ.
class SuggestionAcceptForm(core_forms.Form):
    prefix = "accept"
    note = forms.CharField(label="Note to the person who suggested it (optional)", required=False, max_length=1000)


class SuggestionDeclineForm(core_forms.Form):
    prefix = "decline"
    note = forms.CharField(
        label="Why is it declined?",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the suggestion is declined"},
        help_text="The person who suggested it sees this.",
    )
