"""The SEN register's columns in a pupil file from the MIS (SIMS, Arbor, Bromcom): each pupil's SEN
provision, ranked needs and the provision's start date. Rows are checked with the census's own SEN
rules (census.py) and written as the register writes them (services.py): a change of provision
closes the open record the day before the new one starts, provision N ends the needs, joining the
register ends monitoring. Added to the pupil import in RegisterConfig.ready."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from opensend.accounts.models import User
from opensend.audit.models import AuditEvent
from opensend.audit.services import snapshot
from opensend.pupils.mis_import.csv_files import Column, RowReader
from opensend.pupils.mis_import.values import CellError, parse_date
from opensend.pupils.mis_import.writing import BATCH, audit_event, in_chunks
from opensend.pupils.models import Pupil
from opensend.schools.models import School

from .census import DISCONTINUED_STATEMENT, RULES, CensusNeed, CensusPupil, check_pupil
from .codes import Provision, SenType
from .models import MonitoringEntry, SenNeed, SenStatus
from .services import AUDITED_STATUS_FIELDS

NEED_KEYS = ("primary_need", "secondary_need", "third_need")
SEN_COLUMNS: tuple[Column, ...] = (
    Column("sen_provision", "SEN Provision", ("sen status", "sen provision code", "sen provision type", "sen stage")),
    Column(
        "primary_need",
        "Primary Need",
        ("sen need 1", "primary sen need", "sen primary need", "sen type 1", "sen need type 1", "primary sen type"),
    ),
    Column(
        "secondary_need",
        "Secondary Need",
        ("sen need 2", "secondary sen need", "sen secondary need", "sen type 2", "sen need type 2"),
    ),
    Column("third_need", "SEN Need 3", ("third need", "sen type 3", "sen need type 3")),
    Column("sen_start_date", "SEN Start Date", ("sen provision start date", "sen status start date")),
)
IMPORT_REASON = "Brought in from the MIS"
ON_REGISTER = frozenset({Provision.SEN_SUPPORT, Provision.EHC_PLAN})
# The census rules that refuse a row's needs. A pupil on K or E with no need (2170) is allowed, as on
# the register's own pages: the census check lists them for the SENDCo.
_NEED_RULES = frozenset({"2125", "2140", "2160", "2165", "2175"})
_PROVISIONS = {
    **{code.lower(): code for code in Provision.values},
    **{label.lower(): code for code, label in Provision.choices},
    "sen support": Provision.SEN_SUPPORT,
    "ehc plan": Provision.EHC_PLAN,
    "ehcp": Provision.EHC_PLAN,
}
_NEEDS = {**{code.lower(): code for code in SenType.values}, **{label.lower(): code for code, label in SenType.choices}}


@dataclass(frozen=True)
class SenRow:
    provision: str
    needs: tuple[str, ...]  # in rank order, the first the primary need
    start_date: datetime.date | None


def _census_message(number: str) -> str:
    return f"{RULES[number].text} (census rule {number})"


def parse_provision(raw: str) -> str:
    text = " ".join(raw.strip().lower().split())
    if text.upper() == DISCONTINUED_STATEMENT:
        raise CellError(_census_message("2115"))
    if text in _PROVISIONS:
        return _PROVISIONS[text]
    raise CellError(f"Write the SEN provision as N, K or E, not “{raw.strip()}” (census rule 2310)")


def parse_need(raw: str) -> str:
    code = _NEEDS.get(" ".join(raw.strip().lower().split()))
    if code is None:
        raise CellError(f"“{raw.strip()}” is not a DfE SEN type: use one of {', '.join(SenType.values)}")
    return code


class SenColumns:
    key = "sen"
    columns = SEN_COLUMNS

    def header_problems(self, present: frozenset[str]) -> list[tuple[str, str]]:
        if "sen_provision" in present:
            return []
        return [
            (column.key, f"The file has a {column.header} column but no SEN Provision column")
            for column in SEN_COLUMNS[1:]
            if column.key in present
        ]

    def read(self, reader: RowReader, today: datetime.date) -> SenRow | None:
        provision = reader.parsed("sen_provision", parse_provision)
        ranked = [(key, reader.parsed(key, parse_need)) for key in NEED_KEYS]
        start = reader.parsed("sen_start_date", parse_date)
        if start is not None and start > today:
            reader.error("sen_start_date", "The SEN start date is in the future")
        if provision is None:
            if not reader.raw("sen_provision"):
                _refuse_without_provision(reader, ranked)
            return None
        _check_needs(reader, provision, ranked)
        return SenRow(provision, tuple(code for _, code in ranked if code), start)

    def plan(self, *, school: School, actor: User | None, now: datetime.datetime, present, error) -> _SenPlan:
        return _SenPlan(school=school, actor=actor, now=now, present=present, error=error)


def _refuse_without_provision(reader: RowReader, ranked: list[tuple[str, str | None]]) -> None:
    """A blank provision leaves the pupil's register record as it is, so nothing else may be given."""
    given = [key for key in (*NEED_KEYS, "sen_start_date") if reader.raw(key)]
    if given:
        header = reader.table.headers["sen_provision"]
        reader.error(given[0], f"{header} is blank: write K or E for a pupil with needs, or leave the SEN cells blank")


