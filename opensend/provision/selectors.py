"""Reading the intervention library and provision for pages. Every read starts from the person's
access at a school, so what they may not see is not found."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from opensend.access import policy
from opensend.access.policy import Capability, Scope
from opensend.accounts.models import Membership, Role, User
from opensend.core.pagination import KeysetPage, keyset_page
from opensend.plans.models import Cycle
from opensend.pupils.models import Pupil

from . import deployment, impact
from .deployment_models import Cover
from .models import DEFAULT_OUTCOME_SCALE, Attendance, Intervention, Member, OutcomeScale, Provision, Session, Slot

PAGE_SIZE = 25
LIBRARIES = ("school", "trust")


def library(access: policy.Access, which: str = "school") -> QuerySet[Intervention]:
    """The school's own active interventions, or its trust's shared library."""
    rows = Intervention.objects.active().filter(trust_id=access.school.trust_id)
    return rows.filter(school__isnull=True) if which == "trust" else rows.filter(school=access.school)


def intervention_page(rows: QuerySet, *, after=None, before=None) -> KeysetPage:
    """One page in name order, paged by the public id of the row at the page's edge."""
    return keyset_page(rows, ("name", "pk"), after=after, before=before, size=PAGE_SIZE)


def intervention_for(access: policy.Access, public_id) -> Intervention:
    """One of the school's own interventions or one in its trust's library, archived or not; else 404."""
    found = (
        Intervention.objects.filter(public_id=public_id, trust_id=access.school.trust_id)
        .filter(Q(school=access.school) | Q(school__isnull=True))
        .select_related("copied_from", "created_by")
        .first()
    )
    if found is None:
        raise Http404("No such intervention.")
    return found


def copied_names(access: policy.Access) -> set[str]:
    """Names already in the school's library, so the trust library can say what is already copied."""
    return {name.casefold() for name in library(access).values_list("name", flat=True)}


# --- Provision -------------------------------------------------------------------------------------

PROVISION_LISTS = (("running", "Running"), ("review", "Due for review"))
DELIVERING_ROLES = (Role.SENDCO, Role.ASSISTANT_SENDCO, Role.TEACHER, Role.TA)


def sees_every_provision(access: policy.Access) -> bool:
    return access.can(Capability.PROVISION_MANAGE) or (access.can(Capability.SEN_READ) and Scope.ALL in access.scopes)


def provisions_visible_to(user: User, access: policy.Access) -> QuerySet[Provision]:
    """Provision at the access's school this person may see: all of it for the SENDCo, the
    assistant and those who see every pupil; otherwise what they deliver and what their pupils get."""
    rows = Provision.objects.filter(school=access.school)
    if not access.can(Capability.SEN_READ):
        return rows.none()
    if sees_every_provision(access):
        return rows
    visible = policy.pupils_visible_to(user, access)
    of_my_pupils = Member.objects.filter(pupil__in=visible.values("pk")).values("provision_id")
    return rows.filter(deployment.delivered_by(user, timezone.localdate()) | Q(pk__in=of_my_pupils))


def provision_list(user, access: policy.Access, which: str, today: datetime.date) -> QuerySet[Provision]:
    rows = provisions_visible_to(user, access).filter(archived_at__isnull=True)
    rows = rows.filter(ends_on__lt=today) if which == "review" else rows.filter(ends_on__gte=today)
    current = Q(members__left_on__isnull=True) | Q(members__left_on__gte=today)
    return (
        rows.select_related("intervention")
        .annotate(pupil_count=Count("members", filter=current))
        .prefetch_related(Prefetch("staff", queryset=User.objects.order_by("last_name", "first_name")), "slots")
    )


def due_for_review(user, access: policy.Access, today: datetime.date, *, mine: bool) -> QuerySet[Provision]:
    """Running provision past its planned end date, the longest overdue first; `mine`: only what
    this person delivers."""
    rows = provisions_visible_to(user, access).filter(archived_at__isnull=True, ends_on__lt=today)
    if mine:
        rows = rows.filter(pk__in=Provision.staff.through.objects.filter(user=user).values("provision_id"))
    return rows.order_by("ends_on", "pk")


def delivers_any(user, access: policy.Access) -> bool:
    return Provision.objects.filter(school=access.school, staff=user, archived_at__isnull=True).exists()


def provision_for_user(user: User, public_id) -> tuple[Provision, policy.Access]:
    """The provision with this public id and the access through which the person sees it, or 404."""
    for access in policy.school_accesses(user):
        found = (
            provisions_visible_to(user, access)
            .filter(public_id=public_id)
            .select_related("intervention", "school")
            .first()
        )
        if found is not None:
            return found, access
    raise Http404("No such provision.")


