"""Importing pupils, their year and groups, and staff from a CSV export of a school's MIS
(SIMS, Arbor, Bromcom and the like).

Every import runs in two steps so that a bad file changes nothing: `parse_pupils` / `parse_staff`
read and check every row and raise `ImportInvalid` listing every problem; `pupils_apply` /
`staff_apply` then write everything in one transaction, with an audit event for each pupil or
person they create or change. Running the same file twice changes nothing and audits nothing.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import logging
import re
import threading
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connections, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from stdnum import exceptions as stdnum_errors
from stdnum.gb import upn as stdnum_upn

from opensend.accounts.models import GroupStaff, Membership, Role, User
from opensend.audit.models import AuditEvent
from opensend.audit.services import diff, snapshot
from opensend.schools.models import NC_YEAR_ORDER, NCYear, School, TeachingGroup, YearGroup

from .models import Enrolment, GroupMembership, ImportJob, Pupil, Sex, pupil_sort_key
from .services import PUPIL_EDITABLE_FIELDS

logger = logging.getLogger(__name__)

Progress = Callable[[int, int], None]

# Postgres accepts at most 65,535 parameters in one statement; stay well below it.
_IN_CHUNK = 10_000
_BATCH = 500
_PROGRESS_EVERY = 500
# How many changes a job keeps to show on its page; the counts are always complete.
JOB_CHANGES_KEPT = 200


# --- Errors and results -------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    """One problem: the row as a spreadsheet numbers it (header = row 1) and the column."""

    row: int
    field: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "field": self.field, "message": self.message}


class ImportInvalid(Exception):
    def __init__(self, errors: Sequence[RowError]) -> None:
        self.errors = sorted(errors, key=lambda e: e.row)
        super().__init__(f"{len(self.errors)} problem(s) in the file; nothing was imported.")


class _CellError(ValueError):
    """A cell that cannot be read; the message is shown to the person importing."""


# How a changed field is named to people, on the job page and in the command's report.
FIELD_LABELS = {
    "upn": "UPN",
    "legal_surname": "surname",
    "legal_forename": "forename",
    "preferred_forename": "preferred forename",
    "date_of_birth": "date of birth",
    "sex": "sex",
    "free_school_meals": "FSM",
    "english_additional_language": "EAL",
    "pupil_premium": "pupil premium",
    "looked_after": "in care",
    "previously_looked_after": "previously looked after",
    "year_group": "NC year",
    "admission_date": "admission date",
    "leaving_date": "leaving date",
    "groups": "groups",
    "email": "email",
    "title": "title",
    "first_name": "forename",
    "last_name": "surname",
    "roles": "roles",
}


@dataclass(frozen=True)
class Change:
    row: int
    label: str
    action: str  # AuditEvent.Action.CREATE or UPDATE
    fields: tuple[str, ...]

    @property
    def field_labels(self) -> str:
        return ", ".join(FIELD_LABELS.get(name, name) for name in self.fields)

    @property
    def described(self) -> str:
        return "added" if self.action == AuditEvent.Action.CREATE else f"changed: {self.field_labels}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "label": self.label,
            "action": self.action,
            "fields": list(self.fields),
            "described": self.described,
        }


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    groups_created: int = 0
    dry_run: bool = False
    changes: list[Change] = field(default_factory=list)

    def summary(self, *, changes_kept: int = JOB_CHANGES_KEPT) -> dict[str, Any]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "groups_created": self.groups_created,
            "dry_run": self.dry_run,
            "changes_total": len(self.changes),
            "changes": [change.as_dict() for change in self.changes[:changes_kept]],
        }


# --- Reading cells --------------------------------------------------------------------------------

# The census 1530 rule's list of post-April-1998 LA codes and pseudo-LA codes, plus the 2023
# Cumbria successors. python-stdnum's own list dates from 2011 and would refuse real UPNs
# allocated in, say, North Northamptonshire (940) or Wales (660-681).
_LA_CODE_RANGES = (
    (1, 5), (201, 213), (301, 320), (330, 336), (340, 344), (350, 359), (370, 373), (380, 384),
    (390, 394), (420, 420), (660, 681), (701, 708), (800, 803), (805, 808), (810, 813), (815, 816),
    (820, 823), (825, 826), (830, 831), (835, 841), (845, 846), (850, 852), (855, 857), (860, 861),
    (865, 896), (908, 909), (916, 916), (919, 919), (921, 921), (925, 926), (928, 929), (931, 931),
    (933, 933), (935, 938), (940, 943),
)  # fmt: skip
KNOWN_LA_CODES = frozenset(code for low, high in _LA_CODE_RANGES for code in range(low, high + 1))

_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
# Spreadsheets saved from Excel sometimes add a midnight time to every date.
_MIDNIGHT = re.compile(r"[ T]00:00(:00)?$")

_TRUE = frozenset({"y", "yes", "true", "1"})
_FALSE = frozenset({"", "n", "no", "false", "0"})
_SEX = {"f": Sex.FEMALE, "female": Sex.FEMALE, "m": Sex.MALE, "male": Sex.MALE}
_NC_WORDS = {
    "n1": NCYear.N1,
    "nursery 1": NCYear.N1,
    "n2": NCYear.N2,
    "nursery 2": NCYear.N2,
    "r": NCYear.R,
    "yr": NCYear.R,
    "year r": NCYear.R,
    "reception": NCYear.R,
}
_NC_NUMBER = re.compile(r"^(?:year|yr|y)?\s*0?(\d{1,2})$")


def clean_upn(raw: str) -> str:
    """The UPN in the form we store it: upper case, no spaces. Raises _CellError if invalid."""
    number = stdnum_upn.compact(raw)
    try:
        return stdnum_upn.validate(number)
    except stdnum_errors.InvalidLength as error:
        raise _CellError(f"A UPN has 13 characters; this one has {len(number)}") from error
    except stdnum_errors.InvalidFormat as error:
        raise _CellError("A UPN is a letter, 11 digits, then a digit or a letter (not I, O or S)") from error
    except stdnum_errors.InvalidComponent:
        # python-stdnum's LA list is out of date; check against the census list instead.
        if int(number[1:4]) not in KNOWN_LA_CODES:
            raise _CellError("UPN invalid (characters 2-4 not a recognised LA code)") from None
        if stdnum_upn.calc_check_digit(number[1:]) != number[0]:
            raise _CellError("UPN invalid (wrong check letter at character 1)") from None
        return number
    except stdnum_errors.InvalidChecksum as error:
        raise _CellError("UPN invalid (wrong check letter at character 1)") from error


def is_valid_upn(raw: str) -> bool:
    try:
        clean_upn(raw)
    except _CellError:
        return False
    return True


def parse_date(raw: str) -> datetime.date:
    text = _MIDNIGHT.sub("", raw.strip())
    if match := _DMY.match(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := _ISO.match(text):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise _CellError(f"Write the date as DD/MM/YYYY or YYYY-MM-DD, not “{raw.strip()}”")
    try:
        return datetime.date(year, month, day)
    except ValueError as error:
        raise _CellError(f"“{raw.strip()}” is not a real date") from error


def parse_bool(raw: str) -> bool:
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise _CellError(f"Write Y or N (or leave blank for No), not “{raw.strip()}”")


def parse_sex(raw: str) -> str:
    try:
        return _SEX[raw.strip().lower()]
    except KeyError:
        raise _CellError(f"Write F or M, not “{raw.strip()}”") from None


def parse_nc_year(raw: str) -> str:
    text = " ".join(raw.strip().lower().split())
    if text in _NC_WORDS:
        return _NC_WORDS[text]
    match = _NC_NUMBER.match(text)
    if match and 1 <= int(match.group(1)) <= 14:
        return str(int(match.group(1)))
    raise _CellError(f"Write the NC year as N1, N2, R or 1 to 14, not “{raw.strip()}”")


def parse_group_list(raw: str) -> tuple[str, ...]:
    names = (" ".join(part.split()) for part in raw.split(";"))
    return tuple(dict.fromkeys(name for name in names if name))


def age_on(born: datetime.date, day: datetime.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


# --- Reading the file and its header --------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # the name the documentation and messages use
    aliases: tuple[str, ...] = ()
    required: bool = False


def normalise_header(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


_NOT_CSV = "The file is not a CSV file. Save it from your MIS or spreadsheet as “CSV UTF-8” and upload it again."


def decode_csv(data: bytes) -> str:
    """The text of an uploaded CSV: UTF-8 (with or without the BOM Excel adds), UTF-16 with a BOM,
    else Windows-1252, which is what Excel's plain "CSV" writes on a UK Windows PC."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    # A workbook (zip) or any other binary file is not a CSV, whatever it decodes to.
    if data.startswith(b"PK\x03\x04") or b"\x00" in data:
        raise ValueError(_NOT_CSV)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise ValueError(_NOT_CSV) from error


