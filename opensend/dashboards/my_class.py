"""'My class': for each group a teacher teaches (or a TA supports), its SEND pupils with their
needs, what helps them and the current plan, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from opensend.access import policy
from opensend.accounts.models import GroupStaff
from opensend.passports.selectors import current_passport_section
from opensend.plans.selectors import PlanSummary, current_plan_summary
from opensend.pupils.models import GroupMembership
from opensend.register.codes import Provision
from opensend.register.selectors import on_register_or_monitored, register_rows_for
from opensend.schools.models import TeachingGroup


@dataclass
class PupilCard:
    row: dict[str, Any]  # the pupil's register row: names, provision, needs, bases, flags
    what_helps: str = ""
    what_is_hard: str = ""
    plan: PlanSummary | None = None

    @property
    def name(self) -> str:
        return f"{self.row['preferred_forename'] or self.row['legal_forename']} {self.row['legal_surname']}"

    @property
    def provision_label(self) -> str:
        return {Provision.EHC_PLAN: "EHC plan", Provision.SEN_SUPPORT: "SEN support"}.get(
            self.row["provision"], "Monitoring"
        )

    @property
    def needs(self) -> list[str]:
        return [f"{need.label} ({need.area_label.lower()})" for need in self.row["needs"]]


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


def _send_pupils_by_group(user, access: policy.Access, group_ids: list[int]) -> dict[int, list[int]]:
    """The ids of each group's SEND and monitored pupils, among those this person may see, by name."""
    send_ids = on_register_or_monitored(policy.pupils_visible_to(user, access), access.school)
    memberships = (
        GroupMembership.objects.filter(group_id__in=group_ids, pupil_id__in=send_ids.values("pk"))
        .order_by("pupil__sort_key")
        .values_list("group_id", "pupil_id")
    )
    by_group: dict[int, list[int]] = {}
    for group_id, pupil_id in memberships:
        by_group.setdefault(group_id, []).append(pupil_id)
    return by_group


def _cards(pupil_ids: list[int], access: policy.Access) -> dict[int, PupilCard]:
    if not pupil_ids:
        return {}
    passport = {"helps_me": current_passport_section("helps_me"), "find_hard": current_passport_section("find_hard")}
    rows = register_rows_for(pupil_ids, access.school, extra=passport)
    cards = {
        pupil_id: PupilCard(row, what_helps=row["helps_me"] or "", what_is_hard=row["find_hard"] or "")
        for pupil_id, row in rows.items()
    }
    for pupil_id, summary in current_plan_summary(pupil_ids).items():
        cards[pupil_id].plan = summary
    return cards


def my_class_rows(user, access: policy.Access) -> list[GroupCards]:
    groups = _my_groups(user, access)
    by_group = _send_pupils_by_group(user, access, [group.pk for group, _ in groups])
    every_pupil = sorted({pupil_id for pupil_ids in by_group.values() for pupil_id in pupil_ids})
    cards = _cards(every_pupil, access)
    return [
        GroupCards(group, role, [cards[pupil_id] for pupil_id in by_group.get(group.pk, [])]) for group, role in groups
    ]
