"""The daily digest's sections. Features add theirs when they load (in AppConfig.ready), so this
app imports no feature: each section lists what is waiting for one person on one day."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class DigestItem:
    key: str  # stable across days, e.g. "contribution-request:42": a reminder is sent once a day
    text: str  # initials at most, never a pupil's name
    path: str  # where to act on it, from reverse()


@dataclass(frozen=True)
class DigestSection:
    key: str
    title: str  # the heading in the email
    choice: str  # on the preferences page: "Email me about ..."
    items: Callable[[object, datetime.date], list[DigestItem]]
    order: int


_sections: dict[str, DigestSection] = {}


def register_section(section: DigestSection) -> None:
    _sections[section.key] = section


def digest_sections() -> list[DigestSection]:
    return sorted(_sections.values(), key=lambda section: section.order)


def initials(pupil) -> str:
    """How an email names a pupil: initials only, so a misdirected email identifies nobody."""
    return f"{pupil.known_as[:1]}.{pupil.legal_surname[:1]}.".upper()
