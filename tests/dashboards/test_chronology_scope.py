"""The chronology's sensitive entries (looked-after status and PEPs, family contacts, referrals and
reports) are read at the reader's own school: a former school's head does not follow a child's
care, family or referrals to the next school of the trust."""

from __future__ import annotations

import datetime

import pytest

from opensend.access import policy
from opensend.access.policy import Capability
from opensend.accounts.models import Role
from opensend.dashboards.chronology import pupil_chronology
from opensend.family.models import FamilyContact
from tests.casework.factories import ReportFactory
from tests.factories import ContactFactory, MembershipFactory, UserFactory
from tests.lac.factories import CareRecordFactory, PepFactory

pytestmark = pytest.mark.django_db


def head_at(school):
    head = UserFactory()
    MembershipFactory(user=head, school=school, role=Role.HEAD)
    return policy.school_for_user(head, school.urn, Capability.SEN_READ)


def sensitive_record_at(cast, school):
    pupil = cast.taught_pupil
    PepFactory(record=CareRecordFactory(pupil=pupil, school=school), meeting_on=datetime.date(2026, 4, 20))
    FamilyContact.objects.create(
        pupil=pupil,
        school=school,
        contact_with=ContactFactory(pupil=pupil, name="Ada Bell"),
        method=FamilyContact.Method.CALL,
        contacted_on=datetime.date(2026, 5, 1),
        by=cast["sendco"],
        said="Private",
    )
    ReportFactory(pupil=pupil, school=school, added_by=cast["sendco"])
    return pupil


def test_the_school_that_holds_them_reads_its_sensitive_entries(cast):
    pupil = sensitive_record_at(cast, cast.school)
    kinds = {event.kind for event in pupil_chronology(pupil, access=head_at(cast.school))}
    assert {"Looked after", "Family", "Referral"} <= kinds


def test_another_school_of_the_trust_does_not(cast):
    pupil = sensitive_record_at(cast, cast.school)
    kinds = {event.kind for event in pupil_chronology(pupil, access=head_at(cast.other_school))}
    assert not {"Looked after", "Family", "Referral"} & kinds
