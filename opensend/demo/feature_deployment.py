"""Demo data for staff deployment and quality assurance, at the demo trust's primary: contracted
hours for its teaching assistants, a few clashes (the demo TA booked into two groups at once, a
room double-booked, a pupil taken out of two things at once), a cover in the demo's week (the demo
TA covers a colleague's group; a second TA covers one of hers) and observations of sessions.
Written without audit events, like the rest of the demo, and only for the demo trust."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from opensend.accounts.models import Membership, Role, User
from opensend.provision.models import Cover, Member, Observation, Provision, Slot, StaffHours

from .feature_provision import DEMO_TA
from .plans import REFERENCE_DATE
from .seed import DEMO_TRUST_NAME, PRIMARY

# After provision (50), whose groups it deploys.
ORDER = 55
CONTRACTS = (Decimal("32.5"), Decimal("27.5"), Decimal("25"), Decimal("30"), Decimal("20"))
MONDAY = REFERENCE_DATE - datetime.timedelta(days=REFERENCE_DATE.weekday())
OBSERVATIONS = (
    (
        "Precision teaching of ten high-frequency words with a one-minute probe; pupils charted their own scores.",
        "Calm, brisk routine; every pupil knew what to do next; praise was specific.",
        "Keep the probe to one minute exactly, and add two new words only when the last ones are secure.",
    ),
    (
        "A small-group reading session: book introduction, independent reading, a return to the text.",
        "Good questioning that made pupils go back to the page for evidence.",
        "Model the decoding strategy before prompting, and note which words each pupil stumbled on.",
    ),
)


def seed(result, rng: random.Random) -> None:
    if result.written.trust.name != DEMO_TRUST_NAME:
        return
    school = result.written.schools[PRIMARY]
    running = list(
        Provision.objects.filter(school=school, ends_on__gte=REFERENCE_DATE, starts_on__lte=MONDAY)
        .prefetch_related("staff", "slots")
        .order_by("name", "pk")
    )
    ta = User.objects.get(email=DEMO_TA)
    hers = [provision for provision in running if ta in provision.staff.all()]
    others = [provision for provision in running if ta not in provision.staff.all()]
    if len(hers) < 3 or len(others) < 3:
        return
    _contracts(school, rng)
    _clashes(hers, others)
    _covers(school, ta, hers, others)
    _observations(school, ta, hers, others)


def _contracts(school, rng: random.Random) -> None:
    assistants = (
        Membership.objects.filter(school=school, role=Role.TA, is_active=True)
        .order_by("user__email")
        .values_list("user_id", flat=True)
    )
    StaffHours.objects.bulk_create(
        StaffHours(school=school, user_id=user_id, hours_per_week=rng.choice(CONTRACTS)) for user_id in assistants
    )


def _first_slot(provision: Provision) -> Slot:
    return sorted(provision.slots.all(), key=lambda slot: (slot.weekday, slot.starts_at))[0]


def _later(time: datetime.time, minutes: int) -> datetime.time:
    return (datetime.datetime.combine(REFERENCE_DATE, time) + datetime.timedelta(minutes=minutes)).time()


def _span(slot: Slot, weekday: int | None = None, starts_at: datetime.time | None = None, minutes: int | None = None):
    start = datetime.datetime.combine(REFERENCE_DATE, starts_at or slot.starts_at)
    return (
        weekday if weekday is not None else slot.weekday,
        start,
        start + datetime.timedelta(minutes=minutes or slot.minutes),
    )


def _meets(first, second) -> bool:
    return first[0] == second[0] and first[1] < second[2] and second[1] < first[2]


def _free(candidates: list[Provision], new, against: Provision) -> Provision | None:
    """The first candidate with no session that day (so it cannot clash with itself) and none
    meeting `against`'s sessions, so that the one clash wanted is the only one made."""
    for provision in candidates:
        days = {slot.weekday for slot in provision.slots.all()}
        theirs = [_span(slot) for slot in provision.slots.all()]
        if new[0] in days or any(_meets(one, _span(other)) for one in theirs for other in against.slots.all()):
            continue
        return provision
    return None


