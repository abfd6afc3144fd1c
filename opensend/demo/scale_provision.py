"""Provision at trust scale, for the benchmark: about four logged sessions for every pupil in the
trust (100,000 for `seed_scale --pupils 25000`), in groups of one to four pupils with SEN, two
weekly sessions each, delivered by each school's teaching assistants and logged from September to
the demo's "today" (a few not held, a few pupils absent). The benchmark's TA delivers the first
groups at the first school, so their home page and session log have work on every weekday.

Bulk-created without audit events, one school at a time so memory stays flat; deterministic for
a given random stream."""

from __future__ import annotations

import datetime
import random
from collections import defaultdict

from django.db import transaction

from opensend.accounts.models import Role, User
from opensend.provision.models import Attendance, Intervention, Member, Provision, Session, Slot, Wave

from .feature_provision import ABSENT_RATE, HALF_TERM, NOT_HELD_RATE, NOT_HELD_REASONS, ROOMS, START_TIMES
from .plans import REFERENCE_DATE
from .sen import Provision as SenProvision
from .term_dates import ACADEMIC_YEAR_END

SESSIONS_PER_PUPIL = 4
TERM_START = datetime.date(2026, 9, 7)
LOGGED_UNTIL = REFERENCE_DATE - datetime.timedelta(days=1)
BATCH_SIZE = 2000
# Two weekly sessions, two days apart: Monday and Wednesday, Tuesday and Thursday, ...
SECOND_DAY_AFTER = 2


def school_days(weekday: int) -> list[datetime.date]:
    day = TERM_START + datetime.timedelta(days=(weekday - TERM_START.weekday()) % 7)
    days = []
    while day <= LOGGED_UNTIL:
        if not HALF_TERM[0] <= day <= HALF_TERM[1]:
            days.append(day)
        day += datetime.timedelta(weeks=1)
    return days


def seed_provision_at_scale(result, rng: random.Random, *, first_ta_email: str | None = None) -> int:
    """Provision, slots, pupils, sessions and attendance for every school of the seeded trust.
    Returns how many sessions were logged."""
    days = {weekday: school_days(weekday) for weekday in range(5)}
    per_provision = sum(len(days[weekday]) for weekday in (0, SECOND_DAY_AFTER)) or 1
    target = SESSIONS_PER_PUPIL * result.written.pupils
    pupils_by_school = _pupils_by_school(result)
    assistants = _assistants(result, first_ta_email)
    library = defaultdict(list)
    for intervention in Intervention.objects.filter(school__trust=result.written.trust).exclude(
        wave=Wave.QUALITY_FIRST
    ):
        library[intervention.school_id].append(intervention)
    on_roll = sum(len(pupils) for pupils, _ in pupils_by_school.values()) or 1
    logged = 0
    for slug, school in result.written.schools.items():
        pupils, sen = pupils_by_school.get(slug, ([], []))
        people = assistants.get(slug)
        interventions = sorted(library[school.pk], key=lambda item: item.name)
        if not pupils or not people or not interventions:
            continue
        count = max(1, round(target * len(pupils) / on_roll / per_provision))
        with transaction.atomic():
            logged += _seed_school(school, count, sen or pupils, people, interventions, days, rng)
    return logged


def _pupils_by_school(result) -> dict[str, tuple[list, list]]:
    found: dict[str, tuple[list, list]] = defaultdict(lambda: ([], []))
    wanted = (SenProvision.SEN_SUPPORT, SenProvision.EHC_PLAN)
    for draft in result.pupils:
        if draft.on_roll:
            everyone, with_sen = found[draft.school]
            everyone.append(draft.pupil)
            if draft.sen.provision in wanted:
                with_sen.append(draft.pupil)
    return found


def _assistants(result, first_email: str | None) -> dict[str, list[User]]:
    emails = [person.email for person in result.staff if person.role == Role.TA and person.school]
    users = User.objects.in_bulk(emails, field_name="email")
    found: dict[str, list[User]] = defaultdict(list)
    for person in result.staff:
        if person.role == Role.TA and person.school and person.email in users:
            found[person.school].append(users[person.email])
    for people in found.values():
        people.sort(key=lambda user: (user.email != first_email, user.email))
    return found


def _seed_school(school, count: int, pupils: list, people: list[User], interventions, days, rng) -> int:
    provisions = []
    for index in range(count):
        intervention = interventions[index % len(interventions)]
        provisions.append(
            Provision(
                school=school,
                intervention=intervention,
                name=f"{intervention.name} {index // len(interventions) + 1}",
                starts_on=TERM_START,
                ends_on=ACADEMIC_YEAR_END,
                room=ROOMS[index % len(ROOMS)],
            )
        )
    Provision.objects.bulk_create(provisions, batch_size=BATCH_SIZE)
    staff, slots, members = [], [], []
    for index, provision in enumerate(provisions):
        person = people[index % len(people)]
        staff.append(Provision.staff.through(provision_id=provision.pk, user_id=person.pk))
        first = index % 5
        for weekday in (first, (first + SECOND_DAY_AFTER) % 5):
            slots.append(Slot(provision=provision, weekday=weekday, starts_at=START_TIMES[index % 4], minutes=30))
        for pupil in rng.sample(pupils, min(len(pupils), rng.randint(1, 4))):
            members.append(Member(provision=provision, pupil=pupil, joined_on=TERM_START))
    Provision.staff.through.objects.bulk_create(staff, batch_size=BATCH_SIZE)
    Slot.objects.bulk_create(slots, batch_size=BATCH_SIZE)
    Member.objects.bulk_create(members, batch_size=BATCH_SIZE)
    delivered_by = {link.provision_id: link.user_id for link in staff}
    pupils_of = defaultdict(list)
    for member in members:
        pupils_of[member.provision_id].append(member.pupil_id)
    sessions = []
    for slot in slots:
        for day in days[slot.weekday]:
            held = rng.random() >= NOT_HELD_RATE
            sessions.append(
                Session(
                    provision_id=slot.provision_id,
                    slot=slot,
                    held_on=day,
                    starts_at=slot.starts_at,
                    minutes=slot.minutes,
                    held=held,
                    not_held_reason="" if held else rng.choice(NOT_HELD_REASONS),
                    recorded_by_id=delivered_by[slot.provision_id],
                )
            )
    Session.objects.bulk_create(sessions, batch_size=BATCH_SIZE)
    Attendance.objects.bulk_create(
        (
            Attendance(session=session, pupil_id=pupil_id, attended=session.held and rng.random() >= ABSENT_RATE)
            for session in sessions
            for pupil_id in pupils_of[session.provision_id]
        ),
        batch_size=BATCH_SIZE,
    )
    return len(sessions)
