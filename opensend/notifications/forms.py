from __future__ import annotations

from django import forms

from opensend.core import forms as core_forms

from .digest import digest_sections


class DigestPreferencesForm(core_forms.Form):
    error_names = {"wanted": "Reminders"}

    wanted = forms.MultipleChoiceField(
        label="Email me each morning about",
        help_text="Select all that apply. Clear them all to have no reminder emails.",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["wanted"].choices = [(section.key, section.choice) for section in digest_sections()]
