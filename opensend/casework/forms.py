from __future__ import annotations

from django import forms

from opensend.core import forms as core_forms

from .models import MAX_WAITING_WEEKS, Consent, Outcome, ReferralStatus, ServiceKind


class VersionForm(core_forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


def _optional(label: str, *, max_length: int, help_text: str = "") -> forms.CharField:
    return forms.CharField(label=label, required=False, max_length=max_length, help_text=help_text)


class ServiceForm(core_forms.Form):
    kind = forms.ChoiceField(label="Type of service", choices=ServiceKind.choices, widget=forms.RadioSelect)
    name = forms.CharField(
        label="Name", max_length=120, help_text="For example, Riverside Educational Psychology Service"
    )
    phone = _optional("Phone number (optional)", max_length=40)
    email = forms.EmailField(label="Email address (optional)", required=False)
    address = forms.CharField(label="Address (optional)", required=False, max_length=2000, widget=forms.Textarea)
    website = forms.URLField(label="Website (optional)", required=False, assume_scheme="https")
    referral_route = forms.CharField(
        label="How to refer",
        max_length=2000,
        widget=forms.Textarea,
        help_text="The form, portal or person referrals go through, and what to send with them.",
    )
    waiting_weeks = forms.IntegerField(
        label="Usual waiting time in weeks",
        min_value=1,
        max_value=MAX_WAITING_WEEKS,
        help_text=(
            "How long the service usually takes to respond. A referral expects a response this long after it is sent."
        ),
    )
    notes = forms.CharField(label="Notes (optional)", required=False, max_length=4000, widget=forms.Textarea)


class ServiceAddForm(ServiceForm):
    shared = forms.BooleanField(
        label="Share it with every school in the trust",
        required=False,
        help_text="Other schools can use it; only your school can change it.",
    )


class ServiceEditForm(VersionForm, ServiceForm):
    pass


class ProfessionalForm(core_forms.Form):
    name = forms.CharField(label="Name", max_length=120)
    job_title = _optional("Job title (optional)", max_length=120, help_text="For example, Educational psychologist")
    phone = _optional("Phone number (optional)", max_length=40)
    email = forms.EmailField(label="Email address (optional)", required=False)


class ServiceChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} ({obj.get_kind_display()}, usually {obj.waiting_weeks} weeks)"


class ReferralForm(core_forms.Form):
    service = ServiceChoice(label="Service", queryset=None, empty_label="Choose a service", to_field_name="public_id")
    professional = forms.ModelChoiceField(
        label="Professional (optional)",
        queryset=None,
        required=False,
        empty_label="Nobody in particular",
        to_field_name="public_id",
        help_text="Someone at the service the referral is addressed to.",
    )
    reason = forms.CharField(
        label="Why is the pupil being referred?",
        max_length=5000,
        widget=forms.Textarea,
        error_messages={"required": "Enter why the pupil is being referred"},
    )
    consent = forms.ChoiceField(
        label="Parent consent",
        choices=Consent.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the parent gave consent"},
    )
    consent_on = core_forms.DateField(
        label="Date of the parent's answer", required=False, past_only=True, what="the date of the parent's answer"
    )

    def __init__(self, *args, services, professionals, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services
        self.fields["professional"].queryset = professionals


class ReferralEditForm(VersionForm, ReferralForm):
    pass


class StatusForm(VersionForm):
    status = forms.ChoiceField(
        label="What has happened?", widget=forms.RadioSelect, error_messages={"required": "Choose what has happened"}
    )
    on = core_forms.DateField(label="Date", past_only=True, what="the date it happened")

    def __init__(self, *args, statuses, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(value, ReferralStatus(value).label) for value in statuses]


class ChaserForm(core_forms.Form):
    on = core_forms.DateField(label="Date chased", past_only=True)
    note = forms.CharField(label="What was said", max_length=2000, widget=forms.Textarea)


class ReportChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.service.name}, {obj.get_status_display().lower()}"


class ReportForm(core_forms.Form):
    service = ServiceChoice(
        label="From which service?", queryset=None, empty_label="Choose a service", to_field_name="public_id"
    )
    referral = ReportChoice(
        label="In answer to a referral (optional)",
        queryset=None,
        required=False,
        empty_label="Not in answer to one",
        to_field_name="public_id",
    )
    title = forms.CharField(label="Title", max_length=200, help_text="For example, Speech and language assessment")
    author = forms.CharField(label="Written by", max_length=200, help_text="The professional's name and role")
    written_on = core_forms.DateField(label="Date of the report", past_only=True)
    file = core_forms.DocumentField(label="The report (optional)", required=False)
    recommendations = forms.CharField(
        label="Recommendations (optional)",
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="One recommendation a line. You record what the school did about each on the report's page.",
    )

    def __init__(self, *args, services, referrals, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services
        self.fields["referral"].queryset = referrals

    def clean(self):
        cleaned = super().clean()
        referral, service = cleaned.get("referral"), cleaned.get("service")
        if referral is not None and service is not None and referral.service_id != service.pk:
            self.add_error("referral", "Choose a referral to the same service, or none")
        return cleaned

    @property
    def recommendation_lines(self) -> list[str]:
        return [
            line.strip(" -•\t")
            for line in self.cleaned_data.get("recommendations", "").splitlines()
            if line.strip(" -•\t")
        ]


class RecommendationForm(core_forms.Form):
    text = forms.CharField(label="Recommendation", max_length=2000, widget=forms.Textarea)


class LinkChoice(forms.ModelChoiceField):
    def __init__(self, *args, describe, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.describe = describe

    def label_from_instance(self, obj) -> str:
        return self.describe(obj)


class OutcomeForm(VersionForm):
    outcome = forms.ChoiceField(
        label="What did the school do?",
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    outcome_on = core_forms.DateField(
        label="Date decided", required=False, past_only=True, what="the date it was decided"
    )
    passport_version = LinkChoice(
        label="Passport version (optional)",
        queryset=None,
        required=False,
        empty_label="Not linked",
        describe=lambda v: f"Version {v.number}, {v.created_at:%-d %B %Y}",
    )
    target = LinkChoice(
        label="Plan target (optional)",
        queryset=None,
        required=False,
        empty_label="Not linked",
        describe=lambda t: f"{t.description[:80]} (by {t.by_date:%-d %B %Y})",
    )
    provision = LinkChoice(
        label="Provision (optional)", queryset=None, required=False, empty_label="Not linked", describe=str
    )
    outcome_note = forms.CharField(
        label="What was done, or why it was declined",
        required=False,
        max_length=2000,
        widget=forms.Textarea,
        help_text="Needed when the recommendation is declined.",
    )

    def __init__(self, *args, versions, targets, provisions, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["passport_version"].queryset = versions
        self.fields["target"].queryset = targets
        self.fields["provision"].queryset = provisions
