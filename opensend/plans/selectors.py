"""Reading cycles and parents' meetings for pages, dashboards and "my class". Every list starts from
`policy.pupils_visible_to`, so nothing here widens what a person sees, and each function runs a
fixed number of queries whatever the number of rows."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    DateField,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.utils import timezone

from opensend.access import policy
from opensend.access.policy import Capability
from opensend.accounts.models import Membership, Role, User
from opensend.assessments.models import AssessmentResult
from opensend.core.sql import RowSQL
from opensend.pupils.models import Pupil
from opensend.register.codes import Provision
from opensend.register.models import SenStatus
from opensend.schools.calendar import SchoolYear, school_year
from opensend.schools.models import School

from .models import Cycle, MeetingAction, Note, Outcome, ParentMeeting, Status, Target

# CoP 6.65: parents of pupils on SEN support should be met at least three times a year.
SEN_SUPPORT_REVIEWS_EXPECTED = 3

# Who may lead a cycle: the class teacher usually, or the SENDCo team.
LEAD_ROLES = (Role.TEACHER, Role.SENDCO, Role.ASSISTANT_SENDCO, Role.HEAD, Role.DESIGNATED_TEACHER)


def _today(today: datetime.date | None) -> datetime.date:
    return today or timezone.localdate()


# --- The pupil record ----------------------------------------------------------------------------


def pupil_cycles(pupil: Pupil) -> tuple[Cycle | None, list[Cycle]]:
    """The pupil's open cycle, if any, and their closed cycles newest first (two queries)."""
    cycles = list(
        Cycle.objects.filter(pupil=pupil)
        .select_related("lead_teacher", "school")
        .annotate(
            targets_total=Count("outcomes__targets"),
            targets_achieved=Count("outcomes__targets", filter=Q(outcomes__targets__progress="achieved")),
        )
        .order_by("-number")
    )
    current = next((cycle for cycle in cycles if not cycle.is_closed), None)
    return current, [cycle for cycle in cycles if cycle.is_closed]


def cycle_for_pupil(pupil: Pupil, cycle_id) -> Cycle | None:
    return Cycle.objects.filter(pupil=pupil, public_id=cycle_id).select_related("lead_teacher", "school").first()


def cycle_detail(cycle: Cycle) -> dict:
    """A cycle's outcomes (each with `.target_list`), notes and linked assessment results, in four
    queries."""
    outcomes = list(
        cycle.outcomes.prefetch_related(Prefetch("targets", queryset=Target.objects.order_by("position", "pk")))
    )
    for outcome in outcomes:
        outcome.target_list = list(outcome.targets.all())
    notes = list(cycle.notes.select_related("author"))
    targets = [target for outcome in outcomes for target in outcome.target_list]
    results = list(cycle.assessment_results.order_by("taken_on", "pk"))
    return {"outcomes": outcomes, "notes": notes, "targets": targets, "assessment_results": results}


def cycles_for_print(pupil: Pupil, *, closed_only: bool = False, cycle: Cycle | None = None) -> list[Cycle]:
    """Cycles with their outcomes (`.outcome_list`, each with `.target_list`) and notes
    (`.note_list`) and assessment results (`.result_list`), oldest first, in five queries."""
    cycles = Cycle.objects.filter(pupil=pupil)
    if closed_only:
        cycles = cycles.closed()
    if cycle is not None:
        cycles = cycles.filter(pk=cycle.pk)
    cycles = list(
        cycles.select_related("lead_teacher", "school", "reviewed_by")
        .prefetch_related(
            Prefetch("outcomes", queryset=Outcome.objects.prefetch_related("targets")),
            Prefetch("notes", queryset=Note.objects.select_related("author")),
            Prefetch("assessment_results", queryset=AssessmentResult.objects.order_by("taken_on", "pk")),
        )
        .order_by("number")
    )
    for cycle in cycles:
        cycle.outcome_list = list(cycle.outcomes.all())
        for outcome in cycle.outcome_list:
            outcome.target_list = list(outcome.targets.all())
        cycle.note_list = list(cycle.notes.all())
        cycle.result_list = list(cycle.assessment_results.all())
    return cycles


def lead_teachers(school: School) -> QuerySet[User]:
    """Staff of the school who may lead a cycle."""
    leads = Membership.objects.filter(school=school, is_active=True, role__in=LEAD_ROLES)
    return User.objects.filter(is_active=True, pk__in=leads.values("user_id")).order_by("last_name", "first_name")


def pupil_class_teacher(pupil: Pupil, school: School) -> User | None:
    """Who leads a new cycle unless someone else is chosen: among the staff who may lead, the
    teacher of the pupil's class (registration group), else a teacher of one of their groups."""
    return (
        lead_teachers(school)
        .filter(
            group_assignments__kind="teacher",
            group_assignments__group__school=school,
            group_assignments__group__archived_at__isnull=True,
            group_assignments__group__pupil_memberships__pupil=pupil,
        )
        .order_by(
            Case(When(group_assignments__group__kind="registration", then=Value(0)), default=Value(1)),
            "last_name",
            "first_name",
            "pk",
        )
        .first()
    )


