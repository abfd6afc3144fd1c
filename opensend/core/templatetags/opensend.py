"""Template helpers for rendering Django forms as GOV.UK components."""

from __future__ import annotations

from html import escape

from django import forms, template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

from opensend.core import forms as core_forms

register = template.Library()


@register.filter
def widget_kind(bound_field: forms.BoundField) -> str:
    """One word the field template switches on: date, checkbox, select, radios, textarea, hidden or input."""
    widget = bound_field.field.widget
    if isinstance(widget, core_forms.DateInput):
        return "date"
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
def chosen(bound_field: forms.BoundField) -> set[str]:
    """The values a multiple-choice field has chosen, as text, whether from the form or its initial."""
    return {str(value) for value in bound_field.value() or ()}


@register.filter
def input_type(bound_field: forms.BoundField) -> str:
    return getattr(bound_field.field.widget, "input_type", "text") or "text"


@register.filter
def date_parts(bound_field: forms.BoundField) -> list[tuple[str, str]]:
    return list(zip(core_forms.DATE_PARTS, core_forms.date_parts(bound_field.value()), strict=True))


@register.filter
def yes_no(value: bool) -> str:
    return "Yes" if value else "No"


@register.filter
def option_tags(bound_field: forms.BoundField) -> str:
    """The field's choices as <option> elements, the current value selected: one filter rather than a
    loop in the template, because every list page's filter has selects of up to a hundred options."""
    current = "" if bound_field.value() is None else str(bound_field.value())
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, " selected" if str(value) == current else "", label) for value, label in bound_field.field.choices),
    )


def tags_html(tags) -> str:
    """(label, colour) pairs as GOV.UK tags, escaped; for row filters that build a row's markup."""
    return " ".join(
        f'<strong class="govuk-tag govuk-tag--{escape(colour)}">{escape(label)}</strong>' for label, colour in tags
    )


@register.filter
def govuk_tags(tags) -> SafeString:
    """(label, colour) pairs as GOV.UK tags: a filter rather than a loop in the template, because a
    list page shows them on every one of its fifty rows."""
    return mark_safe(tags_html(tags))  # nosec B703, B308 # tags_html escapes every label and colour
