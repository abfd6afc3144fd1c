from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from opensend.core import forms as core_forms
from opensend.register.codes import BroadArea, SenType, broad_area_label
from opensend.register.models import SenStatus

from .models import ContributionRequest
from .selectors import StaffChoice

YES_NO = [("yes", "Yes"), ("no", "No")]


class ConcernRaiseForm(core_forms.Form):
    error_names = {
        "what_seen": "What you are seeing",
        "strategies_weeks": "The number of weeks",
        "parents_view": "What the parents or carers think",
    }
    what_seen = forms.CharField(
        error_messages={"required": "Describe what you are seeing"},
        label="What are you seeing?",
        help_text="What the pupil finds hard, when and how often, and how it compares with their classmates. "
        "Describe what you see rather than a diagnosis.",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
    )
    areas = forms.MultipleChoiceField(
        label="Which areas of need might this be?",
        help_text="Choose any that may apply. Leave them all unticked if you are not sure.",
        choices=BroadArea.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    strategies_tried = forms.CharField(
        error_messages={"required": "Enter what you have already tried"},
        label="What have you already tried?",
        help_text="Adjustments in class and any extra support, and what difference they made.",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
    )
    strategies_weeks = forms.IntegerField(
        error_messages={"required": "Enter for how many weeks, roughly"},
        label="For how many weeks?",
        min_value=0,
        max_value=104,
        help_text="Roughly, in school weeks.",
    )
    parents_view = forms.CharField(
        label="What do the parents or carers think? (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )
    parents_told = forms.ChoiceField(
        error_messages={"required": "Select yes if the parents or carers have been told"},
        label="Have the parents or carers been told about this concern?",
        choices=YES_NO,
        widget=forms.RadioSelect,
    )
    parents_told_on = core_forms.DateField(
        what="the date the parents or carers were told",
        past_only=True,
        label="If they have, when were they told?",
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if (
            data.get("parents_told") == "yes"
            and not data.get("parents_told_on")
            and "parents_told_on" not in self.errors
        ):
            self.add_error("parents_told_on", "Enter the date the parents or carers were told")
        return data

    def concern_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        told = data["parents_told"] == "yes"
        return {
            "raised_on": timezone.localdate(),
            "what_seen": data["what_seen"].strip(),
            "areas": [area for area in BroadArea.values if area in data["areas"]],
            "strategies_tried": data["strategies_tried"].strip(),
            "strategies_weeks": data["strategies_weeks"],
            "parents_view": data["parents_view"].strip(),
            "parents_told": told,
            "parents_told_on": data["parents_told_on"] if told else None,
        }


class PupilChoiceForm(core_forms.Form):
    pupil = forms.ChoiceField(
        error_messages={"required": "Choose the pupil", "invalid_choice": "Choose a pupil from the list"},
        label="Which pupil is the concern about?",
    )

    def __init__(self, *args, pupils: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pupil"].choices = [("", "Choose a pupil"), *pupils]


class RequestForm(core_forms.Form):
    asked = forms.TypedChoiceField(
        label="A member of staff",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "Choose a member of staff from the list"},
    )
    parent_name = forms.CharField(
        label="Or a parent or carer: their name",
        required=False,
        max_length=200,
        help_text="Ask them by letter, phone or at a meeting, then record their reply here when it comes.",
    )
    message = forms.CharField(
        label="What would you like to know? (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )

    def __init__(self, *args, staff: list[StaffChoice], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._staff = {choice.user.pk: choice.user for choice in staff}
        self.fields["asked"].choices = [("", "Choose a member of staff")] + [
            (choice.user.pk, choice.label) for choice in staff
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if "asked" in self.errors:
            return data
        asked, parent = data.get("asked"), data.get("parent_name", "").strip()
        if asked and parent:
            self.add_error("parent_name", "Ask one person at a time: a member of staff or a parent, not both")
        elif not asked and not parent:
            self.add_error("asked", "Choose the member of staff to ask, or enter the name of the parent or carer")
        return data

    def asked_user(self):
        return self._staff.get(self.cleaned_data["asked"]) if self.cleaned_data.get("asked") else None


class ContributionForm(core_forms.Form):
    text = forms.CharField(
        error_messages={"required": "Enter your contribution"},
        label="Your contribution",
        help_text="What you have seen of the pupil's learning or wellbeing, what helps and what does not.",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=5000,
    )


class ParentContributionForm(core_forms.Form):
    parent_name = forms.CharField(
        label="Parent or carer's name",
        max_length=200,
        error_messages={"required": "Enter the name of the parent or carer"},
    )
    given_on = core_forms.DateField(
        what="the date they gave their view", past_only=True, label="Date they gave their view"
    )
    text = forms.CharField(
        error_messages={"required": "Enter what they said"},
        label="What they said",
        help_text="In their words where you can.",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=5000,
    )
    request = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, open_requests: list[ContributionRequest], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._requests = {request.pk: request for request in open_requests if request.is_parent}

    def answered_request(self) -> ContributionRequest | None:
        return self._requests.get(self.cleaned_data.get("request"))


class AttachForm(core_forms.Form):
    results = forms.MultipleChoiceField(
        error_messages={"required": "Choose at least one result to attach"},
        label="Which results should the decision take into account?",
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, results, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._results = {str(result.public_id): result for result in results}
        self.fields["results"].choices = [(str(result.public_id), result_label(result)) for result in results]

    def chosen(self) -> list:
        return [self._results[key] for key in self.cleaned_data["results"]]


def result_label(result) -> str:
    scores = []
    if result.standardised_score is not None:
        scores.append(f"standardised score {result.standardised_score}")
    if result.raw_score is not None:
        scores.append(f"raw score {result.raw_score}")
    if result.percentile is not None:
        scores.append(f"percentile {result.percentile}")
    if result.age_equivalent:
        scores.append(f"age equivalent {result.age_equivalent}")
    return f"{result.test_name}, {result.taken_on.day} {result.taken_on:%B %Y}: {', '.join(scores)}"


class _DecisionForm(core_forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class RegisterDecisionForm(_DecisionForm):
    reason = forms.CharField(
        error_messages={"required": "Enter why the pupil needs SEN support"},
        label="Why does the pupil need SEN support?",
        help_text="What the evidence shows and what the school will do that is additional to or different from "
        "the usual differentiated curriculum.",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
    )
    start_date = core_forms.DateField(what="the date SEN support starts", past_only=True, label="SEN support starts on")
    parents_notified_on = core_forms.DateField(
        what="the date the parents were formally told",
        past_only=True,
        label="When were the parents formally told?",
        help_text="The SEND Code of Practice (6.43) says parents must be formally notified when SEN support starts. "
        f"{core_forms.DATE_HINT}",
    )
    parents_notified_by = forms.ChoiceField(
        error_messages={"required": "Select how the parents were told"},
        label="How were they told?",
        choices=SenStatus.NotifiedBy.choices,
        widget=forms.RadioSelect,
    )
    primary_need = forms.ChoiceField(label="Primary need (optional)", required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["primary_need"].choices = [("", "Not decided yet")] + [
            (code, f"{label} ({code}): {broad_area_label(code).lower()}") for code, label in SenType.choices
        ]
        self.fields[
            "primary_need"
        ].help_text = (
            "The census type of need. Choose NSA if the pupil needs SEN support before a specialist assessment."
        )


class MonitoringDecisionForm(_DecisionForm):
    reason = forms.CharField(
        error_messages={"required": "Enter why the pupil is being monitored"},
        label="Why is the pupil being monitored?",
        help_text="What the school will watch for, and when it will look again.",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
    )


class CloseForm(_DecisionForm):
    reason = forms.CharField(
        error_messages={"required": "Enter why the concern is being closed"},
        label="Why is the concern being closed?",
        help_text="For example, the difficulty has resolved with quality first teaching.",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
    )
