from __future__ import annotations

from django import forms

from opensend.core import forms as core_forms
from opensend.pupils.models import ContactMethod

from .models import FamilyContact


class FamilyMemberField(forms.ModelChoiceField):
    default_error_messages = {
        "required": "Choose who the contact was with",
        "invalid_choice": "Choose who the contact was with from the list",
    }

    def label_from_instance(self, obj) -> str:
        return str(obj)


def _text(label: str, *, required: str = "", help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=bool(required),
        help_text=help_text,
        widget=forms.Textarea,
        max_length=5000,
        error_messages={"required": required},
    )


class ContactForm(core_forms.Form):
    contact_with = FamilyMemberField(
        label="Who was the contact with?", queryset=None, widget=forms.RadioSelect, empty_label=None
    )
    method = forms.ChoiceField(
        label="How",
        choices=FamilyContact.Method.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the contact was made"},
    )
    contacted_on = core_forms.DateField(label="Date", what="the date of the contact", past_only=True)
    said = _text("What was said", required="Enter what was said")
    agreed = _text("What was agreed")
    follow_up = _text("What is to be followed up", help_text="Leave empty if nothing is to follow.")
    follow_up_by = core_forms.DateField(label="Follow up by", what="the date to follow up by", required=False)

    def __init__(self, *args, family, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contact_with"].queryset = family

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("follow_up") and not cleaned.get("follow_up_by") and "follow_up_by" not in self.errors:
            self.add_error("follow_up_by", "Enter the date to follow up by")
        if cleaned.get("follow_up_by") and not cleaned.get("follow_up"):
            self.add_error("follow_up", "Enter what is to be followed up")
        return cleaned


class CommunicationNeedsForm(core_forms.Form):
    language = forms.CharField(
        label="Preferred language",
        required=False,
        max_length=60,
        help_text="The language this person prefers to speak and read. For example, Polish",
    )
    interpreter_needed = forms.BooleanField(label="Needs an interpreter at meetings and on calls", required=False)
    preferred_contact = forms.ChoiceField(
        label="Preferred way to be contacted",
        choices=[("", "No preference"), *ContactMethod.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    accessibility_needs = forms.CharField(
        label="Accessibility needs",
        required=False,
        max_length=2000,
        widget=forms.Textarea,
        help_text="For example, large print letters, or a ground-floor room for meetings.",
    )


class PeriodForm(core_forms.Form):
    starts_on = core_forms.DateField(label="From", what="the start of the period")
    ends_on = core_forms.DateField(label="To", what="the end of the period")

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", "The end of the period must be on or after its start")
        return cleaned
