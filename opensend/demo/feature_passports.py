"""Demo data for pupil passports: most pupils on SEN support or with an EHC plan have a passport
with a history of one to four versions, worded from the child's point of view and varied by their
needs and age. A few have none yet, and some have not been updated for more than a year, so the
dashboards have something to show. No photos: the demo has no real children to photograph.

Everything is bulk-created without audit events, from the given random stream, with dates before
the demo's "today". seed_scale's trusts get the same shape."""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from opensend.accounts.models import GroupStaff, Role, User
from opensend.passports.models import SECTION_MAX_LENGTH, SECTION_MAX_LINES, PassportVersion, VoiceMethod
from opensend.register.models import SenStatus

from .plans import REFERENCE_DATE
from .sen import NURSERY_YEARS, Provision

ORDER = 40
BATCH_SIZE = 2000
TODAY = REFERENCE_DATE
LONDON = ZoneInfo("Europe/London")
# Shares of pupils with SEN: no passport yet, and a passport last updated more than a year ago.
NO_PASSPORT_RATE = 0.1
STALE_RATE = 0.15
NEW_ARRIVAL = datetime.timedelta(weeks=3)
# The demo teacher's class shows each case: the first SEN pupil has a long history, one has none.
SHOWCASE_GROUP = "4 Willow"

# --- What children say, by need -----------------------------------------------------------------
# Each bank: what they find hard, what helps, what does not help, strengths, and their own words
# (young children, then older pupils). Kept short: a passport is read in a minute.


@dataclass(frozen=True)
class Bank:
    hard: tuple[str, ...]
    helps: tuple[str, ...]
    not_help: tuple[str, ...]
    strengths: tuple[str, ...]
    words_young: tuple[str, ...]
    words_older: tuple[str, ...]