def delivers(user: User, provision: Provision) -> bool:
    """On the provision's staff, or delivering one of its weekly sessions (not cover for a day)."""
    return provision.staff.filter(pk=user.pk).exists() or deployment.is_assigned(user, provision)


def may_log(user: User, access: policy.Access, provision: Provision) -> bool:
    """The staff who deliver a provision log its sessions; the SENDCo and the assistant may too."""
    return access.can(Capability.PROVISION_MANAGE) or delivers(user, provision)


def members_shown(user: User, access: policy.Access, provision: Provision) -> list[Member]:
    """The provision's pupils this person may see: every one for those who deliver or manage it,
    otherwise only the pupils in their own scope."""
    members = provision.members.select_related("pupil", "cycle").order_by("pupil__sort_key")
    if not (sees_every_provision(access) or delivers(user, provision)):
        members = members.filter(pupil__in=policy.pupils_visible_to(user, access).values("pk"))
    return list(members)


def delivering_staff(school, provision: Provision | None = None) -> QuerySet[User]:
    """Staff of the school who may deliver provision, and anyone already delivering this one."""
    staff = Membership.objects.filter(school=school, is_active=True, role__in=DELIVERING_ROLES)
    chosen = Q(is_active=True, pk__in=staff.values("user_id"))
    if provision is not None:
        chosen |= Q(pk__in=Provision.staff.through.objects.filter(provision=provision).values("user_id"))
    return User.objects.filter(chosen).order_by("last_name", "first_name")


def intervention_choices(access: policy.Access, provision: Provision) -> QuerySet[Intervention]:
    """The school's library, and the provision's own intervention even if since archived."""
    return Intervention.objects.filter(
        Q(pk__in=library(access).values("pk")) | Q(pk=provision.intervention_id)
    ).order_by("name")


def pupils_to_add(user, access: policy.Access, provision: Provision) -> QuerySet[Pupil]:
    already = provision.members.values("pupil_id")
    return policy.pupils_visible_to(user, access).exclude(pk__in=already).order_by("sort_key")


def open_cycle(pupil: Pupil) -> Cycle | None:
    return Cycle.objects.open().filter(pupil=pupil).first()


def pupil_memberships(pupil: Pupil, school=None) -> list[Member]:
    """Every provision the pupil has been in, newest first, with its staff, slots and how many of
    its sessions since they joined they attended."""
    members = (
        Member.objects.filter(pupil=pupil)
        .select_related("provision", "provision__intervention", "cycle")
        .prefetch_related("provision__staff", "provision__slots")
        .annotate(
            sessions_attended=Count(
                "provision__sessions__attendance",
                filter=Q(provision__sessions__attendance__pupil=pupil, provision__sessions__attendance__attended=True),
            ),
            sessions_counted=Count(
                "provision__sessions__attendance", filter=Q(provision__sessions__attendance__pupil=pupil)
            ),
        )
        .order_by("-joined_on", "-pk")
    )
    if school is not None:
        members = members.filter(provision__school=school)
    return list(members)


def recent_sessions(provision: Provision, limit: int = 10) -> list[Session]:
    return list(
        provision.sessions.select_related("recorded_by")
        .annotate(present=Count("attendance", filter=Q(attendance__attended=True)), counted=Count("attendance"))
        .order_by("-held_on", "-starts_at")[:limit]
    )


def slot_of(provision: Provision, slot_id: int) -> Slot:
    slot = provision.slots.filter(pk=slot_id).first()
    if slot is None:
        raise Http404("No such session time.")
    return slot


def logged_session(provision: Provision, day: datetime.date, slot: Slot) -> Session | None:
    return (
        provision.sessions.filter(held_on=day, starts_at=slot.starts_at)
        .prefetch_related(Prefetch("attendance", queryset=Attendance.objects.select_related("pupil")))
        .first()
    )


# --- The week's sessions of the person delivering them ----------------------------------------------


