"""Reading the designated teacher's register and PEPs: the register page by page, a pupil's entry
with its history and PEPs, and the open PEP deadlines for the statutory caseload. Each answers in a
fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse

from opensend.core.pagination import KeysetPage, keyset_page
from opensend.deadlines.sources import OpenDeadline
from opensend.ehc.models import AnnualReview
from opensend.pupils.models import Pupil
from opensend.register.codes import SenType
from opensend.register.selectors import sen_record
from opensend.schools.calendar import term_ends
from opensend.schools.models import School

from . import clock
from .models import CareRecord, CareStatus, Pep

PAGE_SIZE = 25


def school_term_ends(school: School, today: datetime.date, peps=()) -> list[datetime.date]:
    """The school's term ends from the term of the earliest of `peps` (or this year's) to two years
    ahead: each PEP's review falls due at the end of the term after it, however long ago it was held."""
    earliest = min((pep.meeting_on for pep in peps), default=today)
    first = min(earliest, today).replace(day=1)
    return term_ends(school, from_day=first, years=today.year - first.year + 2)


def _peps_of(records) -> list[Pep]:
    return [pep for record in records for pep in record.peps.all()]


REGISTER_ORDER = ("pupil__legal_surname", "pupil__legal_forename", "pk")


def _active_peps() -> Prefetch:
    return Prefetch("peps", queryset=Pep.objects.active().order_by("meeting_on", "pk"))


def records(school: School, pupils: QuerySet[Pupil]) -> QuerySet[CareRecord]:
    """The school's register entries for these pupils (those the reader may see)."""
    return (
        CareRecord.objects.active()
        .filter(school=school, pupil__in=pupils.values("pk"))
        .select_related("pupil", "care_authority")
    )


@dataclass(frozen=True)
class RegisterRow:
    record: CareRecord
    next_due: clock.TrackedDeadline | None
    last_pep: Pep | None

    @property
    def overdue(self) -> bool:
        return self.next_due is not None and self.next_due.status == "overdue"


def register_page(
    school: School, pupils: QuerySet[Pupil], *, today: datetime.date, after=None, before=None, status: str = ""
) -> tuple[KeysetPage, list[RegisterRow]]:
    """A page of the register by pupil name with each pupil's next PEP due: three queries (four with
    a cursor), whatever the page holds."""
    rows = records(school, pupils).prefetch_related(_active_peps())
    if status:
        rows = rows.filter(status=status)
    page = keyset_page(rows, REGISTER_ORDER, after=after, before=before, size=PAGE_SIZE, cursor="public_id")
    ends = school_term_ends(school, today, _peps_of(page.rows))
    return page, [_row(record, today, ends) for record in page.rows]


def _row(record: CareRecord, today, ends) -> RegisterRow:
    peps = list(record.peps.all())
    tracked = clock.pep_deadlines(record, peps, today=today, term_ends=ends)
    return RegisterRow(record, clock.next_due(tracked), peps[-1] if peps else None)


def overdue_peps(school: School, pupils: QuerySet[Pupil], *, today: datetime.date) -> list[RegisterRow]:
    """The looked-after pupils whose PEP is overdue, most overdue first (three queries)."""
    found = list(records(school, pupils).filter(status=CareStatus.LOOKED_AFTER).prefetch_related(_active_peps()))
    ends = school_term_ends(school, today, _peps_of(found))
    rows = [row for row in (_row(record, today, ends) for record in found) if row.overdue]
    return sorted(rows, key=lambda row: row.next_due.deadline.due)


def flagged_not_on_register(school: School, pupils: QuerySet[Pupil]) -> list[Pupil]:
    """Pupils the school's records (the MIS) mark as looked after or previously looked after who
    have no register entry yet: the designated teacher adds them (one query, at most 50)."""
    on_register = CareRecord.objects.active().filter(school=school).values("pupil_id")
    flagged = pupils.filter(Q(looked_after=True) | Q(previously_looked_after=True)).exclude(pk__in=on_register)
    return list(flagged.order_by("legal_surname", "legal_forename", "pk")[:50])


def sen_summary(pupil: Pupil, school: School) -> str:
    """The pupil's SEN as the register holds it, to start a PEP's SEN section from."""
    found = sen_record(pupil, school)
    if found.current is None:
        return ""
    labels = dict(SenType.choices)
    lines = [found.current.get_provision_display()]
    lines += [f"{need.rank}. {labels.get(need.need_type, need.need_type)}" for need in found.needs]
    return "\n".join(lines)


def counts(school: School, pupils: QuerySet[Pupil]) -> dict[str, int]:
    found = dict.fromkeys(CareStatus.values, 0)
    for status in records(school, pupils).values_list("status", flat=True):
        found[status] += 1
    return found


def pupil_record(pupil: Pupil, school: School) -> CareRecord | None:
    return CareRecord.objects.active().filter(pupil=pupil, school=school).select_related("care_authority").first()


def pupil_peps(record: CareRecord) -> list[Pep]:
    """The record's PEPs, newest first, with targets, spending and any annual review held with them."""
    return list(
        Pep.objects.active()
        .filter(record=record)
        .select_related("annual_review")
        .prefetch_related("targets", "spending")
        .order_by("-meeting_on", "-pk")
    )


def pupil_pep(record: CareRecord, public_id) -> Pep | None:
    return Pep.objects.active().filter(record=record, public_id=public_id).first()


def annual_reviews(pupil: Pupil, school: School) -> QuerySet[AnnualReview]:
    """The pupil's EHC annual reviews at the school: a PEP may be held together with one."""
    return (
        AnnualReview.objects.active()
        .filter(plan__pupil=pupil, plan__school=school, plan__archived_at__isnull=True)
        .order_by("-meeting_on")
    )


def peps_held_with(reviews) -> dict[int, Pep]:
    """For EHC annual reviews, the PEP held with each (by the review's id)."""
    peps = Pep.objects.active().filter(annual_review__in=reviews).select_related("record")
    return {pep.annual_review_id: pep for pep in peps}


def open_deadlines(school: School, pupils: QuerySet[Pupil], today: datetime.date) -> list[OpenDeadline]:
    """The open PEP deadlines of the school's looked-after pupils, in three queries (one if none)."""
    found = []
    rows = list(records(school, pupils).filter(status=CareStatus.LOOKED_AFTER).prefetch_related(_active_peps()))
    if not rows:
        return found
    ends = school_term_ends(school, today, _peps_of(rows))
    for record in rows:
        url = reverse("lac:pupil", kwargs={"pupil_id": record.pupil.public_id})
        for item in clock.pep_deadlines(record, list(record.peps.all()), today=today, term_ends=ends):
            found.append(
                OpenDeadline(
                    pupil=record.pupil,
                    rule=item.rule,
                    starts=item.deadline.start,
                    due=item.deadline.due,
                    status=item.status,
                    local_authority=record.authority,
                    url=url,
                )
            )
    return found
