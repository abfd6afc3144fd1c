"""Demo data for EHC needs assessments: the local authorities the trust deals with (its own and the
ones its pupils came from), and at each school a request for an EHC needs assessment at every step
of the statutory clock on the demo's "today": waiting for a decision (one due soon, one overdue),
refused with the appeal window open, being assessed (the school's advice due), one delayed by a
reg 10(4) exception over the summer holiday, a draft plan out for comments, assessed with no plan,
and a plan issued.

Bulk-created without audit events, from the given random stream; the dates are fixed relative to
the reference date so every deadline status shows. seed_scale's trusts get the same shape."""

from __future__ import annotations

import datetime
import random

from opensend.ehc.models import AssessmentRequest, Decision, Exception10_4, LocalAuthority, MadeBy
from opensend.register.models import SenStatus

from .identifiers import random_uuid
from .plans import REFERENCE_DATE
from .sen import Provision

ORDER = 50
TODAY = REFERENCE_DATE
WEEK = datetime.timedelta(weeks=1)
DAY = datetime.timedelta(days=1)

LA_NAMES = {
    "925": "Lincolnshire",
    "886": "Kent",
    "212": "Wandsworth",
    "873": "Cambridgeshire",
}
LOCAL_VARIATIONS = {
    "925": "Requests through the online portal only. Panel meets every other Wednesday; send the "
    "evidence bundle at least a week before.",
    "886": "Copy the area SEN officer into every email. Annual review paperwork uses the county's own template.",
    "212": "Paper requests accepted. The SEND team asks for the last two APDR cycles with their reviews.",
    "873": "Advice requests come from the EHC coordinator by email; reply to the shared mailbox.",
}


def _weeks_ago(weeks: float) -> datetime.date:
    return TODAY - datetime.timedelta(days=round(weeks * 7))


def _stages() -> list[dict]:
    """One request per step of the process, as the fields each would hold on the reference date."""
    summer = datetime.date(TODAY.year, 7, 15)  # a week before the summer holiday
    return [
        {"requested_on": _weeks_ago(4.5), "made_by": MadeBy.SCHOOL},
        {"requested_on": _weeks_ago(7), "made_by": MadeBy.PARENT},
        {
            "requested_on": _weeks_ago(9),
            "decision": Decision.REFUSED,
            "decision_on": _weeks_ago(3),
        },
        {
            "requested_on": _weeks_ago(10),
            "decision": Decision.ASSESS,
            "decision_on": _weeks_ago(5),
            "advice_requested_on": _weeks_ago(5),
        },
        {
            "requested_on": summer - 8 * WEEK,
            "decision": Decision.ASSESS,
            "decision_on": summer - 2 * WEEK,
            "advice_requested_on": summer,
            "advice_sent_on": summer + 9 * WEEK,
            "exception": Exception10_4.SCHOOL_CLOSED,
            "exception_details": "The local authority asked for the school's advice on 15 July, a week before "
            "the school closed for the summer holiday.",
        },
        {
            "requested_on": _weeks_ago(15),
            "decision": Decision.ASSESS,
            "decision_on": _weeks_ago(10),
            "advice_requested_on": _weeks_ago(10),
            "advice_sent_on": _weeks_ago(6),
            "draft_plan_on": _weeks_ago(1),
            "naming_consulted_on": _weeks_ago(1) + DAY,
        },
        {
            "requested_on": _weeks_ago(18),
            "decision": Decision.ASSESS,
            "decision_on": _weeks_ago(13),
            "advice_requested_on": _weeks_ago(13),
            "advice_sent_on": _weeks_ago(8),
            "no_plan_on": _weeks_ago(2.5),
        },
        {
            "requested_on": _weeks_ago(22),
            "decision": Decision.ASSESS,
            "decision_on": _weeks_ago(17),
            "advice_requested_on": _weeks_ago(17),
            "advice_sent_on": _weeks_ago(12),
            "draft_plan_on": _weeks_ago(6),
            "naming_consulted_on": _weeks_ago(6) + DAY,
            "naming_response_on": _weeks_ago(5),
            "final_plan_on": _weeks_ago(3),
        },
    ]


def _authorities(result, rng: random.Random) -> dict[str, LocalAuthority]:
    codes = sorted({school.la_code for school in result.plan.schools} | set(result.plan.external_la_codes))
    authorities = [
        LocalAuthority(
            trust=result.written.trust,
            public_id=random_uuid(rng),
            code=code,
            name=LA_NAMES.get(code, f"Local authority {code}"),
            send_team_email=f"send.team@la{code}.example.gov.uk",
            send_team_phone=f"01{rng.randint(100, 999)} {rng.randint(100000, 999999)}",
            portal_url=f"https://send.la{code}.example.gov.uk",
            local_variations=LOCAL_VARIATIONS.get(code, ""),
        )
        for code in codes
    ]
    LocalAuthority.objects.bulk_create(authorities)
    return {authority.code: authority for authority in authorities}


def _candidates(result) -> dict[str, list]:
    """On-roll pupils on SEN support, by school (the ones a school would ask to have assessed)."""
    on_support = set(
        SenStatus.objects.filter(
            pupil__trust=result.written.trust, end_date__isnull=True, provision=Provision.SEN_SUPPORT.value
        ).values_list("pupil_id", flat=True)
    ) or {draft.pupil.pk for draft in result.pupils if draft.sen.provision == Provision.SEN_SUPPORT.value}
    by_school: dict[str, list] = {}
    for draft in result.pupils:
        if draft.on_roll and draft.pupil.pk in on_support and draft.nc_year not in ("N1", "N2"):
            by_school.setdefault(draft.school, []).append(draft)
    return by_school


def seed(result, rng: random.Random) -> None:
    authorities = _authorities(result, rng)
    candidates = _candidates(result)
    requests = []
    for school_plan in result.plan.schools:
        school = result.written.schools[school_plan.slug]
        pupils = candidates.get(school_plan.slug, [])
        stages = _stages()
        # The home LA takes most requests; one goes to another LA, as for a pupil living over the border.
        others = [code for code in authorities if code != school_plan.la_code] or [school_plan.la_code]
        # A small school may have fewer pupils on SEN support than there are steps: the later steps go.
        chosen = rng.sample(pupils, min(len(pupils), len(stages)))
        for index, (draft, fields) in enumerate(zip(chosen, stages[: len(chosen)], strict=True)):
            code = rng.choice(others) if index == 3 else school_plan.la_code
            requests.append(
                AssessmentRequest(
                    public_id=random_uuid(rng),
                    pupil=draft.pupil,
                    school=school,
                    local_authority=authorities[code],
                    **fields,
                )
            )
    AssessmentRequest.objects.bulk_create(requests)
