from __future__ import annotations

from django import forms

from opensend.core import forms as core_forms

from .mis_import.values import CellError, clean_upn
from .models import MEDICAL_NEEDS_MAX_LENGTH, MEDICAL_NEEDS_TOO_LONG, Pupil, Sex, tidy_multiline
from .selectors import PupilFilters


class PupilFilterForm(core_forms.Form):
    year_group = forms.TypedChoiceField(label="Year group", required=False, coerce=int, empty_value=None)
    group = forms.TypedChoiceField(label="Group", required=False, coerce=int, empty_value=None)
    sex = forms.ChoiceField(label="Sex", required=False, choices=[("", "Any"), *Sex.choices])
    free_school_meals = forms.BooleanField(label="Free school meals (FSM)", required=False)
    english_additional_language = forms.BooleanField(label="English as an additional language (EAL)", required=False)
    pupil_premium = forms.BooleanField(label="Pupil premium", required=False)
    looked_after = forms.BooleanField(label="Looked after or previously looked after", required=False)

    def __init__(self, *args, year_choices, group_choices, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year_group"].choices = [("", "Any year"), *year_choices]
        self.fields["group"].choices = [("", "Any group"), *group_choices]

    def filters(self) -> PupilFilters:
        if not self.is_valid():
            return PupilFilters()
        return PupilFilters(**self.cleaned_data)

    def active_labels(self) -> list[str]:
        """What the filter currently selects, in words, for the 'Selected filters' panel."""
        if not self.is_valid():
            return []
        labels = []
        for name, value in self.cleaned_data.items():
            if value in (None, "", False):
                continue
            field = self.fields[name]
            if isinstance(field, forms.ChoiceField):
                labels.append(f"{field.label}: {dict(field.choices).get(value, value)}")
            else:
                labels.append(str(field.label))
        return labels


class PupilSearchForm(core_forms.Form):
    q = forms.CharField(label="Name or UPN", max_length=100, strip=True)


def validate_upn(value: str) -> str:
    """A permanent or temporary UPN with the right check letter (DfE guidance; census rule 1510),
    judged exactly as the MIS import judges it, with the census list of LA codes."""
    try:
        return clean_upn(value)
    except CellError as error:
        raise forms.ValidationError("Enter a valid UPN: 13 characters with the right check letter.") from error


class PupilEditForm(core_forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    date_of_birth = core_forms.DateField(
        what="the date of birth", past_only=True, label="Date of birth", help_text="For example, 14 3 2018"
    )

    class Meta:
        model = Pupil
        fields = [
            "upn",
            "legal_surname",
            "legal_forename",
            "preferred_forename",
            "date_of_birth",
            "sex",
            "free_school_meals",
            "english_additional_language",
            "pupil_premium",
            "looked_after",
            "previously_looked_after",
            "medical_needs",
        ]
        labels = {"upn": "UPN"}
        help_texts = {"upn": "For example, H801200001001"}

    def clean_medical_needs(self) -> str:
        # Counted once tidied: the browser sends each line break as two characters.
        value = tidy_multiline(self.cleaned_data["medical_needs"])
        if len(value) > MEDICAL_NEEDS_MAX_LENGTH:
            raise forms.ValidationError(MEDICAL_NEEDS_TOO_LONG)
        return value

    def clean_upn(self) -> str:
        value = self.cleaned_data["upn"].strip().upper()
        if not value:
            return value
        value = validate_upn(value)
        clash = Pupil.objects.filter(upn=value).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError("Another pupil already has this UPN (census rule 1520).")
        return value


class PupilArchiveForm(core_forms.Form):
    reason = forms.CharField(
        label="Why is this record being archived?",
        help_text="For example, created in error, or a duplicate of another record.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
    )
