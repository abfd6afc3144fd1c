"""A pupil list row as one filter: the list shows fifty rows, and in a template each value costs
several times plain string building with the standard library's escaping (docs/benchmarks.md)."""

from __future__ import annotations

from html import escape
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from opensend.core.templatetags.opensend import tags_html

register = template.Library()


@register.filter
def pupil_row(row: dict[str, Any]) -> SafeString:
    """The pupil's row: name, year, registration group, date of birth and tags."""
    born = f"{row['date_of_birth']:%-d %b %Y}" if row["date_of_birth"] else ""
    return mark_safe(  # nosec B703, B308 # every value below is escaped; tests/pupils check it
        '<tr class="govuk-table__row">'
        f'<td class="govuk-table__cell"><a class="govuk-link" href="{escape(row["url"])}">'
        f"{escape(row['name'])}</a></td>"
        f'<td class="govuk-table__cell">{escape(row["year_label"])}</td>'
        f'<td class="govuk-table__cell">{escape(row["registration_group"] or "")}</td>'
        f'<td class="govuk-table__cell app-nowrap">{born}</td>'
        f'<td class="govuk-table__cell">{tags_html(row["flags"])}</td>'
        "</tr>"
    )
