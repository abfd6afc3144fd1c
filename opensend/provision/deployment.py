"""Staff deployment: who is where in each weekly session of a school's provision, what clashes,
and the hours each person is deployed against their contract.

A week's sessions come from each running provision's weekly slots, on the days of that week the
provision runs. A slot is delivered by its own assigned people if it has any, otherwise by the
provision's staff; on a date with a cover, the covering person takes the place of the person they
replace. Clashes are worked out by pure functions over plain bookings, so they are tested with
worked times."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from opensend.accounts.models import Membership, User

from .models import Cover, Member, Observation, Provision, Slot, SlotAssignment, StaffHours

# A cover lets its person open and log the provision's session for this long after its date.
COVER_LOG_DAYS = 14


# --- Clashes: pure functions over plain bookings ---------------------------------------------------


@dataclass(frozen=True)
class Booking:
    """One session on one day: when, who delivers it, where, and which pupils it takes out."""

    key: object
    day: datetime.date
    starts_at: datetime.time
    minutes: int
    people: frozenset = frozenset()
    room: str = ""
    pupils: frozenset = frozenset()

    @property
    def ends_at(self) -> datetime.time:
        return (datetime.datetime.combine(self.day, self.starts_at) + datetime.timedelta(minutes=self.minutes)).time()


def overlaps(first: Booking, second: Booking) -> bool:
    """Two sessions on the same day whose times overlap. One ending as the other starts is not a
    clash: a TA can walk from one to the next."""
    return first.day == second.day and first.starts_at < second.ends_at and second.starts_at < first.ends_at


def same_room(first: str, second: str) -> bool:
    return bool(first.strip()) and first.strip().casefold() == second.strip().casefold()


@dataclass(frozen=True)
class Clash:
    """Two overlapping sessions that share a person, a room or a pupil. `who` is the person's or
    pupil's id, or the room's name."""

    kind: str  # "person", "room" or "pupil"
    who: object
    first: Booking
    second: Booking


def find_clashes(bookings: Sequence[Booking]) -> list[Clash]:
    """Every clash among the bookings: a person or a room in two places at once, a pupil taken out
    of two things at once. Each pair of overlapping sessions is compared once."""
    by_day: dict[datetime.date, list[Booking]] = defaultdict(list)
    for booking in bookings:
        by_day[booking.day].append(booking)
    clashes = []
    for day in sorted(by_day):
        # Stable: sessions starting together keep the order they were given in.
        ordered = sorted(by_day[day], key=lambda booking: booking.starts_at)
        for index, first in enumerate(ordered):
            for second in ordered[index + 1 :]:
                if second.starts_at >= first.ends_at:
                    break  # sorted by start: no later booking overlaps `first` either
                clashes.extend(_shared(first, second))
    return clashes


def _shared(first: Booking, second: Booking) -> list[Clash]:
    found = [Clash("person", person, first, second) for person in sorted(first.people & second.people, key=str)]
    if same_room(first.room, second.room):
        found.append(Clash("room", first.room.strip(), first, second))
    found += [Clash("pupil", pupil, first, second) for pupil in sorted(first.pupils & second.pupils, key=str)]
    return found


# --- A school's week ---------------------------------------------------------------------------------


def week_of(day: datetime.date) -> list[datetime.date]:
    monday = day - datetime.timedelta(days=day.weekday())
    return [monday + datetime.timedelta(days=offset) for offset in range(5)]


@dataclass
class Occurrence:
    """A weekly slot of a provision on one date, with who delivers it that day."""

    day: datetime.date
    slot: Slot
    provision: Provision
    staff: list[User]
    pupils: list
    cover: Cover | None = None
    clashes: list[str] = field(default_factory=list)

    @property
    def ends_at(self) -> datetime.time:
        return (
            datetime.datetime.combine(self.day, self.slot.starts_at) + datetime.timedelta(minutes=self.slot.minutes)
        ).time()

    @property
    def booking(self) -> Booking:
        return Booking(
            key=(self.provision.pk, self.slot.pk),
            day=self.day,
            starts_at=self.slot.starts_at,
            minutes=self.slot.minutes,
            people=frozenset(person.pk for person in self.staff),
            room=self.provision.room,
            pupils=frozenset(pupil.pk for pupil in self.pupils),
        )


@dataclass
class PersonWeek:
    person: User
    minutes: int = 0
    contracted: Decimal | None = None
    hours_version: int | None = None

    @property
    def hours(self) -> Decimal:
        return (Decimal(self.minutes) / 60).quantize(Decimal("0.1"))

    @property
    def share(self) -> int | None:
        """Deployed hours as a percentage of the contracted hours."""
        if not self.contracted:
            return None
        return round(Decimal(self.minutes) / 60 / self.contracted * 100)


@dataclass
class TeamWeek:
    days: list[datetime.date]
    occurrences: list[Occurrence]
    clashes: list[tuple[Clash, str]]
    people: list[PersonWeek]

    def by_day(self) -> list[tuple[datetime.date, list[Occurrence]]]:
        return [(day, [item for item in self.occurrences if item.day == day]) for day in self.days]


def running_provision(school, days: list[datetime.date]) -> QuerySet[Provision]:
    return (
        Provision.objects.filter(school=school, archived_at__isnull=True, starts_on__lte=days[-1], ends_on__gte=days[0])
        .exclude(slots__isnull=True)
        .distinct()
    )


def team_week(school, monday: datetime.date) -> TeamWeek:
    """Every session of the school's running provision in the week starting `monday`, who delivers
    each, every clash, and each deployed person's hours. Seven queries whatever the timetable."""
    days = week_of(monday)
    # Only the columns the page shows: a school's week is a few hundred rows of people and pupils,
    # and building whole rows was most of the page's time at trust scale.
    people = User.objects.only("id", "public_id", "email", "first_name", "last_name")
    provisions = list(
        running_provision(school, days)
        .only("id", "public_id", "name", "room", "starts_on", "ends_on")
        .prefetch_related(
            Prefetch("staff", queryset=people),
            Prefetch(
                "slots",
                queryset=Slot.objects.prefetch_related(
                    Prefetch(
                        "assignments",
                        queryset=SlotAssignment.objects.select_related("user").only(
                            "slot",
                            "user__id",
                            "user__public_id",
                            "user__email",
                            "user__first_name",
                            "user__last_name",
                        ),
                    )
                ),
            ),
            Prefetch(
                "members",
                queryset=Member.objects.select_related("pupil").only(
                    "provision",
                    "joined_on",
                    "left_on",
                    "pupil__id",
                    "pupil__preferred_forename",
                    "pupil__legal_forename",
                    "pupil__legal_surname",
                ),
            ),
        )
        .order_by("name", "pk")
    )
    covers = list(
        Cover.objects.filter(
            provision__in=provisions, on_date__range=(days[0], days[-1]), archived_at__isnull=True
        ).select_related("covered_by", "replaces")
    )
    occurrences = _occurrences(provisions, days, covers)
    clashes = find_clashes([item.booking for item in occurrences])
    described = _describe(clashes, occurrences)
    hours = {row.user_id: row for row in StaffHours.objects.filter(school=school)}
    return TeamWeek(days, occurrences, described, _people(occurrences, hours))


