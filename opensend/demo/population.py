"""Synthetic pupils for a planned trust: names, dates, characteristics, planned SEN, medical needs,
enrolments (including moves within the trust and leavers), classes and sets, UPNs and parents or
carers.

Drafting touches no database: it returns unsaved `Pupil` and `Contact` objects and plain records
of enrolments and groups, so tests can check the population without seeding it.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass, field

from opensend.pupils.models import Contact, Pupil, pupil_sort_key
from opensend.schools.models import NC_YEAR_ORDER

from .identifiers import UpnAllocator, random_uuid
from .medical import plan_medical_needs
from .people import ChildName, adult_forename, adult_name, ascii_slug, child_name, surname_for
from .plans import AGE_AT_START, REFERENCE_DATE, SET_SUBJECTS, SchoolPlan, TrustPlan, YearPlan, set_name
from .rates import (
    BOY_SHARE,
    CONTACT_EMAIL_RATE,
    EVER_6_ONLY_RATE,
    FSM_RATE,
    IN_YEAR_ARRIVAL_RATE,
    PARENTS_SHARE_SURNAME_RATE,
    SECOND_CONTACT_RATE,
)
from .sen import NURSERY_YEARS, Base, PlannedSen, Provision, plan_base_place, plan_sen
from .term_dates import CURRENT_START_YEAR, TERMS_2026_27, first_day, last_day, next_weekday, previous_weekday

LEAVING_REASONS = (
    "Moved out of the area",
    "Moved to a school in another local authority",
    "Elective home education",
    "Moved to an independent school",
    "Emigrated",
)
MOVED_WITHIN_TRUST = "Moved to another school in the trust"
TRANSFERRED_TO_SECONDARY = "Transferred to secondary school"
# How far pupils with SEN sit below their peers on the hidden score that places them in sets.
ATTAINMENT_GAP = {Provision.NONE: 0.0, Provision.SEN_SUPPORT: 0.8, Provision.EHC_PLAN: 1.2}


@dataclass
class EnrolmentDraft:
    school: str
    nc_year: str
    admission_date: datetime.date
    leaving_date: datetime.date | None = None
    leaving_reason: str = ""


@dataclass
class UpnSource:
    """The school that first gave the pupil a UPN, and in which year."""

    la_code: str
    establishment: str
    year: int


@dataclass
class PupilDraft:
    pupil: Pupil
    name: ChildName
    nc_year: str
    enrolments: list[EnrolmentDraft]
    upn_source: UpnSource
    sen: PlannedSen
    arrived_in_year: bool
    # A hidden score that places the pupil in teaching sets.
    attainment: float
    groups: list[str] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)

    @property
    def school(self) -> str:
        return self.enrolments[-1].school

    @property
    def on_roll(self) -> bool:
        return self.enrolments[-1].leaving_date is None


def draft_population(plan: TrustPlan, rng: random.Random) -> list[PupilDraft]:
    drafts = [draft for school in plan.schools for draft in _draft_school(plan, school, rng)]
    _add_feeder_transfers(plan, drafts, rng)
    _add_movers(plan, drafts, rng)
    drafts.extend(_draft_leavers(plan, rng))
    _allocate_upns(drafts)
    for draft in drafts:
        draft.contacts = draft_contacts(rng, draft)
        draft.pupil.medical_needs = plan_medical_needs(_own_stream(draft, "medical-needs"))
    return drafts


def _own_stream(draft: PupilDraft, purpose: str) -> random.Random:
    """A random stream for one pupil, from their public id (which the seed decides). Drawing from the
    shared stream instead would change every name, date and id drawn after it, staff's included."""
    return random.Random(f"{purpose}-{draft.pupil.public_id}")


def _draft_school(plan: TrustPlan, school: SchoolPlan, rng: random.Random) -> list[PupilDraft]:
    by_year = {
        year.nc_year: [
            _draft_pupil(plan, school, year.nc_year, rng, fsm=fsm) for fsm in _exact_share(rng, year.pupils, FSM_RATE)
        ]
        for year in school.years
    }
    everyone = [draft for drafts in by_year.values() for draft in drafts]
    _place_in_base(school, everyone, rng)
    _mark_care_status(school, everyone, rng)
    for year in school.years:
        _assign_forms(by_year[year.nc_year], year)
        _assign_sets(by_year[year.nc_year], year, rng)
    return everyone


