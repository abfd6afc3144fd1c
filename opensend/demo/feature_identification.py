"""Demo data for identification: assessment results over time for most pupils with SEN in every
seeded trust (so each pupil's charts show a trend), and, at the demo trust's primary, concerns at
every stage: new, gathering information (contributions asked for, some given) and decided each way,
several raised by the demo teacher about pupils in 4 Willow and some waiting on the demo teacher
and teaching assistant.

Decided concerns agree with the register seeded before them (feature_register, ORDER 10): a concern
that put a pupil on SEN support points at that pupil's SEN support row and was decided the day it
began; one that put a pupil on the monitoring list points at their monitoring entry.

Bulk-created without audit events, from the given random stream, dated before the demo's "today".
"""

from __future__ import annotations

import datetime
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Count

from opensend.accounts.models import GroupStaff, Role, User
from opensend.assessments.models import AssessmentResult
from opensend.identification.models import Concern, ConcernAssessment, Contribution, ContributionRequest
from opensend.register.codes import broad_area
from opensend.register.models import MonitoringEntry, SenStatus

from .identifiers import random_uuid
from .plans import REFERENCE_DATE
from .population import PupilDraft
from .seed import DEMO_TRUST_NAME, PRIMARY
from .sen import NURSERY_YEARS, Provision, sen_phase

ORDER = 20
BATCH_SIZE = 2000
TODAY = REFERENCE_DATE
DAY = datetime.timedelta(days=1)
DEMO_CLASS = "4 Willow"

# Share of pupils with SEN who have been assessed with something the school records.
ASSESSED_RATE = 0.7
SECOND_TEST_RATE = 0.45


# Assessments ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TestKind:
    name: str
    standardised: bool = True
    # A score that goes down as things improve (the SDQ's total difficulties).
    raw_range: tuple[int, int] = (10, 60)
    lower_is_better: bool = False
    age_equivalent: bool = False
    external: str = ""  # who usually gives it when not the SENDCo


YARC = TestKind("York Assessment of Reading for Comprehension (YARC)", raw_range=(8, 40), age_equivalent=True)
DST = TestKind("Dyslexia Screening Test", raw_range=(5, 30))
PHAB = TestKind("Phonological Assessment Battery (PhAB 2)", raw_range=(10, 50), external="Educational psychologist")
SALFORD = TestKind("Salford Sentence Reading Test", raw_range=(5, 60), age_equivalent=True)
SWST = TestKind("Single Word Spelling Test (SWST)", raw_range=(5, 50), age_equivalent=True)
NGRT = TestKind("New Group Reading Test (NGRT)", raw_range=(10, 60), age_equivalent=True)
WRAT = TestKind("Wide Range Achievement Test (WRAT)", raw_range=(15, 70), external="Educational psychologist")
BPVS = TestKind(
    "British Picture Vocabulary Scale (BPVS)",
    raw_range=(20, 140),
    age_equivalent=True,
    external="Speech and language therapist",
)
LANGUAGE_LINK = TestKind("Language Link", raw_range=(10, 50))
SANDWELL = TestKind("Sandwell Early Numeracy Test", raw_range=(10, 70))
NFER_READING = TestKind("NFER reading", raw_range=(5, 45))
NFER_MATHS = TestKind("NFER maths", raw_range=(5, 45))
CAT4 = TestKind("Cognitive Abilities Test (CAT4)", raw_range=(30, 120))
BOXALL = TestKind("Boxall Profile", standardised=False, raw_range=(40, 130))
SDQ = TestKind(
    "Strengths and Difficulties Questionnaire (SDQ)", standardised=False, raw_range=(8, 30), lower_is_better=True
)