def _slot_staff(provision: Provision, slot: Slot) -> list[User]:
    assigned = [assignment.user for assignment in slot.assignments.all()]
    return assigned or list(provision.staff.all())


def _occurrences(provisions: Iterable[Provision], days: list[datetime.date], covers: list[Cover]) -> list[Occurrence]:
    cover_for = {(cover.provision_id, cover.on_date, cover.starts_at): cover for cover in covers}
    found = []
    for provision in provisions:
        for slot in provision.slots.all():
            for day in days:
                if day.weekday() != slot.weekday or not provision.starts_on <= day <= provision.ends_on:
                    continue
                cover = cover_for.get((provision.pk, day, slot.starts_at))
                staff = _slot_staff(provision, slot)
                if cover is not None:
                    staff = [person for person in staff if person.pk not in (cover.replaces_id, cover.covered_by_id)]
                    staff.append(cover.covered_by)
                pupils = [member.pupil for member in provision.members.all() if member.current_on(day)]
                found.append(Occurrence(day, slot, provision, staff, pupils, cover))
    return sorted(found, key=lambda item: (item.day, item.slot.starts_at, item.provision.name))


def _describe(clashes: list[Clash], occurrences: list[Occurrence]) -> list[tuple[Clash, str]]:
    """Each pair of clashing sessions in words, once, with everything they share; and a short note
    on each of the two sessions."""
    by_key = {(item.day, item.booking.key): item for item in occurrences}
    people = {person.pk: person.display_name for item in occurrences for person in item.staff}
    pupils = {pupil.pk: f"{pupil.known_as} {pupil.legal_surname}" for item in occurrences for pupil in item.pupils}
    pairs: dict[tuple, list[Clash]] = {}
    for clash in clashes:
        pairs.setdefault((clash.first.day, clash.first.key, clash.second.key), []).append(clash)
    described = []
    for (day, first_key, second_key), shared in pairs.items():
        first, second = by_key[(day, first_key)], by_key[(day, second_key)]
        what = _shared_words(shared, people, pupils)
        when = f"{day:%A} {max(first.slot.starts_at, second.slot.starts_at):%H:%M}"
        described.append((shared[0], f"{when}: {first.provision.name} and {second.provision.name} overlap: {what}"))
        for item, other in ((first, second), (second, first)):
            item.clashes.append(f"Overlaps {other.provision.name}: {what}")
    return described