AUTISM = Bank(
    hard=(
        "Loud places like the hall at lunchtime.",
        "When plans change and nobody tells me.",
        "Busy corridors when the bell goes.",
        "Knowing what to do when I'm stuck.",
        "Group work when everyone talks at once.",
        "Some clothes and labels feel scratchy.",
        "Starting a new piece of work.",
    ),
    helps=(
        "Tell me about changes before they happen.",
        "A visual timetable on my desk.",
        "Let me leave two minutes before the bell.",
        "Say my name first, then tell me what to do.",
        "One instruction at a time.",
        "My ear defenders in assembly.",
        "A quiet place I can go when it's too much.",
        "Show me what finished work looks like.",
        "A now-and-next board.",
    ),
    not_help=(
        "Shouting, or lots of people talking to me at once.",
        "Surprises without warning, even nice ones.",
        "Being made to look at you when I'm listening.",
        'Being told to "calm down".',
        "Being touched without being asked.",
    ),
    strengths=(
        "I know loads about trains.",
        "I know every planet and its moons.",
        "I'm very honest.",
        "I notice details other people miss.",
        "I'm good at maths and patterns.",
        "I remember facts and dates.",
    ),
    words_young=(
        "I like it quiet. I like trains. I don't like the hand dryers.",
        "When it's too loud my head goes fizzy. The quiet corner helps me.",
        "I like knowing what's next. Show me on my board.",
    ),
    words_older=(
        "I'm not being rude when I don't look at you. I'm listening.",
        "I work best when I know the plan for the lesson before it starts.",
        "Corridors are the worst part of the day. Leaving early means I arrive ready to learn.",
    ),
)
LANGUAGE = Bank(
    hard=(
        "Understanding long instructions.",
        "Finding the right words when I'm put on the spot.",
        "Remembering new topic words.",
        "Following what's happening in a busy group.",
        "Telling a story in the right order.",
        "People understanding me when I'm excited.",
    ),
    helps=(
        "Short instructions, one at a time.",
        "Pictures or objects with new words.",
        "Time to think before I answer: count to ten in your head.",
        "Ask me to tell you back what I have to do.",
        "A word mat with pictures.",
        "Practising with a partner before I answer in front of the class.",
        "Face me and speak slowly and clearly.",
    ),
    not_help=(
        "Lots of talking with nothing to look at.",
        "Finishing my sentences for me.",
        "Answering straight away in front of everyone.",
        'Asking "do you understand?" (I\'ll say yes).',
    ),
    strengths=(
        "I'm a kind friend.",
        "I'm good at building and making things.",
        "I try really hard.",
        "I'm good at sport.",
        "I make people laugh.",
    ),
    words_young=(
        "Sometimes the words get stuck. Wait for me.",
        "I like it when you show me.",
        "I like the pictures. They help me know.",
    ),
    words_older=(
        "I know the answer but I need more time to say it.",
        "If you ask me to explain it back, I can check I've got it right.",
    ),
)
LEARNING = Bank(
    hard=(
        "Reading long pieces of writing.",
        "Spelling, even words I know.",
        "Copying from the board.",
        "Remembering times tables.",
        "Remembering what to do after the teacher explains.",
        "Writing my ideas down quickly.",
    ),
    helps=(
        "My cream paper and coloured overlay.",
        "Key words on my desk.",
        "A print-out instead of copying from the board.",
        "Small steps with a checklist I can tick.",
        "Saying my ideas out loud before I write.",
        "Learning new words before the lesson.",
        "Counters and a number line in maths.",
        "Reading the questions to me.",
    ),
    not_help=(
        "Reading aloud without warning.",
        "Lots of writing on the board.",
        "Being rushed.",
        "Red pen all over my work.",
    ),
    strengths=(
        "I have great ideas and imagination.",
        "I'm good at drawing.",
        "I'm good at practical things.",
        "I never give up.",
        "I'm good at explaining things out loud.",
    ),
    words_young=(
        "I'm good at ideas but writing is hard.",
        "I like maths when I can use the cubes.",
        "I like it when someone shows me first.",
    ),
    words_older=(
        "Reading takes me longer. It doesn't mean I'm not trying.",
        "I want to read the same books as my friends.",
        "Give me the sheet instead of the board and I'll get much more done.",
    ),
)
FEELINGS = Bank(
    hard=(
        "Calming down when I get cross.",
        "Lining up and busy times like lunch.",
        "When I think something is unfair.",
        "Making and keeping friends.",
        "Coming back to class after a bad morning.",
        "Losing at games.",
        "Worrying about things at home.",
    ),
    helps=(
        "A calm, quiet voice.",
        "My time-out card, so I can take a break.",
        "A check-in with my key adult every morning.",
        "Telling me what I'm doing well.",
        "A job to do, like taking the register.",
        "Talking about it later, when I'm calm.",
        "Knowing about changes first, like supply teachers and trips.",
        "Sitting near the door.",
    ),
    not_help=(
        "Being told off in front of everyone.",
        "Raised voices.",
        "Being asked why straight away when I'm upset.",
        "Missing my break time.",
    ),
    strengths=(
        "I'm really caring with younger children.",
        "I'm good at football.",
        "I'm brave.",
        "I'm a good helper.",
        "I'm honest when I've got it wrong, once I've calmed down.",
    ),
    words_young=(
        "Sometimes I feel like a volcano. The calm box helps.",
        "I like it when Miss says well done quietly.",
        "I get worried at lunch. I like helping in the library.",
    ),
    words_older=(
        "If I walk out, I'm not being rude. I need a minute.",
        "I want to start again after a bad lesson, not keep getting reminded of it.",
    ),
)
HEARING = Bank(
    hard=(
        "Hearing in noisy rooms.",
        "Following when people talk at the same time.",
        "Listening when the teacher is facing the board.",
        "Videos without subtitles.",
    ),
    helps=(
        "Let me see your face when you talk.",
        "A seat near the front, away from the door.",
        "Checking my hearing aids each morning.",
        "Wearing the radio aid microphone.",
        "Subtitles on videos.",
        "Repeating what other children say.",
        "Homework and key words written down.",
    ),
    not_help=(
        "Talking while walking around the room.",
        "Shouting: it makes sounds harder, not easier.",
        "Covering your mouth.",
    ),
    strengths=("I'm a good lip reader.", "I notice things.", "I'm good at art and PE.", "I'm a good friend."),
    words_young=("If I don't answer I might not have heard you. Tap my shoulder.",),
    words_older=("Please don't talk to the board. I need to see your face.",),
)
SIGHT = Bank(
    hard=("Reading small print.", "Seeing the board.", "Finding my way in new places.", "Glare from the windows."),
    helps=(
        "Large bold print on my sheets.",
        "My own copy instead of the board.",
        "My bag and tray always in the same place.",
        "Say my name and yours when you talk to me.",
        "Extra time to read.",
    ),
    not_help=(
        "Moving furniture without telling me.",
        'Pointing and saying "over there".',
        "Shiny laminated sheets.",
    ),
    strengths=("I'm a great listener.", "I remember where everything is.", "I'm good at music."),
    words_young=("Tell me who you are when you talk to me.",),
    words_older=("Give me my own copy and I can do the same work as everyone else.",),
)
PHYSICAL = Bank(
    hard=(
        "Handwriting for a long time.",
        "Getting changed for PE quickly.",
        "Carrying things on the stairs.",
        "Moving around a crowded classroom.",
    ),
    helps=(
        "A writing slope and a chunky pencil.",
        "Extra time to get changed.",
        "Leaving lessons a few minutes early.",
        "A laptop for longer writing.",
        "A buddy to carry my tray.",
        "Movement breaks.",
    ),
    not_help=("Doing things for me before I've tried.", "Rushing me between lessons."),
    strengths=("I'm determined.", "I'm good at computers.", "I'm funny.", "I'm good at chess."),
    words_young=("I can do it, I just need a bit longer.",),
    words_older=("Ask me first before you help. Most of the time I've got it.",),
)
GENERAL = Bank(
    hard=("Concentrating for a long time.", "Starting my work.", "Keeping my things organised."),
    helps=(
        "Checking in with me after the instructions.",
        "A checklist for my tasks.",
        "Movement breaks.",
        "Sitting away from distractions.",
    ),
    not_help=("Long instructions all at once.", "Sitting near the window."),
    strengths=("I'm helpful.", "I'm creative.", "I'm good at sport."),
    words_young=("I try my best. Sometimes I need someone to check I'm on track.",),
    words_older=("A quick check that I've started helps more than a reminder at the end.",),
)
BANK_BY_NEED = {
    "ASD": AUTISM,
    "SLCN": LANGUAGE,
    "SPLD": LEARNING,
    "MLD": LEARNING,
    "SLD": LEARNING,
    "PMLD": LEARNING,
    "DS": LEARNING,
    "SEMH": FEELINGS,
    "HI": HEARING,
    "VI": SIGHT,
    "MSI": HEARING,
    "PD": PHYSICAL,
}

