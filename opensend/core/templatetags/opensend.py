"""Template helpers for rendering Django forms as GOV.UK components."""

from __future__ import annotations

from django import forms, template
from django.utils.html import format_html_join

register = template.Library()


@register.filter
def widget_kind(bound_field: forms.BoundField) -> str:
    """One word the field template switches on: checkbox, select, radios, textarea, hidden or input."""
    widget = bound_field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    return "input"


@register.filter
def input_type(bound_field: forms.BoundField) -> str:
    return getattr(bound_field.field.widget, "input_type", "text") or "text"


@register.filter
def yes_no(value: bool) -> str:
    return "Yes" if value else "No"


@register.filter
def select_options(bound_field: forms.BoundField) -> list[tuple[str, str, bool]]:
    """The field's choices as (value, label, selected), read once: a select on every list page's
    filter can have a hundred options, and asking the field for its value per option is slow."""
    current = "" if bound_field.value() is None else str(bound_field.value())
    return [(str(value), label, str(value) == current) for value, label in bound_field.field.choices]


@register.filter
def govuk_tags(tags) -> str:
    """(label, colour) pairs as GOV.UK tags: a filter rather than a loop in the template, because a
    list page shows them on every one of its fifty rows."""
    return format_html_join(" ", '<strong class="govuk-tag govuk-tag--{1}">{0}</strong>', tags)
