"""Demo data for the graduated approach: for pupils on SEN support or with an EHC plan, an open
assess-plan-do-review cycle at every stage (some overdue for review, some due soon), a history of
closed cycles with notes and reviews, and parents' meetings (some pupils up to date, some behind).

Everything is bulk-created without audit events, from the given random stream, with dates around
the demo's "today". Other trusts (seed_scale) get open cycles and this year's meetings only, to stay fast at 25,000
pupils."""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass, field

from opensend.accounts.models import GroupStaff, Role, User
from opensend.assessments.models import AssessmentResult
from opensend.plans.models import Cycle, Note, Outcome, ParentMeeting, PlanTemplate, Progress, Status, Target
from opensend.register.models import SenStatus

from .plans import REFERENCE_DATE
from .seed import DEMO_TRUST_NAME
from .sen import Provision
from .term_dates import next_weekday as _weekday

ORDER = 30
BATCH_SIZE = 2000
TODAY = REFERENCE_DATE
SCHOOL_YEAR_START = datetime.date(2026, 9, 1)
SUMMER_HOLIDAY = (datetime.date(2026, 7, 22), datetime.date(2026, 9, 1))
DAY = datetime.timedelta(days=1)
WEEK = datetime.timedelta(weeks=1)
# The demo teacher's class: its SEN pupils get one cycle at each interesting point, in this order.
SHOWCASE_GROUP = "4 Willow"
SHOWCASE = ("do-overdue", "do-due", "review", "plan", "assess", "do")

# Which template a cycle draws its outcomes from, by primary need (secondary pupils read already:
# they get working memory and organisation rather than phonics).
TEMPLATE_BY_NEED = {
    "SLCN": "Speech and language: attention and listening",
    "ASD": "Social communication and predictability",
    "SEMH": "Emotional regulation",
    "PD": "Fine motor and handwriting",
    "MSI": "Fine motor and handwriting",
    "SPLD": "Phonics and early reading",
    "MLD": "Phonics and early reading",
    "DS": "Phonics and early reading",
}
SECONDARY_TEMPLATE = "Working memory and organisation"
PRIMARY_YEARS = {"N1", "N2", "R", "1", "2", "3", "4", "5", "6"}

FINDINGS = (
    "Progress in the last half term has been slower than peers despite quality first teaching and in-class support.",
    "Class teacher observations over four weeks show the same difficulties across lessons.",
    "Screening and work scrutiny confirm the gap; the pupil responds well to short adult-led tasks.",
    "Strengths in practical and oral work; recording and independent work are the main barriers.",
)
EVIDENCE = (
    "Work samples from English and maths; four weeks of observation notes; the termly assessment.",
    "Standardised scores from the autumn screener; TA session records; attendance is good.",
    "Observation by the SENDCo in two lessons; behaviour log; conversation with the pupil.",
)
PUPIL_VOICE = (
    '"I like it when someone shows me first."',
    '"It\'s too noisy in the hall. I like the quiet table."',
    '"I\'m good at building and football. Writing makes my hand hurt."',
    '"I want to read the same books as my friends."',
    "\"I don't like it when I don't know what's happening next.\"",
)
PARENT_VOICE = (
    "Parents see the same difficulty at home with homework and want to help with reading practice.",
    "Mum says mornings are hard and would like a calm start to the day.",
    "Dad is pleased with progress last term and asked for ideas to use at home.",
    "Parents are worried about friendships and the move to the next year group.",
)
# Notes any plan might have, and notes that fit the plan's template.
NOTES = (
    "Absent for two sessions; caught up on Friday.",
    "Checked in with parents at the gate: practising at home most evenings.",
    "TA reports better focus in the small group; fewer reminders needed.",
    "Found the new target hard at first; broke it into two smaller steps.",
    "Good week: completed the checklist independently in three lessons.",
)
TEMPLATE_NOTES = {
    "Phonics and early reading": (
        "Keep-up sessions running four times a week; now blending most CVC words.",
        "Still confusing b and d, and some digraphs; added them to the flash cards.",
    ),
    "Speech and language: attention and listening": (
        "Followed two-part instructions in PE without a repeat.",
        "Listening group going well; waits for a turn in the game most times.",
    ),
    "Emotional regulation": (
        "Used the time-out card twice this week without a prompt; back in class within 10 minutes.",
        "Difficult Monday after the weekend; morning check-in helped by break time.",
    ),
    "Fine motor and handwriting": (
        "Pencil grip in use; letter formation of the c-family much improved.",
        "Fine motor group every morning; can now cut along a curved line.",
    ),
    "Working memory and organisation": (
        "Using the task checklist in maths; still needs a prompt to start.",
        "Planner checked on Friday: all homework recorded this week.",
    ),
    "Social communication and predictability": (
        "Visual timetable working well; coped with the change to the PE day.",
        "Joined the Lego club at lunchtime three days out of five.",
    ),
}
WORKED = (
    "Short daily sessions with the same adult; visual prompts; praise for effort.",
    "Pre-teaching before the lesson, and a checklist on the desk.",
    "A small group with a familiar adult, at the same time each day.",
)
DID_NOT_WORK = (
    "Sessions in the afternoon were often missed for other activities.",
    "Homework tasks were too long to manage independently.",
    "Group too large at first; better once split.",
    "",
)
NEXT_STEPS = (
    "Keep the sessions going and move the targets on a step; share progress with parents.",
    "Continue the strategies; add a target for independent work; review the seating plan.",
    "Fade the adult prompts; ask the specialist teacher for advice.",
    "Keep the strategies; consult the educational psychologist if progress stays slow.",
)
LINKED_PROVISION = (
    "Small-group intervention three times a week.",
    "Daily 1:1 with a TA, 10 minutes.",
    "In-class TA support in English and maths.",
)
WHO_DOES_WHAT = "Class teacher leads the plan; TA delivers the sessions; SENDCo reviews it with the parents."
# Most targets are met or nearly met; a few make little progress and are carried forward.
PROGRESS_WEIGHTS = {
    Progress.ACHIEVED: 38,
    Progress.GOOD: 27,
    Progress.SOME: 22,
    Progress.LITTLE: 10,
    Progress.NOT_STARTED: 3,
}
# Where last year's three SEN support reviews fell: from early October, late February and June.
LAST_YEAR_MEETING_WEEKS = (datetime.date(2025, 10, 6), datetime.date(2026, 2, 23), datetime.date(2026, 6, 1))
MEETING_NOTES = (
    "Talked through the plan and the targets; parents shared what works at home.",
    "Reviewed progress against the targets and agreed the next steps.",
    "Discussed the pupil passport and how the pupil is settling.",
)
MEETING_ACTIONS = (
    "School to send the reading book home daily; parents to read four nights a week.",
    "Class teacher to share the visual timetable for home; review in six weeks.",
    "SENDCo to ask for speech and language therapy advice.",
)