FAMILIES = (
    "my mum and my little brother",
    "my mum, my dad and my big sister",
    "my nan and grandad",
    "my dad and our dog, Biscuit",
    "my mum and our two cats",
    "my mum, my stepdad and three brothers",
    "my dad on weekdays and my mum at weekends",
)
FOSTER_FAMILY = "my foster carers and their dog"
HOBBIES_YOUNG = (
    "I love Lego and I build huge spaceships.",
    "I like drawing animals, especially cats.",
    "I go swimming on Saturdays.",
    "I like playing Minecraft with my cousins.",
    "I love dinosaurs and know lots of facts about them.",
    "I like dancing and singing songs from films.",
    "I help my grandad in his garden.",
    "I like riding my scooter in the park.",
)
HOBBIES_OLDER = (
    "I play football for a Sunday league team.",
    "I go to boxing club twice a week.",
    "I cook tea for my family on Fridays.",
    "I draw manga characters.",
    "I play games online with my friends.",
    "I'm learning the guitar.",
)
IMPORTANT_YOUNG = (
    "My family and my pets.",
    "My teddy, who lives in my bag.",
    "Playing with my friends at lunch.",
    "Knowing who is picking me up.",
    "Having a turn on the bikes.",
    "My grandma, who picks me up on Wednesdays.",
)
IMPORTANT_OLDER = (
    "My friends.",
    "My football team.",
    "My family, especially my nan.",
    "Being treated the same as everyone else.",
    "My music.",
    "Having some time on my own at break.",
)
VOICE_NOTES: dict[str, tuple[str, ...]] = {
    VoiceMethod.TALKED: ("One-to-one chat with the class teacher", "With their key adult at lunchtime", ""),
    VoiceMethod.DRAWINGS: ("Drew pictures; an adult wrote down what they said about them",),
    VoiceMethod.SCRIBED: ("The TA wrote down their words during a quiet session",),
    VoiceMethod.SYMBOLS: ("Using Talking Mats", "Using symbols on their communication board"),
    VoiceMethod.OBSERVED: ("From the nursery staff over two weeks, and a home visit",),
    VoiceMethod.WROTE: ("Filled in a passport sheet in tutor time", ""),
}


# What a child adds to their own words as the year goes on.
GROWING = (
    "I'm getting better at asking for help.",
    "Now I can tell my teacher when I need a break.",
    "I like my new seat.",
    "I'm proud of my reading.",
    "I've got more friends this year.",
)


