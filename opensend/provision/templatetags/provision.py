from __future__ import annotations

from django import forms, template

register = template.Library()


@register.filter
def multiple(bound_field: forms.BoundField) -> bool:
    return isinstance(bound_field.field.widget, forms.CheckboxSelectMultiple)
