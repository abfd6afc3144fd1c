from __future__ import annotations

from typing import Any

from django import forms

from opensend.access.policy import ROLE_CAPABILITIES, Capability
from opensend.accounts.models import User
from opensend.core import forms as core_forms
from opensend.schools.models import School

from .models import AssessmentResult

# Roles whose holders read SEND records, and so may have given a test.
_ASSESSING_ROLES = sorted(
    role for role, capabilities in ROLE_CAPABILITIES.items() if Capability.SEN_READ in capabilities
)


def school_staff(school: School) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            memberships__school=school,
            memberships__is_active=True,
            memberships__role__in=_ASSESSING_ROLES,
        )
        .distinct()
        .order_by("last_name", "first_name")
    )


class AssessmentResultForm(core_forms.Form):
    test_name = forms.CharField(
        error_messages={"required": "Enter the name of the test"},
        label="Test or screener",
        max_length=120,
        help_text="Choose from the suggestions or type the name of any test.",
    )
    taken_on = core_forms.DateField(what="the date the test was taken", past_only=True, label="Date taken")
    raw_score = forms.IntegerField(label="Raw score", required=False, min_value=0, max_value=100000)
    standardised_score = forms.IntegerField(
        label="Standardised score",
        required=False,
        min_value=1,
        max_value=250,
        help_text="The average is 100; 85 to 115 is the average range.",
    )
    percentile = forms.IntegerField(label="Percentile rank", required=False, min_value=0, max_value=100)
    age_equivalent_years = forms.IntegerField(label="Years", required=False, min_value=0, max_value=30)
    age_equivalent_months = forms.IntegerField(label="Months", required=False, min_value=0, max_value=11)
    assessor = forms.TypedChoiceField(label="Member of staff", required=False, coerce=int, empty_value=None)
    assessor_name = forms.CharField(
        label="Or, if they are not on the list, their name and role",
        required=False,
        max_length=200,
        help_text="For example, Dr J Patel, educational psychologist",
    )
    notes = forms.CharField(label="Notes (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, staff: list[User], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._staff = {user.pk: user for user in staff}
        self.fields["assessor"].choices = [("", "Not a member of staff here")] + [
            (user.pk, user.display_name) for user in staff
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        years, months = data.get("age_equivalent_years"), data.get("age_equivalent_months")
        if months is not None and years is None:
            self.add_error("age_equivalent_years", "Enter the years of the age equivalent as well as the months")
        scores = ("raw_score", "standardised_score", "percentile", "age_equivalent_years")
        if not self.errors and all(data.get(name) is None for name in scores):
            self.add_error(
                "raw_score", "Enter at least one result: a raw score, standardised score, percentile or age equivalent"
            )
        if data.get("assessor") and data.get("assessor_name"):
            self.add_error("assessor_name", "Choose a member of staff or type a name, not both")
        elif not data.get("assessor") and not data.get("assessor_name") and "assessor_name" not in self.errors:
            self.add_error("assessor", "Choose who gave the test, or type their name")
        return data

    def result_fields(self) -> dict[str, Any]:
        """The cleaned values as AssessmentResult fields, for the services."""
        data = self.cleaned_data
        years, months = data.get("age_equivalent_years"), data.get("age_equivalent_months")
        return {
            "test_name": data["test_name"].strip(),
            "taken_on": data["taken_on"],
            "raw_score": data.get("raw_score"),
            "standardised_score": data.get("standardised_score"),
            "percentile": data.get("percentile"),
            "age_equivalent_months": None if years is None else years * 12 + (months or 0),
            "assessor": self._staff.get(data["assessor"]) if data.get("assessor") else None,
            "assessor_name": "" if data.get("assessor") else data.get("assessor_name", "").strip(),
            "notes": data.get("notes", "").strip(),
        }

    @staticmethod
    def initial_for(result: AssessmentResult) -> dict[str, Any]:
        years, months = (None, None)
        if result.age_equivalent_months is not None:
            years, months = divmod(result.age_equivalent_months, 12)
        return {
            "test_name": result.test_name,
            "taken_on": result.taken_on,
            "raw_score": result.raw_score,
            "standardised_score": result.standardised_score,
            "percentile": result.percentile,
            "age_equivalent_years": years,
            "age_equivalent_months": months,
            "assessor": result.assessor_id,
            "assessor_name": result.assessor_name,
            "notes": result.notes,
        }


class AssessmentEditForm(AssessmentResultForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class AssessmentArchiveForm(core_forms.Form):
    reason = forms.CharField(
        error_messages={"required": "Enter why the result is being archived"},
        label="Why is this result being archived?",
        help_text="For example, entered against the wrong pupil, or a duplicate.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
    )
