"""'My class': for each group a teacher teaches (or a TA supports), its SEND pupils with their
needs, what helps them and the current plan, in three queries whatever the number of groups and
pupils: the groups, the pupils' rows and their plans' targets."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import BooleanField, CharField, Q

from opensend.access import policy
from opensend.accounts.models import GroupStaff
from opensend.core.sql import RowSQL, select_rows
from opensend.passports.selectors import current_passport_section
from opensend.plans.selectors import PlanSummary, open_cycle_columns, plan_summaries
from opensend.register.codes import Provision
from opensend.register.selectors import on_register_or_monitored, register_rows_for

# Hand-written SQL, as `opensend.core.sql` explains: my class is read before every lesson. Each
# takes the school and the person (`%s`, `%s`) and reads only the school's current groups.

# A teacher who also supports a group as a TA sees it once, as its teacher ('teacher' > 'ta').
_MY_GROUPS_SQL = """SELECT g.id, g.name, gs.kind FROM accounts_groupstaff gs
INNER JOIN schools_teachinggroup g ON g.id = gs.group_id
WHERE g.school_id = %s AND gs.user_id = %s AND g.archived_at IS NULL
ORDER BY g.name, g.id, gs.kind DESC"""

_IN_MY_GROUPS_SQL = """EXISTS (SELECT 1 FROM pupils_groupmembership gm
INNER JOIN schools_teachinggroup g ON g.id = gm.group_id
INNER JOIN accounts_groupstaff gs ON gs.group_id = g.id
WHERE gm.pupil_id = {row} AND g.school_id = %s AND gs.user_id = %s AND g.archived_at IS NULL)"""

# The ids of the person's groups the pupil is in, as "12,40" (DISTINCT: a group both taught and
# supported is one group), joined as each database spells it.
_WHICH_OF_MY_GROUPS = """SELECT {aggregate} FROM pupils_groupmembership gm
INNER JOIN schools_teachinggroup g ON g.id = gm.group_id
INNER JOIN accounts_groupstaff gs ON gs.group_id = g.id
WHERE gm.pupil_id = {{row}} AND g.school_id = %s AND gs.user_id = %s AND g.archived_at IS NULL"""
_WHICH_OF_MY_GROUPS_SQL = {
    "postgresql": _WHICH_OF_MY_GROUPS.format(aggregate="string_agg(DISTINCT CAST(gm.group_id AS text), ',')"),
    "sqlite": _WHICH_OF_MY_GROUPS.format(aggregate="group_concat(DISTINCT gm.group_id)"),
}


@dataclass
class PupilCard:
    row: dict[str, Any]  # the pupil's register row: names, provision, needs, bases, flags
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

    @property
    def what_helps(self) -> str:
        return self.row["helps_me"] or ""

    @property
    def what_is_hard(self) -> str:
        return self.row["find_hard"] or ""


@dataclass
class GroupCards:
    group_id: int
    name: str
    role: str
    cards: list[PupilCard] = field(default_factory=list)


def _my_groups(user, access: policy.Access) -> list[GroupCards]:
    """The person's current groups at the school, by name, each once, with no cards yet."""
    groups: dict[int, GroupCards] = {}
    for group_id, name, kind in select_rows(_MY_GROUPS_SQL, (access.school.pk, user.pk)):
        groups.setdefault(group_id, GroupCards(group_id, name, GroupStaff.Kind(kind).label))
    return list(groups.values())


def _send_rows(user, access: policy.Access) -> list[dict[str, Any]]:
    """The register rows of the SEND and monitored pupils in the person's groups, among those they
    may see, by name: each with the ids of those of their groups the pupil is in, what their
    passport says helps and is hard, and their open cycle."""
    school = access.school
    mine = (school.pk, user.pk)
    pupil_ids = on_register_or_monitored(policy.pupils_visible_to(user, access), school).filter(
        Q(RowSQL(_IN_MY_GROUPS_SQL, mine, output_field=BooleanField()))
    )
    extra = {
        "my_group_ids": RowSQL(_WHICH_OF_MY_GROUPS_SQL, mine, output_field=CharField()),
        "helps_me": current_passport_section("helps_me"),
        "find_hard": current_passport_section("find_hard"),
        **open_cycle_columns(),
    }
    rows = register_rows_for(pupil_ids.values("pk"), school, extra=extra)
    return sorted(rows.values(), key=lambda row: row["sort_key"])


def my_class_rows(user, access: policy.Access) -> list[GroupCards]:
    groups = _my_groups(user, access)
    if not groups:
        return []
    by_id = {group.group_id: group for group in groups}
    rows = _send_rows(user, access)
    plans = plan_summaries(rows)
    for row in rows:
        card = PupilCard(row, plans.get(row["pk"]))
        for group_id in row["my_group_ids"].split(","):
            by_id[int(group_id)].cards.append(card)
    return groups
