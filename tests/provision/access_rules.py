"""Who reaches each page of provision: the library is read by everyone who works on SEND and by
those who see costs; the SENDCo and the assistant change it and all provision. The matrix's
provision is delivered by the TA to the matrix's pupil (whom the teacher teaches): the TA logs it,
the teacher sees it."""

from __future__ import annotations

import datetime

from opensend.provision.models import Cover, Member, Observation, Provision, Slot

from ..access_matrix import OVERVIEW_READERS, SEN_READERS, TAUGHT_PUPIL_SEN_READERS, R, allowed
from .factories import InterventionFactory

INTERVENTION_READERS = SEN_READERS | {R.BUSINESS_MANAGER}
PROVISION_MANAGERS = {R.SENDCO, R.ASSISTANT_SENDCO}
# Who sees what provision costs: staff hourly costs and the notional SEN budget.
COST_READERS = {R.SENDCO, R.HEAD, R.BUSINESS_MANAGER}

RULES = {
    "provision:library": allowed(INTERVENTION_READERS),
    "provision:intervention": allowed(INTERVENTION_READERS),
    "provision:intervention-add": allowed(PROVISION_MANAGERS),
    "provision:intervention-edit": allowed(PROVISION_MANAGERS),
    "provision:intervention-archive": allowed(PROVISION_MANAGERS),
    # The matrix's intervention is the school's own: copying it is refused with a message, sharing
    # it puts a copy in the trust library; both send the manager back to an intervention page.
    "provision:intervention-copy": allowed(PROVISION_MANAGERS, method="post", ok=302, data={}),
    "provision:intervention-share": allowed(PROVISION_MANAGERS, method="post", ok=302, data={}),
    # Everyone who reads SEND records sees the list, filtered to what they may see.
    "provision:list": allowed(SEN_READERS),
    "provision:add": allowed(PROVISION_MANAGERS),
    # Those who see every pupil, the one who delivers it and the teacher of its pupil.
    "provision:detail": allowed(TAUGHT_PUPIL_SEN_READERS),
    "provision:edit": allowed(PROVISION_MANAGERS),
    "provision:archive": allowed(PROVISION_MANAGERS),
    "provision:slot-add": allowed(PROVISION_MANAGERS),
    "provision:slot-remove": allowed(PROVISION_MANAGERS, method="post", ok=302, data={}),
    "provision:member-add": allowed(PROVISION_MANAGERS),
    "provision:member-leave": allowed(PROVISION_MANAGERS),
    "provision:log": allowed(PROVISION_MANAGERS | {R.TA}),
    "provision:member-results": allowed(PROVISION_MANAGERS | {R.TA}),
    "provision:outcome-scale": allowed(PROVISION_MANAGERS),
    "provision:impact": allowed(OVERVIEW_READERS),
    "provision:trust-impact": allowed({R.TRUST_LEAD}),
    "provision:pupil": allowed(TAUGHT_PUPIL_SEN_READERS),
    "provision:staff-costs": allowed(COST_READERS),
    "provision:staff-cost": allowed(COST_READERS),
    "provision:budget": allowed(COST_READERS),
    # The map for those who see the school overview: money only for COST_READERS, pupils and groups
    # only for those who see every provision (tests/provision/test_cost_pages.py).
    "provision:map": allowed(OVERVIEW_READERS),
    "provision:map-xlsx": allowed(OVERVIEW_READERS),
    "provision:map-pdf": allowed(OVERVIEW_READERS),
    "provision:history": allowed(TAUGHT_PUPIL_SEN_READERS),
    "provision:history-pdf": allowed(TAUGHT_PUPIL_SEN_READERS),
    "provision:trust-map": allowed({R.TRUST_LEAD}),
    # Staff deployment: the SENDCo and the assistant see and change the team's week; the matrix's
    # person is the TA, who sees their own week and the observation of them.
    "provision:timetable": allowed(PROVISION_MANAGERS),
    "provision:staff-timetable": allowed(PROVISION_MANAGERS | {R.TA}),
    "provision:staff-hours": allowed(PROVISION_MANAGERS),
    "provision:slot-staff": allowed(PROVISION_MANAGERS),
    "provision:cover-add": allowed(PROVISION_MANAGERS),
    "provision:cover-cancel": allowed(PROVISION_MANAGERS),
    "provision:observation-add": allowed(PROVISION_MANAGERS),
    "provision:observation": allowed(PROVISION_MANAGERS | {R.TA}),
    "provision:observations": allowed(PROVISION_MANAGERS),
}


def url_kwargs(cast) -> dict:
    intervention = InterventionFactory(school=cast.school, name="Matrix reading group")
    provision = Provision.objects.create(
        school=cast.school,
        intervention=intervention,
        name="Reading group",
        starts_on=datetime.date(2026, 9, 7),
        ends_on=datetime.date(2030, 7, 19),
    )
    provision.staff.set([cast["ta"]])
    # A Monday session in the past, to log.
    slot = Slot.objects.create(provision=provision, weekday=0, starts_at=datetime.time(9, 15), minutes=20)
    member = Member.objects.create(provision=provision, pupil=cast.taught_pupil, joined_on=datetime.date(2026, 9, 7))
    cover = Cover.objects.create(
        provision=provision,
        slot=slot,
        on_date=datetime.date(2026, 9, 21),
        starts_at=slot.starts_at,
        minutes=slot.minutes,
        covered_by=cast["assistant-sendco"],
        replaces=cast["ta"],
        reason=Cover.Reason.TRAINING,
        created_by=cast["sendco"],
    )
    observation = Observation.objects.create(
        provision=provision,
        staff=cast["ta"],
        observer=cast["sendco"],
        observed_on=datetime.date(2026, 9, 14),
        seen="Phonics warm-up",
        strengths="Pace",
        next_steps="More modelling",
    )
    return {
        "cover_id": cover.public_id,
        "observation_id": observation.public_id,
        "intervention_id": intervention.public_id,
        "provision_id": provision.public_id,
        "slot_id": slot.pk,
        "member_id": member.pk,
        "day": "2026-09-14",
        # The staff member whose hourly cost or timetable is opened: the TA who delivers the
        # matrix's provision.
        "user_id": cast["ta"].public_id,
    }
