from __future__ import annotations

from django import forms

from opensend.core import forms as core_forms
from opensend.register.codes import BroadArea

from .models import Decision, Exception10_4, LocalAuthority, MadeBy, PlanDocument, ReviewDecision, Transfer


def _date(label: str, *, required: str = "", help_text: str = "") -> core_forms.DateField:
    return core_forms.DateField(label=label, required=bool(required), help_text=help_text)


def _text(label: str, *, help_text: str = "", max_length: int | None = None, textarea: bool = False):
    return forms.CharField(
        label=label,
        required=False,
        help_text=help_text,
        max_length=max_length,
        widget=forms.Textarea if textarea else forms.TextInput,
    )


class VersionForm(core_forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class LocalAuthorityForm(core_forms.Form):
    code = forms.CharField(
        label="LA code",
        max_length=3,
        help_text="The three-digit DfE code, for example 380",
        error_messages={"required": "Enter the LA code"},
    )
    name = forms.CharField(
        label="Name", max_length=120, error_messages={"required": "Enter the local authority's name"}
    )
    send_team_email = forms.EmailField(
        label="SEND team email",
        required=False,
        error_messages={"invalid": "Enter an email address like send@example.gov.uk"},
    )
    send_team_phone = _text("SEND team phone", max_length=40)
    send_team_contacts = _text("SEND team contacts", help_text="Named officers and what they cover.", textarea=True)
    portal_url = forms.URLField(
        label="Portal address",
        assume_scheme="https",
        required=False,
        help_text="Where the local authority takes requests and advice online",
        error_messages={"invalid": "Enter a web address like https://send.example.gov.uk"},
    )
    local_variations = _text(
        "Local variations",
        help_text="How this local authority's process differs: forms, panels, dates, who to copy in.",
        textarea=True,
    )


class LocalAuthorityEditForm(VersionForm, LocalAuthorityForm):
    pass


class LocalAuthorityField(forms.ModelChoiceField):
    default_error_messages = {
        "required": "Choose the local authority the request went to",
        "invalid_choice": "Choose a local authority from the list",
    }


class RequestForm(core_forms.Form):
    local_authority = LocalAuthorityField(label="Local authority", queryset=LocalAuthority.objects.none())
    made_by = forms.ChoiceField(
        label="Who made the request?",
        choices=MadeBy.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who made the request"},
    )
    requested_on = _date(
        "Date the local authority received the request",
        required="Enter the date the local authority received the request",
        help_text="The statutory clock starts on this day.",
    )

    def __init__(self, *args, authorities, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["local_authority"].queryset = authorities


def _optional_choice(label: str, choices, *, empty: str, help_text: str = "") -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=[("", empty), *choices], required=False, help_text=help_text)


class StepsForm(VersionForm, RequestForm):
    """Every step of the request on one page: a date left empty is a step not yet taken."""

    decision = _optional_choice("Decision on whether to assess", Decision.choices, empty="Not decided yet")
    decision_on = _date(
        "Date of the decision letter",
    )
    mediation_certificate_on = _date(
        "Date of the mediation certificate", help_text="If the family went to mediation or chose not to."
    )
    advice_requested_on = _date(
        "Date the local authority asked the school for advice",
    )
    advice_sent_on = _date(
        "Date the school sent its advice",
    )
    no_plan_on = _date("Date of the decision not to issue a plan", help_text="After assessing.")
    draft_plan_on = _date(
        "Date the draft plan was sent",
    )
    naming_consulted_on = _date(
        "Date the school was consulted on being named",
    )
    naming_response_on = _date(
        "Date the school answered the consultation",
    )
    final_plan_on = _date(
        "Date the final plan was issued",
    )
    exception = _optional_choice(
        "Exception to the 16 and 20 weeks (SEND Regulations 2014, reg 10(4))",
        Exception10_4.choices,
        empty="None",
        help_text="The local authority should tell the family when one applies.",
    )
    exception_details = _text("Why the exception applies", textarea=True)


class RemoveForm(VersionForm):
    reason = forms.CharField(
        label="Why are you removing this request?",
        widget=forms.Textarea,
        error_messages={"required": "Say why you are removing this request"},
    )


class PlanForm(core_forms.Form):
    local_authority = LocalAuthorityField(
        label="Local authority that issued it", queryset=LocalAuthority.objects.none()
    )
    issued_on = _date("Date the final plan was issued", required="Enter the date the final plan was issued")
    transfer_on = _date(
        "Date of the next phase transfer",
        help_text="For example, 1 9 2027 for a move to secondary school. Leave empty if none is due.",
    )
    transfer = forms.ChoiceField(
        label="Kind of transfer",
        choices=Transfer.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text="Secondary to post-16 is due by 31 March of the year of transfer; any other by 15 February.",
    )
    transfer_amended_on = _date(
        "Date the plan was amended to name the next school or college",
    )

    def __init__(self, *args, authorities, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["local_authority"].queryset = authorities


class PlanEditForm(VersionForm, PlanForm):
    pass


class ReviewForm(core_forms.Form):
    meeting_on = _date(
        "Date of the review meeting",
        required="Enter the date of the review meeting",
        help_text="Invitations and advice are due 2 weeks before it.",
    )
    invitations_sent_on = _date(
        "Date the invitations were sent",
    )
    advice_circulated_on = _date(
        "Date the advice was circulated",
    )
    held = forms.BooleanField(label="The meeting was held", required=False)
    report_sent_on = _date("Date the review report was sent", help_text="To the local authority and everyone invited.")
    decision = _optional_choice("Local authority's decision", ReviewDecision.choices, empty="Not decided yet")
    decision_on = _date(
        "Date of the local authority's decision",
    )
    amendment_notice_on = _date(
        "Date the proposed amendments were sent",
    )
    final_amended_on = _date(
        "Date the final amended plan was issued",
    )


class ReviewEditForm(VersionForm, ReviewForm):
    pass


class DocumentForm(core_forms.Form):
    kind = forms.ChoiceField(
        label="What is it?",
        choices=PlanDocument.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the document is"},
    )
    file = core_forms.DocumentField(label="Upload a file")


class OutcomeForm(core_forms.Form):
    area = forms.ChoiceField(
        label="Area of need",
        choices=BroadArea.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the area of need"},
    )
    description = forms.CharField(
        label="Outcome",
        widget=forms.Textarea,
        help_text="As Section E of the plan words it.",
        error_messages={"required": "Enter the outcome"},
    )


class OutcomeField(forms.ModelChoiceField):
    default_error_messages = {"invalid_choice": "Choose an outcome from the list"}

    def label_from_instance(self, obj) -> str:
        return obj.description[:100]


class ProvisionLineForm(core_forms.Form):
    description = forms.CharField(
        label="Provision",
        widget=forms.Textarea,
        help_text="As Section F of the plan words it.",
        error_messages={"required": "Enter the provision"},
    )
    how_often = forms.CharField(
        label="How often", max_length=120, required=False, help_text="For example, 3 x 30 minutes a week"
    )
    delivered_by = forms.CharField(
        label="Delivered by", max_length=120, required=False, help_text="For example, a speech and language therapist"
    )
    outcome = OutcomeField(
        label="The outcome it serves", queryset=None, required=False, empty_label="Not linked to one outcome"
    )

    def __init__(self, *args, outcomes, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outcome"].queryset = outcomes