# The tests a school would use for a pupil, by primary need and phase of education.
PRIMARY_TESTS: dict[str, tuple[TestKind, ...]] = {
    "SPLD": (YARC, DST, PHAB, SWST, SALFORD),
    "MLD": (SALFORD, SANDWELL, NFER_READING, NFER_MATHS, YARC),
    "SLCN": (BPVS, LANGUAGE_LINK, YARC),
    "ASD": (BPVS, SDQ, LANGUAGE_LINK),
    "SEMH": (BOXALL, SDQ, SALFORD),
}
SECONDARY_TESTS: dict[str, tuple[TestKind, ...]] = {
    "SPLD": (WRAT, NGRT, SWST, CAT4),
    "MLD": (NGRT, CAT4, WRAT),
    "SLCN": (BPVS, NGRT),
    "ASD": (SDQ, BPVS, NGRT),
    "SEMH": (SDQ, BOXALL, NGRT),
}
RECEPTION_TESTS = (BPVS, LANGUAGE_LINK, SANDWELL, BOXALL)
OTHER_PRIMARY = (SALFORD, BPVS, SANDWELL)
OTHER_SECONDARY = (NGRT, CAT4)
EXTERNAL_NAMES = ("Dr Helen Marsh", "Sam Okafor", "Dr Rebecca Lowe", "Imran Siddiqui")
NOTES = (
    "Tested in a quiet room in the morning; settled quickly.",
    "Needed frequent breaks and reassurance.",
    "Guessed at unfamiliar words rather than sounding them out.",
    "",
    "",
    "",
)
NOTES_BETTER = ("Much more confident than at the last sitting.", "Sounded out unfamiliar words independently.")
NOTES_WORSE = ("Tired after lunch: the score may understate what the pupil can do.", "Distracted and needed prompting.")


def _note(rng: random.Random, previous: int | None, score: int | None) -> str:
    if previous is not None and score is not None and abs(score - previous) >= 4 and rng.random() < 0.5:
        return rng.choice(NOTES_BETTER if score > previous else NOTES_WORSE)
    return rng.choice(NOTES)


def _percentile(score: int) -> int:
    return max(1, min(99, round(50 * (1 + math.erf((score - 100) / 15 / math.sqrt(2))))))


def _tests_for(draft: PupilDraft) -> Sequence[TestKind]:
    need = draft.sen.primary_need
    if draft.nc_year == "R":
        return RECEPTION_TESTS
    if sen_phase(draft.nc_year).value == "secondary":
        return SECONDARY_TESTS.get(need, OTHER_SECONDARY)
    return PRIMARY_TESTS.get(need, OTHER_PRIMARY)


def _school_on(draft: PupilDraft, day: datetime.date) -> str | None:
    for enrolment in draft.enrolments:
        if enrolment.admission_date <= day and (enrolment.leaving_date is None or day < enrolment.leaving_date):
            return enrolment.school
    return None


def _sittings(rng: random.Random, draft: PupilDraft) -> list[datetime.date]:
    """Two to five sittings a term or two apart, the last in the past three months, none before the
    pupil joined the trust or turned four."""
    admitted = min(enrolment.admission_date for enrolment in draft.enrolments)
    earliest = max(admitted + 21 * DAY, draft.pupil.date_of_birth.replace(year=draft.pupil.date_of_birth.year + 4))
    day = TODAY - rng.randrange(7, 95) * DAY
    days = []
    for _ in range(rng.randint(2, 5)):
        day = _school_day(day)
        if day < earliest:
            break
        days.append(day)
        day -= rng.randrange(110, 200) * DAY
    return list(reversed(days))


def _school_day(day: datetime.date) -> datetime.date:
    """The weekday on or before `day`, out of the summer holiday (tests are given in term time)."""
    if day.month == 8:
        day = day.replace(month=7, day=min(day.day, 20))
    while day.weekday() >= 5:
        day -= DAY
    return day


