"""Who reaches the caseload of statutory deadlines, the calculator and the calendar feed page: the
SENDCo and the assistant SENDCo. The feed itself opens only to its secret token."""

from __future__ import annotations

from ..access_matrix import DEADLINE_READERS, SECRET_TOKEN, allowed

RULES = {
    "deadlines:caseload": allowed(DEADLINE_READERS),
    "deadlines:caseload-export": allowed(DEADLINE_READERS),
    "deadlines:calculator": allowed(DEADLINE_READERS),
    "deadlines:calendar": allowed(DEADLINE_READERS),
    # The person's own calendar feed address: for those who follow the deadlines at a school.
    "deadlines:calendar-feed-settings": allowed(DEADLINE_READERS),
    "deadlines:calendar-feed": SECRET_TOKEN,
}


def url_kwargs(cast) -> dict:
    return {"token": "a-token-nobody-was-given"}
