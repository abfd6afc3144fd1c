"""Demo data for provision: every school's starter intervention library, as its own editable
records, and a trust library with a few more to copy; then a lived-in term of provision at the
demo trust's schools. Each wave 2 and 3 intervention runs as a group or a one-to-one for SEN pupils
whose needs it fits, delivered by the school's teaching assistants, with weekly sessions, pupils
joining late or leaving early, linked to their open plan, and every session since September logged
(a few not held, a few pupils absent). Some provision has passed its planned end date and is due
for review. The demo TA delivers sessions on every weekday, so her home page always has today's.

Everything is bulk-created without audit events, from the given random stream, with dates before
the demo's "today". seed_scale's trusts get the library only."""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from decimal import Decimal

from opensend.accounts.models import Role, User
from opensend.plans.models import Cycle
from opensend.provision.models import Attendance, Intervention, Measure, Member, Provision, Session, Slot, Wave
from opensend.register.codes import broad_area

from .plans import REFERENCE_DATE
from .provision_library import STARTER, TRUST_SHARED, interventions
from .seed import DEMO_TRUST_NAME
from .sen import Provision as SenProvision

ORDER = 50
BATCH_SIZE = 2000
TODAY = REFERENCE_DATE
TERM_START = datetime.date(2026, 9, 7)
HALF_TERM = (datetime.date(2026, 10, 26), datetime.date(2026, 10, 30))
DEMO_TA = "ta@demo.opensend.test"
NOT_HELD_RATE = 0.07
ABSENT_RATE = 0.08
NOT_HELD_REASONS = (
    Session.NotHeld.STAFF_ABSENT,
    Session.NotHeld.TRIP,
    Session.NotHeld.ROOM,
    Session.NotHeld.STAFF_REDEPLOYED,
    Session.NotHeld.PUPILS_ABSENT,
)
NOTES = (
    "Needed two prompts to start; finished the task.",
    "Very focused today.",
    "Tired after PE; shorter session.",
    "Used the strategy without a reminder.",
    "Remembered last week's words.",
    "Found the new step hard; revisit next time.",
)
OUTCOME_COMMENTS = (
    "Now uses the strategy in class without prompting.",
    "Good progress; keep practising at home.",
    "Some gains; continue with a smaller target.",
    "Little change; try a different approach next cycle.",
    "Target met: moving on to the next step.",
)
ROOMS = ("Library", "Nurture room", "Group room 1", "Group room 2", "Quiet room", "Corridor bay")
START_TIMES = (datetime.time(9, 15), datetime.time(10, 45), datetime.time(11, 20), datetime.time(13, 30))


def seed(result, rng: random.Random) -> None:
    trust = result.written.trust
    rows = interventions(trust, None, STARTER[:2] + TRUST_SHARED)
    for school in result.written.schools.values():
        rows.extend(interventions(trust, school))
    Intervention.objects.bulk_create(rows)
    if trust.name == DEMO_TRUST_NAME:
        _seed_running_provision(result, rng)


def _teaching_assistants(result) -> dict[str, list[User]]:
    by_email = User.objects.in_bulk([p.email for p in result.staff if p.role == Role.TA], field_name="email")
    found: dict[str, list[User]] = defaultdict(list)
    for person in result.staff:
        if person.role == Role.TA and person.school and person.email in by_email:
            found[person.school].append(by_email[person.email])
    for people in found.values():
        # The demo TA delivers first, so her week is full.
        people.sort(key=lambda user: (user.email != DEMO_TA, user.email))
    return found


def _sen_pupils_by_area(result) -> dict[str, dict[str, list]]:
    wanted = (SenProvision.SEN_SUPPORT, SenProvision.EHC_PLAN)
    found: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for draft in result.pupils:
        if draft.on_roll and draft.sen.provision in wanted and draft.sen.primary_need:
            area = broad_area(draft.sen.primary_need) or "cognition-learning"
            found[draft.school][area].append(draft.pupil)
    return found


def _school_days(start: datetime.date, end: datetime.date, weekday: int) -> list[datetime.date]:
    day = start + datetime.timedelta(days=(weekday - start.weekday()) % 7)
    days = []
    while day <= end:
        if not HALF_TERM[0] <= day <= HALF_TERM[1]:
            days.append(day)
        day += datetime.timedelta(weeks=1)
    return days


