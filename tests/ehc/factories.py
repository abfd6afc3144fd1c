from __future__ import annotations

import datetime

import factory
from django.core.files.base import ContentFile

from opensend.ehc.models import AnnualReview, AssessmentRequest, LocalAuthority, Plan, PlanDocument

from ..factories import PupilFactory, SchoolFactory, TrustFactory


class LocalAuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalAuthority

    trust = factory.SubFactory(TrustFactory)
    code = factory.Sequence(lambda n: f"{800 + n % 100:03d}")
    name = factory.Sequence(lambda n: f"County Council {n}")


class AssessmentRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AssessmentRequest

    pupil = factory.SubFactory(PupilFactory)
    school = factory.SubFactory(SchoolFactory)
    local_authority = factory.SubFactory(LocalAuthorityFactory)
    requested_on = datetime.date(2026, 1, 12)


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    pupil = factory.SubFactory(PupilFactory)
    school = factory.SubFactory(SchoolFactory)
    local_authority = factory.SubFactory(LocalAuthorityFactory)
    issued_on = datetime.date(2025, 3, 10)


class AnnualReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnnualReview

    plan = factory.SubFactory(PlanFactory)
    meeting_on = datetime.date(2026, 3, 3)


class PlanDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanDocument

    plan = factory.SubFactory(PlanFactory)
    kind = PlanDocument.Kind.FINAL
    file = factory.LazyFunction(lambda: ContentFile(b"%PDF-1.7 a plan", name="plan.pdf"))
    original_name = "EHC plan.pdf"
    content_type = "application/pdf"
    size = 15
