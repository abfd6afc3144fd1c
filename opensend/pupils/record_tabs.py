"""The pupil record's sections and identity-bar badges. Features add theirs when they load
(in AppConfig.ready), so the pupil record never imports a feature."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class RecordTab:
    key: str
    label: str
    url_name: str  # takes one argument, pupil_id
    capability: str
    order: int


@dataclass(frozen=True)
class Badge:
    text: str
    colour: str = "grey"  # a GOV.UK tag colour


BadgeProvider = Callable[[object, object], list[Badge]]

_tabs: dict[str, RecordTab] = {}
_badge_providers: list[BadgeProvider] = []


def register_tab(tab: RecordTab) -> None:
    _tabs[tab.key] = tab


def register_badges(provider: BadgeProvider) -> None:
    if provider not in _badge_providers:
        _badge_providers.append(provider)


def record_context(pupil, access, current: str) -> dict:
    """What every page of a pupil's record needs for its identity bar and section navigation."""
    tabs = [
        {
            "label": tab.label,
            "url": reverse(tab.url_name, kwargs={"pupil_id": pupil.public_id}),
            "current": tab.key == current,
        }
        for tab in sorted(_tabs.values(), key=lambda tab: tab.order)
        if access.can(tab.capability)
    ]
    badges = [badge for provider in _badge_providers for badge in provider(pupil, access)]
    enrolment = pupil.enrolments.current().filter(school=access.school).select_related("year_group").first()
    return {
        "pupil": pupil,
        "access": access,
        "record_tabs": tabs,
        "badges": badges,
        "current_enrolment": enrolment,
        "can_edit": access.can("pupil-edit"),
    }
