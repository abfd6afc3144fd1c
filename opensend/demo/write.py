"""Writing a drafted trust to the database in bulk. Nothing here writes audit events: the audit log
is append-only, so seeded rows must be deletable without touching it."""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password

from opensend.accounts.models import GroupStaff, Membership, User
from opensend.core.school_cache import access_changed
from opensend.pupils.models import Contact, Enrolment, GroupMembership, Pupil
from opensend.schools.models import NC_YEAR_ORDER, AcademicYear, School, TeachingGroup, Term, Trust, YearGroup

from .identifiers import random_uuid
from .plans import SchoolPlan, TrustPlan
from .population import PupilDraft
from .staff import StaffDraft
from .term_dates import ACADEMIC_YEAR_END, ACADEMIC_YEAR_NAME, ACADEMIC_YEAR_START, terms_for

# Rows per INSERT; Django lowers it further where SQLite allows fewer parameters.
BATCH_SIZE = 2000

GroupKey = tuple[str, str]  # (school slug, group or NC year)


@dataclass(frozen=True)
class WrittenTrust:
    trust: Trust
    schools: dict[str, School]
    pupils: int
    enrolments: int
    group_memberships: int
    contacts: int
    staff: int


def write_trust(plan: TrustPlan, pupils: list[PupilDraft], staff: list[StaffDraft], rng: random.Random) -> WrittenTrust:
    trust = Trust.objects.create(name=plan.name, public_id=random_uuid(rng))
    schools = {school.slug: _write_school(trust, school) for school in plan.schools}
    _write_calendars(plan, schools)
    year_groups = _write_year_groups(plan, schools)
    groups = _write_groups(plan, schools, year_groups, rng)
    enrolments, memberships, contacts = _write_pupils(trust, pupils, schools, year_groups, groups)
    # Each draft's planned SEN (`draft.sen`) is not stored yet: the SEN register, when it lands,
    # writes it here, so the demo's SEN proportions stay decided in one place (sen.py).
    _write_staff(trust, staff, schools, groups, rng)
    return WrittenTrust(trust, schools, len(pupils), enrolments, memberships, contacts, len(staff))


def _write_school(trust: Trust, plan: SchoolPlan) -> School:
    return School.objects.create(
        trust=trust,
        name=plan.name,
        urn=plan.urn,
        la_code=plan.la_code,
        establishment_number=plan.establishment_number,
        phase=plan.phase,
        has_sen_unit=bool(plan.sen_unit_name),
        sen_unit_name=plan.sen_unit_name,
        has_resourced_provision=bool(plan.resourced_provision_name),
        resourced_provision_name=plan.resourced_provision_name,
        resourced_provision_places=plan.resourced_provision_places,
    )


def _write_calendars(plan: TrustPlan, schools: dict[str, School]) -> None:
    terms = []
    for school_plan in plan.schools:
        year = AcademicYear.objects.create(
            school=schools[school_plan.slug],
            name=ACADEMIC_YEAR_NAME,
            starts_on=ACADEMIC_YEAR_START,
            ends_on=ACADEMIC_YEAR_END,
        )
        terms += [
            Term(
                academic_year=year,
                name=dates.name,
                starts_on=dates.starts_on,
                ends_on=dates.ends_on,
                half_term_starts_on=dates.half_term_starts_on,
                half_term_ends_on=dates.half_term_ends_on,
            )
            for dates in terms_for(inset_days=school_plan.inset_days)
        ]
    Term.objects.bulk_create(terms, batch_size=BATCH_SIZE)


def _write_year_groups(plan: TrustPlan, schools: dict[str, School]) -> dict[GroupKey, YearGroup]:
    year_groups = {
        (school.slug, year.nc_year): YearGroup(
            # bulk_create skips save(), which is where the model sets sort_order.
            school=schools[school.slug],
            nc_year=year.nc_year,
            sort_order=NC_YEAR_ORDER[year.nc_year],
        )
        for school in plan.schools
        for year in school.years
    }
    YearGroup.objects.bulk_create(year_groups.values(), batch_size=BATCH_SIZE)
    return year_groups