def _seed_running_provision(result, rng: random.Random) -> None:
    assistants = _teaching_assistants(result)
    pupils = _sen_pupils_by_area(result)
    open_cycles = dict(Cycle.objects.open().filter(pupil__trust=result.written.trust).values_list("pupil_id", "pk"))
    by_school = defaultdict(list)
    for intervention in Intervention.objects.filter(school__trust=result.written.trust).exclude(
        wave=Wave.QUALITY_FIRST
    ):
        by_school[intervention.school_id].append(intervention)
    provisions, staff_links, slots, members = [], [], [], []
    for slug, school in result.written.schools.items():
        people = assistants.get(slug) or []
        if not people:
            continue
        for index, intervention in enumerate(sorted(by_school[school.pk], key=lambda i: i.name)):
            candidates = pupils[slug][intervention.broad_area] or [p for area in pupils[slug].values() for p in area]
            if not candidates:
                continue
            size = min(intervention.typical_group_size, len(candidates), 6)
            chosen = rng.sample(candidates, size)
            # A few ended before the demo's today without being reviewed: due for review.
            ended = index % 5 == 3
            starts_on = TERM_START + datetime.timedelta(weeks=rng.choice((0, 0, 1, 2)))
            weeks = max(intervention.duration_weeks, 6 if ended else 16)
            ends_on = (
                TODAY - datetime.timedelta(days=rng.randint(3, 20))
                if ended
                else starts_on + datetime.timedelta(weeks=weeks)
            )
            provision = Provision(
                school=school,
                intervention=intervention,
                name=f"{intervention.name}{' (1:1)' if size == 1 else ''}",
                starts_on=starts_on,
                ends_on=ends_on,
                room=rng.choice(ROOMS),
            )
            # The first TA (the demo TA at her school) delivers the first four: sessions every day.
            person = people[0] if index < 4 else people[index % len(people)]
            provisions.append((provision, person, chosen, index))
    Provision.objects.bulk_create([p for p, *_ in provisions])
    for provision, person, chosen, index in provisions:
        staff_links.append(Provision.staff.through(provision_id=provision.pk, user_id=person.pk))
        # Every weekday gets a session from the first few provisions, so a TA's today is never empty.
        weekdays = [(index + offset) % 5 for offset in range(min(provision.intervention.sessions_per_week, 5))]
        start = START_TIMES[index % len(START_TIMES)]
        slots.extend(
            Slot(provision=provision, weekday=day, starts_at=start, minutes=provision.intervention.session_minutes)
            for day in sorted(set(weekdays))
        )
        for pupil in chosen:
            joined = provision.starts_on + datetime.timedelta(weeks=rng.choice((0, 0, 0, 0, 2, 3)))
            left = None
            if rng.random() < 0.1 and joined + datetime.timedelta(weeks=4) < TODAY:
                left = joined + datetime.timedelta(weeks=4)
            finished = left or (provision.ends_on if provision.ends_on < TODAY else None)
            members.append(
                Member(
                    provision=provision,
                    pupil=pupil,
                    joined_on=joined,
                    left_on=left,
                    leave_reason="Target met" if left else "",
                    cycle_id=open_cycles.get(pupil.pk),
                    **_results(rng, provision.intervention.measure, joined, finished),
                )
            )
    Provision.staff.through.objects.bulk_create(staff_links)
    Slot.objects.bulk_create(slots)
    Member.objects.bulk_create(members)
    _seed_sessions(provisions, slots, members, rng)


def _results(rng: random.Random, measure: str, joined: datetime.date, finished: datetime.date | None) -> dict:
    """Entry data from the day a pupil joined; exit data and (mostly) an outcome rating once their
    time in the provision is over. A realistic spread: most gain, some stand still, a few fall back."""
    if measure == Measure.NONE:
        return {}
    entry, gain = _entry_and_gain(rng, measure, joined, finished)
    fields = {"entry_value": entry, "entry_on": joined}
    if finished is None:
        return fields
    fields |= {"exit_value": max(Decimal(0), entry + gain), "exit_on": finished}
    if rng.random() < 0.7:  # the rest still await their outcome review
        typical = {Measure.STANDARDISED_SCORE: 4, Measure.READING_AGE: 4, Measure.SPELLING_AGE: 4}.get(measure, 3)
        rating = round((float(gain) - typical) / typical + rng.gauss(0, 0.6))
        fields |= {"outcome_rating": max(-2, min(2, rating)), "outcome_comment": rng.choice(OUTCOME_COMMENTS)}
    return fields


def _entry_and_gain(rng, measure, joined, finished) -> tuple[Decimal, Decimal]:
    months = ((finished or TODAY) - joined).days / 30.44
    if measure == Measure.STANDARDISED_SCORE:
        return Decimal(round(rng.gauss(82, 6))), Decimal(round(rng.gauss(4, 5)))
    if measure in (Measure.READING_AGE, Measure.SPELLING_AGE):
        ratio = max(0.0, rng.gauss(2.0, 1.1))
        return Decimal(rng.randint(62, 110)), Decimal(round(months * ratio))
    if measure == Measure.PERCENTAGE:
        entry = rng.randint(15, 60)
        return Decimal(entry), Decimal(min(100 - entry, round(rng.gauss(20, 12))))
    if measure == Measure.COUNT:
        return Decimal(rng.randint(4, 20)), Decimal(round(rng.gauss(6, 4)))
    return Decimal(rng.randint(1, 5)), Decimal(round(rng.gauss(2, 1.5)))


def _seed_sessions(provisions, slots, members, rng: random.Random) -> None:
    delivered_by = {provision.pk: person for provision, person, *_ in provisions}
    members_of = defaultdict(list)
    for member in members:
        members_of[member.provision_id].append(member)
    sessions, drafts = [], []
    for slot in slots:
        provision = slot.provision
        last = min(provision.ends_on, TODAY - datetime.timedelta(days=1))
        for day in _school_days(provision.starts_on, last, slot.weekday):
            held = rng.random() >= NOT_HELD_RATE
            session = Session(
                provision=provision,
                slot=slot,
                held_on=day,
                starts_at=slot.starts_at,
                minutes=slot.minutes,
                held=held,
                not_held_reason="" if held else rng.choice(NOT_HELD_REASONS),
                recorded_by=delivered_by[provision.pk],
            )
            sessions.append(session)
            drafts.append([(m.pupil_id, day) for m in members_of[provision.pk] if m.current_on(day)])
    Session.objects.bulk_create(sessions, batch_size=BATCH_SIZE)
    attendance = []
    for session, present in zip(sessions, drafts, strict=True):
        for pupil_id, _ in present:
            attended = session.held and rng.random() >= ABSENT_RATE
            note = rng.choice(NOTES) if attended and rng.random() < 0.15 else ""
            attendance.append(Attendance(session=session, pupil_id=pupil_id, attended=attended, note=note))
    Attendance.objects.bulk_create(attendance, batch_size=BATCH_SIZE)
