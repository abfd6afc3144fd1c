"""Demo data for the SEND register: each pupil's planned SEN (sen.py) stored as dated provision history
(every pupil gets a row, N included; SEN support and EHC plans usually after an earlier period without),
their ranked needs, a monitoring list of about 3% of pupils, places in the primary's resourced
provision and the secondary's SEN unit, and a few deliberate census problems at the demo SENDCo's
school so the census check has something to show.

Bulk-created without audit events, from the given random stream, with dates before the demo's "today".
"""

from __future__ import annotations

import datetime
import random

from opensend.accounts.models import Role, User
from opensend.register.models import BaseMembership, MonitoringEntry, SenNeed, SenStatus

from .plans import REFERENCE_DATE
from .population import PupilDraft
from .sen import Base, Provision

ORDER = 10
BATCH_SIZE = 2000
TODAY = REFERENCE_DATE
DAY = datetime.timedelta(days=1)
MONITORING_RATE = 0.03
# Pupils with an EHC plan who were on SEN support first (the rest arrived with a plan).
SUPPORT_BEFORE_PLAN_RATE = 0.7
# Pupils now on SEN support who were on the monitoring list before the decision.
MONITORED_FIRST_RATE = 0.4
# Deliberate census problems at the school of the demo SENDCo: SEN support with no need (rule 2170)
# and more than two ranked needs (query 2166).
SUPPORT_WITHOUT_NEED = 2
MORE_THAN_TWO_NEEDS = 2

MONITORING_REASONS = (
    "Reading age about 18 months behind; phonics screening retake in the summer.",
    "Teacher notices difficulty following spoken instructions in whole-class teaching.",
    "Withdrawn at playtimes since the start of term; parents share the concern.",
    "Slow progress in maths despite small-group catch-up; checking number sense.",
    "Speech sounds unclear to unfamiliar adults; parents waiting for a hearing test.",
    "Frequent low-level disruption in afternoon lessons; watching for patterns.",
    "Handwriting and fine motor skills well behind peers.",
    "Anxiety about coming into school after a family bereavement.",
)
MONITORING_ENDED = "Added to the SEN register"
SUPPORT_REASONS = (
    "SEN support review meeting with parents agreed the pupil needs provision different from and additional to peers.",
    "Assessment by the SENDCo and class teacher after two cycles of quality first teaching strategies.",
    "Speech and language screening showed needs beyond what the classroom provides.",
    "Continued from the previous school's SEN support plan.",
)
PLAN_REASONS = (
    "EHC plan issued by the local authority.",
    "EHC plan issued after the statutory assessment requested by the school.",
    "Arrived with an EHC plan naming this school.",
)
NONE_REASON = "No special educational need identified on admission."


def _sendcos(result) -> dict[str, User]:
    """The SENDCo of each school, by slug (the first one where a school has several)."""
    emails: dict[str, str] = {}
    for person in result.staff:
        if person.role == Role.SENDCO and person.school and person.school not in emails:
            emails[person.school] = person.email
    users = {user.email: user for user in User.objects.filter(email__in=emails.values())}
    return {slug: users[email] for slug, email in emails.items() if email in users}


