"""Forms for staff deployment and quality assurance."""

from __future__ import annotations

from django import forms

from opensend.core import forms as core_forms

from .forms import StaffField, VersionForm, _date, _text
from .models import Cover


class SlotStaffForm(VersionForm):
    staff = StaffField(
        label="Who delivers this weekly session from now on",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one member of staff who delivers this session"},
    )

    def __init__(self, *args, staff, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = staff


class PersonField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.display_name


class CoverForm(core_forms.Form):
    on_date = _date("the date of the session", "Date of the session")
    covered_by = PersonField(
        label="Who covers it",
        queryset=None,
        empty_label="Choose who covers it",
        error_messages={"required": "Choose who covers the session", "invalid_choice": "Choose someone from the list"},
    )
    replaces = PersonField(
        label="Who is away (if anyone)",
        queryset=None,
        required=False,
        empty_label="Nobody: an extra person",
        error_messages={"invalid_choice": "Choose someone from the list"},
    )
    reason = forms.ChoiceField(
        label="Why",
        choices=Cover.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose why the session needs cover"},
    )
    note = _text("Note (optional)", area=False, max_length=300)

    def __init__(self, *args, covering, away, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["covered_by"].queryset = covering
        self.fields["replaces"].queryset = away


class CancelCoverForm(VersionForm):
    reason = _text("Why is the cover cancelled?", required="Enter why the cover is cancelled")


class StaffHoursForm(core_forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    hours_per_week = forms.DecimalField(
        label="Contracted hours a week",
        min_value=0.5,
        max_value=60,
        max_digits=4,
        decimal_places=1,
        help_text="For example, 32.5",
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={
            "required": "Enter the contracted hours a week",
            "invalid": "Contracted hours a week must be a number, for example 32.5",
            "min_value": "Contracted hours a week must be at least 0.5",
            "max_value": "Contracted hours a week must be 60 or fewer",
            "max_digits": "Contracted hours a week must be 60 or fewer",
            "max_decimal_places": "Contracted hours a week can have at most one decimal place",
        },
    )


class ObservationForm(core_forms.Form):
    staff = PersonField(
        label="Member of staff observed",
        queryset=None,
        empty_label="Choose who was observed",
        error_messages={"required": "Choose who was observed", "invalid_choice": "Choose someone from the list"},
    )
    observed_on = _date("the date of the observation", "Date of the observation", past_only=True)
    seen = _text("What was seen", required="Enter what was seen", max_length=5000)
    strengths = _text("Strengths", required="Enter the strengths", max_length=5000)
    next_steps = _text("Next steps", required="Enter the next steps", max_length=5000)

    def __init__(self, *args, staff, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = staff

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("observed_on", "seen", "strengths", "next_steps")}
