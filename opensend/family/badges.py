"""The identity bar's badge for a family who need an interpreter: everyone who opens the record
sees it before they call or meet the family."""

from __future__ import annotations

from opensend.pupils.record_tabs import Badge


def communication_badges(pupil, access) -> list[Badge]:
    if pupil.contacts.active().filter(interpreter_needed=True).exists():
        return [Badge("Family needs an interpreter", "orange")]
    return []