def _between(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    if last <= first:
        return first
    return first + datetime.timedelta(days=rng.randrange((last - first).days + 1))


def _notified(rng: random.Random, start: datetime.date) -> tuple[datetime.date, str]:
    how = rng.choices(
        [SenStatus.NotifiedBy.MEETING, SenStatus.NotifiedBy.LETTER, SenStatus.NotifiedBy.EMAIL],
        weights=[6, 3, 1],
    )[0]
    return min(start + datetime.timedelta(days=rng.randrange(0, 6)), TODAY), how


def _history(rng: random.Random, draft: PupilDraft, admitted: datetime.date) -> list[tuple[str, datetime.date]]:
    """(provision, start date) for each period, oldest first, ending with the planned provision."""
    latest = TODAY - 14 * DAY
    planned = draft.sen.provision
    if planned == Provision.NONE:
        return [(Provision.NONE, admitted)]
    # A pupil who joined recently, or was placed in a base, arrives with their SEN already decided.
    arrived_with_it = (latest - admitted).days < 60 or draft.sen.base != Base.NONE
    if planned == Provision.SEN_SUPPORT:
        if arrived_with_it:
            return [(Provision.SEN_SUPPORT, admitted)]
        return [(Provision.NONE, admitted), (Provision.SEN_SUPPORT, _between(rng, admitted + 60 * DAY, latest))]
    if arrived_with_it or (latest - admitted).days < 400:
        return [(Provision.EHC_PLAN, admitted)]
    support_from = _between(rng, admitted + 30 * DAY, latest - 300 * DAY)
    plan_from = _between(rng, support_from + 200 * DAY, latest)
    if rng.random() < SUPPORT_BEFORE_PLAN_RATE:
        return [(Provision.NONE, admitted), (Provision.SEN_SUPPORT, support_from), (Provision.EHC_PLAN, plan_from)]
    return [(Provision.NONE, admitted), (Provision.EHC_PLAN, plan_from)]


def _statuses(rng: random.Random, draft: PupilDraft, school, sendco: User | None) -> list[SenStatus]:
    admitted = min(enrolment.admission_date for enrolment in draft.enrolments)
    periods = _history(rng, draft, admitted)
    rows = []
    for index, (provision, start) in enumerate(periods):
        end = periods[index + 1][1] - DAY if index + 1 < len(periods) else None
        status = SenStatus(
            pupil=draft.pupil,
            school=school,
            provision=provision,
            start_date=start,
            end_date=end,
            decided_by=sendco if provision != Provision.NONE else None,
        )
        if provision == Provision.NONE:
            status.reason = NONE_REASON if index == 0 else "No longer needs SEN support."
        elif provision == Provision.SEN_SUPPORT:
            status.reason = rng.choice(SUPPORT_REASONS)
            status.parents_notified_on, status.parents_notified_by = _notified(rng, start)
        else:
            status.reason = rng.choice(PLAN_REASONS)
            status.parents_notified_on, status.parents_notified_by = _notified(rng, start)
        rows.append(status)
    return rows


def _needs(draft: PupilDraft, since: datetime.date, sendco: User | None) -> list[SenNeed]:
    codes = [code for code in (draft.sen.primary_need, draft.sen.secondary_need) if code]
    return [
        SenNeed(pupil=draft.pupil, need_type=code, rank=rank, start_date=since, recorded_by=sendco)
        for rank, code in enumerate(codes, start=1)
    ]


def seed(result, rng: random.Random) -> None:
    schools = result.written.schools
    sendcos = _sendcos(result)
    statuses: list[SenStatus] = []
    needs: list[SenNeed] = []
    entries: list[MonitoringEntry] = []
    places: list[BaseMembership] = []
    on_roll_by_school: dict[str, list[PupilDraft]] = {}
    for draft in result.pupils:
        school, sendco = schools[draft.school], sendcos.get(draft.school)
        rows = _statuses(rng, draft, school, sendco)
        statuses.extend(rows)
        if draft.on_roll:
            on_roll_by_school.setdefault(draft.school, []).append(draft)
        if not draft.sen.has_sen:
            continue
        since = next(row.start_date for row in rows if row.provision != Provision.NONE)
        needs.extend(_needs(draft, since, sendco))
        current = rows[-1]
        if draft.sen.base != Base.NONE:
            kind = (
                BaseMembership.Kind.RESOURCED_PROVISION
                if draft.sen.base == Base.RESOURCED_PROVISION
                else BaseMembership.Kind.SEN_UNIT
            )
            places.append(BaseMembership(pupil=draft.pupil, school=school, kind=kind, started_on=current.start_date))
        if current.provision == Provision.SEN_SUPPORT and len(rows) > 1 and rng.random() < MONITORED_FIRST_RATE:
            started = max(rows[0].start_date, current.start_date - rng.randrange(42, 120) * DAY)
            entries.append(
                MonitoringEntry(
                    pupil=draft.pupil,
                    school=school,
                    reason=rng.choice(MONITORING_REASONS),
                    started_on=started,
                    ended_on=current.start_date,
                    end_reason=MONITORING_ENDED,
                    added_by=sendco,
                )
            )
    for slug, drafts in on_roll_by_school.items():
        entries.extend(_monitoring_list(rng, drafts, schools[slug], sendcos.get(slug)))
    _add_census_problems(rng, result, needs)
    SenStatus.objects.bulk_create(statuses, batch_size=BATCH_SIZE)
    SenNeed.objects.bulk_create(needs, batch_size=BATCH_SIZE)
    MonitoringEntry.objects.bulk_create(entries, batch_size=BATCH_SIZE)
    BaseMembership.objects.bulk_create(places, batch_size=BATCH_SIZE)


def _monitoring_list(
    rng: random.Random, drafts: list[PupilDraft], school, sendco: User | None
) -> list[MonitoringEntry]:
    """About 3% of the school's pupils, from those not on the register, added over the last term or so."""
    candidates = [draft for draft in drafts if not draft.sen.has_sen]
    chosen = rng.sample(candidates, min(len(candidates), round(len(drafts) * MONITORING_RATE)))
    return [
        MonitoringEntry(
            pupil=draft.pupil,
            school=school,
            reason=rng.choice(MONITORING_REASONS),
            started_on=max(
                _between(rng, TODAY - 120 * DAY, TODAY - 3 * DAY),
                min(enrolment.admission_date for enrolment in draft.enrolments),
            ),
            added_by=sendco,
        )
        for draft in chosen
    ]


def _add_census_problems(rng: random.Random, result, needs: list[SenNeed]) -> None:
    """Leave a few mistakes for the census check to find, at the school where the demo SENDCo works."""
    slug = next((person.school for person in result.staff if person.role == Role.SENDCO and person.password), None)
    here = {str(draft.pupil.public_id): draft for draft in result.pupils if draft.on_roll and draft.school == slug}
    by_pupil: dict[str, list[SenNeed]] = {}
    for need in needs:
        key = str(need.pupil.public_id)
        if key in here:
            by_pupil.setdefault(key, []).append(need)
    support = sorted(
        key for key in by_pupil if here[key].sen.provision == Provision.SEN_SUPPORT and here[key].sen.base == Base.NONE
    )
    without_need = set(rng.sample(support, min(SUPPORT_WITHOUT_NEED, len(support))))
    needs[:] = [need for need in needs if str(need.pupil.public_id) not in without_need]
    two_needs = sorted(key for key, rows in by_pupil.items() if len(rows) == 2 and key not in without_need)
    for key in rng.sample(two_needs, min(MORE_THAN_TWO_NEEDS, len(two_needs))):
        first = by_pupil[key][0]
        taken = {need.need_type for need in by_pupil[key]}
        extra = next(code for code in ("SPLD", "SLCN", "SEMH", "MLD") if code not in taken)
        needs.append(
            SenNeed(
                pupil=first.pupil, need_type=extra, rank=3, start_date=first.start_date, recorded_by=first.recorded_by
            )
        )