def _voice_method(rng: random.Random, nc_year: str, need: str) -> str:
    if need in ("PMLD", "SLD"):
        return rng.choice([VoiceMethod.SYMBOLS, VoiceMethod.OBSERVED])
    if nc_year in NURSERY_YEARS or nc_year == "R":
        return rng.choice([VoiceMethod.OBSERVED, VoiceMethod.DRAWINGS])
    if nc_year.isdigit() and int(nc_year) >= 7:
        return rng.choice([VoiceMethod.WROTE, VoiceMethod.TALKED, VoiceMethod.TALKED])
    return rng.choice([VoiceMethod.TALKED, VoiceMethod.DRAWINGS, VoiceMethod.SCRIBED])


# --- One pupil's passport and its history ---------------------------------------------------------


@dataclass
class Profile:
    """A passport's content as lists of lines, changed a little for each new version."""

    about_me: str
    important: list[str]
    hard: list[str]
    helps: list[str]
    not_help: list[str]
    strengths: list[str]
    own_words: str
    voice_method: str
    voice_note: str
    spare: dict[str, list[str]] = field(default_factory=dict)

    def fields(self) -> dict[str, str]:
        def lines(items: list[str]) -> str:
            text = "\n".join(items[:SECTION_MAX_LINES])
            return text[:SECTION_MAX_LENGTH]

        return {
            "about_me": self.about_me,
            "important_to_me": lines(self.important),
            "find_hard": lines(self.hard),
            "helps_me": lines(self.helps),
            "does_not_help": lines(self.not_help),
            "strengths": lines(self.strengths),
            "own_words": self.own_words,
            "voice_method": self.voice_method,
            "voice_note": self.voice_note,
        }


def _take(rng: random.Random, pool: list[str], count: int) -> list[str]:
    chosen = rng.sample(pool, min(count, len(pool)))
    for item in chosen:
        pool.remove(item)
    return chosen


def _first_profile(rng: random.Random, draft) -> Profile:
    pupil = draft.pupil
    primary, secondary = draft.sen.primary_need, draft.sen.secondary_need
    bank = BANK_BY_NEED.get(primary, GENERAL)
    extra = BANK_BY_NEED.get(secondary)
    older = draft.nc_year.isdigit() and int(draft.nc_year) >= 7
    spare = {
        "hard": list(bank.hard),
        "helps": list(bank.helps),
        "not_help": list(bank.not_help),
        "strengths": list(bank.strengths),
    }
    hard = _take(rng, spare["hard"], rng.randint(2, 3))
    helps = _take(rng, spare["helps"], rng.randint(3, 4))
    if extra is not None and extra is not bank:
        hard.append(rng.choice(extra.hard))
        helps.append(rng.choice(extra.helps))
    family = FOSTER_FAMILY if pupil.looked_after else rng.choice(FAMILIES)
    age = pupil.age_on(TODAY)
    hobby = rng.choice(HOBBIES_OLDER if older else HOBBIES_YOUNG)
    method = _voice_method(rng, draft.nc_year, primary)
    return Profile(
        about_me=f"My name is {pupil.known_as} and I'm {age}. I live with {family}. {hobby}",
        important=rng.sample(IMPORTANT_OLDER if older else IMPORTANT_YOUNG, 2),
        hard=hard,
        helps=helps,
        not_help=_take(rng, spare["not_help"], 2),
        strengths=_take(rng, spare["strengths"], 2),
        own_words=rng.choice(bank.words_older if older else bank.words_young),
        voice_method=method,
        voice_note=rng.choice(VOICE_NOTES[method]),
        spare=spare,
    )


def _next_profile(rng: random.Random, profile: Profile) -> Profile:
    """The next version: what helps grows or changes, something is no longer hard, a new strength."""
    spare = {key: list(values) for key, values in profile.spare.items()} or {}
    changed = Profile(**{**profile.__dict__, "spare": spare})
    changed.helps = list(profile.helps)
    changed.hard = list(profile.hard)
    changed.strengths = list(profile.strengths)
    for change in rng.sample(["helps", "hard", "strengths", "words"], rng.randint(1, 3)):
        if change == "helps" and spare.get("helps"):
            if len(changed.helps) >= 5:
                changed.helps.pop(0)
            changed.helps.extend(_take(rng, spare["helps"], 1))
        elif change == "hard" and len(changed.hard) > 1:
            changed.hard.pop(rng.randrange(len(changed.hard)))
            changed.hard.extend(_take(rng, spare["hard"], 1))
        elif change == "strengths" and spare.get("strengths"):
            changed.strengths.extend(_take(rng, spare["strengths"], 1))
        elif change == "words":
            news = [line for line in GROWING if line not in profile.own_words]
            if news:
                changed.own_words = f"{profile.own_words} {rng.choice(news)}"
    return changed