@dataclass(frozen=True)
class _Table:
    columns: dict[str, Column]
    headers: dict[str, str]  # column key -> the header as the file spells it
    index: dict[str, int]  # column key -> position
    width: int
    records: list[list[str]]  # data rows; records[0] is spreadsheet row 2


def _read_table(text: str, columns: Sequence[Column]) -> _Table:
    records: list[list[str]] = []
    try:
        records.extend(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    except csv.Error as error:
        # extend() keeps the rows read before the bad one, so we know which row it is.
        raise ImportInvalid([RowError(len(records) + 1, "", f"The file cannot be read as CSV: {error}")]) from error
    if not records or not any(cell.strip() for cell in records[0]):
        raise ImportInvalid([RowError(1, "", "The file is empty. The first row must name the columns.")])
    header_row = records[0]
    index, headers, errors = _map_headers(header_row, columns)
    if errors:
        raise ImportInvalid(errors)
    by_key = {column.key: column for column in columns}
    return _Table(columns=by_key, headers=headers, index=index, width=len(header_row), records=records[1:])


def _map_headers(
    header_row: Sequence[str], columns: Sequence[Column]
) -> tuple[dict[str, int], dict[str, str], list[RowError]]:
    by_name = {normalise_header(name): column for column in columns for name in (column.header, *column.aliases)}
    index: dict[str, int] = {}
    headers: dict[str, str] = {}
    errors: list[RowError] = []
    for position, text in enumerate(header_row):
        column = by_name.get(normalise_header(text))
        if column is None:
            continue  # MIS exports carry many columns we do not use.
        if column.key in index:
            message = f"“{headers[column.key]}” and “{text.strip()}” both give the {column.header}; keep one"
            errors.append(RowError(1, text.strip(), message))
            continue
        index[column.key] = position
        headers[column.key] = text.strip()
    for column in columns:
        if column.required and column.key not in index:
            errors.append(RowError(1, column.header, f"The file has no {column.header} column"))
    return index, headers, errors


class _RowReader:
    """Reads one record's cells by column key, collecting every problem instead of stopping."""

    def __init__(self, table: _Table, number: int, cells: list[str]) -> None:
        self.table = table
        self.columns = table.columns
        self.number = number
        self.cells = cells
        self.errors: list[RowError] = []

    def error(self, key: str, message: str) -> None:
        self.errors.append(RowError(self.number, self.table.headers.get(key, self.columns[key].header), message))

    def raw(self, key: str) -> str:
        position = self.table.index.get(key)
        if position is None or position >= len(self.cells):
            return ""
        return self.cells[position].strip()

    def text(self, key: str, *, max_length: int) -> str:
        value = " ".join(self.raw(key).split())
        if not value and self.columns[key].required:
            self.error(key, f"{self.table.headers[key]} is blank")
        elif len(value) > max_length:
            self.error(key, f"{self.table.headers[key]} is longer than {max_length} characters")
        return value

    def parsed(self, key: str, parser: Callable[[str], Any], default: Any = None) -> Any:
        raw = self.raw(key)
        if not raw and self.columns[key].required:
            self.error(key, f"{self.table.headers[key]} is blank")
            return default
        if not raw and parser is not parse_bool:
            return default
        try:
            return parser(raw)
        except _CellError as problem:
            self.error(key, str(problem))
            return default


def _data_rows(table: _Table, progress: Progress | None) -> Iterator[tuple[int, list[str]]]:
    """(spreadsheet row number, cells) for each row that is not blank."""
    total = len(table.records)
    for offset, cells in enumerate(table.records):
        if progress is not None and offset % _PROGRESS_EVERY == 0:
            progress(offset, total)
        if any(cell.strip() for cell in cells):
            yield offset + 2, cells
    if progress is not None:
        progress(total, total)


def _width_error(table: _Table, number: int, cells: list[str]) -> RowError | None:
    """A row with more cells than the header usually has an unquoted comma in a name, which
    shifts every later value into the wrong column."""
    extra = cells[table.width :]
    if any(cell.strip() for cell in extra):
        return RowError(number, "", f"This row has {len(cells)} cells but the header has {table.width}")
    return None


def _in_chunks(values: Sequence[Any], size: int = _IN_CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


# --- Pupils: parsing ------------------------------------------------------------------------------

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
)
# Pupil fields that keep their stored value when the file has no column for them.
_FLAG_FIELDS = (
    "free_school_meals",
    "english_additional_language",
    "pupil_premium",
    "looked_after",
    "previously_looked_after",
)
_OPTIONAL_PUPIL_FIELDS = ("preferred_forename", *_FLAG_FIELDS)
_NAME_MAX = Pupil._meta.get_field("legal_surname").max_length
_GROUP_NAME_MAX = TeachingGroup._meta.get_field("name").max_length
MIN_AGE, MAX_AGE = 2, 25


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


def parse_pupils(text: str, *, today: datetime.date | None = None, progress: Progress | None = None) -> PupilFile:
    """Every row of a pupil export, checked. Raises ImportInvalid naming every bad row and column."""
    today = today or timezone.localdate()
    table = _read_table(text, PUPIL_COLUMNS)
    rows: list[PupilRow] = []
    upn_rows: dict[str, list[int]] = defaultdict(list)
    errors: list[RowError] = []
    for number, cells in _data_rows(table, progress):
        if problem := _width_error(table, number, cells):
            errors.append(problem)
            continue
        reader = _RowReader(table, number, cells)
        values = _pupil_values(reader, today)
        if values["upn"]:
            upn_rows[values["upn"]].append(number)
        errors.extend(reader.errors)
        if not reader.errors:
            rows.append(PupilRow(**values))
    errors.extend(_duplicate_upn_errors(upn_rows, table))
    if not rows and not errors:
        errors.append(RowError(1, "", "The file has a header row but no pupils"))
    if errors:
        raise ImportInvalid(errors)
    return PupilFile(rows=rows, headers=table.headers)


def _pupil_values(reader: _RowReader, today: datetime.date) -> dict[str, Any]:
    """The row's values by PupilRow field; problems go to reader.errors."""
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
    values = {
        "row": reader.number,
        "upn": reader.parsed("upn", clean_upn, ""),
        "legal_surname": reader.text("legal_surname", max_length=_NAME_MAX),
        "legal_forename": reader.text("legal_forename", max_length=_NAME_MAX),
        "preferred_forename": reader.text("preferred_forename", max_length=_NAME_MAX),
        "date_of_birth": born,
        "sex": reader.parsed("sex", parse_sex),
        "nc_year": reader.parsed("nc_year", parse_nc_year),
        "registration_group": reader.text("registration_group", max_length=_GROUP_NAME_MAX),
        "teaching_groups": teaching_groups,
        "admission_date": admitted,
        "leaving_date": leaving,
    }
    for key in _FLAG_FIELDS:
        values[key] = reader.parsed(key, parse_bool, False)
    return values


def _check_dates(
    reader: _RowReader,
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


def _duplicate_upn_errors(upn_rows: dict[str, list[int]], table: _Table) -> list[RowError]:
    errors = []
    for numbers in upn_rows.values():
        if len(numbers) > 1:
            message = "This UPN is on more than one row: " + ", ".join(str(n) for n in numbers)
            errors.extend(RowError(n, table.headers["upn"], message) for n in numbers)
    return errors


# --- Pupils: applying -----------------------------------------------------------------------------


def import_pupils(
    *, school: School, text: str, actor: User | None, dry_run: bool = False, progress: Progress | None = None
) -> ImportResult:
    return pupils_apply(school=school, data=parse_pupils(text, progress=progress), actor=actor, dry_run=dry_run)


def pupils_apply(*, school: School, data: PupilFile, actor: User | None, dry_run: bool = False) -> ImportResult:
    """Write a checked pupil file to `school` in one transaction; with dry_run, only count."""
    with transaction.atomic():
        plan = _PupilPlan(school=school, data=data, actor=actor)
        result = plan.build()
        result.dry_run = dry_run
        if not dry_run:
            plan.write()
    return result


@dataclass
class _PupilChanges:
    """What one row does to one pupil, kept until the pupil has a primary key."""

    row: PupilRow
    pupil: Pupil
    action: str
    changes: dict[str, list[Any]]


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

    # Loading what is there already.

    def _load(self) -> None:
        upns = [row.upn for row in self.data.rows]
        self.pupils: dict[str, Pupil] = {}
        taken_elsewhere: set[str] = set()
        for chunk in _in_chunks(upns):
            ours = Pupil.objects.select_for_update().filter(trust=self.school.trust, upn__in=chunk)
            self.pupils.update((pupil.upn, pupil) for pupil in ours)
            others = Pupil.objects.filter(upn__in=chunk).exclude(trust=self.school.trust)
            taken_elsewhere.update(others.values_list("upn", flat=True))
        if taken_elsewhere:
            raise ImportInvalid(self._taken_errors(taken_elsewhere))
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
            result.changes.append(Change(row.row, row.label, change.action, tuple(change.changes)))
            if change.action == AuditEvent.Action.CREATE:
                result.created += 1
            else:
                result.updated += 1
        result.groups_created = len(self.new_groups)
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
        if not changes:
            return None
        action = AuditEvent.Action.CREATE if is_new else AuditEvent.Action.UPDATE
        return _PupilChanges(row=row, pupil=pupil, action=action, changes=changes)

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
        TeachingGroup.objects.bulk_create(self.new_groups, batch_size=_BATCH)
        Pupil.objects.bulk_create(self.new_pupils, batch_size=_BATCH)
        if self.changed_pupils:
            fields = sorted(self.changed_pupil_fields | {"sort_key", "version", "updated_at"})
            Pupil.objects.bulk_update(self.changed_pupils, fields, batch_size=_BATCH)
        Enrolment.objects.bulk_create(self.new_enrolments, batch_size=_BATCH)
        fields = ["year_group", "admission_date", "leaving_date", "updated_at"]
        Enrolment.objects.bulk_update(self.changed_enrolments, fields, batch_size=_BATCH)
        for chunk in _in_chunks(self.removed_membership_ids):
            GroupMembership.objects.filter(pk__in=chunk).delete()
        GroupMembership.objects.bulk_create(self.new_memberships, batch_size=_BATCH)
        events = [_pupil_audit_event(item, actor=self.actor, school=self.school, at=self.now) for item in self.audited]
        AuditEvent.objects.bulk_create(events, batch_size=_BATCH)


def _enrolment_state(enrolment: Enrolment) -> dict[str, Any]:
    return {
        "year_group": enrolment.year_group.nc_year,
        "admission_date": enrolment.admission_date.isoformat(),
        "leaving_date": enrolment.leaving_date.isoformat() if enrolment.leaving_date else None,
    }


def _actor_label(actor: User | None) -> str:
    # The command line has no signed-in person; the log says the import did it.
    return actor.email if actor is not None else "import"


def _pupil_audit_event(item: _PupilChanges, *, actor: User | None, school: School, at: datetime.datetime) -> AuditEvent:
    created = item.action == AuditEvent.Action.CREATE
    return AuditEvent(
        at=at,
        actor=actor,
        actor_label=_actor_label(actor),
        action=item.action,
        pupil=item.pupil,
        school=school,
        object_type=Pupil._meta.label_lower,
        object_id=str(item.pupil.pk),
        changes=item.changes,
        summary="Pupil record created by MIS import" if created else "Pupil details changed by MIS import",
    )


# --- Staff ----------------------------------------------------------------------------------------

STAFF_COLUMNS: tuple[Column, ...] = (
    Column("email", "Email", ("email address", "e mail", "work email", "school email"), required=True),
    Column("title", "Title", ("salutation",)),
    Column("first_name", "Forename", ("first name", "given name", "legal forename"), required=True),
    Column("last_name", "Surname", ("last name", "family name", "legal surname"), required=True),
    Column("role", "Role", ("opensend role", "staff role"), required=True),
    Column("groups", "Groups", ("groups taught", "teaching groups", "classes")),
)
_ROLES = {**{role.value: role for role in Role}, **{role.label.casefold(): role for role in Role}}
_TITLE_MAX = User._meta.get_field("title").max_length
_USER_NAME_MAX = User._meta.get_field("first_name").max_length


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


def parse_role(raw: str) -> str:
    role = _ROLES.get(" ".join(raw.strip().casefold().split()))
    if role is None:
        known = ", ".join(str(r.label) for r in Role if r != Role.TRUST_LEAD)
        raise _CellError(f"“{raw.strip()}” is not a role in OpenSEND. Use one of: {known}")
    if role == Role.TRUST_LEAD:
        raise _CellError("A trust SEND lead works across the trust; the trust sets that role up, not a school import")
    return role


def parse_email(raw: str) -> str:
    email = raw.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise _CellError(f"“{raw.strip()}” is not an email address") from None
    return email


def parse_staff(text: str, *, progress: Progress | None = None) -> StaffFile:
    table = _read_table(text, STAFF_COLUMNS)
    rows: list[StaffRow] = []
    errors: list[RowError] = []
    for number, cells in _data_rows(table, progress):
        if problem := _width_error(table, number, cells):
            errors.append(problem)
            continue
        reader = _RowReader(table, number, cells)
        row = StaffRow(
            row=number,
            email=reader.parsed("email", parse_email, ""),
            title=reader.text("title", max_length=_TITLE_MAX),
            first_name=reader.text("first_name", max_length=_USER_NAME_MAX),
            last_name=reader.text("last_name", max_length=_USER_NAME_MAX),
            role=reader.parsed("role", parse_role, ""),
            groups=parse_group_list(reader.raw("groups")),
        )
        errors.extend(reader.errors)
        if not reader.errors:
            rows.append(row)
    errors.extend(_staff_consistency_errors(rows, table))
    if not rows and not errors:
        errors.append(RowError(1, "", "The file has a header row but no staff"))
    if errors:
        raise ImportInvalid(errors)
    return StaffFile(rows=rows, headers=table.headers)


def _staff_consistency_errors(rows: Sequence[StaffRow], table: _Table) -> list[RowError]:
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


def import_staff(
    *, school: School, text: str, actor: User | None, dry_run: bool = False, progress: Progress | None = None
) -> ImportResult:
    return staff_apply(school=school, data=parse_staff(text, progress=progress), actor=actor, dry_run=dry_run)


def staff_apply(*, school: School, data: StaffFile, actor: User | None, dry_run: bool = False) -> ImportResult:
    """Accounts, roles at `school` and the groups each person teaches or supports, in one transaction."""
    with transaction.atomic():
        plan = _StaffPlan(school=school, data=data, actor=actor)
        result = plan.build()
        result.dry_run = dry_run
        if not dry_run:
            plan.write()
    return result


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
            result.changes.append(Change(rows[0].row, user.display_name, action, tuple(changes)))
            if is_new:
                result.created += 1
            else:
                result.updated += 1
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
        User.objects.bulk_create(self.new_users, batch_size=_BATCH)
        User.objects.bulk_update(self.changed_users, ["title", "first_name", "last_name"], batch_size=_BATCH)
        Membership.objects.bulk_create(self.new_memberships, batch_size=_BATCH)
        Membership.objects.bulk_update(self.reactivated, ["is_active", "updated_at"], batch_size=_BATCH)
        for chunk in _in_chunks(self.removed_link_ids):
            GroupStaff.objects.filter(pk__in=chunk).delete()
        GroupStaff.objects.bulk_create(self.new_links, batch_size=_BATCH)
        AuditEvent.objects.bulk_create([self._audit_event(*item) for item in self.audited], batch_size=_BATCH)

    def _audit_event(self, user: User, action: str, changes: dict[str, list[Any]]) -> AuditEvent:
        created = action == AuditEvent.Action.CREATE
        return AuditEvent(
            at=self.now,
            actor=self.actor,
            actor_label=_actor_label(self.actor),
            action=action,
            school=self.school,
            object_type=User._meta.label_lower,
            object_id=str(user.pk),
            changes=changes,
            summary="Staff account created by MIS import" if created else "Staff details changed by MIS import",
        )


# --- Import jobs (the web upload) ---------------------------------------------------------------

# How each kind of job reads its file and writes it.
_JOB_STEPS: dict[str, tuple[Callable[..., Any], Callable[..., ImportResult]]] = {
    ImportJob.Kind.PUPILS: (parse_pupils, pupils_apply),
    ImportJob.Kind.STAFF: (parse_staff, staff_apply),
}


def import_job_create(
    *, school: School, user: User, kind: str, filename: str, text: str, check_only: bool
) -> ImportJob:
    return ImportJob.objects.create(
        school=school,
        created_by=user,
        kind=kind,
        check_only=check_only,
        original_filename=filename[:255],
        content=text,
    )


def import_job_start(job: ImportJob) -> None:
    """Run the job now (tests, OPENSEND_IMPORT_SYNC) or in a thread once the job row is committed.
    Status and progress live in the database, so any app server can show them."""
    if getattr(settings, "OPENSEND_IMPORT_SYNC", False):
        import_job_run(job.pk)
        return
    thread = threading.Thread(target=_run_in_thread, args=(job.pk,), name=f"import-job-{job.pk}", daemon=True)
    transaction.on_commit(thread.start)


def _run_in_thread(job_pk: int) -> None:
    try:
        import_job_run(job_pk)
    finally:
        # A thread's connections are not closed by the request cycle; close them or they leak.
        connections.close_all()


def import_job_run(job_pk: int) -> None:
    job = ImportJob.objects.select_related("school", "created_by").get(pk=job_pk)
    parse, apply = _JOB_STEPS[job.kind]
    _job_update(job, status=ImportJob.Status.VALIDATING)
    try:
        data = parse(job.content, progress=lambda done, total: _job_progress(job, done, total))
        if not job.check_only:
            _job_update(job, status=ImportJob.Status.APPLYING)
        result = apply(school=job.school, data=data, actor=job.created_by, dry_run=job.check_only)
    except ImportInvalid as invalid:
        _job_finish(job, status=ImportJob.Status.FAILED, errors=[error.as_dict() for error in invalid.errors])
        return
    except Exception:
        logger.exception("Import job %s stopped", job.public_id)
        message = "The import stopped unexpectedly. Nothing was changed. Try again, or ask your administrator."
        _job_finish(job, status=ImportJob.Status.FAILED, errors=[RowError(0, "", message).as_dict()])
        return
    _job_finish(job, status=ImportJob.Status.DONE, result=result.summary())


def _job_progress(job: ImportJob, done: int, total: int) -> None:
    # Rows are checked outside the writing transaction, so every app server sees this at once.
    _job_update(job, rows_done=done, rows_total=total)


def _job_update(job: ImportJob, **values: Any) -> None:
    for name, value in values.items():
        setattr(job, name, value)
    ImportJob.objects.filter(pk=job.pk).update(**values)


def _job_finish(job: ImportJob, **values: Any) -> None:
    # The file holds every pupil's personal data; once the job ends nothing needs it again.
    _job_update(job, content="", finished_at=timezone.now(), **values)