@dataclass
class Built:
    cycles: list[Cycle] = field(default_factory=list)
    # Per cycle, in the same order: [(Outcome, [Target])] and [Note].
    outcomes: list[list[tuple[Outcome, list[Target]]]] = field(default_factory=list)
    notes: list[list[Note]] = field(default_factory=list)
    meetings: list[ParentMeeting] = field(default_factory=list)


def seed(result, rng: random.Random) -> None:
    trust = result.written.trust
    full = result.plan.name == DEMO_TRUST_NAME
    templates = {template.name: template for template in PlanTemplate.objects.filter(is_active=True)}
    if not templates:
        return
    users = _users(result)
    sen = _sen_pupils(result, trust)
    built = Built()
    showcase = iter(SHOWCASE)
    for draft in result.pupils:
        provision = sen.get(draft.pupil.pk)
        if provision is None or not draft.on_roll:
            continue
        school = result.written.schools[draft.school]
        staff = users[draft.school]
        lead = next((staff.teachers[g] for g in draft.groups if g in staff.teachers), staff.sendco)
        if lead is None:
            continue
        scenario = next(showcase, None) if SHOWCASE_GROUP in draft.groups and full else None
        _pupil_cycles(built, rng, draft, school, lead, staff, templates, scenario=scenario, full=full)
        _pupil_meetings(built, rng, draft, school, lead, staff, provision, full=full)
    _write(built)
    _link_assessment_results(built, trust)


# --- Who is who ---------------------------------------------------------------------------------


@dataclass
class SchoolStaff:
    sendco: User | None = None
    teachers: dict[str, User] = field(default_factory=dict)  # registration or teaching group name
    tas: dict[str, User] = field(default_factory=dict)


def _users(result) -> dict[str, SchoolStaff]:
    by_email = {user.email: user for user in User.objects.filter(email__in=[s.email for s in result.staff])}
    staff: dict[str, SchoolStaff] = defaultdict(SchoolStaff)
    for person in result.staff:
        user = by_email.get(person.email)
        if user is None or person.school is None:
            continue
        here = staff[person.school]
        if person.role == Role.SENDCO and here.sendco is None:
            here.sendco = user
        for group, kind in person.groups:
            target = here.teachers if kind == GroupStaff.Kind.TEACHER else here.tas
            target.setdefault(group, user)
    return staff


