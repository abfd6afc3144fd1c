"""The named test cast: one person per role at Oakfield Primary, an outsider at Birchwood, and
pupils each reachable by a different rule."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from allauth.mfa.models import Authenticator
from django.core.cache import cache
from django.test import Client

from opensend.accounts.models import GroupStaff, Role, User
from opensend.pupils.models import Pupil
from opensend.schools.models import School, TeachingGroup, Trust

from .factories import (
    GroupStaffFactory,
    MembershipFactory,
    PupilFactory,
    SchoolFactory,
    TeachingGroupFactory,
    TrustFactory,
    UserFactory,
    enrol,
)
from .worker import task_worker  # noqa: F401 - a fixture for every test


@dataclass
class Cast:
    trust: Trust
    school: School
    other_school: School
    group: TeachingGroup
    other_group: TeachingGroup
    taught_pupil: Pupil
    looked_after_pupil: Pupil
    untaught_pupil: Pupil
    other_school_pupil: Pupil
    people: dict[str, User] = field(default_factory=dict)

    def __getitem__(self, role: str) -> User:
        return self.people[role]

    def client_for(self, role: str) -> Client:
        client = Client()
        if role != "anonymous":
            client.force_login(self.people[role])
        return client


ROLES = [role.value for role in Role]
ALL_PEOPLE = [*ROLES, "outsider"]


def give_mfa(user: User) -> None:
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "not-used-in-tests"})


@pytest.fixture(autouse=True)
def _empty_cache():
    """Database ids repeat between tests once rolled back, so cached values must not outlive a test."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def cast(db) -> Cast:
    trust = TrustFactory(name="Oak Learning Trust")
    school = SchoolFactory(trust=trust, name="Oakfield Primary", urn="100001")
    other_school = SchoolFactory(trust=trust, name="Birchwood Academy", urn="100002", phase=School.Phase.SECONDARY)
    group = TeachingGroupFactory(school=school, name="3 Oak")
    other_group = TeachingGroupFactory(school=school, name="3 Ash")

    taught = PupilFactory(trust=trust, legal_surname="Taught", legal_forename="Tia")
    enrol(taught, school, group=group)
    looked_after = PupilFactory(trust=trust, legal_surname="Cared", legal_forename="Cai", looked_after=True)
    enrol(looked_after, school, group=other_group)
    untaught = PupilFactory(trust=trust, legal_surname="Elsewhere", legal_forename="Eli")
    enrol(untaught, school, group=other_group)
    other_pupil = PupilFactory(trust=trust, legal_surname="Birch", legal_forename="Bo")
    enrol(other_pupil, other_school, nc_year="8")

    people: dict[str, User] = {}
    for role in ROLES:
        user = UserFactory(email=f"{role}@oakfield.test", first_name=role.title(), last_name="Tester")
        if role == Role.TRUST_LEAD:
            MembershipFactory(user=user, school=None, trust=trust, role=role)
        else:
            MembershipFactory(user=user, school=school, role=role)
        give_mfa(user)
        people[role] = user
    GroupStaffFactory(group=group, user=people[Role.TEACHER], kind=GroupStaff.Kind.TEACHER)
    GroupStaffFactory(group=group, user=people[Role.TA], kind=GroupStaff.Kind.TA)

    outsider = UserFactory(email="outsider@birchwood.test", first_name="Olly", last_name="Outsider")
    MembershipFactory(user=outsider, school=other_school, role=Role.TEACHER)
    give_mfa(outsider)
    birch_group = TeachingGroupFactory(school=other_school, name="8B")
    GroupStaffFactory(group=birch_group, user=outsider)
    people["outsider"] = outsider

    return Cast(
        trust=trust,
        school=school,
        other_school=other_school,
        group=group,
        other_group=other_group,
        taught_pupil=taught,
        looked_after_pupil=looked_after,
        untaught_pupil=untaught,
        other_school_pupil=other_pupil,
        people=people,
    )
