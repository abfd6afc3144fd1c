"""Interventions and provision for the provision tests. Defaults are valid and dull."""

from __future__ import annotations

import datetime

import factory

from opensend.provision.models import Intervention, Measure, Member, Provision, Slot, Wave
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


def provision_for(cast, *, staff=("ta",), pupils=(), name="Reading group", **fields):
    """A running provision at the cast's school with a Monday 09:15 slot, delivered by `staff`."""
    defaults = {
        "starts_on": datetime.date(2026, 9, 7),
        "ends_on": datetime.date(2030, 7, 19),
    }
    provision = Provision.objects.create(
        school=cast.school,
        intervention=fields.pop("intervention", None) or InterventionFactory(school=cast.school),
        name=name,
        **(defaults | fields),
    )
    provision.staff.set([cast[role] for role in staff])
    Slot.objects.create(provision=provision, weekday=0, starts_at=datetime.time(9, 15), minutes=20)
    for pupil in pupils:
        Member.objects.create(provision=provision, pupil=pupil, joined_on=provision.starts_on)
    return provision