def _results_for(
    rng: random.Random, draft: PupilDraft, test: TestKind, schools, sendcos: dict[str, User]
) -> list[AssessmentResult]:
    days = _sittings(rng, draft)
    trend = rng.choices((3.0, 0.5, -2.0), weights=(60, 25, 15))[0]
    score = rng.gauss(79, 7)
    low, high = test.raw_range
    # Start low on the scale, or high where a lower score is better (difficulties), and move from there.
    raw = (
        rng.uniform(low + (high - low) * 0.5, high)
        if test.lower_is_better
        else rng.uniform(low, low + (high - low) * 0.4)
    )
    previous: int | None = None
    external = test.external and rng.random() < 0.35
    rows = []
    for day in days:
        school = _school_on(draft, day)
        if school is None:
            continue
        standardised = max(55, min(125, round(score)))
        age_months = (day - draft.pupil.date_of_birth).days * 12 // 365
        result = AssessmentResult(
            public_id=random_uuid(rng),
            pupil=draft.pupil,
            school=schools[school],
            test_name=test.name,
            taken_on=day,
            raw_score=max(0, round(raw)) if not test.standardised or rng.random() < 0.8 else None,
            standardised_score=standardised if test.standardised else None,
            percentile=_percentile(standardised) if test.standardised else None,
            age_equivalent_months=(
                max(36, age_months - round((100 - standardised) * 0.9)) if test.age_equivalent else None
            ),
            assessor=None if external else sendcos.get(school),
            assessor_name=f"{rng.choice(EXTERNAL_NAMES)}, {test.external.lower()}" if external else "",
            notes=_note(rng, previous, standardised if test.standardised else None),
            recorded_by=sendcos.get(school),
        )
        if result.assessor is None and not result.assessor_name:
            result.assessor_name = "SENDCo"
        rows.append(result)
        previous = standardised if test.standardised else None
        score += rng.gauss(trend, 3.5)
        step = (high - low) * rng.uniform(0.05, 0.15)
        raw = max(low, raw - step * (1 if trend > 0 else 0.3)) if test.lower_is_better else min(high, raw + step)
    return rows


def _sendcos(result) -> dict[str, User]:
    emails: dict[str, str] = {}
    for person in result.staff:
        if person.role == Role.SENDCO and person.school and person.school not in emails:
            emails[person.school] = person.email
    users = {user.email: user for user in User.objects.filter(email__in=emails.values())}
    return {slug: users[email] for slug, email in emails.items() if email in users}


def seed_assessments(result, rng: random.Random) -> dict[int, list[AssessmentResult]]:
    schools = result.written.schools
    sendcos = _sendcos(result)
    rows: list[AssessmentResult] = []
    for draft in result.pupils:
        if not draft.sen.has_sen or not draft.on_roll or draft.nc_year in NURSERY_YEARS:
            continue
        if rng.random() >= ASSESSED_RATE:
            continue
        tests = list(_tests_for(draft))
        chosen = rng.sample(tests, 2 if rng.random() < SECOND_TEST_RATE and len(tests) > 1 else 1)
        for test in chosen:
            rows.extend(_results_for(rng, draft, test, schools, sendcos))
    AssessmentResult.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    by_pupil: dict[int, list[AssessmentResult]] = {}
    for row in rows:
        by_pupil.setdefault(row.pupil.pk, []).append(row)
    return by_pupil


# Concerns ------------------------------------------------------------------------------------------

C, L, S, P = "communication-interaction", "cognition-learning", "semh", "sensory-physical"

