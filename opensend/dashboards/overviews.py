"""The school and trust overviews: the school's own figures (opensend.schools) beside the SEND
register in numbers (opensend.register), put together here, above both, so that neither imports
the other. Numbers only, small ones suppressed (register.aggregates.SmallCount)."""

from __future__ import annotations

from opensend.register.aggregates import EMPTY_AGGREGATE, register_aggregates
from opensend.schools import selectors as schools
from opensend.schools.models import School, Trust


def school_overview(school: School) -> dict:
    summary = schools.school_summary(school)
    summary["register"] = register_aggregates([school]).get(school.pk, EMPTY_AGGREGATE)
    return summary


def trust_overview(trust: Trust) -> list[dict]:
    """One row per school of the trust: pupils on roll, the characteristics and the register, as counts."""
    rows = schools.trust_summary(trust)
    aggregates = register_aggregates(trust.schools.all())
    for row in rows:
        row["register"] = aggregates.get(row["id"], EMPTY_AGGREGATE)
    return rows
