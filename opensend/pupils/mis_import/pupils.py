"""Pupils: checking every row of a pupil export, then writing the pupils, their enrolment, year group
and groups to one school."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from opensend.accounts.models import User
from opensend.audit.models import AuditEvent
from opensend.audit.services import diff, snapshot
from opensend.schools.models import NC_YEAR_ORDER, School, TeachingGroup, YearGroup

from ..models import MEDICAL_NEEDS_MAX_LENGTH, Enrolment, GroupMembership, Pupil, pupil_sort_key
from ..services import PUPIL_EDITABLE_FIELDS
from .column_sets import ColumnSet, column_sets, column_sets_in
from .csv_files import Column, RowReader, Table, read_rows, read_table
from .results import Change, ImportInvalid, ImportResult, Progress, RowError
from .values import age_on, clean_upn, parse_bool, parse_date, parse_group_list, parse_nc_year, parse_sex
from .writing import BATCH, audit_event, in_chunks, plan_apply

PUPIL_COLUMNS: tuple[Column, ...] = (
    Column("upn", "UPN", ("unique pupil number", "pupil upn"), required=True),
    Column("legal_surname", "Surname", ("legal surname", "last name", "family name"), required=True),
    Column(
        "legal_forename", "Forename", ("legal forename", "first name", "legal first name", "given name"), required=True
    ),
    Column("preferred_forename", "Preferred Forename", ("preferred first name", "preferred name", "known as")),
    Column("date_of_birth", "DOB", ("date of birth", "birth date", "d o b"), required=True),
    Column("sex", "Sex", ("gender",), required=True),
    Column("nc_year", "NC Year", ("year", "year group", "national curriculum year", "curriculum year"), required=True),
    Column(
        "registration_group",
        "Reg Group",
        (
            "registration group",
            "registration form",
            "reg",
            "reg class",
            "registration class",
            "form",
            "form group",
            "tutor group",
            "class",
        ),
        required=True,
    ),
    Column("admission_date", "Admission Date", ("date of admission", "entry date", "start date"), required=True),
    Column("leaving_date", "Leaving Date", ("date of leaving", "leave date", "end date")),
    Column("free_school_meals", "FSM", ("free school meals", "fsm eligible", "eligible for fsm")),
    Column("english_additional_language", "EAL", ("english as an additional language", "english additional language")),
    Column("pupil_premium", "Pupil Premium", ("pp", "pupil premium indicator", "pp eligible")),
    Column(
        "looked_after",
        "In Care",
        ("looked after", "in la care", "lac", "cla", "child looked after", "looked after child"),
    ),
    Column("previously_looked_after", "Previously Looked After", ("pla", "previously in care")),
    Column("teaching_groups", "Teaching Groups", ("teaching sets", "classes", "sets")),
    Column(
        "medical_needs",
        "Medical Needs",
        (
            "medical conditions",
            "medical condition",
            "medical notes",
            "medical information",
            "medical details",
            "medical",
        ),
    ),
)
# Pupil fields that keep their stored value when the file has no column for them.
_FLAG_FIELDS = (
    "free_school_meals",
    "english_additional_language",
    "pupil_premium",
    "looked_after",
    "previously_looked_after",
)
_OPTIONAL_PUPIL_FIELDS = ("preferred_forename", "medical_needs", *_FLAG_FIELDS)
_NAME_MAX = Pupil._meta.get_field("legal_surname").max_length
_GROUP_NAME_MAX = TeachingGroup._meta.get_field("name").max_length
MIN_AGE, MAX_AGE = 2, 25


# --- Reading and checking the file ----------------------------------------------------------------


@dataclass(frozen=True)
class PupilRow:
    row: int
    upn: str
    legal_surname: str
    legal_forename: str
    preferred_forename: str
    date_of_birth: datetime.date
    sex: str
    nc_year: str
    registration_group: str
    teaching_groups: tuple[str, ...]
    admission_date: datetime.date
    leaving_date: datetime.date | None
    free_school_meals: bool
    english_additional_language: bool
    pupil_premium: bool
    looked_after: bool
    previously_looked_after: bool
    medical_needs: str
    # Each column set's value for the row (see column_sets.py), by the set's key.
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"{self.legal_forename} {self.legal_surname}"


@dataclass(frozen=True)
class PupilFile:
    rows: list[PupilRow]
    headers: dict[str, str]  # column key -> the header as the file spells it, for messages

    @property
    def present(self) -> frozenset[str]:
        return frozenset(self.headers)


def pupil_columns() -> tuple[Column, ...]:
    """Every column a pupil file may have: the pupils' own, then the features' (the SEN register's)."""
    return PUPIL_COLUMNS + tuple(column for column_set in column_sets() for column in column_set.columns)


def parse_pupils(text: str, *, today: datetime.date | None = None, progress: Progress | None = None) -> PupilFile:
    """Every row of a pupil export, checked. Raises ImportInvalid naming every bad row and column."""
    today = today or timezone.localdate()
    table = read_table(text, pupil_columns())
    sets = column_sets_in(frozenset(table.headers))
    _raise_header_problems(table, sets)
    rows, every_row, errors = read_rows(table, lambda reader: _pupil_row(reader, today, sets), progress=progress)
    errors.extend(_duplicate_upn_errors(every_row, table))
    if not rows and not errors:
        errors.append(RowError(1, "", "The file has a header row but no pupils"))
    if errors:
        raise ImportInvalid(errors)
    return PupilFile(rows=rows, headers=table.headers)


def _raise_header_problems(table: Table, sets: list[ColumnSet]) -> None:
    present = frozenset(table.headers)
    errors = [
        RowError(1, table.headers.get(key, table.columns[key].header), message)
        for column_set in sets
        for key, message in column_set.header_problems(present)
    ]
    if errors:
        raise ImportInvalid(errors)


def _pupil_row(reader: RowReader, today: datetime.date, sets: list[ColumnSet]) -> PupilRow:
    """The row as read; a value that cannot be read is None or blank, and its problem is in
    reader.errors."""
    born = reader.parsed("date_of_birth", parse_date)
    admitted = reader.parsed("admission_date", parse_date)
    leaving = reader.parsed("leaving_date", parse_date)
    _check_dates(reader, today, born, admitted, leaving)
    teaching_groups = parse_group_list(reader.raw("teaching_groups"))
    for name in teaching_groups:
        if len(name) > _GROUP_NAME_MAX:
            reader.error(
                "teaching_groups", f"The group name “{name[:20]}…” is longer than {_GROUP_NAME_MAX} characters"
            )
    return PupilRow(
        row=reader.number,
        upn=reader.parsed("upn", clean_upn, ""),
        legal_surname=reader.text("legal_surname", max_length=_NAME_MAX),
        legal_forename=reader.text("legal_forename", max_length=_NAME_MAX),
        preferred_forename=reader.text("preferred_forename", max_length=_NAME_MAX),
        date_of_birth=born,
        sex=reader.parsed("sex", parse_sex),
        nc_year=reader.parsed("nc_year", parse_nc_year),
        registration_group=reader.text("registration_group", max_length=_GROUP_NAME_MAX),
        teaching_groups=teaching_groups,
        admission_date=admitted,
        leaving_date=leaving,
        **{key: reader.parsed(key, parse_bool, False) for key in _FLAG_FIELDS},
        medical_needs=reader.multiline("medical_needs", max_length=MEDICAL_NEEDS_MAX_LENGTH),
        extra={column_set.key: column_set.read(reader, today) for column_set in sets},
    )


def _check_dates(
    reader: RowReader,
    today: datetime.date,
    born: datetime.date | None,
    admitted: datetime.date | None,
    leaving: datetime.date | None,
) -> None:
    if born is not None and (problem := _birth_problem(born, today)):
        reader.error("date_of_birth", problem)
        born = None  # one wrong date is one problem, not a cascade of them
    if born is not None and admitted is not None and admitted < born:
        reader.error("admission_date", "The admission date is before the date of birth")
    if admitted is not None and leaving is not None and leaving < admitted:
        reader.error("leaving_date", "The leaving date is before the admission date")


def _birth_problem(born: datetime.date, today: datetime.date) -> str | None:
    if born > today:
        return "The date of birth is in the future"
    age = age_on(born, today)
    if not MIN_AGE <= age <= MAX_AGE:
        return f"The date of birth makes the pupil {age}; pupils are {MIN_AGE} to {MAX_AGE}"
    return None


def _duplicate_upn_errors(rows: list[PupilRow], table: Table) -> list[RowError]:
    """Rows with other problems count too: the same UPN twice is a problem whichever row is fixed."""
    upn_rows: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        if row.upn:
            upn_rows[row.upn].append(row.row)
    errors = []
    for numbers in upn_rows.values():
        if len(numbers) > 1:
            message = "This UPN is on more than one row: " + ", ".join(str(n) for n in numbers)
            errors.extend(RowError(n, table.headers["upn"], message) for n in numbers)
    return errors


# --- Writing --------------------------------------------------------------------------------------


def import_pupils(
    *, school: School, text: str, actor: User | None, dry_run: bool = False, progress: Progress | None = None
) -> ImportResult:
    return pupils_apply(school=school, data=parse_pupils(text, progress=progress), actor=actor, dry_run=dry_run)


def pupils_apply(*, school: School, data: PupilFile, actor: User | None, dry_run: bool = False) -> ImportResult:
    """Write a checked pupil file to `school` in one transaction; with dry_run, only count."""
    return plan_apply(_PupilPlan(school=school, data=data, actor=actor), dry_run=dry_run)


@dataclass
class _PupilChanges:
    """What one row does to one pupil, kept until the pupil has a primary key."""

    row: PupilRow
    pupil: Pupil
    action: str
    changes: dict[str, list[Any]]  # the pupil's own event; column sets audit their changes themselves
    other_fields: tuple[str, ...] = ()

    @property
    def fields(self) -> tuple[str, ...]:
        return (*self.changes, *self.other_fields)


class _PupilPlan:
    """Everything a pupil import will write, worked out with a fixed number of queries."""

    def __init__(self, *, school: School, data: PupilFile, actor: User | None) -> None:
        self.school = school
        self.data = data
        self.actor = actor
        self.now = timezone.now()
        self.new_pupils: list[Pupil] = []
        self.changed_pupils: list[Pupil] = []
        self.changed_pupil_fields: set[str] = set()
        self.new_enrolments: list[Enrolment] = []
        self.changed_enrolments: list[Enrolment] = []
        self.new_year_groups: list[YearGroup] = []
        self.new_groups: list[TeachingGroup] = []
        self.new_memberships: list[GroupMembership] = []
        self.removed_membership_ids: list[int] = []
        self.audited: list[_PupilChanges] = []
        self.errors: list[RowError] = []
        self.set_plans = {
            column_set.key: column_set.plan(
                school=school, actor=actor, now=self.now, present=data.present, error=self._error
            )
            for column_set in column_sets_in(data.present)
        }

    def _error(self, number: int, key: str, message: str) -> None:
        self.errors.append(RowError(number, self.data.headers.get(key, key), message))

    # Loading what is there already.

    def _load(self) -> None:
        upns = [row.upn for row in self.data.rows]
        self.pupils: dict[str, Pupil] = {}
        taken_elsewhere: set[str] = set()
        for chunk in in_chunks(upns):
            ours = Pupil.objects.select_for_update().filter(trust=self.school.trust, upn__in=chunk)
            self.pupils.update((pupil.upn, pupil) for pupil in ours)
            others = Pupil.objects.filter(upn__in=chunk).exclude(trust=self.school.trust)
            taken_elsewhere.update(others.values_list("upn", flat=True))
        if taken_elsewhere:
            raise ImportInvalid(self._taken_errors(taken_elsewhere))
        for set_plan in self.set_plans.values():
            set_plan.load(list(self.pupils.values()))
        self.year_groups = {yg.nc_year: yg for yg in YearGroup.objects.filter(school=self.school)}
        self.groups = {group.name: group for group in TeachingGroup.objects.filter(school=self.school)}
        self.groups_by_id = {group.pk: group for group in self.groups.values()}
        self.enrolments: dict[int, list[Enrolment]] = defaultdict(list)
        for enrolment in Enrolment.objects.filter(school=self.school).select_related("year_group"):
            self.enrolments[enrolment.pupil_id].append(enrolment)
        self.memberships: dict[int, dict[int, int]] = defaultdict(dict)  # pupil -> {group id: membership id}
        for pk, pupil_id, group_id in GroupMembership.objects.filter(group__school=self.school).values_list(
            "pk", "pupil_id", "group_id"
        ):
            self.memberships[pupil_id][group_id] = pk

    def _taken_errors(self, upns: set[str]) -> list[RowError]:
        message = "This UPN belongs to a pupil of another trust in OpenSEND; check it, or ask your administrator"
        return [RowError(row.row, self.data.headers["upn"], message) for row in self.data.rows if row.upn in upns]

    # Working out the changes.

    def build(self) -> ImportResult:
        self._load()
        result = ImportResult()
        for row in self.data.rows:
            change = self._plan_row(row)
            if change is None:
                result.unchanged += 1
                continue
            self.audited.append(change)
            result.add(Change(row.row, row.label, change.action, change.fields))
        if self.errors:
            raise ImportInvalid(self.errors)
        result.groups_created = len(self.new_groups)
        for set_plan in self.set_plans.values():
            result.counts.update(set_plan.counts())
        return result

    def _plan_row(self, row: PupilRow) -> _PupilChanges | None:
        pupil = self.pupils.get(row.upn)
        is_new = pupil is None
        if pupil is None:
            pupil = Pupil(trust=self.school.trust)
            self.new_pupils.append(pupil)
        changes = self._plan_pupil(row, pupil, is_new=is_new)
        changes.update(self._plan_enrolment(row, pupil, is_new=is_new))
        changes.update(self._plan_groups(row, pupil, is_new=is_new))
        other: dict[str, list[Any]] = {}
        for key, set_plan in self.set_plans.items():
            other.update(set_plan.plan_row(row.row, row.extra.get(key), pupil, is_new=is_new))
        if not changes and not other:
            return None
        action = AuditEvent.Action.CREATE if is_new else AuditEvent.Action.UPDATE
        return _PupilChanges(row=row, pupil=pupil, action=action, changes=changes, other_fields=tuple(other))

    def _plan_pupil(self, row: PupilRow, pupil: Pupil, *, is_new: bool) -> dict[str, list[Any]]:
        before = {} if is_new else snapshot(pupil, PUPIL_EDITABLE_FIELDS)
        for name in PUPIL_EDITABLE_FIELDS:
            if name in _OPTIONAL_PUPIL_FIELDS and name not in self.data.present and not is_new:
                continue
            setattr(pupil, name, getattr(row, name))
        changes = diff(before, snapshot(pupil, PUPIL_EDITABLE_FIELDS))
        if changes and not is_new:
            pupil.version += 1
            pupil.updated_at = self.now
            self.changed_pupils.append(pupil)
            self.changed_pupil_fields.update(changes)
        if changes:
            pupil.sort_key = pupil_sort_key(pupil.legal_surname, pupil.legal_forename, pupil.public_id)
        return changes

    def _year_group(self, nc_year: str) -> YearGroup:
        if nc_year not in self.year_groups:
            year_group = YearGroup(school=self.school, nc_year=nc_year, sort_order=NC_YEAR_ORDER[nc_year])
            self.year_groups[nc_year] = year_group
            self.new_year_groups.append(year_group)
        return self.year_groups[nc_year]

    def _matching_enrolment(self, row: PupilRow, pupil: Pupil) -> Enrolment | None:
        """The open enrolment here, else the one that began on the same day (a pupil who left)."""
        enrolments = self.enrolments.get(pupil.pk, []) if pupil.pk else []
        open_ones = [e for e in enrolments if e.leaving_date is None]
        same_day = [e for e in enrolments if e.admission_date == row.admission_date]
        return (open_ones or same_day or [None])[0]

    def _plan_enrolment(self, row: PupilRow, pupil: Pupil, *, is_new: bool) -> dict[str, list[Any]]:
        enrolment = None if is_new else self._matching_enrolment(row, pupil)
        before = _enrolment_state(enrolment) if enrolment else {}
        target = enrolment or Enrolment(pupil=pupil, school=self.school, leaving_date=None)
        target.year_group = self._year_group(row.nc_year)
        target.admission_date = row.admission_date
        if "leaving_date" in self.data.present:
            target.leaving_date = row.leaving_date
        changes = diff(before, _enrolment_state(target))
        if changes and enrolment is None:
            self.new_enrolments.append(target)
        elif changes:
            target.updated_at = self.now
            self.changed_enrolments.append(target)
        return changes

    def _group(self, name: str, kind: str, year_group: YearGroup | None) -> TeachingGroup:
        if name not in self.groups:
            group = TeachingGroup(school=self.school, name=name, kind=kind, year_group=year_group)
            self.groups[name] = group
            self.new_groups.append(group)
        return self.groups[name]

    def _plan_groups(self, row: PupilRow, pupil: Pupil, *, is_new: bool) -> dict[str, list[Any]]:
        """Registration groups always, teaching groups when the file has the column: the pupil ends
        up in exactly the groups of those kinds that the row names."""
        year_group = self._year_group(row.nc_year)
        wanted = {
            row.registration_group: self._group(row.registration_group, TeachingGroup.Kind.REGISTRATION, year_group)
        }
        managed_kinds = {TeachingGroup.Kind.REGISTRATION}
        if "teaching_groups" in self.data.present:
            managed_kinds.add(TeachingGroup.Kind.TEACHING)
            for name in row.teaching_groups:
                wanted.setdefault(name, self._group(name, TeachingGroup.Kind.TEACHING, None))
        current = {} if is_new else self.memberships.get(pupil.pk, {})
        held = {group_id: self.groups_by_id[group_id] for group_id in current}
        removed = [gid for gid, group in held.items() if group.kind in managed_kinds and group.name not in wanted]
        added = [group for group in wanted.values() if group.pk is None or group.pk not in current]
        if not removed and not added:
            return {}
        self.removed_membership_ids += [current[group_id] for group_id in removed]
        self.new_memberships += [GroupMembership(group=group, pupil=pupil) for group in added]
        before = sorted(group.name for group in held.values())
        kept = {group.name for gid, group in held.items() if gid not in removed}
        after = sorted(kept | {group.name for group in added})
        return {"groups": [None if is_new else before, after]}

    # Writing.

    def write(self) -> None:
        for year_group in self.new_year_groups:
            year_group.save()
        TeachingGroup.objects.bulk_create(self.new_groups, batch_size=BATCH)
        Pupil.objects.bulk_create(self.new_pupils, batch_size=BATCH)
        if self.changed_pupils:
            fields = sorted(self.changed_pupil_fields | {"sort_key", "version", "updated_at"})
            Pupil.objects.bulk_update(self.changed_pupils, fields, batch_size=BATCH)
        Enrolment.objects.bulk_create(self.new_enrolments, batch_size=BATCH)
        fields = ["year_group", "admission_date", "leaving_date", "updated_at"]
        Enrolment.objects.bulk_update(self.changed_enrolments, fields, batch_size=BATCH)
        for chunk in in_chunks(self.removed_membership_ids):
            GroupMembership.objects.filter(pk__in=chunk).delete()
        GroupMembership.objects.bulk_create(self.new_memberships, batch_size=BATCH)
        events = [
            _pupil_audit_event(item, actor=self.actor, school=self.school, at=self.now)
            for item in self.audited
            if item.changes
        ]
        for set_plan in self.set_plans.values():
            events += set_plan.write()
        AuditEvent.objects.bulk_create(events, batch_size=BATCH)


def _enrolment_state(enrolment: Enrolment) -> dict[str, Any]:
    return {
        "year_group": enrolment.year_group.nc_year,
        "admission_date": enrolment.admission_date.isoformat(),
        "leaving_date": enrolment.leaving_date.isoformat() if enrolment.leaving_date else None,
    }


def _pupil_audit_event(item: _PupilChanges, *, actor: User | None, school: School, at: datetime.datetime) -> AuditEvent:
    created = item.action == AuditEvent.Action.CREATE
    return audit_event(
        item.pupil,
        action=item.action,
        changes=item.changes,
        actor=actor,
        school=school,
        at=at,
        pupil=item.pupil,
        summary="Pupil record created by MIS import" if created else "Pupil details changed by MIS import",
    )
