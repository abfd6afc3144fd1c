from __future__ import annotations

from django import forms

from opensend.core import forms as core_forms

from .rules import RULES, Kind


def _date(label: str, *, required: str = "", help_text: str = "") -> core_forms.DateField:
    return core_forms.DateField(label=label, required=bool(required), help_text=help_text)


def rule_groups() -> list[tuple[str, list]]:
    """The rules grouped by kind, in table order, for the radios."""
    groups: dict[str, list] = {}
    for rule in RULES:
        groups.setdefault(Kind(rule.kind).label, []).append(rule)
    return list(groups.items())


class CalculatorForm(core_forms.Form):
    rule = forms.ChoiceField(
        label="Deadline",
        choices=[(rule.id, rule.description) for rule in RULES],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a deadline", "invalid_choice": "Choose a deadline from the list"},
    )
    start = _date(
        "Date of the starting event",
        required="Enter the date of the starting event",
        help_text=(
            "For example, the day the request arrived, the date of the review meeting (invitations count back "
            "from it) or the date of a phase transfer."
        ),
    )


class CaseloadFilterForm(core_forms.Form):
    """The caseload's filters. The choices of local authority are those with open deadlines."""

    kind = forms.ChoiceField(label="Kind", required=False, choices=[("", "All kinds"), *Kind.choices])
    local_authority = forms.ChoiceField(label="Local authority", required=False)
    pupil = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, authorities: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["local_authority"].choices = [("", "All local authorities"), *((n, n) for n in authorities)]

    def apply(self, items: list) -> list:
        if not self.is_valid():
            return items
        kind, authority, pupil = (self.cleaned_data[name] for name in ("kind", "local_authority", "pupil"))
        return [
            item
            for item in items
            if (not kind or item.rule.kind == kind)
            and (not authority or item.local_authority == authority)
            and (not pupil or item.pupil.public_id == pupil)
        ]
