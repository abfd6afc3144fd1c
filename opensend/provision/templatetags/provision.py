from __future__ import annotations

from django import forms, template

register = template.Library()


@register.filter
def chosen(bound_field: forms.BoundField) -> set[str]:
    """The values a multiple-choice field has chosen, as text, whether from the form or its initial."""
    return {str(value) for value in bound_field.value() or ()}


@register.filter
def text(value) -> str:
    return str(value)


@register.filter
def multiple(bound_field: forms.BoundField) -> bool:
    return isinstance(bound_field.field.widget, forms.CheckboxSelectMultiple)
