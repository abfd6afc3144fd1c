"""Who reaches the caseload of statutory deadlines and the calculator: the SENDCo and the assistant SENDCo."""

from __future__ import annotations

from ..access_matrix import DEADLINE_READERS, allowed

RULES = {
    "deadlines:caseload": allowed(DEADLINE_READERS),
    "deadlines:caseload-export": allowed(DEADLINE_READERS),
    "deadlines:calculator": allowed(DEADLINE_READERS),
}


def url_kwargs(cast) -> dict:
    return {}