WHAT_SEEN: dict[str, tuple[str, ...]] = {
    L: (
        "Still blending CVC words with a lot of support while most of the class read fluently. Avoids "
        "reading aloud and often copies from a neighbour in independent writing.",
        "Number facts to 10 are not secure: counts on fingers for 3 + 2 and loses track past 20. Written "
        "work is often unfinished.",
        "Reverses b/d and p/q in writing and spells the same word three different ways on one page. "
        "Understands stories well when they are read aloud.",
        "Forgets a three-step instruction before starting. Work in books is well below what the pupil can "
        "explain verbally.",
    ),
    C: (
        "Rarely answers in whole-class discussion and uses short phrases; often looks to others to see "
        "what to do after instructions are given.",
        "Speech is hard for unfamiliar adults to understand; some sounds are replaced (t for k). Gets "
        "frustrated when not understood.",
        "Finds changes to routine very hard: upset for the rest of the morning when we had a supply "
        "teacher. Plays alone at break and lines up at the back.",
        "Vocabulary is narrow for the age: struggles to explain what happened in a story and to answer "
        "'why' questions.",
    ),
    S: (
        "Has become withdrawn since October: sits apart, puts head on the desk and says 'I can't' before "
        "trying. Several tearful mornings at the door.",
        "Frequent low-level disruption in the afternoons (calling out, leaving seat) that escalates when "
        "work is hard. Calm and engaged in the mornings.",
        "Very anxious about making mistakes: rubs out work until the page tears and will not start "
        "without an adult alongside.",
    ),
    P: (
        "Often asks for instructions to be repeated and watches faces closely; seems to miss things said "
        "from behind or in the hall.",
        "Handwriting is very effortful: grips the pencil tightly, tires quickly and cannot keep up with "
        "copying from the board.",
        "Squints at the board and holds books very close; has moved to the front but still misses detail.",
    ),
}
STRATEGIES: dict[str, tuple[str, ...]] = {
    L: (
        "Daily keep-up phonics in a small group, word mat and sound mat on the table, pre-teaching of "
        "topic vocabulary.",
        "Concrete resources (Numicon, bead strings) for every maths lesson, a number line on the desk and "
        "same-day intervention after maths.",
        "Instructions given one at a time and written as a checklist; tasks broken into chunks with a visual timer.",
    ),
    C: (
        "Visual timetable, now-and-next board, instructions given with gestures and pictures, talk "
        "partner chosen carefully.",
        "Extra thinking time before answering, sentence stems on the table, small-group language work "
        "with the TA twice a week.",
        "Warning before any change to the day, a quiet space to go to, a buddy at break time.",
    ),
    S: (
        "Meet and greet at the door each morning, a calm corner with a feelings chart, daily check-in with the TA.",
        "Movement breaks every 20 minutes, clear expectations on a card, praise for starting tasks.",
        "Reassurance that mistakes are part of learning, work modelled first, a 'have a go' book.",
    ),
    P: (
        "Seated at the front away from the window, instructions given facing the pupil, checked for understanding.",
        "Writing slope, pencil grip, shorter written tasks with a scribe for longer pieces.",
        "Enlarged print, high-contrast worksheets, seat moved to the front.",
    ),
}
PARENTS_VIEWS = (
    "Parents have noticed the same at home and are relieved it has been raised.",
    "Mum says homework reading is a battle every night.",
    "Dad feels things were fine last year and wonders if it is the new class.",
    "Parents are worried and would like to know what support is available.",
    "",
)
# What each kind of colleague tends to add.
STAFF_CONTRIBUTIONS: dict[str, tuple[str, ...]] = {
    "ta": (
        "In my phonics group the pupil is keen but forgets sounds taught earlier in the week; needs a lot "
        "of over-learning.",
        "Much more settled 1:1 than in the classroom. Responds well to clear, short instructions and praise.",
        "At lunchtime plays alone most days and can get upset when games change. Follows adult direction well.",
    ),
    "dsl": (
        "No safeguarding concerns known. Attendance is 96% this year.",
        "Known to early help last year; the family engaged well and the case is closed. Attendance 93%.",
    ),
    "teacher": (
        "I taught the pupil last year: similar difficulties then, and they seemed to make slower progress "
        "than the rest of the group.",
        "In PE coordination is noticeably behind classmates; avoids catching games.",
        "Works hard but needs everything broken down; copes best with a visual checklist.",
    ),
}
PARENT_CONTRIBUTIONS = (
    "At home reading is a struggle and ends in tears; we have stopped doing it every night. They love being read to.",
    "They talk about school a lot and seem happy, but are exhausted by the end of the day.",
    "We have seen the same thing at home and at their grandparents'. We would welcome any help.",
    "Our GP has referred them for a hearing test, which is in January.",
    "They say the work is too hard and they feel stupid. We want them to enjoy school again.",
)
REQUEST_MESSAGES = (
    "Could you tell me what you see in your group sessions?",
    "Please add anything you have noticed at lunch or in the playground.",
    "How does this compare with what you saw last year?",
    "",
)
REGISTER_REASONS_FALLBACK = "Needs provision additional to and different from the usual differentiated curriculum."
CLOSED_REASONS = (
    "Progress over the last six weeks with quality first teaching: no longer a concern. Keep the strategies in place.",
    "Hearing test showed temporary glue ear, now resolved; the difficulties have eased.",
    "Settled again after a difficult few weeks at home; parents agree no further action.",
    "Attainment is in line with age-related expectations on the class assessment; continue to watch in class.",
)