def _add_slot(provision: Provision, new) -> None:
    weekday, start, end = new
    Slot.objects.create(
        provision=provision, weekday=weekday, starts_at=start.time(), minutes=int((end - start).total_seconds() // 60)
    )


def _clashes(hers: list[Provision], others: list[Provision]) -> None:
    anchor = _first_slot(hers[0])
    # The demo TA in two groups at once: a second group of hers ten minutes into the first.
    new = _span(anchor, starts_at=_later(anchor.starts_at, 10), minutes=20)
    second = _free(hers[1:], new, hers[0])
    if second is not None:
        _add_slot(second, new)
    # A room double-booked: a colleague's group in the same room, starting five minutes after hers.
    new = _span(anchor, starts_at=_later(anchor.starts_at, 5), minutes=15)
    neighbour = _free(others, new, hers[0])
    if neighbour is not None:
        neighbour.room = hers[0].room = hers[0].room or "Library"
        Provision.objects.filter(pk__in=[hers[0].pk, neighbour.pk]).update(room=hers[0].room)
        _add_slot(neighbour, new)
    # A pupil taken out of two things at once: one of her pupils also in a colleague's group then.
    third = _first_slot(hers[2])
    member = hers[2].members.filter(left_on__isnull=True).order_by("pk").first()
    other = _free([group for group in others if group is not neighbour], _span(third), hers[2])
    if member is not None and other is not None:
        Member.objects.get_or_create(
            provision=other, pupil=member.pupil, defaults={"joined_on": max(other.starts_on, MONDAY)}
        )
        _add_slot(other, _span(third))


def _next_date(slot: Slot, after: datetime.date) -> datetime.date:
    return after + datetime.timedelta(days=(slot.weekday - after.weekday()) % 7)


def _covers(school, ta: User, hers: list[Provision], others: list[Provision]) -> None:
    sendco = User.objects.get(email=DEMO_TA.replace("ta@", "sendco@"))
    colleague_group = others[2]
    colleague = colleague_group.staff.first()
    slot = _first_slot(colleague_group)
    # She covers a colleague's group this week (the colleague is on training).
    Cover.objects.create(
        provision=colleague_group,
        slot=slot,
        on_date=_next_date(slot, REFERENCE_DATE),
        starts_at=slot.starts_at,
        minutes=slot.minutes,
        covered_by=ta,
        replaces=colleague,
        reason=Cover.Reason.TRAINING,
        note="Phonics training at the hub school.",
        created_by=sendco,
    )
    # And the colleague covers one of her groups later in the week while she is at an annual review.
    own = _first_slot(hers[3]) if len(hers) > 3 else _first_slot(hers[2])
    Cover.objects.create(
        provision=own.provision,
        slot=own,
        on_date=_next_date(own, REFERENCE_DATE + datetime.timedelta(days=1)),
        starts_at=own.starts_at,
        minutes=own.minutes,
        covered_by=colleague,
        replaces=ta,
        reason=Cover.Reason.REDEPLOYED,
        note="Supporting an annual review meeting.",
        created_by=sendco,
    )


def _observations(school, ta: User, hers: list[Provision], others: list[Provision]) -> None:
    sendco = User.objects.get(email=DEMO_TA.replace("ta@", "sendco@"))
    assistant = User.objects.get(email=DEMO_TA.replace("ta@", "assistant-sendco@"))
    rows = [
        (hers[0], ta, sendco, REFERENCE_DATE - datetime.timedelta(days=10), OBSERVATIONS[0]),
        (others[0], others[0].staff.first(), assistant, REFERENCE_DATE - datetime.timedelta(days=4), OBSERVATIONS[1]),
    ]
    Observation.objects.bulk_create(
        Observation(
            provision=provision,
            staff=staff,
            observer=observer,
            observed_on=max(day, provision.starts_on),
            seen=seen,
            strengths=strengths,
            next_steps=next_steps,
        )
        for provision, staff, observer, day, (seen, strengths, next_steps) in rows
    )
