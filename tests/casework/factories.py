from __future__ import annotations

import datetime

import factory
from django.core.files.base import ContentFile

from opensend.casework.models import Consent, Professional, Recommendation, Referral, Report, Service, ServiceKind

from ..factories import PupilFactory, SchoolFactory, UserFactory


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    school = factory.SubFactory(SchoolFactory)
    trust = factory.LazyAttribute(lambda o: o.school.trust if o.school else o.owner.trust)
    owner = factory.LazyAttribute(lambda o: o.school)
    kind = ServiceKind.SPEECH_AND_LANGUAGE
    name = factory.Sequence(lambda n: f"Speech and Language Therapy {n}")
    referral_route = "The online referral form, with the parent's consent"
    waiting_weeks = 12


class ProfessionalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Professional

    service = factory.SubFactory(ServiceFactory)
    name = factory.Sequence(lambda n: f"Sam Therapist {n}")
    job_title = "Speech and language therapist"


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Referral

    pupil = factory.SubFactory(PupilFactory)
    school = factory.SubFactory(SchoolFactory)
    service = factory.SubFactory(ServiceFactory, school=factory.SelfAttribute("..school"))
    reason = "Unclear speech; assessment of expressive language"
    consent = Consent.GIVEN
    consent_on = datetime.date(2026, 9, 1)
    status_on = datetime.date(2026, 9, 1)
    created_by = factory.SubFactory(UserFactory)


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report

    pupil = factory.SubFactory(PupilFactory)
    school = factory.SubFactory(SchoolFactory)
    service = factory.SubFactory(ServiceFactory, school=factory.SelfAttribute("..school"))
    title = "Speech and language assessment"
    author = "Sam Therapist, speech and language therapist"
    written_on = datetime.date(2026, 10, 1)
    file = factory.LazyFunction(lambda: ContentFile(b"%PDF-1.7 a report", name="report.pdf"))
    original_name = "SALT report.pdf"
    content_type = "application/pdf"
    size = 17
    added_by = factory.SubFactory(UserFactory)


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    report = factory.SubFactory(ReportFactory)
    text = "Give instructions one step at a time, with a visual prompt"