def _check_needs(reader: RowReader, provision: str, ranked: list[tuple[str, str | None]]) -> None:
    """The census's SEN rules, as the census check applies them, each named against its column."""
    needs = tuple(CensusNeed(code, rank) for rank, (_, code) in enumerate(ranked, start=1) if code)
    seen: dict[str, str] = {}
    for key, code in ranked:
        if code and code in seen:
            reader.error(key, f"{code} is already the {reader.table.headers[seen[code]]}: each need is recorded once")
        elif code:
            seen[code] = key
    for issue in check_pupil(CensusPupil(key=None, provision=provision, needs=needs), phase=""):
        if issue.rule.number in _NEED_RULES:
            reader.error(_column_for(issue.rule.number, ranked), _census_message(issue.rule.number))


def _column_for(number: str, ranked: list[tuple[str, str | None]]) -> str:
    given = [key for key, code in ranked if code]
    if number == "2175":
        return next(key for key, code in ranked if code == SenType.NSA)
    if number in {"2140", "2160"}:
        # The first blank rank before a given one: that is the need missing.
        return next((key for key, code in ranked if not code), given[0])
    return given[0]


class _SenPlan:
    """What the file does to the register, worked out for every row before anything is written."""

    def __init__(
        self,
        *,
        school: School,
        actor: User | None,
        now: datetime.datetime,
        present: frozenset[str],
        error: Callable[[int, str, str], None],
    ) -> None:
        self.school = school
        self.actor = actor
        self.now = now
        self.today = timezone.localdate(now)
        self.has_needs = any(key in present for key in NEED_KEYS)
        self.error = error
        self.statuses: dict[int, SenStatus] = {}
        self.needs: dict[int, list[SenNeed]] = {}
        self.monitoring: dict[int, MonitoringEntry] = {}
        self.closed: list[SenStatus] = []
        self.opened: list[SenStatus] = []
        self.ended_needs: list[SenNeed] = []
        self.new_needs: list[SenNeed] = []
        self.need_changes: list[tuple[Pupil, list[str], list[str]]] = []
        self.ended_monitoring: list[MonitoringEntry] = []
        self.tally = {"register_added": 0, "register_left_on": 0, "register_taken_off": 0}

    def load(self, pupils: list[Pupil]) -> None:
        ids = [pupil.pk for pupil in pupils]
        for chunk in in_chunks(ids):
            for status in SenStatus.objects.filter(pupil_id__in=chunk, end_date__isnull=True):
                self.statuses[status.pupil_id] = status
            for need in SenNeed.objects.filter(pupil_id__in=chunk, end_date__isnull=True).order_by("rank"):
                self.needs.setdefault(need.pupil_id, []).append(need)
            entries = MonitoringEntry.objects.filter(pupil_id__in=chunk, school=self.school, ended_on__isnull=True)
            self.monitoring.update((entry.pupil_id, entry) for entry in entries)

    def plan_row(self, number: int, row: SenRow | None, pupil: Pupil, *, is_new: bool) -> dict[str, list[Any]]:
        if row is None:
            return {}
        current = None if is_new else self.statuses.get(pupil.pk)
        before = current.provision if current else None
        changes: dict[str, list[Any]] = {}
        needs_from = self.today
        if before != row.provision:
            starts = row.start_date or self.today
            if current is not None and starts <= current.start_date:
                self._refuse_start(number, row, current)
                return {}
            self._change_provision(pupil, current, row.provision, starts)
            changes["sen_provision"] = [before, row.provision]
            needs_from = starts
        changes.update(self._plan_needs(number, row, pupil, is_new=is_new, on=needs_from, moving=bool(changes)))
        if row.provision in ON_REGISTER and before not in ON_REGISTER:
            self._end_monitoring(pupil, on=needs_from)
        self._count(before, row.provision)
        return changes

    def _refuse_start(self, number: int, row: SenRow, current: SenStatus) -> None:
        began = f"{current.start_date:%d/%m/%Y}"
        if row.start_date:
            self.error(
                number,
                "sen_start_date",
                f"The SEN start date must be after {began}, when the current provision ({current.provision}) began",
            )
        else:
            self.error(
                number,
                "sen_provision",
                f"The current provision ({current.provision}) began on {began}: give an SEN Start Date after it",
            )

    def _change_provision(self, pupil: Pupil, current: SenStatus | None, provision: str, starts: datetime.date) -> None:
        if current is not None:
            current.pupil = pupil  # the loaded pupil, for the audit event
            current.end_date = starts - datetime.timedelta(days=1)
            current.updated_at = self.now
            self.closed.append(current)
        status = SenStatus(
            pupil=pupil,
            school=self.school,
            provision=provision,
            start_date=starts,
            reason=IMPORT_REASON,
            decided_by=self.actor,
        )
        self.opened.append(status)

    def _plan_needs(
        self, number: int, row: SenRow, pupil: Pupil, *, is_new: bool, on: datetime.date, moving: bool
    ) -> dict[str, list[Any]]:
        """`moving`: the provision changes on this row, so the needs kept must suit the new one."""
        current = [] if is_new else self.needs.get(pupil.pk, [])
        codes = [need.need_type for need in current]
        if row.provision == Provision.NONE:
            wanted = []  # a pupil without SEN has no recorded needs (census rule 2125)
        elif self.has_needs:
            wanted = list(row.needs)
        else:
            wanted = codes
            if moving and SenType.NSA in codes and row.provision != Provision.SEN_SUPPORT:
                self.error(
                    number,
                    "sen_provision",
                    "The pupil's recorded need is NSA, which is for SEN support (K) only (census rule 2175): "
                    "add the Primary Need column with the type of need",
                )
        if wanted == codes:
            return {}
        for need in current:
            need.end_date = max(on - datetime.timedelta(days=1), need.start_date)
            need.updated_at = self.now
            self.ended_needs.append(need)
        self.new_needs += [
            SenNeed(pupil=pupil, need_type=code, rank=rank, start_date=on, recorded_by=self.actor)
            for rank, code in enumerate(wanted, start=1)
        ]
        self.need_changes.append((pupil, codes, wanted))
        return {"sen_needs": [codes, wanted]}

    def _end_monitoring(self, pupil: Pupil, *, on: datetime.date) -> None:
        entry = self.monitoring.get(pupil.pk) if pupil.pk else None
        if entry is not None:
            entry.pupil = pupil
            entry.ended_on = max(on, entry.started_on)
            entry.end_reason = "Added to the SEN register"
            entry.updated_at = self.now
            self.ended_monitoring.append(entry)

    def _count(self, before: str | None, after: str) -> None:
        if after in ON_REGISTER:
            self.tally["register_left_on" if before in ON_REGISTER else "register_added"] += 1
        elif before in ON_REGISTER:
            self.tally["register_taken_off"] += 1

    def counts(self) -> dict[str, int]:
        return dict(self.tally)

    def write(self) -> list[AuditEvent]:
        SenStatus.objects.bulk_update(self.closed, ["end_date", "updated_at"], batch_size=BATCH)
        SenStatus.objects.bulk_create(self.opened, batch_size=BATCH)
        SenNeed.objects.bulk_update(self.ended_needs, ["end_date", "updated_at"], batch_size=BATCH)
        SenNeed.objects.bulk_create(self.new_needs, batch_size=BATCH)
        MonitoringEntry.objects.bulk_update(
            self.ended_monitoring, ["ended_on", "end_reason", "updated_at"], batch_size=BATCH
        )
        return self._events()

    def _events(self) -> list[AuditEvent]:
        update, create = AuditEvent.Action.UPDATE, AuditEvent.Action.CREATE
        events = []
        for status in self.closed:
            ended = {"end_date": [None, status.end_date.isoformat()]}
            events.append(self._event(status, update, ended, f"SEN provision {status.provision} ended by MIS import"))
        for status in self.opened:
            opened = {name: [None, value] for name, value in snapshot(status, AUDITED_STATUS_FIELDS).items()}
            summary = f"SEN provision set to {status.get_provision_display()} by MIS import"
            events.append(self._event(status, create, opened, summary))
        for pupil, before, after in self.need_changes:
            events.append(self._event(pupil, update, {"needs": [before, after]}, "SEN needs changed by MIS import"))
        for entry in self.ended_monitoring:
            ended = {"ended_on": [None, entry.ended_on.isoformat()], "end_reason": ["", entry.end_reason]}
            events.append(self._event(entry, update, ended, "Taken off the monitoring list by MIS import"))
        return events

    def _event(self, record, action: str, changes: dict[str, list[Any]], summary: str) -> AuditEvent:
        pupil = record if isinstance(record, Pupil) else record.pupil
        return audit_event(
            record,
            action=action,
            changes=changes,
            actor=self.actor,
            school=self.school,
            at=self.now,
            summary=summary,
            pupil=pupil,
        )