def _exact_share(rng: random.Random, count: int, rate: float) -> list[bool]:
    """`count` flags of which round(count * rate) are set, in random order: a year group's FSM
    share comes out as planned instead of drifting a few points with chance."""
    flags = [index < round(count * rate) for index in range(count)]
    rng.shuffle(flags)
    return flags


def _draft_pupil(plan: TrustPlan, school: SchoolPlan, nc_year: str, rng: random.Random, *, fsm: bool) -> PupilDraft:
    sex = "M" if rng.random() < BOY_SHARE else "F"
    name = child_name(rng, sex)
    pupil = Pupil(
        public_id=random_uuid(rng),
        legal_surname=name.surname,
        legal_forename=name.forename,
        preferred_forename=name.preferred,
        date_of_birth=_date_of_birth(rng, nc_year),
        sex=sex,
        free_school_meals=fsm,
        english_additional_language=rng.random() < name.heritage.eal_rate,
        pupil_premium=fsm or rng.random() < EVER_6_ONLY_RATE,
    )
    # bulk_create skips save(), which is where the model computes its sort key.
    pupil.sort_key = pupil_sort_key(pupil.legal_surname, pupil.legal_forename, pupil.public_id)
    sen = plan_sen(rng, nc_year=nc_year, sex=sex, fsm=fsm)
    admission, source, arrived_in_year = _admission(plan, school, nc_year, rng)
    return PupilDraft(
        pupil=pupil,
        name=name,
        nc_year=nc_year,
        enrolments=[EnrolmentDraft(school.slug, nc_year, admission)],
        upn_source=source,
        sen=sen,
        arrived_in_year=arrived_in_year,
        attainment=rng.gauss(0.0, 1.0),
    )


def _date_of_birth(rng: random.Random, nc_year: str) -> datetime.date:
    # A year group holds the children born from 1 September to 31 August.
    born_from = datetime.date(CURRENT_START_YEAR - AGE_AT_START[nc_year] - 1, 9, 1)
    born_to = datetime.date(CURRENT_START_YEAR - AGE_AT_START[nc_year], 8, 31)
    return born_from + datetime.timedelta(days=rng.randrange((born_to - born_from).days + 1))


def _years_in_school(school: SchoolPlan, nc_year: str) -> int:
    return NC_YEAR_ORDER[nc_year] - NC_YEAR_ORDER[school.entry_year]


def _reception_year(nc_year: str) -> int:
    """The academic year in which a pupil now in `nc_year` started (or will start) reception."""
    return CURRENT_START_YEAR - (AGE_AT_START[nc_year] - AGE_AT_START["R"])


def _admission(
    plan: TrustPlan, school: SchoolPlan, nc_year: str, rng: random.Random
) -> tuple[datetime.date, UpnSource, bool]:
    """When the pupil joined the school, and where their UPN came from."""
    years_in_school = _years_in_school(school, nc_year)
    joined = CURRENT_START_YEAR - years_in_school
    if years_in_school > 0 and rng.random() < IN_YEAR_ARRIVAL_RATE:
        start = first_day(joined, inset_days=school.inset_days)
        day = next_weekday(start + datetime.timedelta(days=rng.randrange(1, (REFERENCE_DATE - start).days)))
        day = min(day, previous_weekday(REFERENCE_DATE - datetime.timedelta(days=1)))
        # They started school outside the trust, which gave them their UPN.
        allocated = min(_reception_year(nc_year), day.year)
        outside = UpnSource(rng.choice(plan.external_la_codes), str(rng.randrange(2000, 4000)), allocated)
        return day, outside, True
    admission = first_day(joined, inset_days=school.inset_days)
    if school.feeder_establishments:
        feeder = rng.choice(school.feeder_establishments)
        return admission, UpnSource(school.la_code, feeder, _reception_year(nc_year)), False
    return admission, UpnSource(school.la_code, school.establishment_number, joined), False


def _place_in_base(school: SchoolPlan, drafts: list[PupilDraft], rng: random.Random) -> None:
    if not school.base_pupils:
        return
    base = Base.RESOURCED_PROVISION if school.resourced_provision_name else Base.SEN_UNIT
    candidates = [draft for draft in drafts if draft.nc_year not in NURSERY_YEARS]
    for draft in rng.sample(candidates, min(school.base_pupils, len(candidates))):
        draft.sen = plan_base_place(rng, nc_year=draft.nc_year, base=base)