@dataclass(frozen=True)
class PlannedSession:
    day: datetime.date
    slot: Slot
    provision: Provision
    logged: Session | None
    # A cover on that date: the person covers it, or someone covers it for them.
    cover: Cover | None = None
    viewer_id: int | None = None

    @property
    def ends_at(self) -> datetime.time:
        start = datetime.datetime.combine(self.day, self.slot.starts_at)
        return (start + datetime.timedelta(minutes=self.slot.minutes)).time()

    @property
    def starts_at_text(self) -> str:
        return f"{self.slot.starts_at:%H:%M}"

    @property
    def ends_at_text(self) -> str:
        return f"{self.ends_at:%H:%M}"

    @property
    def covered_by_someone_else(self) -> bool:
        return self.cover is not None and self.cover.covered_by_id != self.viewer_id

    @property
    def covering(self) -> bool:
        return self.cover is not None and self.cover.covered_by_id == self.viewer_id


def school_week(today: datetime.date) -> list[datetime.date]:
    monday = today - datetime.timedelta(days=today.weekday())
    return [monday + datetime.timedelta(days=offset) for offset in range(5)]


def week_sessions(user: User, access: policy.Access, today: datetime.date) -> list[PlannedSession]:
    """This school week's sessions the person delivers, each with its log if there is one, in time
    order: the weekly slots of their provision (a slot's own assigned people deliver it, otherwise
    the provision's staff) and the dated sessions they cover. A session someone else covers for
    them is listed with its cover. Five queries whatever the timetable."""
    week = school_week(today)
    provisions = list(
        Provision.objects.filter(
            deployment.delivered_by(user, today),
            school=access.school,
            archived_at__isnull=True,
            starts_on__lte=week[-1],
            ends_on__gte=week[0],
        )
        .annotate(is_staff=deployment.user_is_staff(user))
        .select_related("intervention")
        .prefetch_related(Prefetch("slots", queryset=Slot.objects.prefetch_related("assignments")))
    )
    if not provisions:  # most who open the home page deliver no sessions: nothing more to ask
        return []
    covers = {
        (cover.provision_id, cover.on_date, cover.starts_at): cover
        for cover in Cover.objects.filter(
            provision__in=provisions, on_date__range=(week[0], week[-1]), archived_at__isnull=True
        ).select_related("covered_by")
    }
    logs = {
        (session.provision_id, session.held_on, session.starts_at): session
        for session in Session.objects.filter(provision__in=provisions, held_on__range=(week[0], week[-1]))
    }
    planned = []
    for provision in provisions:
        for slot in provision.slots.all():
            assigned = {assignment.user_id for assignment in slot.assignments.all()}
            usual = user.pk in assigned if assigned else provision.is_staff
            for day in week:
                if day.weekday() != slot.weekday or not provision.starts_on <= day <= provision.ends_on:
                    continue
                cover = covers.get((provision.pk, day, slot.starts_at))
                if usual or (cover is not None and cover.covered_by_id == user.pk):
                    logged = logs.get((provision.pk, day, slot.starts_at))
                    planned.append(PlannedSession(day, slot, provision, logged, cover, user.pk))
    return sorted(planned, key=lambda item: (item.day, item.slot.starts_at, item.provision.name))


def session_pupils(provision: Provision, day: datetime.date) -> list[Pupil]:
    """The pupils in the provision on that day, by surname."""
    members = provision.members.filter(joined_on__lte=day).filter(Q(left_on__isnull=True) | Q(left_on__gte=day))
    return list(Pupil.objects.filter(pk__in=members.values("pupil_id")).order_by("sort_key"))


# --- Outcomes ----------------------------------------------------------------------------------------


def outcome_scale(school) -> tuple[list[tuple[int, str]], OutcomeScale | None]:
    """The school's outcome scale (the default until it sets its own) and its row, if any."""
    scale = OutcomeScale.objects.filter(school=school).first()
    return (scale.choices if scale else list(DEFAULT_OUTCOME_SCALE)), scale


def member_of(provision: Provision, member_id: int) -> Member:
    member = provision.members.select_related("pupil", "provision__intervention").filter(pk=member_id).first()
    if member is None:
        raise Http404("No such pupil in this provision.")
    return member


def pupils_awaiting_outcome(user, access: policy.Access, today: datetime.date, *, mine: bool) -> QuerySet[Member]:
    """Pupils whose time in a provision has ended (they left, or it passed its planned end) with no
    outcome rating yet: due for review. `mine`: only in provision this person delivers."""
    provisions = provisions_visible_to(user, access)
    if mine:
        provisions = provisions.filter(pk__in=Provision.staff.through.objects.filter(user=user).values("provision_id"))
    ended = Q(left_on__isnull=False) | Q(provision__ends_on__lt=today)
    return (
        Member.objects.filter(provision__in=provisions.values("pk"), outcome_rating__isnull=True)
        .filter(ended)
        .select_related("pupil", "provision")
        .order_by("provision__ends_on", "pk")
    )