def _sen_pupils(result, trust) -> dict[int, str]:
    """Pupils on SEN support or with an EHC plan: from the register if it has been seeded, else
    from the demo's planned SEN."""
    wanted = (Provision.SEN_SUPPORT.value, Provision.EHC_PLAN.value)
    rows = SenStatus.objects.filter(pupil__trust=trust, end_date__isnull=True, provision__in=wanted)
    from_register = dict(rows.values_list("pupil_id", "provision"))
    if from_register:
        return from_register
    return {draft.pupil.pk: draft.sen.provision.value for draft in result.pupils if draft.sen.provision in wanted}


# --- Cycles ---------------------------------------------------------------------------------------


def _current_scenario(rng: random.Random) -> str | None:
    return rng.choices(
        ["assess", "plan", "do", "do-due", "do-overdue", "review", None],
        weights=[8, 9, 38, 14, 14, 9, 8],
    )[0]


def _history_length(rng: random.Random, draft, *, full: bool) -> int:
    if draft.nc_year in {"N1", "N2", "R"}:
        return 0
    if not full:
        return 0
    most = 3
    if draft.nc_year == "1":
        most = min(most, 2)
    return min(most, rng.choices([0, 1, 2, 3], weights=[25, 35, 28, 12])[0])


def _current_dates(rng: random.Random, scenario: str) -> tuple[datetime.date, datetime.date | None, Status]:
    """(opened on, review date, stage) for the open cycle in a scenario, around TODAY."""
    if scenario == "assess":
        return _weekday(TODAY - rng.randint(3, 20) * DAY), None, Status.ASSESS
    if scenario == "plan":
        opened = _weekday(TODAY - rng.randint(14, 35) * DAY)
        return opened, _weekday(opened + rng.randint(10, 12) * WEEK), Status.PLAN
    opened = _weekday(datetime.date(2026, 9, 7) + rng.randint(0, 25) * DAY)
    if scenario == "do-overdue":
        review = _weekday(TODAY - rng.randint(3, 25) * DAY)
    elif scenario == "do-due":
        review = _weekday(TODAY + rng.randint(0, 12) * DAY)
        review = review if review <= TODAY + 14 * DAY else TODAY + DAY
    elif scenario == "review":
        review = _weekday(TODAY - rng.randint(5, 16) * DAY)
    else:
        review = _weekday(TODAY + rng.randint(16, 40) * DAY)
    return opened, max(review, opened + WEEK), Status.REVIEW if scenario == "review" else Status.DO


def _template_for(draft, templates: dict[str, PlanTemplate]) -> PlanTemplate:
    name = TEMPLATE_BY_NEED.get(draft.sen.primary_need, SECONDARY_TEMPLATE)
    if draft.nc_year not in PRIMARY_YEARS and name == "Phonics and early reading":
        name = SECONDARY_TEMPLATE
    return templates.get(name) or next(iter(templates.values()))


