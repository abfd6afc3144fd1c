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


MINE, NO_OWNER = "mine", "none"


class CaseloadFilterForm(core_forms.Form):
    """The caseload's filters. The choices of local authority are those with open deadlines."""

    kind = forms.ChoiceField(label="Kind", required=False, choices=[("", "All kinds"), *Kind.choices])
    local_authority = forms.ChoiceField(label="Local authority", required=False)
    owner = forms.ChoiceField(label="Case owner", required=False)
    pupil = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, authorities: list[str], owners: list, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["local_authority"].choices = [("", "All local authorities"), *((n, n) for n in authorities)]
        others = [(str(owner.public_id), owner.display_name) for owner in owners if owner.pk != user.pk]
        self.fields["owner"].choices = [("", "Everyone"), (MINE, "Mine"), (NO_OWNER, "No case owner"), *others]

    def _owned(self, item, owner: str) -> bool:
        if not owner:
            return True
        if owner == NO_OWNER:
            return item.owner is None
        if owner == MINE:
            return item.owner is not None and item.owner.pk == self.user.pk
        return item.owner is not None and str(item.owner.public_id) == owner

    def apply(self, items: list) -> list:
        if not self.is_valid():
            return items
        kind, authority, owner, pupil = (
            self.cleaned_data[name] for name in ("kind", "local_authority", "owner", "pupil")
        )
        return [
            item
            for item in items
            if (not kind or item.rule.kind == kind)
            and (not authority or item.local_authority == authority)
            and (not pupil or item.pupil.public_id == pupil)
            and self._owned(item, owner)
        ]
