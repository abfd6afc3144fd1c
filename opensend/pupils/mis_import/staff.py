"""Staff: checking every row of a staff file, then writing the accounts, their roles at one school
and the groups each person teaches or supports."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models.functions import Lower
from django.utils import timezone

from opensend.accounts.models import GroupStaff, Membership, Role, User
from opensend.audit.models import AuditEvent
from opensend.audit.services import diff, snapshot
from opensend.core.school_cache import access_changed
from opensend.schools.models import School, TeachingGroup

from .csv_files import Column, RowReader, Table, read_rows, read_table
from .results import Change, ImportInvalid, ImportResult, Progress, RowError
from .values import parse_email, parse_group_list, parse_role
from .writing import BATCH, audit_event, in_chunks, plan_apply

STAFF_COLUMNS: tuple[Column, ...] = (
    Column("email", "Email", ("email address", "e mail", "work email", "school email"), required=True),
    Column("title", "Title", ("salutation",)),
    Column("first_name", "Forename", ("first name", "given name", "legal forename"), required=True),
    Column("last_name", "Surname", ("last name", "family name", "legal surname"), required=True),
    Column("role", "Role", ("opensend role", "staff role"), required=True),
    Column("groups", "Groups", ("groups taught", "teaching groups", "classes")),
)
_TITLE_MAX = User._meta.get_field("title").max_length
_USER_NAME_MAX = User._meta.get_field("first_name").max_length


# --- Reading and checking the file ----------------------------------------------------------------


@dataclass(frozen=True)
class StaffRow:
    row: int
    email: str
    title: str
    first_name: str
    last_name: str
    role: str
    groups: tuple[str, ...]

    @property
    def group_kind(self) -> str:
        return GroupStaff.Kind.TA if self.role == Role.TA else GroupStaff.Kind.TEACHER


@dataclass(frozen=True)
class StaffFile:
    rows: list[StaffRow]
    headers: dict[str, str]

    @property
    def present(self) -> frozenset[str]:
        return frozenset(self.headers)


def parse_staff(text: str, *, progress: Progress | None = None) -> StaffFile:
    table = read_table(text, STAFF_COLUMNS)
    rows, _, errors = read_rows(table, _staff_row, progress=progress)
    errors.extend(_staff_consistency_errors(rows, table))
    if not rows and not errors:
        errors.append(RowError(1, "", "The file has a header row but no staff"))
    if errors:
        raise ImportInvalid(errors)
    return StaffFile(rows=rows, headers=table.headers)


def _staff_row(reader: RowReader) -> StaffRow:
    return StaffRow(
        row=reader.number,
        email=reader.parsed("email", parse_email, ""),
        title=reader.text("title", max_length=_TITLE_MAX),
        first_name=reader.text("first_name", max_length=_USER_NAME_MAX),
        last_name=reader.text("last_name", max_length=_USER_NAME_MAX),
        role=reader.parsed("role", parse_role, ""),
        groups=parse_group_list(reader.raw("groups")),
    )


def _staff_consistency_errors(rows: Sequence[StaffRow], table: Table) -> list[RowError]:
    """One person may have several rows (one per role), but the same role once and one name."""
    errors = []
    first_by_role: dict[tuple[str, str], StaffRow] = {}
    first_by_email: dict[str, StaffRow] = {}
    for row in rows:
        seen = first_by_role.setdefault((row.email, row.role), row)
        if seen is not row:
            errors.append(RowError(row.row, table.headers["role"], f"This person has this role on row {seen.row} too"))
        person = first_by_email.setdefault(row.email, row)
        if (person.title, person.first_name, person.last_name) != (row.title, row.first_name, row.last_name):
            message = f"The name differs from row {person.row} for the same email address"
            errors.append(RowError(row.row, table.headers["first_name"], message))
    return errors


# --- Writing --------------------------------------------------------------------------------------


def import_staff(
    *, school: School, text: str, actor: User | None, dry_run: bool = False, progress: Progress | None = None
) -> ImportResult:
    return staff_apply(school=school, data=parse_staff(text, progress=progress), actor=actor, dry_run=dry_run)


def staff_apply(*, school: School, data: StaffFile, actor: User | None, dry_run: bool = False) -> ImportResult:
    """Accounts, roles at `school` and the groups each person teaches or supports, in one transaction."""
    return plan_apply(_StaffPlan(school=school, data=data, actor=actor), dry_run=dry_run)


class _StaffPlan:
    def __init__(self, *, school: School, data: StaffFile, actor: User | None) -> None:
        self.school = school
        self.data = data
        self.actor = actor
        self.now = timezone.now()
        self.rows_by_email: dict[str, list[StaffRow]] = defaultdict(list)
        for row in data.rows:
            self.rows_by_email[row.email].append(row)
        self.new_users: list[User] = []
        self.changed_users: list[User] = []
        self.new_memberships: list[Membership] = []
        self.reactivated: list[Membership] = []
        self.new_links: list[GroupStaff] = []
        self.removed_link_ids: list[int] = []
        self.audited: list[tuple[User, str, dict[str, list[Any]]]] = []

    def _load(self) -> None:
        emails = list(self.rows_by_email)
        users = User.objects.annotate(email_lower=Lower("email")).filter(email_lower__in=emails)
        self.users = {user.email_lower: user for user in users}
        self.groups = {group.name: group for group in TeachingGroup.objects.filter(school=self.school)}
        self._check_groups_exist()
        user_ids = [user.pk for user in self.users.values()]
        self.memberships: dict[int, dict[str, Membership]] = defaultdict(dict)
        self.shared_users: set[int] = set()
        for membership in Membership.objects.filter(user_id__in=user_ids):
            if membership.school_id == self.school.pk:
                self.memberships[membership.user_id][membership.role] = membership
            else:
                self.shared_users.add(membership.user_id)
        self.links: dict[int, dict[tuple[int, str], int]] = defaultdict(dict)
        for pk, user_id, group_id, kind in GroupStaff.objects.filter(
            user_id__in=user_ids, group__school=self.school
        ).values_list("pk", "user_id", "group_id", "kind"):
            self.links[user_id][(group_id, kind)] = pk

    def _check_groups_exist(self) -> None:
        # A misspelt group would silently leave a teacher unable to see their class, so refuse it.
        errors = [
            RowError(
                row.row,
                self.data.headers["groups"],
                f"There is no group called “{name}” at {self.school.name}; import pupils first",
            )
            for row in self.data.rows
            for name in row.groups
            if name not in self.groups
        ]
        if errors:
            raise ImportInvalid(errors)

    def build(self) -> ImportResult:
        self._load()
        result = ImportResult()
        for email, rows in self.rows_by_email.items():
            user, is_new, changes = self._plan_user(email, rows[0])
            changes.update(self._plan_roles(user, rows, is_new=is_new))
            if "groups" in self.data.present:
                changes.update(self._plan_links(user, rows, is_new=is_new))
            if not changes:
                result.unchanged += 1
                continue
            action = AuditEvent.Action.CREATE if is_new else AuditEvent.Action.UPDATE
            self.audited.append((user, action, changes))
            result.add(Change(rows[0].row, user.display_name, action, tuple(changes)))
        return result

    def _plan_user(self, email: str, row: StaffRow) -> tuple[User, bool, dict[str, list[Any]]]:
        fields = ["email", "title", "first_name", "last_name"]
        user = self.users.get(email)
        if user is None:
            user = User(email=email, title=row.title, first_name=row.first_name, last_name=row.last_name)
            user.set_unusable_password()
            self.new_users.append(user)
            return user, True, diff({}, snapshot(user, fields))
        if user.pk in self.shared_users:
            # Someone who also works at another school keeps the name that school knows them by.
            return user, False, {}
        before = snapshot(user, fields)
        user.first_name, user.last_name = row.first_name, row.last_name
        if "title" in self.data.present:
            user.title = row.title
        changes = diff(before, snapshot(user, fields))
        if changes:
            self.changed_users.append(user)
        return user, False, changes

    def _plan_roles(self, user: User, rows: list[StaffRow], *, is_new: bool) -> dict[str, list[Any]]:
        held = {} if is_new else self.memberships.get(user.pk, {})
        before = sorted(role for role, m in held.items() if m.is_active)
        for row in rows:
            membership = held.get(row.role)
            if membership is None:
                self.new_memberships.append(
                    Membership(user=user, trust=self.school.trust, school=self.school, role=row.role)
                )
            elif not membership.is_active:
                membership.is_active = True
                membership.updated_at = self.now
                self.reactivated.append(membership)
        after = sorted(set(before) | {row.role for row in rows})
        return {"roles": [before if not is_new else None, after]} if after != before else {}

    def _plan_links(self, user: User, rows: list[StaffRow], *, is_new: bool) -> dict[str, list[Any]]:
        current = {} if is_new else self.links.get(user.pk, {})
        wanted = {(self.groups[name].pk, row.group_kind) for row in rows for name in row.groups}
        added = wanted - set(current)
        removed = set(current) - wanted
        if not added and not removed:
            return {}
        self.new_links += [GroupStaff(group_id=group_id, user=user, kind=kind) for group_id, kind in sorted(added)]
        self.removed_link_ids += [current[key] for key in removed]
        names = {group.pk: group.name for group in self.groups.values()}
        before = sorted(f"{names[g]} ({k})" for g, k in current)
        after = sorted(f"{names[g]} ({k})" for g, k in wanted)
        return {"groups": [before if not is_new else None, after]}

    def write(self) -> None:
        User.objects.bulk_create(self.new_users, batch_size=BATCH)
        User.objects.bulk_update(self.changed_users, ["title", "first_name", "last_name"], batch_size=BATCH)
        Membership.objects.bulk_create(self.new_memberships, batch_size=BATCH)
        Membership.objects.bulk_update(self.reactivated, ["is_active", "updated_at"], batch_size=BATCH)
        if self.new_memberships or self.reactivated:
            access_changed()  # bulk writes send no signals
        for chunk in in_chunks(self.removed_link_ids):
            GroupStaff.objects.filter(pk__in=chunk).delete()
        GroupStaff.objects.bulk_create(self.new_links, batch_size=BATCH)
        events = [
            audit_event(
                user,
                action=action,
                changes=changes,
                actor=self.actor,
                school=self.school,
                at=self.now,
                summary=(
                    "Staff account created by MIS import"
                    if action == AuditEvent.Action.CREATE
                    else "Staff details changed by MIS import"
                ),
            )
            for user, action, changes in self.audited
        ]
        AuditEvent.objects.bulk_create(events, batch_size=BATCH)