def _shared_words(shared: list[Clash], people: dict, pupils: dict) -> str:
    """What two overlapping sessions share: "Dorota Nowak in both; the Library booked for both; 2
    pupils in both (Amy Lee, Sam Ray)"."""
    parts = []
    staff = [people[clash.who] for clash in shared if clash.kind == "person"]
    if staff:
        parts.append(f"{', '.join(staff)} in both")
    parts += [f"{clash.who} booked for both" for clash in shared if clash.kind == "room"]
    children = [pupils[clash.who] for clash in shared if clash.kind == "pupil"]
    if children:
        count = f"{len(children)} pupils" if len(children) > 1 else "a pupil"
        parts.append(f"{count} in both ({', '.join(children)})")
    return "; ".join(parts)


def _people(occurrences: list[Occurrence], hours: dict[int, StaffHours]) -> list[PersonWeek]:
    weeks: dict[int, PersonWeek] = {}
    for item in occurrences:
        for person in item.staff:
            week = weeks.setdefault(person.pk, PersonWeek(person))
            week.minutes += item.slot.minutes
    for user_id, row in hours.items():
        if user_id in weeks:
            weeks[user_id].contracted, weeks[user_id].hours_version = row.hours_per_week, row.version
    return sorted(weeks.values(), key=lambda week: (week.person.last_name, week.person.first_name, week.person.pk))


def person_week(week: TeamWeek, person: User) -> tuple[list[Occurrence], list[str]]:
    """One person's sessions in a team week, and the clashes that touch them."""
    mine = [item for item in week.occurrences if any(member.pk == person.pk for member in item.staff)]
    keys = {(item.day, item.booking.key) for item in mine}
    clashes = [
        text
        for clash, text in week.clashes
        if (clash.first.day, clash.first.key) in keys or (clash.second.day, clash.second.key) in keys
    ]
    return mine, clashes


# --- Who delivers what: used by the provision's own reads ---------------------------------------------


def delivered_by(user, today: datetime.date) -> Q:
    """Provision this person delivers: as its staff, for one of its weekly sessions, or as cover on
    a recent or coming date."""
    return (
        Q(pk__in=Provision.staff.through.objects.filter(user=user).values("provision_id"))
        | Q(pk__in=SlotAssignment.objects.filter(user=user).values("slot__provision_id"))
        | Q(
            pk__in=Cover.objects.filter(
                covered_by=user,
                archived_at__isnull=True,
                on_date__gte=today - datetime.timedelta(days=COVER_LOG_DAYS),
            ).values("provision_id")
        )
    )


def covers_session(user, provision: Provision, slot: Slot, day: datetime.date) -> bool:
    return Cover.objects.filter(
        provision=provision, on_date=day, starts_at=slot.starts_at, covered_by=user, archived_at__isnull=True
    ).exists()


def is_assigned(user, provision: Provision) -> bool:
    return SlotAssignment.objects.filter(slot__provision=provision, user=user).exists()


def user_is_staff(user) -> Exists:
    return Exists(Provision.staff.through.objects.filter(provision_id=OuterRef("pk"), user=user))


# --- People, cover and observations for pages ---------------------------------------------------------


def school_staff(school) -> QuerySet[User]:
    """Everyone with an active role at the school."""
    return User.objects.filter(
        pk__in=Membership.objects.filter(school=school, is_active=True).values("user_id")
    ).order_by("last_name", "first_name", "pk")


def slot_staff(slot: Slot) -> list[User]:
    return _slot_staff(slot.provision, slot)


def covers_coming(provision: Provision, today: datetime.date) -> list[Cover]:
    return list(
        Cover.objects.active()
        .filter(provision=provision, on_date__gte=today)
        .select_related("covered_by", "replaces")
        .order_by("on_date", "starts_at")
    )


def observations_of_person(school, user) -> QuerySet[Observation]:
    return (
        Observation.objects.active()
        .filter(provision__school=school, staff=user)
        .select_related("provision", "observer")
    )


def observations_at(school) -> QuerySet[Observation]:
    return (
        Observation.objects.active().filter(provision__school=school).select_related("provision", "observer", "staff")
    )
