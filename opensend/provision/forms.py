from __future__ import annotations

from django import forms

from opensend.core import forms as core_forms
from opensend.register.codes import BroadArea

from .models import Intervention, Measure, Session, Wave, Weekday


def _date(what: str, label: str, *, required: bool = True, past_only: bool = False, **kwargs) -> core_forms.DateField:
    return core_forms.DateField(what=what, label=label, required=required, past_only=past_only, **kwargs)


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


class VersionForm(core_forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class InterventionForm(core_forms.Form):
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


class StaffField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.display_name


class ProvisionForm(core_forms.Form):
    intervention = forms.ModelChoiceField(
        label="Intervention",
        queryset=None,
        empty_label="Choose an intervention",
        error_messages={
            "required": "Choose the intervention",
            "invalid_choice": "Choose an intervention from the list",
        },
    )
    name = _text(
        "Name of the group",
        required="Enter a name for the group",
        area=False,
        max_length=120,
        help_text="For example, Year 3 reading group or Sam's speech sounds.",
    )
    staff = StaffField(
        label="Who delivers it",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one member of staff who delivers it"},
    )
    starts_on = _date("the start date", "Start date")
    ends_on = _date(
        "the planned end date",
        "Planned end date",
        help_text="Provision is time-limited: after this date it shows as due for review. For example, 27 3 2027",
    )
    room = _text("Room", area=False, max_length=80, help_text="Where it happens, for example the library.")

    def __init__(self, *args, interventions, staff, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["intervention"].queryset = interventions
        self.fields["staff"].queryset = staff

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", "The planned end date must be on or after the start date")
        return cleaned

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("intervention", "name", "starts_on", "ends_on", "room")}


class ProvisionEditForm(VersionForm, ProvisionForm):
    pass


class EndProvisionForm(VersionForm):
    reason = _text("Why is it ending?", required="Enter why the provision is ending")


class SlotForm(core_forms.Form):
    weekday = forms.TypedChoiceField(
        label="Day",
        choices=Weekday.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the day of the week"},
    )
    starts_at = forms.TimeField(
        label="Start time",
        help_text="For example, 09:15",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"required": "Enter the start time", "invalid": "Enter a time, for example 09:15"},
    )
    minutes = _whole_number("Length in minutes", required="Enter how long the session lasts", low=1, high=480)


class MemberForm(core_forms.Form):
    pupil = forms.ModelChoiceField(
        label="Pupil",
        queryset=None,
        empty_label="Choose a pupil",
        error_messages={"required": "Choose the pupil", "invalid_choice": "Choose a pupil from the list"},
    )
    joined_on = _date("the date the pupil joins", "Date they join")

    def __init__(self, *args, pupils, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pupil"].queryset = pupils
        self.fields["pupil"].label_from_instance = lambda pupil: f"{pupil.legal_surname}, {pupil.known_as}"


class LeaveForm(VersionForm):
    left_on = _date("the date the pupil left", "Date they left", past_only=True)
    reason = _text("Why they left", area=False, max_length=200, help_text="For example, target met.")


class SessionForm(core_forms.Form):
    """The session log: a phone-sized form. Each pupil is ticked as attending by default; a session
    not held needs its reason."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    held = forms.TypedChoiceField(
        label="Did the session happen?",
        choices=(("yes", "Yes"), ("no", "No")),
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the session happened"},
    )
    not_held_reason = forms.ChoiceField(
        label="Why not?",
        choices=Session.NotHeld.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    note = _text("Note about the session (optional)")

    def __init__(self, *args, pupils, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.pupils = pupils
        for pupil in pupils:
            self.fields[f"attended_{pupil.pk}"] = forms.BooleanField(
                label=f"{pupil.known_as} {pupil.legal_surname}", required=False
            )
            self.fields[f"note_{pupil.pk}"] = forms.CharField(
                label=f"Note about {pupil.known_as} (optional)",
                required=False,
                max_length=300,
                error_messages={"max_length": f"The note about {pupil.known_as} must be 300 characters or fewer"},
            )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("held") is False and not cleaned.get("not_held_reason"):
            self.add_error("not_held_reason", "Choose why the session did not happen")
        if cleaned.get("held"):
            cleaned["not_held_reason"] = ""
        return cleaned

    def pupil_rows(self):
        return [(pupil, self[f"attended_{pupil.pk}"], self[f"note_{pupil.pk}"]) for pupil in self.pupils]

    def attendance(self) -> dict[int, tuple[bool, str]]:
        return {
            pupil.pk: (self.cleaned_data[f"attended_{pupil.pk}"], self.cleaned_data[f"note_{pupil.pk}"])
            for pupil in self.pupils
        }


def _score(label: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        max_digits=6,
        decimal_places=1,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        help_text="A number, for example 87 or 92.5",
        error_messages={
            "invalid": f"{label} must be a number, for example 87",
            "max_digits": f"{label} must be less than 100,000",
            "max_decimal_places": f"{label} can have at most one decimal place",
        },
    )


class ResultsForm(VersionForm):
    """A pupil's entry and exit data in the intervention's measure, and their outcome rating."""

    entry_value = _score("Entry score")
    entry_on = _date("the date of the entry assessment", "Date of the entry assessment", required=False, past_only=True)
    exit_value = _score("Exit score")
    exit_on = _date("the date of the exit assessment", "Date of the exit assessment", required=False, past_only=True)
    outcome_rating = forms.TypedChoiceField(
        label="Outcome",
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.RadioSelect,
        help_text="At the end of the provision, or when the pupil leaves it.",
    )
    outcome_comment = _text("Comment on the outcome")

    def __init__(self, *args, measure: str, scale: list[tuple[int, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outcome_rating"].choices = [
            (value, f"{value:+d}: {label}" if value else f"0: {label}") for value, label in scale
        ]
        self.fields["entry_value"].label = f"{measure} at entry"
        self.fields["exit_value"].label = f"{measure} at exit"
        for name in ("entry_value", "exit_value"):
            label = self.fields[name].label
            self.fields[name].error_messages["invalid"] = f"{label} must be a number, for example 87"

    def clean(self):
        cleaned = super().clean()
        for value, day in (("entry_value", "entry_on"), ("exit_value", "exit_on")):
            if cleaned.get(value) is not None and not cleaned.get(day):
                self.add_error(day, f"Enter the date of the {value.split('_')[0]} assessment")
        return cleaned

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields if name != "version"}


class OutcomeScaleForm(core_forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    levels = forms.CharField(
        label="Levels of the scale",
        widget=forms.Textarea(attrs={"rows": 7}),
        help_text="One level a line: a whole number, a comma, then what it means. For example, 0, As expected",
        error_messages={"required": "Enter the levels of the scale"},
    )

    def clean_levels(self) -> list[tuple[int, str]]:
        levels = []
        for number, line in enumerate(self.cleaned_data["levels"].splitlines(), start=1):
            if not line.strip():
                continue
            value, _, label = line.partition(",")
            try:
                value = int(value.strip().replace("+", ""))
            except ValueError:
                raise forms.ValidationError(f"Line {number} must start with a whole number, for example -1") from None
            if not label.strip():
                raise forms.ValidationError(f"Line {number} needs what the level means after the comma")
            levels.append((value, label.strip()))
        if len(levels) < 2:
            raise forms.ValidationError("Enter at least two levels")
        if len({value for value, _ in levels}) != len(levels):
            raise forms.ValidationError("Each level needs a different number")
        return levels