@dataclass
class Staffroom:
    """The people of the demo primary that concerns involve."""

    sendco: User
    assistant: User
    head: User
    dsl: User
    teacher: User
    ta: User
    form_teachers: dict[str, User]
    form_tas: dict[str, User]


def _staffroom(result) -> Staffroom | None:
    here = [person for person in result.staff if person.school == PRIMARY]
    users = {user.email: user for user in User.objects.filter(email__in=[person.email for person in here])}
    named = {person.role: users[person.email] for person in here if person.password}
    needed = (Role.SENDCO, Role.ASSISTANT_SENDCO, Role.HEAD, Role.DSL, Role.TEACHER, Role.TA)
    if any(role not in named for role in needed):
        return None
    form_teachers: dict[str, User] = {}
    form_tas: dict[str, User] = {}
    for person in here:
        for group, kind in person.groups:
            target = form_teachers if kind == GroupStaff.Kind.TEACHER else form_tas
            target.setdefault(group, users[person.email])
    return Staffroom(
        sendco=named[Role.SENDCO],
        assistant=named[Role.ASSISTANT_SENDCO],
        head=named[Role.HEAD],
        dsl=named[Role.DSL],
        teacher=named[Role.TEACHER],
        ta=named[Role.TA],
        form_teachers=form_teachers,
        form_tas=form_tas,
    )


@dataclass
class Draft:
    """One concern and what hangs off it, before it is written."""

    concern: Concern
    requests: list[ContributionRequest] = field(default_factory=list)
    contributions: list[tuple[Contribution, ContributionRequest | None]] = field(default_factory=list)
    results: list[AssessmentResult] = field(default_factory=list)


