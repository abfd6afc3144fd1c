"""Template helpers for rendering Django forms as GOV.UK components."""

from __future__ import annotations

from django import forms, template

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