# --- Dashboards ----------------------------------------------------------------------------------


def _open_cycles_visible(user: User, access: policy.Access) -> QuerySet[Cycle]:
    return (
        Cycle.objects.open()
        .filter(school=access.school, pupil__in=policy.pupils_visible_to(user, access))
        .select_related("pupil", "lead_teacher")
    )


def reviews_due(
    user: User, access: policy.Access, *, within_days: int = 14, today: datetime.date | None = None
) -> QuerySet[Cycle]:
    """Open cycles not yet reviewed whose review date falls from today to `within_days` ahead,
    soonest first. One query (with the pupil and lead teacher)."""
    day = _today(today)
    return (
        _open_cycles_visible(user, access)
        .exclude(status=Status.REVIEW)
        .filter(review_date__gte=day, review_date__lte=day + datetime.timedelta(days=within_days))
        .order_by("review_date", "pupil__sort_key")
    )


def reviews_overdue(user: User, access: policy.Access, *, today: datetime.date | None = None) -> QuerySet[Cycle]:
    """Open cycles not yet reviewed whose review date has passed, most overdue first. One query."""
    return (
        _open_cycles_visible(user, access)
        .exclude(status=Status.REVIEW)
        .filter(review_date__lt=_today(today))
        .order_by("review_date", "pupil__sort_key")
    )


def _on_register(access: policy.Access, provisions: tuple[str, ...]) -> Q:
    return Q(
        Exists(
            SenStatus.objects.filter(
                pupil=OuterRef("pk"), school=access.school, end_date__isnull=True, provision__in=provisions
            )
        )
    )


def pupils_without_current_plan(user: User, access: policy.Access) -> QuerySet[Pupil]:
    """Pupils on SEN support or with an EHC plan at this school who have no open cycle. One query."""
    return (
        policy.pupils_visible_to(user, access)
        .filter(_on_register(access, (Provision.SEN_SUPPORT, Provision.EHC_PLAN)))
        .exclude(Exists(Cycle.objects.open().filter(pupil=OuterRef("pk"))))
        .order_by("sort_key")
    )


# --- Parents' meetings ---------------------------------------------------------------------------


def reviews_expected_by(year: SchoolYear, day: datetime.date) -> int:
    """SEN support review meetings expected by `day`: one for each term that has ended."""
    return min(SEN_SUPPORT_REVIEWS_EXPECTED, year.terms_ended_by(day))


def reviews_expected_by_end_of_term(year: SchoolYear, day: datetime.date) -> int:
    """SEN support review meetings expected once the term `day` falls in (or the next) ends."""
    upcoming = 1 if year.has_term_ending_on_or_after(day) else 0
    return min(SEN_SUPPORT_REVIEWS_EXPECTED, year.terms_ended_by(day) + upcoming)


def sen_support_review_counts(school: School, pupil_ids, *, today: datetime.date | None = None) -> dict[int, int]:
    """How many SEN support review meetings each pupil (by pk) has had this academic year, at any
    school of the trust. Pupils with none are left out. One query, and the school's year."""
    day = _today(today)
    rows = (
        ParentMeeting.objects.filter(pupil_id__in=pupil_ids)
        .sen_support_reviews(school_year(school, today=day), day)
        .order_by()
        .values("pupil_id")
        .annotate(held=Count("pk"))
    )
    return {row["pupil_id"]: row["held"] for row in rows}


@dataclass(frozen=True)
class MeetingsBehind:
    pupil: Pupil
    held: int
    expected: int


def meetings_behind(user: User, access: policy.Access, *, today: datetime.date | None = None) -> list[MeetingsBehind]:
    """Pupils on SEN support with fewer review meetings with parents this year than expected by
    now (one by the end of the autumn term, two by the end of spring, three by the end of summer),
    fewest first. One query, and the school's year."""
    day = _today(today)
    year = school_year(access.school, today=day)
    expected = reviews_expected_by(year, day)
    return [
        MeetingsBehind(pupil, pupil.held, expected) for pupil in _fewer_reviews_than(user, access, year, day, expected)
    ]


@dataclass(frozen=True)
class MeetingsDue:
    pupils: QuerySet[Pupil]  # each with `.held`, the meetings held this year; fewest first
    expected: int  # by the end of the term


def meetings_due_this_term(user: User, access: policy.Access, *, today: datetime.date | None = None) -> MeetingsDue:
    """Pupils on SEN support who need another review meeting with parents before this term ends
    to be on track (including those already behind), fewest first: a query, and the school's year."""
    day = _today(today)
    year = school_year(access.school, today=day)
    expected = reviews_expected_by_end_of_term(year, day)
    return MeetingsDue(_fewer_reviews_than(user, access, year, day, expected), expected)


def _fewer_reviews_than(user, access, year: SchoolYear, day: datetime.date, expected: int) -> QuerySet[Pupil]:
    if expected == 0:
        return Pupil.objects.none()
    return (
        policy.pupils_visible_to(user, access)
        .filter(_on_register(access, (Provision.SEN_SUPPORT,)))
        .annotate(held=ParentMeeting.objects.reviews_held(year, day))
        .filter(held__lt=expected)
        .order_by("held", "sort_key")
    )


