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
