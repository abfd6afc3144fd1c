"""'My class': for each group a teacher teaches (or a TA supports), its SEND pupils with their
needs, what helps them and the current plan, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

from opensend.access import policy
from opensend.accounts.models import GroupStaff
from opensend.passports.selectors import current_passports
from opensend.plans.selectors import PlanSummary, current_plan_summary
from opensend.pupils.models import GroupMembership, Pupil
from opensend.register.codes import Provision, SenType, broad_area_label
from opensend.register.models import BaseMembership, MonitoringEntry, SenNeed, SenStatus
from opensend.schools.models import TeachingGroup

_NEED_LABELS = dict(SenType.choices)


@dataclass
class PupilCard:
    pupil: Pupil
    provision: str = ""
    monitoring: bool = False
    needs: list[str] = field(default_factory=list)
    in_base: str = ""
    what_helps: str = ""
    what_is_hard: str = ""
    plan: PlanSummary | None = None

    @property
    def provision_label(self) -> str:
        return {Provision.EHC_PLAN: "EHC plan", Provision.SEN_SUPPORT: "SEN support"}.get(self.provision, "Monitoring")


@dataclass
class GroupCards:
    group: TeachingGroup
    role: str
    cards: list[PupilCard]


def _my_groups(user, access: policy.Access) -> list[tuple[TeachingGroup, str]]:
    assignments = (
        GroupStaff.objects.filter(user=user, group__school=access.school, group__archived_at__isnull=True)
        .select_related("group")
        .order_by("group__name", "kind")
    )
    seen: dict[int, tuple[TeachingGroup, str]] = {}
    for assignment in assignments:
        seen.setdefault(assignment.group_id, (assignment.group, assignment.get_kind_display()))
    return list(seen.values())


def _send_pupils(user, access: policy.Access, group_ids: list[int]) -> dict[int, list[Pupil]]:
    """The SEND and monitored pupils of each group, among those this person may see."""
    on_register = Q(
        sen_statuses__end_date__isnull=True, sen_statuses__provision__in=[Provision.SEN_SUPPORT, Provision.EHC_PLAN]
    )
    monitored = Q(monitoring_entries__school=access.school, monitoring_entries__ended_on__isnull=True)
    send_ids = policy.pupils_visible_to(user, access).filter(on_register | monitored).values("pk")
    memberships = (
        GroupMembership.objects.filter(group_id__in=group_ids, pupil_id__in=send_ids)
        .select_related("pupil")
        .order_by("pupil__sort_key")
    )
    by_group: dict[int, list[Pupil]] = {}
    for membership in memberships:
        by_group.setdefault(membership.group_id, []).append(membership.pupil)
    return by_group


def _cards(pupils: list[Pupil], access: policy.Access) -> dict[int, PupilCard]:
    ids = [pupil.pk for pupil in pupils]
    cards = {pupil.pk: PupilCard(pupil) for pupil in pupils}
    for status in SenStatus.objects.filter(pupil_id__in=ids, end_date__isnull=True):
        cards[status.pupil_id].provision = status.provision
    for need in SenNeed.objects.filter(pupil_id__in=ids, end_date__isnull=True).order_by("rank"):
        cards[need.pupil_id].needs.append(
            f"{_NEED_LABELS[need.need_type]} ({broad_area_label(need.need_type).lower()})"
        )
    for pupil_id in MonitoringEntry.objects.filter(
        pupil_id__in=ids, school=access.school, ended_on__isnull=True
    ).values_list("pupil_id", flat=True):
        cards[pupil_id].monitoring = True
    for membership in BaseMembership.objects.filter(pupil_id__in=ids, school=access.school, ended_on__isnull=True):
        cards[membership.pupil_id].in_base = _base_name(access, membership.kind)
    for pupil_id, passport in current_passports(ids).items():
        cards[pupil_id].what_helps = passport.helps_me
        cards[pupil_id].what_is_hard = passport.find_hard
    for pupil_id, summary in current_plan_summary(ids).items():
        cards[pupil_id].plan = summary
    return cards


def _base_name(access: policy.Access, kind: str) -> str:
    school = access.school
    if kind == BaseMembership.Kind.RESOURCED_PROVISION:
        return school.resourced_provision_name or "Resourced provision"
    return school.sen_unit_name or "SEN unit"


def my_class_rows(user, access: policy.Access) -> list[GroupCards]:
    groups = _my_groups(user, access)
    by_group = _send_pupils(user, access, [group.pk for group, _ in groups])
    every_pupil = {pupil.pk: pupil for pupils in by_group.values() for pupil in pupils}
    cards = _cards(list(every_pupil.values()), access)
    return [
        GroupCards(group, role, [cards[pupil.pk] for pupil in by_group.get(group.pk, [])]) for group, role in groups
    ]