def pupil_meetings(pupil: Pupil) -> list[ParentMeeting]:
    return list(
        pupil.parent_meetings.select_related("recorded_by", "school").prefetch_related(
            "staff_present", "family_present", Prefetch("actions", MeetingAction.objects.select_related("owner"))
        )
    )


# Who may attend a meeting or own its actions: staff whose roles read SEND records.
MEETING_STAFF_ROLES = (
    Role.SENDCO,
    Role.ASSISTANT_SENDCO,
    Role.HEAD,
    Role.DSL,
    Role.DESIGNATED_TEACHER,
    Role.TEACHER,
    Role.TA,
)


def meeting_staff(school: School) -> QuerySet[User]:
    """Staff of the school who may be at a meeting about a pupil, and own its actions."""
    members = Membership.objects.filter(school=school, is_active=True, role__in=MEETING_STAFF_ROLES)
    return User.objects.filter(is_active=True, pk__in=members.values("user_id")).order_by("last_name", "first_name")


def action_owners(pupil: Pupil, school: School) -> QuerySet[User]:
    """Meeting staff who may own an action about this pupil: only those whose scope reaches the
    pupil, since the action shows them the pupil's name and meeting."""
    seeing = [user.pk for user, access in policy.staff_who_see(pupil, school) if access.can(Capability.SEN_READ)]
    return meeting_staff(school).filter(pk__in=seeing)


def meeting_for_pupil(pupil: Pupil, school: School, meeting_id) -> ParentMeeting | None:
    """One of the pupil's meetings held at this school; another school's meetings stay its own."""
    return (
        ParentMeeting.objects.filter(pupil=pupil, school=school, public_id=meeting_id)
        .select_related("recorded_by", "school", "pupil")
        .prefetch_related(
            "staff_present",
            "family_present",
            Prefetch("actions", MeetingAction.objects.select_related("owner", "done_by")),
        )
        .first()
    )


def open_actions_owned_by(user: User, access: policy.Access) -> QuerySet[MeetingAction]:
    """The actions from meetings at this school that this person owns and has not done, due first;
    only for pupils they may see, so an action never shows them a pupil outside their scope."""
    visible = policy.pupils_visible_to(user, access, current_only=False).values("pk")
    return (
        MeetingAction.objects.open()
        .filter(owner=user, meeting__school=access.school, meeting__pupil__in=visible)
        .select_related("meeting__pupil")
        .order_by("due_on", "public_id")
    )


# --- "My class" ----------------------------------------------------------------------------------


# The pupil's open cycle (at most one: `plan_cycle_one_open_per_pupil`), one column at a time.
_OPEN_CYCLE_SQL = "SELECT {column} FROM plans_cycle WHERE pupil_id = {{row}} AND status <> 'closed'"


def open_cycle_columns() -> dict[str, RowSQL]:
    """The open cycle's id, review date and strategies as columns of a pupil query (None without an
    open cycle), for pages that show each pupil's current plan beside other columns."""
    return {
        "open_cycle_id": RowSQL(_OPEN_CYCLE_SQL.format(column="id"), output_field=IntegerField()),
        "open_cycle_review_date": RowSQL(_OPEN_CYCLE_SQL.format(column="review_date"), output_field=DateField()),
        "open_cycle_strategies": RowSQL(_OPEN_CYCLE_SQL.format(column="strategies"), output_field=TextField()),
    }


@dataclass(frozen=True)
class PlanSummary:
    review_date: datetime.date | None
    strategies: str
    # Each outcome carries `.target_list`, its targets in order; outcomes without targets are left out.
    outcomes: list[Outcome]


def plan_summaries(rows) -> dict[int, PlanSummary]:
    """For each row (of a pupil query with `open_cycle_columns()`) with an open cycle, by pupil pk:
    its review date, strategies and targets under their outcomes. One query whatever the number of
    rows (none when no row has an open cycle)."""
    open_rows = [row for row in rows if row["open_cycle_id"] is not None]
    if not open_rows:
        return {}
    outcomes: dict[int, list[Outcome]] = {row["open_cycle_id"]: [] for row in open_rows}
    seen: dict[int, Outcome] = {}
    targets = (
        Target.objects.filter(outcome__cycle_id__in=list(outcomes))
        .select_related("outcome")
        .order_by("outcome__position", "outcome_id", "position", "pk")
    )
    for target in targets:
        outcome = seen.get(target.outcome_id)
        if outcome is None:
            outcome = seen[target.outcome_id] = target.outcome
            outcome.target_list = []
            outcomes[outcome.cycle_id].append(outcome)
        outcome.target_list.append(target)
    return {
        row["pk"]: PlanSummary(
            row["open_cycle_review_date"], row["open_cycle_strategies"], outcomes[row["open_cycle_id"]]
        )
        for row in open_rows
    }
