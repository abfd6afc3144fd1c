"""Demo data for the designated teacher's register and PEPs.

At each school, every pupil the population marked looked after or previously looked after goes on
the register with their care authority, legal status, placement, social worker and Virtual School
contacts, and the dated history of entering (and, for those previously looked after, leaving) care
under an adoption, special guardianship or child arrangements order. The looked-after pupils have
PEPs a term apart, each with attainment, attendance, SEN from the register, the child's voice,
targets with progress and Pupil Premium Plus spending: the first is up to date, the second has a
PEP overdue, and the third had their last PEP on the day of their EHC plan's annual review (at
Riverside one of the three is a pupil with a plan and a review held, so both are shown together).

Bulk-created without audit events, from the given random stream; the dates are fixed relative to
the reference date. seed_scale's trusts get the same shape."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from opensend.ehc.models import AnnualReview, LocalAuthority
from opensend.lac.models import (
    Arrangement,
    CareEvent,
    CareRecord,
    CareStatus,
    LegalStatus,
    Pep,
    PepTarget,
    Placement,
    PpPlusSpend,
)
from opensend.pupils.models import Pupil

from .identifiers import random_uuid
from .plans import REFERENCE_DATE

ORDER = 60
TODAY = REFERENCE_DATE
TERM = datetime.timedelta(weeks=13)

SOCIAL_WORKERS = ("Hannah Pearce", "Oluwaseun Ade", "Gemma Rowley", "Imran Siddiqui", "Bethany Cole", "Luke Marsh")
VIRTUAL_SCHOOL = ("Rachel Dunmore", "Peter Okonjo", "Sian Hughes")
ATTAINMENT = (
    "Working at the expected standard in reading; working towards in writing and maths.",
    "Reading age 18 months below chronological age; phonics now secure. Maths close to expected.",
    "Strong progress in maths since the last PEP. Writing stamina still limits longer pieces.",
)
VOICES = (
    "I like it when Miss sits with me at the start of maths. I want to be in the football team.",
    "Art club is my favourite. Sometimes the classroom is too noisy and I need my quiet space.",
    "I want to get better at reading so I can read to my little sister.",
)
TARGETS = (
    "Read a short chapter book independently and talk about it with an adult.",
    "Use a word bank to write four sentences without help.",
    "Know number bonds to 20 and use them in problems.",
    "Ask for help using the help card instead of leaving the room.",
)
SPENDING = (
    ("One-to-one maths tutoring, weekly for the term", Decimal("450.00")),
    ("Art therapy sessions", Decimal("300.00")),
    ("Reading books and a home reading pack", Decimal("60.00")),
    ("Contribution to the residential trip", Decimal("120.00")),
)
PLAC_ARRANGEMENTS = (Arrangement.ADOPTION, Arrangement.SPECIAL_GUARDIANSHIP, Arrangement.CHILD_ARRANGEMENTS)


def _on_roll(result, slug: str) -> list[Pupil]:
    """The school's looked-after and previously looked-after pupils, in a stable order."""
    drafts = [
        draft
        for draft in result.pupils
        if (draft.pupil.looked_after or draft.pupil.previously_looked_after)
        and draft.enrolments[-1].school == slug
        and draft.enrolments[-1].leaving_date is None
    ]
    return [draft.pupil for draft in sorted(drafts, key=lambda draft: draft.pupil.pk)]


def _review_to_share(school, pupils: list[Pupil]) -> AnnualReview | None:
    """A held annual review, at the school, of a pupil with an EHC plan: the third looked-after pupil
    becomes that pupil so the demo shows a PEP held with a review."""
    reviews = AnnualReview.objects.filter(
        plan__school=school, held=True, meeting_on__lt=TODAY, meeting_on__gt=TODAY - TERM
    ).select_related("plan__pupil")
    mine = [review for review in reviews if review.plan.pupil in pupils]
    if mine:
        return mine[0]
    return reviews.order_by("-meeting_on", "pk").first()


def _make_looked_after(pupil: Pupil, replacing: Pupil) -> None:
    Pupil.objects.filter(pk=replacing.pk).update(looked_after=False)
    Pupil.objects.filter(pk=pupil.pk).update(looked_after=True, previously_looked_after=False, pupil_premium=True)
    pupil.looked_after, pupil.previously_looked_after = True, False


def _contacts(rng: random.Random, slug: str) -> dict:
    worker, virtual = rng.choice(SOCIAL_WORKERS), rng.choice(VIRTUAL_SCHOOL)
    return {
        "social_worker_name": worker,
        "social_worker_email": f"{worker.split()[0].lower()}.{worker.split()[1].lower()}@{slug}.example.gov.uk",
        "social_worker_phone": f"01{rng.randint(100, 999)} {rng.randint(100000, 999999)}",
        "virtual_school_name": virtual,
        "virtual_school_email": f"virtual.school@{slug}.example.gov.uk",
        "virtual_school_phone": f"01{rng.randint(100, 999)} {rng.randint(100000, 999999)}",
    }


