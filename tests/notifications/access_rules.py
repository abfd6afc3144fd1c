"""Email preferences: every signed-in person has their own; nothing there names anyone else."""

from __future__ import annotations

from ..access_matrix import SIGNED_IN_ONLY

RULES = {
    "notifications:preferences": SIGNED_IN_ONLY,
}


def url_kwargs(cast) -> dict:
    return {}
