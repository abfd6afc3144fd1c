"""What changed between two versions of a passport, section by section and word by word."""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from .models import SECTIONS, PassportVersion, VoiceMethod

_TOKENS = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Segment:
    text: str
    kind: str  # "same", "added" or "removed"


@dataclass(frozen=True)
class SectionChange:
    heading: str
    before: list[Segment]
    after: list[Segment]


@dataclass(frozen=True)
class Comparison:
    changed: list[SectionChange]
    unchanged: list[str]
    photo_changed: str  # "" when the photo stayed the same


def word_diff(before: str, after: str) -> tuple[list[Segment], list[Segment]]:
    """`before` with its removed words marked and `after` with its added words marked."""
    old, new = _TOKENS.findall(before), _TOKENS.findall(after)
    left: list[Segment] = []
    right: list[Segment] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        removed, added = "".join(old[i1:i2]), "".join(new[j1:j2])
        if tag == "equal":
            left.append(Segment(removed, "same"))
            right.append(Segment(added, "same"))
            continue
        if removed:
            left.append(Segment(removed, "removed" if removed.strip() else "same"))
        if added:
            right.append(Segment(added, "added" if added.strip() else "same"))
    return left, right


def _voice(version: PassportVersion) -> str:
    if not version.voice_method:
        return ""
    method = VoiceMethod(version.voice_method).label
    return f"{method}: {version.voice_note}" if version.voice_note else method


def compare(previous: PassportVersion, version: PassportVersion) -> Comparison:
    pairs = [(heading, getattr(previous, name), getattr(version, name)) for name, heading in SECTIONS]
    pairs.append(("How the pupil's words were gathered", _voice(previous), _voice(version)))
    changed, unchanged = [], []
    for heading, before, after in pairs:
        if before == after:
            unchanged.append(heading)
        else:
            changed.append(SectionChange(heading, *word_diff(before, after)))
    photo = ""
    if previous.photo_id != version.photo_id:
        if version.photo_id is None:
            photo = "The photo was removed."
        elif previous.photo_id is None:
            photo = "A photo was added."
        else:
            photo = "The photo was changed."
    return Comparison(changed, unchanged, photo)