def _pep(rng, record: CareRecord, kind: str, on: datetime.date, review: AnnualReview | None = None) -> Pep:
    return Pep(
        public_id=random_uuid(rng),
        record=record,
        kind=kind,
        meeting_on=on,
        attendees="Designated teacher\nClass teacher\nSocial worker\nCarer\nVirtual School adviser",
        attainment=rng.choice(ATTAINMENT),
        attendance_percent=Decimal(str(round(rng.uniform(86, 99), 1))),
        sen="On the SEN register: see the pupil's plan." if review else "",
        child_voice=rng.choice(VOICES),
        pp_plus_allocated=Decimal("850.00"),
        annual_review=review,
    )


def _peps(rng, record: CareRecord, shape: str, review: AnnualReview | None) -> list[Pep]:
    """PEPs a term apart up to the last: recent, overdue (more than two terms ago) or on the review's day."""
    if shape == "with-review" and review is not None:
        last = review.meeting_on
    elif shape == "overdue":
        last = TODAY - datetime.timedelta(weeks=34)
    else:
        last = TODAY - datetime.timedelta(weeks=rng.randint(3, 8))
    dates = [day for day in (last - TERM * back for back in range(2, -1, -1)) if day > record.entered_care_on]
    return [
        _pep(
            rng,
            record,
            Pep.Kind.REVIEW,  # the PEPs before these were made at an earlier school
            on,
            review if shape == "with-review" and index == len(dates) - 1 else None,
        )
        for index, on in enumerate(dates)
    ]


def _lines(rng, peps: list[Pep]) -> tuple[list[PepTarget], list[PpPlusSpend]]:
    targets, spending = [], []
    for number, pep in enumerate(peps):
        latest = number == len(peps) - 1
        for description in rng.sample(TARGETS, 2):
            progress = (
                PepTarget.Progress.WORKING
                if latest
                else rng.choice([PepTarget.Progress.ACHIEVED, PepTarget.Progress.WORKING])
            )
            targets.append(PepTarget(public_id=random_uuid(rng), pep=pep, description=description, progress=progress))
        for purpose, amount in rng.sample(SPENDING, 2):
            spending.append(PpPlusSpend(pep=pep, purpose=purpose, amount=amount))
    return targets, spending


def _seed_school(result, rng: random.Random, slug: str, school, authorities: list[LocalAuthority]) -> None:
    pupils = _on_roll(result, slug)
    looked_after = [pupil for pupil in pupils if pupil.looked_after]
    previously = [pupil for pupil in pupils if pupil.previously_looked_after]
    review = _review_to_share(school, pupils) if len(looked_after) >= 3 else None
    if review is not None and review.plan.pupil not in looked_after:
        if review.plan.pupil in previously:
            previously.remove(review.plan.pupil)
        _make_looked_after(review.plan.pupil, replacing=looked_after[2])
        looked_after[2] = review.plan.pupil
    shapes = ("recent", "overdue", "with-review")
    records, events, peps = [], [], []
    for index, pupil in enumerate(looked_after):
        entered = TODAY - datetime.timedelta(weeks=rng.randint(60, 150))
        authority = rng.choice(authorities) if authorities else None
        record = CareRecord(
            public_id=random_uuid(rng), pupil=pupil, school=school, status=CareStatus.LOOKED_AFTER,
            care_authority=authority, care_authority_name="" if authority else "Kirklees", entered_care_on=entered,
            legal_status=rng.choice([LegalStatus.CARE_ORDER, LegalStatus.CARE_ORDER, LegalStatus.SECTION_20]),
            placement=rng.choice([Placement.FOSTER, Placement.FOSTER, Placement.KINSHIP]),
            pep_initiated_on=entered + datetime.timedelta(days=9), **_contacts(rng, slug),
        )  # fmt: skip
        records.append(record)
        events.append(
            CareEvent(record=record, kind=CareEvent.Kind.ENTERED, on=entered, detail=record.get_legal_status_display())
        )
        peps += _peps(rng, record, shapes[index % 3], review if index == 2 else None)
    for index, pupil in enumerate(previously):
        entered = TODAY - datetime.timedelta(weeks=rng.randint(300, 420))
        left = entered + datetime.timedelta(weeks=rng.randint(60, 120))
        arrangement = PLAC_ARRANGEMENTS[index % len(PLAC_ARRANGEMENTS)]
        record = CareRecord(
            public_id=random_uuid(rng), pupil=pupil, school=school, status=CareStatus.PREVIOUSLY,
            entered_care_on=entered, left_care_on=left, arrangement=arrangement, arrangement_on=left,
        )  # fmt: skip
        records.append(record)
        events.append(CareEvent(record=record, kind=CareEvent.Kind.ENTERED, on=entered))
        events.append(CareEvent(record=record, kind=CareEvent.Kind.ARRANGEMENT, on=left, detail=arrangement.label))
    CareRecord.objects.bulk_create(records)
    CareEvent.objects.bulk_create(events)
    Pep.objects.bulk_create(peps)
    targets, spending = _lines(rng, peps)
    PepTarget.objects.bulk_create(targets)
    PpPlusSpend.objects.bulk_create(spending)


def seed(result, rng: random.Random) -> None:
    authorities = list(LocalAuthority.objects.filter(trust=result.written.trust).order_by("code"))
    for school_plan in result.plan.schools:
        school = result.written.schools[school_plan.slug]
        _seed_school(result, rng, school_plan.slug, school, authorities)
