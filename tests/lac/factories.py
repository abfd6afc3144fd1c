from __future__ import annotations

import datetime

import factory

from opensend.lac.models import CareRecord, CareStatus, Pep, PepTarget, PpPlusSpend

from ..factories import PupilFactory, SchoolFactory


class CareRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CareRecord

    pupil = factory.SubFactory(PupilFactory)
    school = factory.SubFactory(SchoolFactory)
    status = CareStatus.LOOKED_AFTER
    care_authority_name = "Kirklees"
    entered_care_on = datetime.date(2026, 3, 30)


class PepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pep

    record = factory.SubFactory(CareRecordFactory)
    kind = Pep.Kind.INITIAL
    meeting_on = datetime.date(2026, 4, 20)


class PepTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PepTarget

    pep = factory.SubFactory(PepFactory)
    description = "Read a chapter book independently"


class PpPlusSpendFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PpPlusSpend

    pep = factory.SubFactory(PepFactory)
    amount = 450
    purpose = "Weekly tutoring in maths"