def _write_groups(
    plan: TrustPlan, schools: dict[str, School], year_groups: dict[GroupKey, YearGroup], rng: random.Random
) -> dict[GroupKey, TeachingGroup]:
    groups: dict[GroupKey, TeachingGroup] = {}
    for school in plan.schools:
        kinds = (
            (TeachingGroup.Kind.REGISTRATION, school.registration_groups()),
            (TeachingGroup.Kind.TEACHING, school.teaching_sets()),
        )
        for kind, names in kinds:
            for name, nc_year in names:
                groups[(school.slug, name)] = TeachingGroup(
                    school=schools[school.slug],
                    public_id=random_uuid(rng),
                    name=name,
                    kind=kind,
                    year_group=year_groups[(school.slug, nc_year)],
                )
    TeachingGroup.objects.bulk_create(groups.values(), batch_size=BATCH_SIZE)
    return groups


def _write_pupils(
    trust: Trust,
    drafts: list[PupilDraft],
    schools: dict[str, School],
    year_groups: dict[GroupKey, YearGroup],
    groups: dict[GroupKey, TeachingGroup],
) -> tuple[int, int, int]:
    for draft in drafts:
        draft.pupil.trust = trust
    Pupil.objects.bulk_create([draft.pupil for draft in drafts], batch_size=BATCH_SIZE)
    enrolments = [
        Enrolment(
            pupil=draft.pupil,
            school=schools[enrolment.school],
            year_group=year_groups[(enrolment.school, enrolment.nc_year)],
            admission_date=enrolment.admission_date,
            leaving_date=enrolment.leaving_date,
            leaving_reason=enrolment.leaving_reason,
        )
        for draft in drafts
        for enrolment in draft.enrolments
    ]
    Enrolment.objects.bulk_create(enrolments, batch_size=BATCH_SIZE)
    memberships = [
        GroupMembership(group=groups[(draft.school, name)], pupil=draft.pupil)
        for draft in drafts
        if draft.on_roll
        for name in draft.groups
    ]
    GroupMembership.objects.bulk_create(memberships, batch_size=BATCH_SIZE)
    contacts: list[Contact] = []
    for draft in drafts:
        for contact in draft.contacts:
            contact.pupil = draft.pupil
            contacts.append(contact)
    Contact.objects.bulk_create(contacts, batch_size=BATCH_SIZE)
    return len(enrolments), len(memberships), len(contacts)


def _write_staff(
    trust: Trust,
    staff: list[StaffDraft],
    schools: dict[str, School],
    groups: dict[GroupKey, TeachingGroup],
    rng: random.Random,
) -> None:
    # Hashing is slow by design; every account with the same password can share one hash.
    hashes = {password: make_password(password) for password in {person.password for person in staff} if password}
    users = [
        User(
            email=person.email,
            first_name=person.first_name,
            last_name=person.last_name,
            title=person.title,
            password=hashes[person.password] if person.password else make_password(None),
            public_id=random_uuid(rng),
        )
        for person in staff
    ]
    User.objects.bulk_create(users, batch_size=BATCH_SIZE)
    memberships = [
        Membership(
            user=user,
            trust=trust,
            school=schools[person.school] if person.school else None,
            role=person.role,
        )
        for person, user in zip(staff, users, strict=True)
    ]
    Membership.objects.bulk_create(memberships, batch_size=BATCH_SIZE)
    access_changed()  # bulk writes send no signals
    assignments = [
        GroupStaff(group=groups[(person.school, name)], user=user, kind=kind)
        for person, user in zip(staff, users, strict=True)
        if person.school
        for name, kind in person.groups
    ]
    GroupStaff.objects.bulk_create(assignments, batch_size=BATCH_SIZE)
