"""A register row as one filter. The register shows fifty rows; in a template each value and test
costs about 5 µs, and format_html about 2 µs a value, several times plain string building with the
standard library's escaping, which is what Django's escaping does underneath (docs/benchmarks.md)."""

from __future__ import annotations

from html import escape
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from opensend.core.templatetags.opensend import tags_html

from ..codes import Provision

register = template.Library()

_PROVISION_TAGS = {
    Provision.EHC_PLAN: '<strong class="govuk-tag govuk-tag--pink">EHC plan</strong>',
    Provision.SEN_SUPPORT: '<strong class="govuk-tag govuk-tag--turquoise">SEN support</strong>',
    Provision.NONE: "No SEN",
}
_NOT_RECORDED = '<strong class="govuk-tag govuk-tag--red">Not recorded</strong>'
_NO_NEED = '<strong class="govuk-tag govuk-tag--red">No need recorded</strong>'
_NEEDS_LIST = '<ol class="govuk-list govuk-list--number govuk-!-font-size-16 govuk-!-margin-bottom-0">'


def _provision_cell(row: dict[str, Any]) -> str:
    """The provision as a tag (plain words for no SEN), and since when."""
    tag = _PROVISION_TAGS.get(row["provision"], _NOT_RECORDED)
    if row["provision_since"]:
        return f'{tag}<br><span class="app-nowrap">since {escape(row["provision_since"])}</span>'
    return tag


def _needs_cell(row: dict[str, Any]) -> str:
    """The needs in rank order, each with its broad area; a warning where SEN has no need recorded."""
    if row["needs"]:
        items = "".join(
            f'<li><strong>{escape(need.code)}</strong><span class="govuk-visually-hidden"> ({escape(need.label)})'
            f"</span><br>{escape(need.area_label)}</li>"
            for need in row["needs"]
        )
        return f"{_NEEDS_LIST}{items}</ol>"
    if row["provision"] in (Provision.EHC_PLAN, Provision.SEN_SUPPORT):
        return _NO_NEED
    return ""


def _year_cell(row: dict[str, Any]) -> str:
    year = escape(row["year_label"])
    return f"{year}<br>{escape(row['registration_group'])}" if row["registration_group"] else year


@register.filter
def register_row(row: dict[str, Any], meetings_expected: int) -> SafeString:
    """The pupil's row: name, year and registration group, provision, needs, tags, parents' meetings."""
    meetings = "" if row["meetings"] is None else f"{row['meetings']} of {meetings_expected}"
    return mark_safe(  # nosec B703, B308 # every value below is escaped; tests/register check it
        '<tr class="govuk-table__row">'
        f'<td class="govuk-table__cell"><a class="govuk-link" href="{escape(row["url"])}">'
        f"{escape(row['name'])}</a></td>"
        f'<td class="govuk-table__cell govuk-!-font-size-16">{_year_cell(row)}</td>'
        f'<td class="govuk-table__cell govuk-!-font-size-16">{_provision_cell(row)}</td>'
        f'<td class="govuk-table__cell govuk-!-font-size-16">{_needs_cell(row)}</td>'
        f'<td class="govuk-table__cell">{tags_html(row["flags"])}</td>'
        f'<td class="govuk-table__cell govuk-table__cell--numeric govuk-!-font-size-16">{meetings}</td>'
        "</tr>"
    )