def _mark_care_status(school: SchoolPlan, drafts: list[PupilDraft], rng: random.Random) -> None:
    wanted = min(school.looked_after + school.previously_looked_after, len(drafts))
    chosen = rng.sample(drafts, wanted)
    for index, draft in enumerate(chosen):
        if index < school.looked_after:
            draft.pupil.looked_after = True
        else:
            draft.pupil.previously_looked_after = True
        # Looked-after and previously looked-after children attract Pupil Premium Plus.
        draft.pupil.pupil_premium = True


def _assign_forms(drafts: list[PupilDraft], year: YearPlan) -> None:
    # Drafts arrive in random order already, so dealing them out gives mixed, even classes.
    for index, draft in enumerate(drafts):
        draft.groups.append(year.forms[index % len(year.forms)])


def _assign_sets(drafts: list[PupilDraft], year: YearPlan, rng: random.Random) -> None:
    if not year.sets_per_subject or not drafts:
        return
    for code, _ in SET_SUBJECTS:
        # Each subject ranks pupils a little differently; pupils with SEN cluster in lower sets.
        scores = [draft.attainment - ATTAINMENT_GAP[draft.sen.provision] + rng.gauss(0.0, 0.5) for draft in drafts]
        ranked = sorted(range(len(drafts)), key=lambda index: -scores[index])
        for rank, index in enumerate(ranked):
            number = 1 + rank * year.sets_per_subject // len(drafts)
            drafts[index].groups.append(set_name(year.nc_year, code, number))


def _add_feeder_transfers(plan: TrustPlan, drafts: list[PupilDraft], rng: random.Random) -> None:
    """Some of last July's leavers from a trust primary are in the trust's secondary now."""
    for school in plan.schools:
        if not (school.feeder_school and school.feeder_pupils):
            continue
        feeder = plan.school(school.feeder_school)
        last_year = feeder.years[-1].nc_year
        joined_feeder = CURRENT_START_YEAR - 1 - _years_in_school(feeder, last_year)
        candidates = [
            draft
            for draft in drafts
            if draft.school == school.slug and draft.nc_year == school.entry_year and not draft.arrived_in_year
        ]
        for draft in rng.sample(candidates, min(school.feeder_pupils, len(candidates))):
            past = EnrolmentDraft(
                feeder.slug,
                last_year,
                first_day(joined_feeder),
                last_day(CURRENT_START_YEAR - 1),
                TRANSFERRED_TO_SECONDARY,
            )
            draft.enrolments.insert(0, past)
            draft.upn_source = UpnSource(feeder.la_code, feeder.establishment_number, joined_feeder)


def _add_movers(plan: TrustPlan, drafts: list[PupilDraft], rng: random.Random) -> None:
    """A few pupils moved from one school of the trust to another at October half term."""
    if not plan.movers:
        return
    schools_by_year: dict[str, list[SchoolPlan]] = defaultdict(list)
    for school in plan.schools:
        for year in school.years:
            schools_by_year[year.nc_year].append(school)
    candidates = [
        draft
        for draft in drafts
        if len(draft.enrolments) == 1 and not draft.arrived_in_year and len(schools_by_year[draft.nc_year]) > 1
    ]
    autumn = TERMS_2026_27[0]
    left = previous_weekday(autumn.half_term_starts_on - datetime.timedelta(days=1))
    arrived = next_weekday(autumn.half_term_ends_on + datetime.timedelta(days=1))
    for draft in rng.sample(candidates, min(plan.movers, len(candidates))):
        current = draft.enrolments[-1]
        previous = rng.choice([school for school in schools_by_year[draft.nc_year] if school.slug != current.school])
        draft.enrolments.insert(
            0, EnrolmentDraft(previous.slug, draft.nc_year, current.admission_date, left, MOVED_WITHIN_TRUST)
        )
        current.admission_date = arrived
        if not previous.feeder_establishments:
            draft.upn_source = UpnSource(previous.la_code, previous.establishment_number, draft.upn_source.year)


