"""Demo data for provision: every school's starter intervention library, as its own editable
records, and a trust library with a few more to copy.

Everything is bulk-created without audit events."""

from __future__ import annotations

import random

from opensend.provision.models import Intervention

from .provision_library import STARTER, TRUST_SHARED, interventions

ORDER = 50


def seed(result, rng: random.Random) -> None:
    trust = result.written.trust
    rows = interventions(trust, None, STARTER[:2] + TRUST_SHARED)
    for school in result.written.schools.values():
        rows.extend(interventions(trust, school))
    Intervention.objects.bulk_create(rows)
