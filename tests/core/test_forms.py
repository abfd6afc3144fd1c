"""Every form's messages name their field, and every date is the GOV.UK date input."""

from __future__ import annotations

import datetime
import importlib
import pkgutil

import pytest
from django import forms
from django.template.loader import render_to_string
from django.utils import timezone

from opensend.core import forms as core_forms
from opensend.identification.forms import ConcernRaiseForm
from opensend.plans.forms import ReviewForm


class HeldForm(core_forms.Form):
    held_on = core_forms.DateField(what="the date the review was held", past_only=True, label="Date held")


def errors_of(form: forms.Form, name: str) -> list[str]:
    form.is_valid()
    return form.errors.get(name, [])


def test_a_date_is_typed_as_day_month_and_year_in_three_boxes():
    form = HeldForm({"held_on-day": "3", "held_on-month": "11", "held_on-year": "2026"})
    assert form.is_valid()
    assert form.cleaned_data["held_on"] == datetime.date(2026, 11, 3)


def test_a_date_posted_whole_is_still_read():
    form = HeldForm({"held_on": "2026-11-03"})
    assert form.is_valid()
    assert form.cleaned_data["held_on"] == datetime.date(2026, 11, 3)


def test_an_impossible_date_names_the_field():
    form = HeldForm({"held_on-day": "31", "held_on-month": "2", "held_on-year": "2026"})
    assert errors_of(form, "held_on") == ["Enter the date the review was held as a real date"]


def test_a_date_without_a_month_says_what_is_missing():
    form = HeldForm({"held_on-day": "3", "held_on-month": "", "held_on-year": "2026"})
    assert errors_of(form, "held_on") == ["The date the review was held must include a month"]


def test_a_two_figure_year_is_refused_by_name():
    form = HeldForm({"held_on-day": "3", "held_on-month": "11", "held_on-year": "26"})
    assert errors_of(form, "held_on") == ["The year of the date the review was held must have 4 numbers"]


def test_an_empty_date_asks_for_it_by_name():
    assert errors_of(HeldForm({}), "held_on") == ["Enter the date the review was held"]


def test_a_date_that_has_not_happened_yet_is_refused_by_name():
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    form = HeldForm({"held_on-day": tomorrow.day, "held_on-month": tomorrow.month, "held_on-year": tomorrow.year})
    assert errors_of(form, "held_on") == ["The date the review was held must be today or in the past"]


def test_the_date_input_is_rendered_as_three_labelled_boxes_keeping_what_was_typed():
    form = HeldForm({"held_on-day": "31", "held_on-month": "2", "held_on-year": "2026"})
    form.is_valid()
    html = render_to_string("includes/field.html", {"field": form["held_on"]})
    assert 'class="govuk-date-input"' in html
    for part, value in (("day", "31"), ("month", "2"), ("year", "2026")):
        assert f'name="held_on-{part}" type="text" inputmode="numeric" value="{value}"' in html
    assert '<legend class="govuk-fieldset__legend">Date held</legend>' in html
    assert "govuk-input--error" in html


def test_too_long_a_text_names_the_field_with_a_thousands_separator():
    form = ConcernRaiseForm({"strategies_tried": "x" * 10000})
    assert errors_of(form, "strategies_tried") == ["Strategies tried must be 5,000 characters or fewer"]


def test_a_question_label_gives_way_to_the_form_s_own_name_for_the_field():
    form = ConcernRaiseForm({"what_seen": "x" * 5001})
    assert errors_of(form, "what_seen") == ["What you are seeing must be 5,000 characters or fewer"]


def test_a_number_out_of_range_names_the_field():
    form = ConcernRaiseForm({"strategies_weeks": "200"})
    assert errors_of(form, "strategies_weeks") == ["The number of weeks must be 104 or less"]


def test_a_number_that_is_not_one_names_the_field():
    form = ConcernRaiseForm({"strategies_weeks": "six"})
    assert errors_of(form, "strategies_weeks") == ["The number of weeks must be a whole number"]


def test_a_message_the_form_words_itself_is_kept():
    form = ConcernRaiseForm({})
    assert errors_of(form, "strategies_tried") == ["Enter what you have already tried"]


def test_fields_a_form_adds_after_it_is_made_are_named_too():
    class Later(core_forms.Form):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self.fields["comment"] = forms.CharField(label="Comment on target 1", max_length=1200)

    assert errors_of(Later({"comment": "x" * 1201}), "comment") == [
        "Comment on target 1 must be 1,200 characters or fewer"
    ]
    assert errors_of(Later({}), "comment") == ["Enter comment on target 1"]


def test_a_choice_outside_the_list_names_the_field():
    class Pick(core_forms.Form):
        colour = forms.ChoiceField(label="Colour", choices=[("red", "Red")])

    assert errors_of(Pick({"colour": "blue"}), "colour") == ["Choose colour from the list"]


def test_the_plan_forms_are_on_the_shared_ground_floor():
    assert issubclass(ReviewForm, core_forms.Form)
    assert isinstance(ReviewForm.base_fields["reviewed_on"], core_forms.DateField)


def _all_subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _all_subclasses(sub)


@pytest.fixture
def project_forms() -> list[type[forms.BaseForm]]:
    import opensend

    for module in pkgutil.walk_packages(opensend.__path__, "opensend."):
        if module.name.rsplit(".", 1)[-1] in ("forms", "views", "import_views"):
            importlib.import_module(module.name)
    return [cls for cls in _all_subclasses(forms.BaseForm) if cls.__module__.startswith("opensend.")]


def test_every_form_of_the_project_names_its_errors_the_one_way(project_forms):
    assert len(project_forms) > 30
    assert [cls.__qualname__ for cls in project_forms if not issubclass(cls, core_forms.NamedErrorsMixin)] == []


def test_no_form_of_the_project_uses_the_browser_s_own_date_picker(project_forms):
    assert not [
        cls.__qualname__
        for cls in project_forms
        for field in cls.base_fields.values()
        if isinstance(field.widget, forms.DateInput | forms.DateTimeInput)
    ]
