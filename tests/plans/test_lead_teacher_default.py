"""A new cycle proposes the pupil's class teacher as its lead, never whoever sorts first."""

from __future__ import annotations

from django.urls import reverse

from opensend.accounts.models import GroupStaff, Membership, Role
from opensend.schools.models import TeachingGroup

from ..factories import GroupMembershipFactory, GroupStaffFactory, MembershipFactory, TeachingGroupFactory, UserFactory
from .factories import on_register


def proposed_lead(cast, pupil) -> tuple[object, str]:
    response = cast.client_for("sendco").get(reverse("plans:start", kwargs={"pupil_id": pupil.public_id}))
    return response.context["form"]["lead_teacher"].value(), response.content.decode()


def a_teacher(cast, surname: str):
    person = UserFactory(first_name="Aaron", last_name=surname)
    MembershipFactory(user=person, school=cast.school, role=Role.TEACHER)
    return person


def test_the_class_teacher_is_proposed_though_another_teacher_sorts_first(cast):
    a_teacher(cast, "Aardvark")  # first in alphabetical order
    on_register(cast, cast.taught_pupil)

    lead, html = proposed_lead(cast, cast.taught_pupil)

    assert lead == cast["teacher"].pk
    assert f'<option value="{cast["teacher"].pk}" selected>' in html


def test_without_a_class_teacher_the_teacher_of_one_of_the_pupils_groups_is_proposed(cast):
    maths = TeachingGroupFactory(school=cast.school, name="Maths set 2", kind=TeachingGroup.Kind.TEACHING)
    set_teacher = a_teacher(cast, "Zed")
    GroupStaffFactory(group=maths, user=set_teacher, kind=GroupStaff.Kind.TEACHER)
    GroupMembershipFactory(group=maths, pupil=cast.untaught_pupil)

    lead, _ = proposed_lead(cast, cast.untaught_pupil)

    assert lead == set_teacher.pk


def test_a_class_teacher_who_may_no_longer_lead_is_not_proposed(cast):
    Membership.objects.filter(user=cast["teacher"], school=cast.school).update(is_active=False)

    lead, _ = proposed_lead(cast, cast.taught_pupil)

    assert lead == cast["sendco"].pk  # the person starting the cycle, who may lead
