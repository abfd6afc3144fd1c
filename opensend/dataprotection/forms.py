from __future__ import annotations

from django import forms

from opensend.core import forms as core_forms


class DestructionForm(core_forms.Form):
    reason = forms.CharField(
        label="Why are these records being destroyed now?",
        help_text="For example: annual retention review, records past date of birth plus 31 years.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
        error_messages={"required": "Enter why these records are being destroyed"},
    )
    confirm = forms.BooleanField(
        label="I confirm that these records have reached the end of their retention period and should be destroyed",
        error_messages={"required": "Confirm that these records should be destroyed"},
    )
    pupil = forms.TypedMultipleChoiceField(widget=forms.MultipleHiddenInput, required=False)

    def __init__(self, *args, due_ids: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Only the records listed on the page the person read can be confirmed.
        self.fields["pupil"].choices = [(public_id, public_id) for public_id in due_ids]
        self.fields["pupil"].error_messages["invalid_choice"] = (
            "The list of records due has changed since the page was opened: check it again"
        )


class RetentionPeriodForm(core_forms.Form):
    period_years = forms.IntegerField(
        label="Keep these records for how many years after the date of birth?",
        min_value=1,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3", "spellcheck": "false"}),
        error_messages={
            "required": "Enter how many years the records are kept",
            "invalid": "Enter the number of years as a whole number, like 35",
        },
    )
    reason = forms.CharField(
        label="Why does the school keep these records for this long?",
        help_text="For example: the trust's records policy, a legal hold, advice from the local authority.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
        error_messages={"required": "Enter why the school keeps these records for this long"},
    )
