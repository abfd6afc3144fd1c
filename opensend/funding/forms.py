from __future__ import annotations

from django import forms

from opensend.core import forms as core_forms
from opensend.ehc.models import LocalAuthority

from .models import Band, Status


class VersionForm(core_forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class LocalAuthorityChoice(forms.ModelChoiceField):
    def __init__(self, school, **kwargs) -> None:
        queryset = LocalAuthority.objects.active().filter(trust_id=school.trust_id).order_by("name")
        super().__init__(
            label="Local authority",
            queryset=queryset,
            empty_label="Choose a local authority",
            to_field_name="public_id",
            **kwargs,
        )


def _money(label: str, *, required: bool = True, help_text: str = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=required, min_value=0, max_digits=9, decimal_places=2, help_text=help_text
    )


class FrameworkForm(core_forms.Form):
    name = forms.CharField(
        label="Name of the framework", max_length=120, help_text="For example, INDES or Matrix bands"
    )
    notes = forms.CharField(label="Notes (optional)", required=False, max_length=4000, widget=forms.Textarea)

    def __init__(self, *args, school, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields = {"local_authority": LocalAuthorityChoice(school), **self.fields}


class FrameworkEditForm(VersionForm, FrameworkForm):
    pass


class BandForm(core_forms.Form):
    code = forms.CharField(label="Band", max_length=40, help_text="Its code or name, for example Band C or Level 3")
    description = forms.CharField(label="Description (optional)", required=False, max_length=200)
    annual_amount = _money(
        "Annual amount in pounds (optional)", required=False, help_text="Where the local authority publishes one."
    )


class ArchiveForm(VersionForm):
    reason = forms.CharField(label="Why are you archiving it?", max_length=1000, widget=forms.Textarea)


class BandArchiveForm(core_forms.Form):
    reason = forms.CharField(label="Why are you archiving this band?", max_length=1000, widget=forms.Textarea)


class BandChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Band) -> str:
        amount = f", £{obj.annual_amount:,.2f} a year" if obj.annual_amount is not None else ""
        return f"{obj.framework.name} ({obj.framework.local_authority.name}): {obj.code}{amount}"


class LinkChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return str(obj)


class ApplicationForm(core_forms.Form):
    amount_asked = _money("Amount asked for the period, in pounds")
    amount_awarded = _money(
        "Amount awarded for the period, in pounds (optional)",
        required=False,
        help_text="Once the local authority has decided.",
    )
    status = forms.ChoiceField(label="Status", choices=Status.choices, widget=forms.RadioSelect)
    starts_on = core_forms.DateField(label="Start of the funding period", what="the start of the funding period")
    ends_on = core_forms.DateField(label="End of the funding period", what="the end of the funding period")
    renewal_on = core_forms.DateField(label="Renewal date (optional)", what="the renewal date", required=False)
    submitted_on = core_forms.DateField(
        label="Date submitted (optional)", what="the date the application was submitted", past_only=True, required=False
    )
    decided_on = core_forms.DateField(
        label="Date of the decision (optional)", what="the date of the decision", past_only=True, required=False
    )
    notes = forms.CharField(label="Notes (optional)", required=False, max_length=4000, widget=forms.Textarea)

    def __init__(self, *args, school, pupil, provisions, provision_lines, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        bands = (
            Band.objects.active()
            .filter(framework__school=school, framework__archived_at__isnull=True)
            .select_related("framework__local_authority")
            .order_by("framework__local_authority__name", "framework__name", "code")
        )
        chosen = {
            "local_authority": LocalAuthorityChoice(school),
            "band": BandChoice(label="Band asked for", queryset=bands, empty_label="Choose a band"),
        }
        links = {
            "provisions": LinkChoice(
                label="Provision it pays for (optional)",
                queryset=provisions,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                to_field_name="public_id",
            ),
            "provision_lines": LinkChoice(
                label="EHC plan Section F lines it pays for (optional)",
                queryset=provision_lines,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            ),
        }
        if not provision_lines.exists():
            del links["provision_lines"]
        self.fields = {**chosen, **self.fields, **links}


class ApplicationEditForm(VersionForm, ApplicationForm):
    pass
