from __future__ import annotations

from django import forms

from opensend.core import forms as core_forms
from opensend.ehc.models import AnnualReview, LocalAuthority

from .models import Arrangement, CareStatus, LegalStatus, Pep, PepTarget, Placement


def _date(label: str, *, required: bool = False, help_text: str = "") -> core_forms.DateField:
    return core_forms.DateField(label=label, required=required, past_only=True, help_text=help_text)


def _text(label: str, *, help_text: str = "", max_length: int | None = None, textarea: bool = False):
    return forms.CharField(
        label=label,
        required=False,
        help_text=help_text,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": 3}) if textarea else forms.TextInput,
    )


def _choice(label: str, choices, *, empty: str, help_text: str = "") -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=[("", empty), *choices], required=False, help_text=help_text)


def _email(label: str) -> forms.EmailField:
    return forms.EmailField(
        label=label, required=False, error_messages={"invalid": f"Enter the {label.lower()} like name@example.gov.uk"}
    )


class VersionForm(core_forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ContactsForm(core_forms.Form):
    care_authority = forms.ModelChoiceField(
        label="Care authority",
        queryset=LocalAuthority.objects.none(),
        required=False,
        empty_label="Not in the directory",
        help_text="The local authority that looks after the child (from the trust's directory of local authorities).",
        error_messages={"invalid_choice": "Choose a care authority from the list"},
    )
    care_authority_name = _text("Care authority, if not in the directory", max_length=120)
    legal_status = _choice("Legal status", LegalStatus.choices, empty="Not known")
    placement = _choice("Placement type", Placement.choices, empty="Not known")
    pep_initiated_on = _date("Date the social worker initiated the PEP")
    social_worker_name = _text("Social worker", max_length=120)
    social_worker_email = _email("Social worker's email")
    social_worker_phone = _text("Social worker's phone", max_length=40)
    virtual_school_name = _text("Virtual School contact", max_length=120)
    virtual_school_email = _email("Virtual School email")
    virtual_school_phone = _text("Virtual School phone", max_length=40)

    def __init__(self, *args, authorities, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["care_authority"].queryset = authorities


class StatusForm(core_forms.Form):
    status = forms.ChoiceField(
        label="Care status",
        choices=CareStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the care status"},
    )
    entered_care_on = _date("Date the child entered care", help_text="The PEP clock starts on this day.")
    left_care_on = _date("Date the child left care")
    arrangement = _choice("Order under which the child left care", Arrangement.choices, empty="None")
    arrangement_on = _date("Date of the arrangement")


class RegisterForm(ContactsForm, StatusForm):
    """The status first, then who looks after the child and whom to contact."""


class ContactsEditForm(VersionForm, ContactsForm):
    pass


class StatusEditForm(VersionForm, StatusForm):
    pass


class PepForm(core_forms.Form):
    kind = forms.ChoiceField(
        label="Which PEP is it?",
        choices=Pep.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose which PEP it is"},
    )
    meeting_on = _date("Date of the PEP meeting", required=True)
    attendees = _text("Who attended", help_text="Names and roles, one a line.", textarea=True)
    attainment = _text("Attainment and progress", textarea=True)
    attendance_percent = forms.DecimalField(
        label="Attendance (%)",
        required=False,
        min_value=0,
        max_value=100,
        decimal_places=1,
        error_messages={"invalid": "Enter the attendance as a number, like 94.5"},
    )
    attendance_notes = _text("Attendance notes", textarea=True)
    sen = _text(
        "Special educational needs",
        help_text="Filled in from the SEN register where the pupil is on it: check it still says what the PEP agreed.",
        textarea=True,
    )
    child_voice = _text("The child's voice", help_text="What the child said, in their words.", textarea=True)
    pp_plus_allocated = forms.DecimalField(
        label="Pupil Premium Plus allocated (£)",
        required=False,
        min_value=0,
        max_digits=8,
        decimal_places=2,
        error_messages={"invalid": "Enter the Pupil Premium Plus allocated as an amount, like 1300"},
    )
    annual_review = forms.ModelChoiceField(
        label="Held together with an EHC plan annual review",
        queryset=AnnualReview.objects.none(),
        required=False,
        empty_label="No",
        help_text="The annual review must have been held on the same day.",
        error_messages={"invalid_choice": "Choose an annual review from the list"},
    )

    def __init__(self, *args, reviews, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["annual_review"].queryset = reviews
        self.fields["annual_review"].label_from_instance = lambda review: (
            f"Annual review of {review.meeting_on:%-d %B %Y}"
        )


class PepEditForm(VersionForm, PepForm):
    pass


class TargetForm(core_forms.Form):
    description = forms.CharField(
        label="Target", widget=forms.Textarea(attrs={"rows": 3}), error_messages={"required": "Enter the target"}
    )
    progress = forms.ChoiceField(
        label="Progress",
        choices=PepTarget.Progress.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the progress made"},
    )
    progress_notes = _text("Progress notes", textarea=True)


class TargetEditForm(VersionForm, TargetForm):
    pass


class SpendForm(core_forms.Form):
    amount = forms.DecimalField(
        label="Amount (£)",
        min_value=0,
        max_digits=8,
        decimal_places=2,
        error_messages={"required": "Enter the amount", "invalid": "Enter the amount as a number, like 450"},
    )
    purpose = forms.CharField(
        label="What it pays for", max_length=200, error_messages={"required": "Enter what the spending pays for"}
    )
