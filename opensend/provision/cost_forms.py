"""Forms for staff costs, the notional SEN budget and the provision map's filters."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from opensend.core import forms as core_forms
from opensend.register.codes import BroadArea

from .cost_map import VIEWS
from .models import Wave


def _pounds(label: str, *, max_digits: int, low: str = "0", required: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        min_value=Decimal(low),
        max_digits=max_digits,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        error_messages={
            "required": required,
            "invalid": f"{label} must be an amount in pounds, for example 18.50",
            "min_value": f"{label} must be more than 0" if low != "0" else f"{label} cannot be negative",
            "max_digits": f"{label} is too large",
            "max_decimal_places": f"{label} must be in pounds and pence, for example 18.50",
            "max_whole_digits": f"{label} is too large",
        },
    )


class StaffCostForm(core_forms.Form):
    hourly_cost = _pounds("Hourly cost in pounds", max_digits=7, low="0.01", required="Enter the hourly cost in pounds")
    applies_from = core_forms.DateField(
        label="Applies from",
        what="the date the hourly cost applies from",
        help_text="Costs before this date keep the earlier rate. For example, 1 9 2026",
    )
    # The person's rates as the page showed them, so a rate someone set meanwhile is not overwritten.
    seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["hourly_cost"].help_text = "Pay with on-costs (employer's pension and National Insurance)"


class BudgetForm(core_forms.Form):
    year_starting = forms.TypedChoiceField(
        label="Financial year",
        coerce=int,
        error_messages={"required": "Choose the financial year", "invalid_choice": "Choose the financial year"},
    )
    amount = _pounds("Notional SEN budget in pounds", max_digits=10, required="Enter the notional SEN budget")
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=300,
        error_messages={"max_length": "Note must be 300 characters or fewer"},
        help_text="For example, where the figure comes from",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    loaded_year = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, years: list[int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year_starting"].choices = [(year, f"April {year} to March {year + 1}") for year in years]


class MapFilterForm(core_forms.Form):
    """The provision map's filters. Invalid values fall back to the defaults, never an error page."""

    view = forms.ChoiceField(label="Show by", choices=VIEWS, required=False)
    wave = forms.TypedChoiceField(
        label="Wave", choices=[("", "All waves"), *Wave.choices], coerce=int, required=False, empty_value=None
    )
    area = forms.ChoiceField(label="Area of need", choices=[("", "All areas"), *BroadArea.choices], required=False)
    starts_on = core_forms.DateField(label="From", what="the first day of the period", required=False)
    ends_on = core_forms.DateField(label="To", what="the last day of the period", required=False)

    def __init__(self, *args, views: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["view"].choices = views

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("starts_on"), cleaned.get("ends_on")
        if first and last and last < first:
            self.add_error("ends_on", "The last day of the period must be on or after the first day")
        if first and last and (last - first).days > 366 * 3:
            self.add_error("ends_on", "The period must be 3 years or shorter")
        return cleaned