class ConcernWriter:
    def __init__(self, rng: random.Random, staff: Staffroom, school, results_by_pupil) -> None:
        self.rng = rng
        self.staff = staff
        self.school = school
        self.results_by_pupil = results_by_pupil
        self.drafts: list[Draft] = []

    def concern(self, draft: PupilDraft, raised_by: User, raised_on: datetime.date, areas: list[str]) -> Draft:
        rng = self.rng
        area = areas[0]
        told = rng.random() < 0.7
        concern = Concern(
            public_id=random_uuid(rng),
            pupil=draft.pupil,
            school=self.school,
            raised_by=raised_by,
            raised_on=raised_on,
            what_seen=rng.choice(WHAT_SEEN[area]),
            areas=[value for value in (C, L, S, P) if value in areas],
            strategies_tried=rng.choice(STRATEGIES[area]),
            strategies_weeks=rng.choice((4, 6, 6, 8, 10, 12)),
            parents_view=rng.choice(PARENTS_VIEWS),
            parents_told=told,
            parents_told_on=raised_on - rng.randrange(0, 14) * DAY if told else None,
        )
        item = Draft(concern)
        self.drafts.append(item)
        return item

    def ask(self, item: Draft, asked: User | None, on: datetime.date, *, parent: str = "") -> ContributionRequest:
        request = ContributionRequest(
            concern=item.concern,
            asked=asked,
            parent_name=parent,
            asked_by=self.rng.choice((self.staff.sendco, self.staff.sendco, self.staff.assistant)),
            asked_on=on,
            message=self.rng.choice(REQUEST_MESSAGES) if asked else "",
        )
        item.requests.append(request)
        return request

    def answer(self, item: Draft, request: ContributionRequest | None, on: datetime.date, *, author=None, parent=""):
        if request is not None:
            request.answered_on = on
            author = request.asked
            parent = request.parent_name
        contribution = Contribution(
            concern=item.concern,
            kind=Contribution.Kind.PARENT if parent else Contribution.Kind.STAFF,
            author=None if parent else author,
            parent_name=parent,
            recorded_by=self.rng.choice((self.staff.sendco, self.staff.assistant)) if parent else author,
            given_on=on,
            text=self._fresh(item, PARENT_CONTRIBUTIONS if parent else STAFF_CONTRIBUTIONS[self._kind_of(author)]),
        )
        item.contributions.append((contribution, request))

    def _kind_of(self, person: User | None) -> str:
        if person == self.staff.dsl:
            return "dsl"
        if person in self.staff.form_tas.values():
            return "ta"
        return "teacher"

    def _fresh(self, item: Draft, texts: Sequence[str]) -> str:
        """A text no one has already given on this concern."""
        said = {contribution.text for contribution, _ in item.contributions}
        return self.rng.choice([text for text in texts if text not in said] or list(texts))

    def gather(self, item: Draft, draft: PupilDraft, *, answered: int, waiting: int, ask_first: User | None = None):
        """Ask the class TA, the DSL or the class teacher and a parent; answer the first `answered`."""
        start = item.concern.raised_on + self.rng.randrange(2, 6) * DAY
        form = draft.groups[0] if draft.groups else ""
        people: list[User | str] = []
        if ask_first is not None:
            people.append(ask_first)
        for person in (self.staff.form_tas.get(form), self.staff.dsl, self.staff.form_teachers.get(form)):
            if person is not None and person not in people and person != item.concern.raised_by:
                people.append(person)
        parent = draft.contacts[0].name if draft.contacts else ""
        if parent:
            people.insert(min(1, len(people)), parent)
        for index, who in enumerate(people[: answered + waiting]):
            asked_on = min(start + index * DAY, TODAY - DAY)
            if isinstance(who, str):
                request = self.ask(item, None, asked_on, parent=who)
            else:
                request = self.ask(item, who, asked_on)
            if index < answered:
                self.answer(item, request, min(asked_on + self.rng.randrange(2, 9) * DAY, TODAY))
        if item.requests:
            item.concern.status = Concern.Status.GATHERING

    def attach(self, item: Draft, before: datetime.date, limit: int = 2) -> None:
        results = [r for r in self.results_by_pupil.get(item.concern.pupil.pk, []) if r.taken_on <= before]
        item.results = sorted(results, key=lambda r: r.taken_on)[-limit:]

    def decide(self, item: Draft, decision: str, on: datetime.date, reason: str, decided_by: User | None = None):
        concern = item.concern
        concern.status = Concern.Status.DECIDED
        concern.decision = decision
        concern.decision_reason = reason
        concern.decided_by = decided_by or self.rng.choice((self.staff.sendco, self.staff.sendco, self.staff.assistant))
        concern.decided_on = on

    def write(self) -> int:
        for item in self.drafts:
            decided = item.concern.decided_on
            if decided is not None:
                # Everything gathered came in before the decision.
                for contribution, _ in item.contributions:
                    contribution.given_on = min(contribution.given_on, decided)
                for request in item.requests:
                    request.asked_on = min(request.asked_on, decided)
                    request.answered_on = min(request.answered_on or decided, decided)
            changes = len(item.requests) + len(item.contributions) + (1 if item.results else 0)
            item.concern.version = 1 + changes + (1 if item.concern.decision else 0)
        Concern.objects.bulk_create([item.concern for item in self.drafts])
        ContributionRequest.objects.bulk_create([request for item in self.drafts for request in item.requests])
        contributions = []
        for item in self.drafts:
            for contribution, request in item.contributions:
                contribution.request = request
                contributions.append(contribution)
        Contribution.objects.bulk_create(contributions)
        ConcernAssessment.objects.bulk_create(
            [
                ConcernAssessment(
                    concern=item.concern, result=result, attached_by=item.concern.decided_by or self.staff.sendco
                )
                for item in self.drafts
                for result in item.results
            ]
        )
        return len(self.drafts)


def _areas_for(draft: PupilDraft, rng: random.Random) -> list[str]:
    area = broad_area(draft.sen.primary_need) if draft.sen.has_sen else None
    first = area or rng.choices((L, C, S, P), weights=(45, 25, 22, 8))[0]
    areas = [first]
    if rng.random() < 0.3:
        areas.append(rng.choice([value for value in (L, C, S, P) if value != first]))
    return areas


def _recent(rng: random.Random, low: int, high: int) -> datetime.date:
    return TODAY - rng.randrange(low, high + 1) * DAY


