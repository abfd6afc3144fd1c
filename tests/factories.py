"""Factories for domain objects. Defaults are valid and unremarkable; tests say what matters."""

from __future__ import annotations

import datetime

import factory
from stdnum.gb import upn as upn_module

from opensend.accounts.models import GroupStaff, Membership, Role, User
from opensend.pupils.models import Contact, Enrolment, GroupMembership, Pupil
from opensend.schools.models import AcademicYear, School, TeachingGroup, Trust, YearGroup


def valid_upn(la_code: str, establishment: str, serial: int) -> str:
    """A UPN with the right check letter, for a school and a serial number."""
    body = f"{la_code}{establishment}25{serial:03d}"
    return upn_module.calc_check_digit(body) + body


class TrustFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trust

    name = factory.Sequence(lambda n: f"Test Trust {n}")


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    trust = factory.SubFactory(TrustFactory)
    name = factory.Sequence(lambda n: f"Test School {n}")
    urn = factory.Sequence(lambda n: f"{100000 + n:06d}")
    la_code = "380"
    establishment_number = factory.Sequence(lambda n: f"{2000 + n:04d}")
    phase = School.Phase.PRIMARY


class AcademicYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AcademicYear

    school = factory.SubFactory(SchoolFactory)
    name = "2026/27"
    starts_on = datetime.date(2026, 9, 1)
    ends_on = datetime.date(2027, 7, 31)


class YearGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = YearGroup
        django_get_or_create = ("school", "nc_year")

    school = factory.SubFactory(SchoolFactory)
    nc_year = "3"


class TeachingGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeachingGroup

    school = factory.SubFactory(SchoolFactory)
    name = factory.Sequence(lambda n: f"Class {n}")
    kind = TeachingGroup.Kind.REGISTRATION


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@school.test")
    first_name = "Sam"
    last_name = factory.Sequence(lambda n: f"Staff{n}")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    school = factory.SubFactory(SchoolFactory)
    trust = factory.LazyAttribute(lambda m: m.school.trust if m.school else TrustFactory())
    role = Role.TEACHER


class GroupStaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroupStaff

    group = factory.SubFactory(TeachingGroupFactory)
    user = factory.SubFactory(UserFactory)
    kind = GroupStaff.Kind.TEACHER


class PupilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pupil

    trust = factory.SubFactory(TrustFactory)
    upn = factory.Sequence(lambda n: valid_upn("380", "2001", n % 1000))
    legal_surname = factory.Sequence(lambda n: f"Surname{n:04d}")
    legal_forename = "Alex"
    date_of_birth = datetime.date(2018, 3, 14)
    sex = "F"


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    pupil = factory.SubFactory(PupilFactory)
    school = factory.SubFactory(SchoolFactory)
    year_group = factory.LazyAttribute(lambda e: YearGroupFactory(school=e.school))
    admission_date = datetime.date(2022, 9, 1)


class GroupMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroupMembership

    group = factory.SubFactory(TeachingGroupFactory)
    pupil = factory.SubFactory(PupilFactory)


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    pupil = factory.SubFactory(PupilFactory)
    name = "Jordan Parent"
    relationship = Contact.Relationship.PARENT
    parental_responsibility = True


def enrol(pupil: Pupil, school: School, *, nc_year: str = "3", group: TeachingGroup | None = None) -> Enrolment:
    enrolment = EnrolmentFactory(
        pupil=pupil, school=school, year_group=YearGroupFactory(school=school, nc_year=nc_year)
    )
    if group is not None:
        GroupMembershipFactory(group=group, pupil=pupil)
    return enrolment
