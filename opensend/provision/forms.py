from __future__ import annotations

from django import forms

from opensend.register.codes import BroadArea

from .models import Intervention, Measure, Wave


class DateInput(forms.DateInput):
    input_type = "date"


def _date(label: str, *, required: str = "", help_text: str = "For example, 27 3 2027") -> forms.DateField:
    """Every date field of the app, in one place, so a shared GOV.UK date field can replace it."""
    return forms.DateField(
        label=label,
        required=bool(required),
        help_text=help_text,
        widget=DateInput,
        error_messages={"required": required, "invalid": "Enter a real date, for example 27 3 2027"},
    )


def _text(label: str, *, required: str = "", help_text: str = "", area: bool = True, max_length=None):
    return forms.CharField(
        label=label,
        required=bool(required),
        help_text=help_text,
        max_length=max_length,
        widget=forms.Textarea if area else forms.TextInput,
        strip=True,
        error_messages={"required": required, "max_length": f"{label} must be {max_length} characters or fewer"},
    )


def _whole_number(label: str, *, required: str, low: int, high: int, help_text: str = "") -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=low,
        max_value=high,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": required,
            "invalid": f"{label} must be a whole number",
            "min_value": f"{label} must be {low} or more",
            "max_value": f"{label} must be {high} or fewer",
        },
    )


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class InterventionForm(forms.Form):
    name = _text("Name", required="Enter the name of the intervention", area=False, max_length=120)
    broad_area = forms.ChoiceField(
        label="Area of need",
        choices=BroadArea.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the area of need"},
    )
    wave = forms.TypedChoiceField(
        label="Wave",
        choices=Wave.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the wave"},
    )
    description = _text("Description", required="Enter a description", help_text="What happens in a session.")
    intended_outcome = _text("Intended outcome", help_text="What pupils should be able to do by the end.")
    evidence_note = _text("Evidence", help_text="For example, what the EEF Teaching and Learning Toolkit says.")
    evidence_strength = _text(
        "Strength of evidence", area=False, max_length=200, help_text="For example, moderate impact, strong evidence."
    )
    typical_group_size = _whole_number("Typical group size", required="Enter the typical group size", low=1, high=40)
    session_minutes = _whole_number("Session length in minutes", required="Enter the session length", low=1, high=480)
    sessions_per_week = _whole_number("Sessions a week", required="Enter how many sessions a week", low=1, high=20)
    duration_weeks = _whole_number("Duration in weeks", required="Enter how many weeks it runs for", low=1, high=52)
    staff_skill = _text(
        "Staff skill needed", area=False, max_length=200, help_text="For example, a TA trained in the programme."
    )
    measure = forms.ChoiceField(
        label="Entry and exit measure",
        choices=Measure.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how progress is measured"},
    )
    measure_name = _text(
        "Assessment used", area=False, max_length=120, help_text="For example, the Salford Sentence Reading Test."
    )
    resources = _text("Resources", help_text="Books, kits and materials the intervention needs.")
    resources_cost = forms.DecimalField(
        label="Cost of resources in pounds",
        required=False,
        min_value=0,
        max_digits=8,
        decimal_places=2,
        help_text="For example, 85.50",
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={
            "invalid": "Cost of resources must be an amount in pounds, for example 85.50",
            "min_value": "Cost of resources cannot be negative",
            "max_digits": "Cost of resources must be less than £1,000,000",
            "max_decimal_places": "Cost of resources can have at most 2 decimal places (pence)",
        },
    )

    def __init__(self, *args, show_costs: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not show_costs:
            del self.fields["resources_cost"]

    @staticmethod
    def initial_from(intervention: Intervention) -> dict:
        return {name: getattr(intervention, name) for name in InterventionForm.base_fields}


class InterventionEditForm(VersionForm, InterventionForm):
    pass


class ArchiveForm(VersionForm):
    reason = _text("Why are you archiving it?", required="Enter why the intervention is being archived")
