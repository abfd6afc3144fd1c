"""Who reaches the deadline calculator: the SENDCo and the assistant SENDCo."""

from __future__ import annotations

from ..access_matrix import DEADLINE_CALCULATORS, allowed

RULES = {
    "deadlines:calculator": allowed(DEADLINE_CALCULATORS),
}


def url_kwargs(cast) -> dict:
    return {}
