"""Showing whole pence as pounds and pence, as the costed provision map does."""

from __future__ import annotations

from django import template

from opensend.provision.costs import pounds
from opensend.provision.templatetags.provision_costs import money

register = template.Library()


@register.filter
def pence(value) -> str:
    return money(pounds(value or 0))