def _history_dates(rng: random.Random, count: int, *, stale: bool, earliest: datetime.date) -> list[datetime.date]:
    """Dates of `count` versions, oldest first, the newest within the year unless `stale`, none
    before `earliest` (when the pupil joined the school)."""
    newest = TODAY - datetime.timedelta(days=rng.randint(400, 620) if stale else rng.randint(5, 320))
    if newest < earliest:
        newest = earliest + (TODAY - earliest) * rng.uniform(0.3, 0.9)
    dates = [newest]
    for _ in range(count - 1):
        earlier = dates[-1] - datetime.timedelta(days=rng.randint(90, 200))
        if earlier < earliest:
            break
        dates.append(earlier)
    return sorted(day if day.weekday() < 5 else day - datetime.timedelta(days=day.weekday() - 4) for day in dates)


def _at(rng: random.Random, day: datetime.date) -> datetime.datetime:
    # After school, when passports are usually written.
    return datetime.datetime.combine(day, datetime.time(15, rng.randint(20, 59)), tzinfo=LONDON)


# --- Who writes them ----------------------------------------------------------------------------


@dataclass
class SchoolStaff:
    sendco: User | None = None
    teachers: dict[str, User] = field(default_factory=dict)


def _staff(result) -> dict[str, SchoolStaff]:
    by_email = User.objects.in_bulk([person.email for person in result.staff], field_name="email")
    staff: dict[str, SchoolStaff] = defaultdict(SchoolStaff)
    for person in result.staff:
        user = by_email.get(person.email)
        if user is None or person.school is None:
            continue
        here = staff[person.school]
        if person.role == Role.SENDCO and here.sendco is None:
            here.sendco = user
        for group, kind in person.groups:
            if kind == GroupStaff.Kind.TEACHER:
                here.teachers.setdefault(group, user)
    return staff


def _sen_pupils(result) -> set[int]:
    """Pupils on SEN support or with an EHC plan: from the register if it has been seeded, else
    from the demo's planned SEN."""
    wanted = (Provision.SEN_SUPPORT.value, Provision.EHC_PLAN.value)
    on_register = set(
        SenStatus.objects.filter(
            pupil__trust=result.written.trust, end_date__isnull=True, provision__in=wanted
        ).values_list("pupil_id", flat=True)
    )
    if on_register:
        return on_register
    return {draft.pupil.pk for draft in result.pupils if draft.sen.provision in wanted}


def seed(result, rng: random.Random) -> None:
    staff = _staff(result)
    sen = _sen_pupils(result)
    versions: list[PassportVersion] = []
    showcase_seen = 0
    for draft in result.pupils:
        if draft.pupil.pk not in sen or not draft.on_roll:
            continue
        here = staff[draft.school]
        teacher = next((here.teachers[group] for group in draft.groups if group in here.teachers), None)
        authors = [person for person in (here.sendco, teacher) if person is not None]
        if not authors:
            continue
        showcase = SHOWCASE_GROUP in draft.groups
        if showcase:
            showcase_seen += 1
        if showcase and showcase_seen == 2:
            continue  # one pupil in the demo teacher's class still needs a passport
        if not showcase and rng.random() < NO_PASSPORT_RATE:
            continue
        count = 4 if showcase and showcase_seen == 1 else rng.choices([1, 2, 3, 4], weights=[35, 35, 20, 10])[0]
        stale = showcase_seen == 3 if showcase else rng.random() < STALE_RATE
        admitted = draft.enrolments[-1].admission_date
        if admitted > TODAY - NEW_ARRIVAL:
            continue  # joined too recently to have a passport here yet
        dates = _history_dates(rng, count, stale=stale, earliest=admitted)
        school = result.written.schools[draft.school]
        profile = _first_profile(rng, draft)
        for number, day in enumerate(dates, start=1):
            if number > 1:
                profile = _next_profile(rng, profile)
            # The SENDCo often writes the first version; the class teacher keeps it up to date.
            author = authors[0] if number == 1 else authors[-1]
            versions.append(
                PassportVersion(
                    pupil=draft.pupil,
                    school=school,
                    number=number,
                    created_by=author,
                    created_at=_at(rng, day),
                    **profile.fields(),
                )
            )
    PassportVersion.objects.bulk_create(versions, batch_size=BATCH_SIZE)
