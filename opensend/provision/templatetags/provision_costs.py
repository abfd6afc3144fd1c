"""Showing a costed provision map's cells: money in pounds and pence, dates and hours as people read them."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def cost_cell(value, column) -> str:
    """One cell of the map, as `column` (a cost_documents.Column) says to show it."""
    if value is None or value == "":
        return ""
    kind = getattr(column, "kind", "text")
    if kind == "money":
        return money(value)
    if kind == "date" and isinstance(value, datetime.date):
        return f"{value.day} {value:%b %Y}"
    if kind == "hours":
        return number_format(Decimal(value).quantize(Decimal("0.1")), decimal_pos=1, force_grouping=True)
    if kind == "count":
        return number_format(value, force_grouping=True)
    return str(value)


@register.filter
def money(value) -> str:
    if value is None:
        return ""
    amount = Decimal(value).quantize(Decimal("0.01"))
    sign = "\u2212" if amount < 0 else ""  # a minus sign, as printed figures use
    return f"{sign}£{number_format(abs(amount), decimal_pos=2, force_grouping=True)}"


@register.filter
def subtract_money(first, second) -> str:
    return money(Decimal(first) - Decimal(second))