def seed_concerns(result, rng: random.Random, results_by_pupil: dict[int, list[AssessmentResult]]) -> int:
    staff = _staffroom(result)
    school = result.written.schools.get(PRIMARY)
    if staff is None or school is None:
        return 0
    here = [draft for draft in result.pupils if draft.on_roll and draft.school == PRIMARY and draft.groups]
    by_pk = {draft.pupil.pk: draft for draft in here}
    monitored = {
        entry.pupil_id: entry
        for entry in MonitoringEntry.objects.filter(school=school, ended_on__isnull=True, pupil_id__in=by_pk)
    }
    # Pupils who moved from N to K at this school in the last year and a bit: a concern led there.
    recent_support = {
        status.pupil_id: status
        for status in SenStatus.objects.filter(
            school=school,
            provision=Provision.SEN_SUPPORT,
            end_date__isnull=True,
            start_date__gte=TODAY - 420 * DAY,
            pupil_id__in=by_pk,
        ).annotate(periods=Count("pupil__sen_statuses"))
        if status.periods > 1
    }
    free = [draft for draft in here if not draft.sen.has_sen and draft.pupil.pk not in monitored]
    rng.shuffle(free)
    used: set[int] = set()

    def take(pool: list[PupilDraft], predicate=lambda draft: True) -> PupilDraft | None:
        for draft in pool:
            if draft.pupil.pk not in used and predicate(draft):
                used.add(draft.pupil.pk)
                return draft
        return None

    def in_class(name: str):
        return lambda draft: name in draft.groups

    def not_in_class(name: str):
        return lambda draft: name not in draft.groups

    writer = ConcernWriter(rng, staff, school, results_by_pupil)

    def teacher_of(draft: PupilDraft) -> User:
        return staff.form_teachers.get(draft.groups[0], staff.sendco)

    # The demo teacher's own concerns about 4 Willow: two new, two gathering, one closed, one monitoring.
    for days_ago in (3, 11):
        draft = take(free, in_class(DEMO_CLASS))
        if draft:
            writer.concern(draft, staff.teacher, _recent(rng, days_ago, days_ago), _areas_for(draft, rng))
    for answered, waiting in ((1, 1), (2, 1)):
        draft = take(free, in_class(DEMO_CLASS))
        if draft:
            item = writer.concern(draft, staff.teacher, _recent(rng, 18, 30), _areas_for(draft, rng))
            writer.gather(item, draft, answered=answered, waiting=waiting)
    draft = take(free, in_class(DEMO_CLASS))
    if draft:
        item = writer.concern(draft, staff.teacher, datetime.date(2026, 9, 21), _areas_for(draft, rng))
        writer.gather(item, draft, answered=2, waiting=0)
        writer.decide(item, Concern.Decision.CLOSED, datetime.date(2026, 10, 19), rng.choice(CLOSED_REASONS))
    monitoring_entries: list[MonitoringEntry] = []
    draft = take(free, in_class(DEMO_CLASS))
    if draft:
        item = writer.concern(draft, staff.teacher, datetime.date(2026, 9, 28), _areas_for(draft, rng))
        writer.gather(item, draft, answered=2, waiting=0)
        decided_on = datetime.date(2026, 11, 2)
        reason = "Watch reading fluency and confidence in class until the February review."
        writer.decide(item, Concern.Decision.MONITORING, decided_on, reason, staff.sendco)
        entry = MonitoringEntry(
            pupil=draft.pupil, school=school, reason=reason, started_on=decided_on, added_by=staff.sendco
        )
        monitoring_entries.append(entry)
        item.concern.monitoring_entry = entry

    # Waiting on the demo teacher: raised by others about 4 Willow pupils, one answered, one not.
    for raiser, answered in ((staff.dsl, 0), (staff.head, 1)):
        draft = take(free, in_class(DEMO_CLASS))
        if draft:
            item = writer.concern(draft, raiser, _recent(rng, 8, 20), _areas_for(draft, rng))
            writer.gather(item, draft, answered=answered, waiting=2 - answered, ask_first=staff.teacher)
    # Waiting on the demo teaching assistant, in the other class she supports.
    draft = take(free, in_class("3 Oak"))
    if draft:
        item = writer.concern(draft, teacher_of(draft), _recent(rng, 9, 16), _areas_for(draft, rng))
        writer.gather(item, draft, answered=0, waiting=2, ask_first=staff.ta)

    # The rest of the school.
    for _ in range(3):
        draft = take(free, not_in_class(DEMO_CLASS))
        if draft:
            writer.concern(draft, teacher_of(draft), _recent(rng, 1, 12), _areas_for(draft, rng))
    for _ in range(4):
        draft = take(free, not_in_class(DEMO_CLASS))
        if draft:
            item = writer.concern(draft, teacher_of(draft), _recent(rng, 14, 40), _areas_for(draft, rng))
            writer.gather(item, draft, answered=rng.randint(0, 2), waiting=rng.randint(1, 2))
    for _ in range(4):
        draft = take(free, not_in_class(DEMO_CLASS))
        if draft:
            raised = _recent(rng, 45, 80)
            item = writer.concern(draft, teacher_of(draft), raised, _areas_for(draft, rng))
            writer.gather(item, draft, answered=2, waiting=0)
            writer.decide(
                item, Concern.Decision.CLOSED, raised + rng.randrange(25, 40) * DAY, rng.choice(CLOSED_REASONS)
            )
    for pupil_id, entry in sorted(monitored.items())[:5]:
        draft = by_pk[pupil_id]
        if pupil_id in used:
            continue
        used.add(pupil_id)
        raised = max(entry.started_on - rng.randrange(20, 45) * DAY, draft.enrolments[-1].admission_date)
        item = writer.concern(draft, teacher_of(draft), raised, _areas_for(draft, rng))
        writer.gather(item, draft, answered=2, waiting=0)
        writer.decide(item, Concern.Decision.MONITORING, entry.started_on, entry.reason, entry.added_by)
        item.concern.monitoring_entry = entry
    for pupil_id, status in sorted(recent_support.items(), key=lambda pair: pair[1].start_date, reverse=True)[:6]:
        draft = by_pk[pupil_id]
        if pupil_id in used:
            continue
        used.add(pupil_id)
        raised = max(status.start_date - rng.randrange(35, 70) * DAY, draft.enrolments[-1].admission_date)
        item = writer.concern(draft, teacher_of(draft), raised, _areas_for(draft, rng))
        writer.gather(item, draft, answered=3, waiting=0)
        writer.attach(item, status.start_date)
        writer.decide(
            item,
            Concern.Decision.REGISTER,
            status.start_date,
            status.reason or REGISTER_REASONS_FALLBACK,
            status.decided_by,
        )
        item.concern.sen_status = status

    _screen_gathering_concerns(rng, writer, school, staff)
    MonitoringEntry.objects.bulk_create(monitoring_entries)
    return writer.write()


