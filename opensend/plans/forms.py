from __future__ import annotations

from django import forms

from opensend.core import forms as core_forms

from .models import Cycle, ParentMeeting, PlanTemplate, Progress, Target


def _text(label: str, *, required: str = "", help_text: str = "") -> forms.CharField:
    """A text area; `required` is the message when it is left empty (empty: optional)."""
    return forms.CharField(
        label=label,
        required=bool(required),
        help_text=help_text,
        widget=forms.Textarea,
        strip=True,
        error_messages={"required": required},
    )


def _date(
    label: str, *, what: str, required: bool = True, past_only: bool = False, help_text: str = core_forms.DATE_HINT
) -> core_forms.DateField:
    return core_forms.DateField(label=label, what=what, required=required, past_only=past_only, help_text=help_text)


class VersionForm(core_forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class LeadTeacherField(forms.ModelChoiceField):
    default_error_messages = {
        "required": "Choose the lead teacher",
        "invalid_choice": "Choose a lead teacher from the list",
    }

    def label_from_instance(self, obj) -> str:
        return obj.display_name


class CycleStartForm(core_forms.Form):
    lead_teacher = LeadTeacherField(label="Lead teacher", queryset=None, empty_label=None)
    opened_on = _date("Start date", what="the date the cycle starts", past_only=True)
    review_date = _date(
        "Review date",
        what="the review date",
        required=False,
        help_text="You can set or change this at the Plan stage. For example, 27 3 2027",
    )
    template = forms.ModelChoiceField(
        label="Start from a template",
        queryset=PlanTemplate.objects.filter(is_active=True),
        required=False,
        empty_label="No template",
        help_text="Adds the template's outcomes, targets and strategies, for you to adapt.",
    )
    from_previous = forms.BooleanField(
        label="Carry forward the targets not achieved and the next steps from the last review",
        required=False,
        initial=True,
    )

    def __init__(self, *args, lead_teachers, previous: Cycle | None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_teacher"].queryset = lead_teachers
        if previous is None:
            del self.fields["from_previous"]
        self.fields["template"].label_from_instance = lambda template: (
            f"{template.name} ({template.get_broad_area_display()})" if template.broad_area else template.name
        )

    def clean(self):
        cleaned = super().clean()
        opened_on, review_date = cleaned.get("opened_on"), cleaned.get("review_date")
        if opened_on and review_date and review_date < opened_on:
            self.add_error("review_date", "The review date must be on or after the start date.")
        return cleaned


class AssessmentResultField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        scores = [
            f"standardised score {obj.standardised_score}" if obj.standardised_score is not None else "",
            f"percentile {obj.percentile}" if obj.percentile is not None else "",
            f"age equivalent {obj.age_equivalent}" if obj.age_equivalent else "",
            f"raw score {obj.raw_score}" if obj.raw_score is not None else "",
        ]
        detail = ", ".join(score for score in scores if score)
        return f"{obj.test_name}, {obj.taken_on:%-d %B %Y}" + (f": {detail}" if detail else "")


class AssessForm(VersionForm):
    findings = _text("What was found", help_text="Strengths, difficulties and what the assessment shows.")
    evidence = _text("Evidence", help_text="Observations, work samples and anything else the assessment used.")
    assessment_results = AssessmentResultField(
        label="Assessment results",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The screener and standardised results this assessment drew on.",
    )
    pupil_voice = _text("Pupil voice", help_text="What the pupil says, in their own words where you can.")
    parent_voice = _text("Parent voice", help_text="What the parents or carers say.")

    def __init__(self, *args, results, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assessment_results"].queryset = results


class PlanForm(VersionForm):
    lead_teacher = LeadTeacherField(label="Lead teacher", queryset=None, empty_label=None)
    review_date = _date("Review date", what="the review date")
    strategies = _text("Strategies", help_text="How adults will teach and support the pupil day to day.")
    linked_provision = _text(
        "Linked provision", help_text="Interventions and support the plan relies on, for example a reading group."
    )
    who_does_what = _text("Who does what", help_text="Who is responsible for each part of the plan, and when.")

    def __init__(self, *args, lead_teachers, opened_on, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_teacher"].queryset = lead_teachers
        self.opened_on = opened_on

    def clean_review_date(self):
        review_date = self.cleaned_data["review_date"]
        if review_date < self.opened_on:
            self.add_error("review_date", "The review date must be on or after the date the cycle started.")
        return review_date


class OutcomeForm(core_forms.Form):
    description = _text(
        "Outcome",
        required="Enter the outcome",
        help_text="What the pupil will be able to do by the end of the cycle.",
    )


class OutcomeEditForm(VersionForm, OutcomeForm):
    pass


class TargetForm(core_forms.Form):
    description = _text(
        "Target", required="Enter the target", help_text="Specific and achievable: one step towards the outcome."
    )
    success_measure = _text(
        "Measure of success",
        required="Enter how you will know the target is met",
        help_text="How you will know it is met, for example 8 out of 10 times.",
    )
    by_date = _date("By", what="the date the target should be met by")
    who_does_what = _text("Who does what", help_text="For example, TA: 10 minutes three times a week.")


class TargetEditForm(VersionForm, TargetForm):
    pass


class NoteForm(core_forms.Form):
    written_on = _date("Date", what="the date of the note", past_only=True)
    text = _text(
        "Note", required="Enter the note", help_text="What was done, how the pupil responded, anything to change."
    )


class ReviewForm(VersionForm):
    reviewed_on = _date("Date of the review", what="the date the review was held", past_only=True)
    what_worked = _text("What worked")
    what_did_not_work = _text("What did not work")
    next_steps = _text("Next steps", help_text="The next cycle starts from these.")

    def __init__(self, *args, targets: list[Target], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.targets = targets
        for number, target in enumerate(targets, start=1):
            self.fields[f"progress_{target.pk}"] = forms.ChoiceField(
                label=f"Target {number}: {target.description}",
                choices=Progress.choices,
                widget=forms.RadioSelect,
                initial=target.progress or None,
                error_messages={"required": f"Choose the progress made towards target {number}"},
            )
            self.fields[f"comment_{target.pk}"] = forms.CharField(
                label=f"Comment on target {number} (optional)",
                required=False,
                widget=forms.Textarea,
                initial=target.review_comment,
            )

    def target_rows(self) -> list[tuple[Target, forms.BoundField, forms.BoundField]]:
        return [(target, self[f"progress_{target.pk}"], self[f"comment_{target.pk}"]) for target in self.targets]

    def progress(self) -> dict[int, tuple[str, str]]:
        return {
            target.pk: (self.cleaned_data[f"progress_{target.pk}"], self.cleaned_data[f"comment_{target.pk}"])
            for target in self.targets
        }


class CloseForm(VersionForm):
    closed_on = _date("Date closed", what="the date the cycle closed", past_only=True)
    start_next = forms.BooleanField(
        label="Start the next cycle from this review",
        required=False,
        initial=True,
        help_text="Carries forward the targets not achieved and the next steps.",
    )


class PersonChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.display_name


class FamilyChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return str(obj)


class MeetingForm(core_forms.Form):
    held_on = _date("Date of the meeting", what="the date of the meeting", past_only=True)
    kind = forms.ChoiceField(
        label="Kind of meeting",
        choices=ParentMeeting.Kind.choices,
        widget=forms.RadioSelect,
        initial=ParentMeeting.Kind.SEN_SUPPORT_REVIEW,
        error_messages={"required": "Choose the kind of meeting"},
    )
    staff_present = PersonChoices(
        label="Staff present",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose staff from the list"},
    )
    family_present = FamilyChoices(
        label="Family present",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose family members from the list"},
    )
    other_attendees = _text(
        "Professionals and others present",
        help_text="Names and roles, one to a line. For example, Dr Shah, educational psychologist",
    )
    pupil_views = _text("The pupil's views", help_text="What the pupil said, in their own words where you can.")
    family_views = _text("The family's views", help_text="What the parents or carers said.")
    notes = _text("What was discussed")
    decisions = _text("Decisions", help_text="What the meeting decided. Add actions, with who does them, next.")

    def __init__(self, *args, staff, family, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["staff_present"].queryset = staff
        self.fields["family_present"].queryset = family

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("staff_present") or cleaned.get("family_present") or cleaned.get("other_attendees")):
            self.add_error("other_attendees", "Enter who attended: choose staff or family, or write who else was there")
        return cleaned


class OwnerField(forms.ModelChoiceField):
    default_error_messages = {
        "required": "Choose who will do the action",
        "invalid_choice": "Choose who will do the action from the list",
    }

    def label_from_instance(self, obj) -> str:
        return obj.display_name


class ActionForm(core_forms.Form):
    description = forms.CharField(
        label="Action",
        widget=forms.Textarea,
        max_length=2000,
        error_messages={"required": "Enter the action"},
    )
    owner = OwnerField(label="Who will do it", queryset=None, empty_label="Choose a member of staff")
    due_on = _date("Due by", what="the date the action is due")

    def __init__(self, *args, staff, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = staff