# --- Impact ------------------------------------------------------------------------------------------


def _impact_of(measure: str, members: list[Member], attendance: dict) -> impact.Impact:
    provisions = {member.provision_id for member in members}
    attended = sum(attendance.get(pk, (0, 0))[0] for pk in provisions)
    counted = sum(attendance.get(pk, (0, 0))[1] for pk in provisions)
    return impact.impact(
        measure,
        impact.results_of(members),
        attended=attended,
        counted=counted,
        ratings=[member.outcome_rating for member in members],
    )


def _attendance_by_provision(provisions: QuerySet[Provision]) -> dict[int, tuple[int, int]]:
    rows = (
        Attendance.objects.filter(session__provision__in=provisions)
        .values("session__provision")
        .annotate(attended=Count("pk", filter=Q(attended=True)), counted=Count("pk"))
    )
    return {row["session__provision"]: (row["attended"], row["counted"]) for row in rows}


def provision_impact(provision: Provision) -> impact.Impact:
    members = list(provision.members.all())
    attendance = _attendance_by_provision(Provision.objects.filter(pk=provision.pk))
    return _impact_of(provision.intervention.measure, members, attendance)


@dataclass(frozen=True)
class InterventionImpact:
    school: impact.Impact
    trust: impact.Impact | None = None
    by_provision: list[tuple[Provision, impact.Impact]] = field(default_factory=list)
    chart: impact.BarChart | None = None


def intervention_school_impact(intervention: Intervention) -> InterventionImpact:
    """The intervention's figures at its school only, all its provision together: for those who do
    not see every provision, so no group's or other school's figures. Two queries."""
    provisions = Provision.objects.filter(intervention=intervention)
    members = list(Member.objects.filter(provision__in=provisions))
    return InterventionImpact(school=_impact_of(intervention.measure, members, _attendance_by_provision(provisions)))


def intervention_impact(intervention: Intervention) -> InterventionImpact:
    """How the intervention has worked at its school and across its trust (every school's copy of
    it, by name), and in each of the school's provisions. Three queries whatever the data size."""
    same = Intervention.objects.filter(trust_id=intervention.trust_id, name__iexact=intervention.name)
    provisions = Provision.objects.filter(intervention__in=same)
    members = list(Member.objects.filter(provision__in=provisions).select_related("provision"))
    attendance = _attendance_by_provision(provisions)
    here = [member for member in members if member.provision.intervention_id == intervention.pk]
    by_provision: dict[int, list[Member]] = {}
    for member in here:
        by_provision.setdefault(member.provision_id, []).append(member)
    rows = [
        (group[0].provision, _impact_of(intervention.measure, group, attendance))
        for group in sorted(by_provision.values(), key=lambda group: group[0].provision.starts_on)
    ]
    charted = [(provision.name, result.median_change) for provision, result in rows if result.median_change is not None]
    return InterventionImpact(
        school=_impact_of(intervention.measure, here, attendance),
        trust=_impact_of(intervention.measure, members, attendance),
        by_provision=rows,
        chart=impact.bar_chart(charted, what="Median change from entry to exit, by provision"),
    )


@dataclass(frozen=True)
class InterventionRow:
    intervention: Intervention
    provisions: int
    result: impact.Impact


def school_impact(access: policy.Access) -> list[InterventionRow]:
    """Each intervention the school has run, with how it worked across all its provision: numbers
    only, no pupil. Two queries whatever the data size."""
    return _impact_by_intervention(Provision.objects.filter(school=access.school))


def trust_impact(trust) -> list[InterventionRow]:
    """The same across every school of the trust, each school's copy of an intervention counted
    together (by name)."""
    return _impact_by_intervention(Provision.objects.filter(school__trust=trust))


def _impact_by_intervention(provisions: QuerySet[Provision]) -> list[InterventionRow]:
    members = list(
        Member.objects.filter(provision__in=provisions).select_related("provision", "provision__intervention")
    )
    attendance = _attendance_by_provision(provisions)
    grouped: dict[str, list[Member]] = {}
    for member in members:
        grouped.setdefault(member.provision.intervention.name.casefold(), []).append(member)
    rows = [
        InterventionRow(
            group[0].provision.intervention,
            len({member.provision_id for member in group}),
            _impact_of(group[0].provision.intervention.measure, group, attendance),
        )
        for group in grouped.values()
    ]
    return sorted(rows, key=lambda row: row.intervention.name)