SCREENERS = {L: (DST, SALFORD, SANDWELL), C: (LANGUAGE_LINK, BPVS), S: (BOXALL, SDQ), P: (SALFORD,)}


def _screen_gathering_concerns(rng: random.Random, writer: ConcernWriter, school, staff: Staffroom) -> None:
    """The SENDCo has run a screener for most concerns that are gathering information, and attached it."""
    new_results = []
    for item in writer.drafts:
        concern = item.concern
        if concern.status != Concern.Status.GATHERING or rng.random() < 0.3:
            continue
        test = rng.choice(SCREENERS[concern.areas[0]])
        day = min(concern.raised_on + rng.randrange(3, 12) * DAY, TODAY - DAY)
        score = round(rng.gauss(82, 6))
        low, high = test.raw_range
        result = AssessmentResult(
            public_id=random_uuid(rng),
            pupil=concern.pupil,
            school=school,
            test_name=test.name,
            taken_on=day,
            raw_score=rng.randint(low, (low + high) // 2),
            standardised_score=score if test.standardised else None,
            percentile=_percentile(score) if test.standardised else None,
            assessor=staff.assistant,
            recorded_by=staff.assistant,
            notes="Screened after the concern was raised.",
        )
        new_results.append(result)
        item.results = [result]
    AssessmentResult.objects.bulk_create(new_results)


def seed(result, rng: random.Random) -> None:
    results_by_pupil = seed_assessments(result, rng)
    # Concerns are for the demo trust, where people sign in; the benchmark trust has results only.
    if result.plan.name == DEMO_TRUST_NAME:
        seed_concerns(result, rng, results_by_pupil)