def _pupil_cycles(built, rng, draft, school, lead, staff, templates, *, scenario, full) -> None:
    scenario = scenario or _current_scenario(rng)
    template = _template_for(draft, templates)
    admitted = draft.enrolments[-1].admission_date
    history = _history_length(rng, draft, full=full)
    if scenario is None:
        # No open cycle: the last one closed, or none has been started yet.
        history = max(history, 1) if full and draft.nc_year not in {"N1", "N2", "R"} else 0
        current_opened = TODAY - rng.randint(10, 30) * DAY
    else:
        current_opened, review_date, status = _current_dates(rng, scenario)

    # Closed cycles, oldest first, each about twelve weeks, ending just before the next opened.
    spans = []
    end = current_opened - DAY
    for _ in range(history):
        start = _weekday(end - rng.randint(10, 13) * WEEK)
        if start < admitted:
            break
        spans.append((start, end))
        end = start - DAY
    spans.reverse()

    ta = next((staff.tas[g] for g in draft.groups if g in staff.tas), None)
    former = _former_teacher(rng, staff, lead)
    number = 0
    previous_targets: list[tuple[str, list[tuple[str, str, str]]]] | None = None
    for start, end in spans:
        number += 1
        reviewed = _weekday(end - rng.randint(3, 9) * DAY)
        reviewed = max(reviewed, start)
        led_by = lead if start >= SCHOOL_YEAR_START else former
        cycle = _cycle(rng, draft, school, led_by, template, number, start, reviewed, Status.CLOSED)
        cycle.reviewed_on, cycle.reviewed_by, cycle.closed_on, cycle.closed_by = reviewed, led_by, end, led_by
        cycle.what_worked = rng.choice(WORKED)
        cycle.what_did_not_work = rng.choice(DID_NOT_WORK)
        cycle.next_steps = rng.choice(NEXT_STEPS)
        outcomes = _outcomes(rng, template, reviewed, previous_targets, reviewed=True)
        _add(built, cycle, outcomes, _notes(rng, cycle, led_by, ta, start, reviewed, full=full))
        previous_targets = [
            (
                o.description,
                [(t.description, t.success_measure, t.who_does_what) for t in ts if t.progress != "achieved"],
            )
            for o, ts in outcomes
        ]
    if scenario is None:
        return
    number += 1
    cycle = _cycle(rng, draft, school, lead, template, number, current_opened, review_date, status)
    if spans:
        last = built.cycles[-1]
        cycle.findings = f"Next steps from the review of cycle {last.number}:\n{last.next_steps}"
    reviewed = status == Status.REVIEW
    if reviewed:
        cycle.reviewed_on = _weekday(min(TODAY - DAY, review_date + rng.randint(0, 4) * DAY))
        cycle.reviewed_by = lead
        cycle.what_worked = rng.choice(WORKED)
        cycle.what_did_not_work = rng.choice(DID_NOT_WORK)
        cycle.next_steps = rng.choice(NEXT_STEPS)
    outcomes = (
        [] if status == Status.ASSESS else _outcomes(rng, template, review_date, previous_targets, reviewed=reviewed)
    )
    notes = (
        _notes(rng, cycle, lead, ta, current_opened, TODAY - DAY, full=full)
        if status in (Status.DO, Status.REVIEW)
        else []
    )
    _add(built, cycle, outcomes, notes)


def _former_teacher(rng, staff: SchoolStaff, lead: User) -> User:
    """Whoever taught the pupil last year: another teacher at the school (the demo does not keep
    last year's classes)."""
    others = sorted({user.pk: user for user in staff.teachers.values() if user != lead}.items())
    return rng.choice(others)[1] if others else lead


def _cycle(rng, draft, school, lead, template, number, opened, review_date, status) -> Cycle:
    planned = status != Status.ASSESS
    return Cycle(
        pupil=draft.pupil,
        school=school,
        number=number,
        lead_teacher=lead,
        status=status,
        opened_on=opened,
        review_date=review_date,
        template=template,
        created_by=lead,
        findings=rng.choice(FINDINGS),
        evidence=rng.choice(EVIDENCE),
        pupil_voice=rng.choice(PUPIL_VOICE),
        parent_voice=rng.choice(PARENT_VOICE),
        strategies=template.strategies if planned else "",
        linked_provision=rng.choice(LINKED_PROVISION) if planned else "",
        who_does_what=WHO_DOES_WHAT if planned else "",
    )


def _template_items(template: PlanTemplate) -> list[tuple[str, list[tuple[str, str, str]]]]:
    return [
        (
            item["description"],
            [(t["description"], t.get("success_measure", ""), t.get("who_does_what", "")) for t in item["targets"]],
        )
        for item in template.outcomes
    ]


def _outcomes(rng, template, due, carried, *, reviewed: bool) -> list[tuple[Outcome, list[Target]]]:
    """The previous cycle's unmet targets under their outcomes, topped up from the template, due by
    `due`."""
    items = [(description, targets) for description, targets in carried or [] if targets]
    if sum(len(targets) for _, targets in items) < 2:
        # Little left to carry: the plan moves on to the template's other outcomes as well.
        items += [item for item in _template_items(template) if item[0] not in {d for d, _ in items}]
    built = []
    for position, (description, targets) in enumerate(items, start=1):
        outcome = Outcome(position=position, description=description)
        rows = []
        for target_position, (text, measure, who) in enumerate(targets, start=1):
            progress = rng.choices(list(PROGRESS_WEIGHTS), weights=list(PROGRESS_WEIGHTS.values()))[0]
            rows.append(
                Target(
                    position=target_position,
                    description=text,
                    success_measure=measure,
                    by_date=due,
                    who_does_what=who,
                    progress=progress if reviewed else "",
                )
            )
        built.append((outcome, rows))
    return built


