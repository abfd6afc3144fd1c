"""Interventions and provision for the provision tests. Defaults are valid and dull."""

from __future__ import annotations

import factory

from opensend.provision.models import Intervention, Measure, Wave
from opensend.register.codes import BroadArea


class InterventionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Intervention

    trust = factory.LazyAttribute(lambda o: o.school.trust if o.school else None)
    name = factory.Sequence(lambda n: f"Reading group {n}")
    broad_area = BroadArea.COGNITION_LEARNING
    wave = Wave.SMALL_GROUP
    description = "Short daily reading sessions in a small group."
    session_minutes = 20
    sessions_per_week = 3
    duration_weeks = 10
    typical_group_size = 4
    measure = Measure.READING_AGE
