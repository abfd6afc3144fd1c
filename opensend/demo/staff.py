"""Staff for a planned trust: named accounts (the demo's one-per-role logins, the benchmark's
SENDCo and teacher) first, then ordinary staff so that every school has a head and a SENDCo,
every class or set a teacher, and the groups that need one a teaching assistant."""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from opensend.accounts.models import GroupStaff, Role

from .people import adult_name, ascii_slug, staff_title, unique_email
from .plans import SET_SUBJECTS, SchoolPlan, TrustPlan

# Roughly the share of women in each role in the school workforce census; heads are a guess.
WOMEN_SHARE: dict[str, float] = {Role.TA: 0.9, Role.TEACHER: 0.76, Role.SENDCO: 0.85, Role.HEAD: 0.68}
# A secondary teacher without a tutor group teaches about four sets of the ones seeded.
SETS_PER_SUBJECT_TEACHER = 4


@dataclass
class StaffDraft:
    email: str
    first_name: str
    last_name: str
    title: str
    role: str
    # A school's slug; None for a trust-wide role.
    school: str | None
    # (group name, GroupStaff.Kind) at `school`.
    groups: list[tuple[str, str]] = field(default_factory=list)
    # None gives an unusable password: ordinary staff would sign in through their school's SSO.
    password: str | None = None

    @property
    def display_name(self) -> str:
        return f"{self.title} {self.first_name} {self.last_name}".strip()


def draft_staff(plan: TrustPlan, rng: random.Random, named: list[StaffDraft]) -> list[StaffDraft]:
    staff = list(named)
    taken = {person.email for person in named}
    for school in plan.schools:
        staff.extend(_school_staff(plan, school, rng, staff, taken))
    return staff


def _school_staff(
    plan: TrustPlan, school: SchoolPlan, rng: random.Random, existing: list[StaffDraft], taken: set[str]
) -> list[StaffDraft]:
    here = [person for person in existing if person.school == school.slug]
    roles = {person.role for person in here}
    covered = {group for person in here for group in person.groups}
    domain = f"{school.slug}.{plan.email_domain}"

    def hire(role: str, groups: list[tuple[str, str]]) -> StaffDraft:
        sex = "F" if rng.random() < WOMEN_SHARE[role] else "M"
        first, last = adult_name(rng, sex)
        email = unique_email(f"{ascii_slug(first)}.{ascii_slug(last)}", domain, taken)
        return StaffDraft(email, first, last, staff_title(rng, sex), role, school.slug, groups)

    leaders = [hire(role, []) for role in (Role.HEAD, Role.SENDCO) if role not in roles]
    tutors = [
        hire(Role.TEACHER, [(form, GroupStaff.Kind.TEACHER)])
        for form, _ in school.registration_groups()
        if (form, GroupStaff.Kind.TEACHER) not in covered
    ]
    subject_teachers = _teach_sets(school, covered, tutors, lambda: hire(Role.TEACHER, []))
    needing_ta = [group for group in school.ta_supported_groups() if (group, GroupStaff.Kind.TA) not in covered]
    assistants = [
        hire(Role.TA, [(group, GroupStaff.Kind.TA) for group in needing_ta[start : start + school.groups_per_ta]])
        for start in range(0, len(needing_ta), school.groups_per_ta)
    ]
    return [*leaders, *tutors, *subject_teachers, *assistants]


def _teach_sets(
    school: SchoolPlan, covered: set[tuple[str, str]], tutors: list[StaffDraft], hire: Callable[[], StaffDraft]
) -> list[StaffDraft]:
    """Deal the sets nobody teaches yet to the tutors, half to each subject; hire if there are none.
    Returns the extra teachers hired."""
    sets = [name for name, _ in school.teaching_sets() if (name, GroupStaff.Kind.TEACHER) not in covered]
    if not sets:
        return []
    hired = [] if tutors else [hire() for _ in range(math.ceil(len(sets) / SETS_PER_SUBJECT_TEACHER))]
    teachers = tutors or hired
    for index, (code, _) in enumerate(SET_SUBJECTS):
        pool = teachers[index :: len(SET_SUBJECTS)] or teachers
        subject_sets = [name for name in sets if name.split(" ")[1].startswith(code)]
        for number, name in enumerate(subject_sets):
            pool[number % len(pool)].groups.append((name, GroupStaff.Kind.TEACHER))
    return hired


def accounts_table(accounts: list[StaffDraft], school_names: dict[str, str]) -> str:
    """The accounts that can sign in, as a plain-text table for the terminal."""
    rows = [("Email", "Role", "Name", "School", "Password")]
    for person in accounts:
        where = school_names[person.school] if person.school else "(whole trust)"
        rows.append((person.email, Role(person.role).label, person.display_name, where, person.password or ""))
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)
