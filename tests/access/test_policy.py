"""Who sees which pupils: each scope rule, and that forgetting a rule hides rather than reveals."""

from __future__ import annotations

import datetime

import pytest
from django.http import Http404

from opensend.access import policy
from opensend.access.policy import Capability
from opensend.accounts.models import Role

from ..factories import GroupStaffFactory, MembershipFactory, PupilFactory, UserFactory, enrol


def visible_names(cast, role: str) -> set[str]:
    access = policy.school_for_user(cast[role], cast.school.urn, Capability.PUPIL_LIST)
    return set(policy.pupils_visible_to(cast[role], access).values_list("legal_surname", flat=True))


def test_sendco_sees_every_pupil_on_roll_at_their_school(cast):
    assert visible_names(cast, "sendco") == {"Taught", "Cared", "Elsewhere"}


def test_teacher_sees_only_the_pupils_they_teach(cast):
    assert visible_names(cast, "teacher") == {"Taught"}


def test_ta_sees_only_the_pupils_in_their_groups(cast):
    assert visible_names(cast, "ta") == {"Taught"}


def test_designated_teacher_sees_looked_after_pupils(cast):
    assert visible_names(cast, "designated-teacher") == {"Cared"}


def test_designated_teacher_also_sees_previously_looked_after_pupils(cast):
    pupil = PupilFactory(trust=cast.trust, legal_surname="Adopted", previously_looked_after=True)
    enrol(pupil, cast.school)
    assert visible_names(cast, "designated-teacher") == {"Cared", "Adopted"}


@pytest.mark.parametrize("role", [Role.GOVERNOR, Role.BUSINESS_MANAGER])
def test_aggregate_roles_have_no_pupil_list(cast, role):
    with pytest.raises(Http404):
        policy.school_for_user(cast[role], cast.school.urn, Capability.PUPIL_LIST)


def test_outsider_from_another_school_of_the_trust_gets_404_for_a_pupil(cast):
    with pytest.raises(Http404):
        policy.pupil_for_user(cast["outsider"], cast.taught_pupil.public_id)


def test_sendco_gets_404_for_a_pupil_at_another_school_of_the_trust(cast):
    with pytest.raises(Http404):
        policy.pupil_for_user(cast["sendco"], cast.other_school_pupil.public_id)


def test_teacher_loses_sight_of_a_pupil_who_leaves_their_group(cast):
    cast.taught_pupil.group_memberships.all().delete()
    assert visible_names(cast, "teacher") == set()


def test_teacher_of_an_archived_group_no_longer_sees_its_pupils(cast):
    cast.group.archived_at = datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC)
    cast.group.save()
    assert visible_names(cast, "teacher") == set()


def test_a_pupil_who_has_left_drops_off_the_list_but_stays_reachable_for_the_sendco(cast):
    enrolment = cast.untaught_pupil.enrolments.get()
    enrolment.leaving_date = datetime.date(2026, 7, 22)
    enrolment.save()
    assert "Elsewhere" not in visible_names(cast, "sendco")
    pupil, _ = policy.pupil_for_user(cast["sendco"], cast.untaught_pupil.public_id)
    assert pupil == cast.untaught_pupil


def test_a_pupil_who_moved_school_is_seen_by_the_new_schools_sendco(cast):
    sendco_b = UserFactory()
    MembershipFactory(user=sendco_b, school=cast.other_school, role=Role.SENDCO)
    enrolment = cast.untaught_pupil.enrolments.get()
    enrolment.leaving_date = datetime.date(2026, 9, 1)
    enrolment.save()
    enrol(cast.untaught_pupil, cast.other_school, nc_year="7")
    _, access = policy.pupil_for_user(sendco_b, cast.untaught_pupil.public_id)
    assert access.school == cast.other_school


def test_inactive_membership_gives_nothing(cast):
    cast["sendco"].memberships.update(is_active=False)
    with pytest.raises(Http404):
        policy.school_for_user(cast["sendco"], cast.school.urn, Capability.PUPIL_LIST)


def test_a_person_with_two_roles_gets_the_wider_scope(cast):
    teacher = cast["teacher"]
    MembershipFactory(user=teacher, school=cast.school, role=Role.DESIGNATED_TEACHER)
    teacher._opensend_memberships = None
    assert visible_names(cast, "teacher") == {"Taught", "Cared"}


def test_teacher_assigned_as_ta_elsewhere_does_not_see_through_the_teacher_role(cast):
    GroupStaffFactory(group=cast.other_group, user=cast["teacher"], kind="ta")
    assert visible_names(cast, "teacher") == {"Taught"}


def test_every_role_has_capabilities_and_a_scope():
    for role in Role:
        assert role in policy.ROLE_CAPABILITIES
        assert role in policy.ROLE_SCOPE


def test_a_refusal_is_logged_with_opaque_ids_only(cast, caplog):
    with pytest.raises(Http404):
        policy.pupil_for_user(cast["outsider"], cast.taught_pupil.public_id)
    message = caplog.records[-1].getMessage()
    assert "access refused" in message
    assert str(cast.taught_pupil.public_id) in message
    assert cast.taught_pupil.legal_surname not in message