def _draft_leavers(plan: TrustPlan, rng: random.Random) -> list[PupilDraft]:
    """Pupils who left the trust this term: on no class list, kept for their records."""
    leavers = []
    for _ in range(plan.leavers):
        school = rng.choice(plan.schools)
        nc_year = rng.choice(school.years).nc_year
        draft = _draft_pupil(plan, school, nc_year, rng, fsm=rng.random() < FSM_RATE)
        enrolment = draft.enrolments[-1]
        earliest = max(enrolment.admission_date, first_day(CURRENT_START_YEAR, inset_days=school.inset_days))
        days = max((REFERENCE_DATE - earliest).days - 3, 1)
        enrolment.leaving_date = previous_weekday(earliest + datetime.timedelta(days=rng.randrange(days)))
        enrolment.leaving_date = max(enrolment.leaving_date, enrolment.admission_date)
        enrolment.leaving_reason = rng.choice(LEAVING_REASONS)
        leavers.append(draft)
    return leavers


def _allocate_upns(drafts: list[PupilDraft]) -> None:
    allocator = UpnAllocator()
    for draft in drafts:
        source = draft.upn_source
        draft.pupil.upn = allocator.allocate(
            la_code=source.la_code, establishment=source.establishment, year=source.year
        )


def _phone(rng: random.Random) -> str:
    # Ofcom keeps 07700 900000-900999 for drama, so these numbers reach nobody.
    return f"07700 900{rng.randrange(1000):03d}"


def _email(rng: random.Random, forename: str, surname: str) -> str:
    if rng.random() >= CONTACT_EMAIL_RATE:
        return ""
    return f"{ascii_slug(forename)}.{ascii_slug(surname)}{rng.randrange(10, 100)}@example.com"


def _contact(
    rng: random.Random, *, name: tuple[str, str], relationship: str, priority: int, responsibility: bool
) -> Contact:
    forename, surname = name
    return Contact(
        name=f"{forename} {surname}",
        relationship=relationship,
        parental_responsibility=responsibility,
        priority=priority,
        phone=_phone(rng),
        email=_email(rng, forename, surname),
    )


def _parent_name(rng: random.Random, draft: PupilDraft, sex: str) -> tuple[str, str]:
    family = draft.name.family_name
    if sex == "F" and rng.random() >= PARENTS_SHARE_SURNAME_RATE:
        family = rng.choice(draft.name.heritage.surnames)
    return adult_forename(rng, sex, draft.name.heritage), surname_for(family, sex)


def draft_contacts(rng: random.Random, draft: PupilDraft) -> list[Contact]:
    if draft.pupil.looked_after:
        return _looked_after_contacts(rng, draft)
    # Adoptive parents and special guardians are simply the child's parents now.
    adopted = draft.pupil.previously_looked_after
    sex, relationship = rng.choices(
        (
            ("F", Contact.Relationship.MOTHER),
            ("M", Contact.Relationship.FATHER),
            ("F", Contact.Relationship.GRANDPARENT),
        ),
        weights=(76, 18, 6),
    )[0]
    if adopted:
        relationship = Contact.Relationship.PARENT
    responsibility = relationship != Contact.Relationship.GRANDPARENT
    contacts = [
        _contact(
            rng,
            name=_parent_name(rng, draft, sex),
            relationship=relationship,
            priority=1,
            responsibility=responsibility,
        )
    ]
    if responsibility and rng.random() < SECOND_CONTACT_RATE:
        other_sex = "M" if sex == "F" else "F"
        other = Contact.Relationship.PARENT if adopted else _parent_relationship(other_sex)
        contacts.append(
            _contact(rng, name=_parent_name(rng, draft, other_sex), relationship=other, priority=2, responsibility=True)
        )
    return contacts


def _parent_relationship(sex: str) -> str:
    return Contact.Relationship.MOTHER if sex == "F" else Contact.Relationship.FATHER


def _looked_after_contacts(rng: random.Random, draft: PupilDraft) -> list[Contact]:
    # The local authority shares parental responsibility; foster carers do not hold it.
    return [
        _contact(
            rng,
            name=adult_name(rng, "F"),
            relationship=Contact.Relationship.FOSTER_CARER,
            priority=1,
            responsibility=False,
        ),
        _contact(
            rng,
            name=adult_name(rng, rng.choice("FM")),
            relationship=Contact.Relationship.SOCIAL_WORKER,
            priority=2,
            responsibility=False,
        ),
        _contact(
            rng,
            name=_parent_name(rng, draft, "F"),
            relationship=Contact.Relationship.MOTHER,
            priority=3,
            responsibility=True,
        ),
    ]