def _notes(rng, cycle, lead, ta, start, end, *, full: bool) -> list[Note]:
    if end <= start:
        return []
    count = rng.randint(1, 4) if full else 1
    days = (end - start).days
    dates = sorted({_weekday(start + rng.randint(1, days) * DAY) for _ in range(count)})
    return [
        Note(
            author=ta if ta is not None and rng.random() < 0.5 else lead,
            written_on=day,
            text=rng.choice(NOTES + TEMPLATE_NOTES.get(cycle.template.name, ())),
        )
        for day in dates
        if day <= min(end, TODAY) and not SUMMER_HOLIDAY[0] <= day <= SUMMER_HOLIDAY[1]
    ]


def _add(built: Built, cycle: Cycle, outcomes, notes) -> None:
    built.cycles.append(cycle)
    built.outcomes.append(outcomes)
    built.notes.append(notes)


# --- Parents' meetings ---------------------------------------------------------------------------


def _pupil_meetings(built, rng, draft, school, lead, staff, provision, *, full) -> None:
    parent = draft.contacts[0].name if draft.contacts else "Parent"
    with_sendco = f", {staff.sendco.get_full_name()} (SENDCo)" if staff.sendco and rng.random() < 0.5 else ""
    this_year = f"{parent} (parent), {lead.get_full_name()} (class teacher){with_sendco}"
    last_year = f"{parent} (parent), the class teacher{with_sendco}"
    dates: list[tuple[datetime.date, str]] = []
    if provision == Provision.SEN_SUPPORT:
        # This autumn: most have had their first review meeting, some not yet.
        if rng.random() < 0.7:
            dates.append((_weekday(datetime.date(2026, 9, 21) + rng.randint(0, 55) * DAY), "sen-support-review"))
        if full and draft.nc_year not in {"N1", "N2", "R"}:
            # Last year: up to date, or behind with one or two.
            held = rng.choices([3, 2, 1], weights=[60, 28, 12])[0]
            for term_start in LAST_YEAR_MEETING_WEEKS[:held]:
                dates.append((_weekday(term_start + rng.randint(0, 30) * DAY), "sen-support-review"))
    if rng.random() < 0.25:
        dates.append((_weekday(TODAY - rng.randint(5, 60) * DAY), "other"))
    admitted = draft.enrolments[-1].admission_date
    for held_on, kind in dates:
        if held_on < admitted or held_on > TODAY:
            continue
        built.meetings.append(
            ParentMeeting(
                pupil=draft.pupil,
                school=school,
                held_on=held_on,
                kind=kind,
                other_attendees=this_year if held_on >= SCHOOL_YEAR_START else last_year,
                notes=rng.choice(MEETING_NOTES),
                decisions=rng.choice(MEETING_ACTIONS),
                recorded_by=staff.sendco or lead,
            )
        )


# --- Writing --------------------------------------------------------------------------------------


def _write(built: Built) -> None:
    Cycle.objects.bulk_create(built.cycles, batch_size=BATCH_SIZE)
    outcomes, notes = [], []
    for cycle, pairs, cycle_notes in zip(built.cycles, built.outcomes, built.notes, strict=True):
        for outcome, _ in pairs:
            outcome.cycle = cycle
            outcomes.append(outcome)
        for note in cycle_notes:
            note.cycle = cycle
            notes.append(note)
    Outcome.objects.bulk_create(outcomes, batch_size=BATCH_SIZE)
    targets = []
    for pairs in built.outcomes:
        for outcome, rows in pairs:
            for target in rows:
                target.outcome = outcome
                targets.append(target)
    Target.objects.bulk_create(targets, batch_size=BATCH_SIZE)
    Note.objects.bulk_create(notes, batch_size=BATCH_SIZE)
    ParentMeeting.objects.bulk_create(built.meetings, batch_size=BATCH_SIZE)


# A cycle's assessment drew on the results of the half year before it opened.
RESULTS_WINDOW = datetime.timedelta(days=183)


def _link_assessment_results(built: Built, trust) -> None:
    """Link each cycle to the pupil's assessment results from the half year before it opened, if
    the assessments seeder has written any."""
    results: dict[int, list[tuple[datetime.date, int]]] = defaultdict(list)
    for pk, pupil_id, taken_on in AssessmentResult.objects.filter(
        pupil__trust=trust, archived_at__isnull=True
    ).values_list("pk", "pupil_id", "taken_on"):
        results[pupil_id].append((taken_on, pk))
    if not results:
        return
    through = Cycle.assessment_results.through
    links = [
        through(cycle_id=cycle.pk, assessmentresult_id=pk)
        for cycle in built.cycles
        for taken_on, pk in results.get(cycle.pupil_id, [])
        if cycle.opened_on - RESULTS_WINDOW <= taken_on <= cycle.opened_on
    ]
    through.objects.bulk_create(links, batch_size=BATCH_SIZE)
