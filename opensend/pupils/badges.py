"""The pupils app's own identity-bar badges, from the record's fields."""

from __future__ import annotations

from opensend.access.policy import Access, Capability

from .models import Pupil
from .record_tabs import Badge


def medical_badges(pupil: Pupil, access: Access) -> list[Badge]:
    # Read from the pupil the page has loaded already: no query. Health data, so only for people
    # who may read the record (every record page requires that today; this keeps it so).
    if pupil.has_medical_needs and access.can(Capability.PUPIL_RECORD):
        return [Badge("Medical", "red")]
    return []
