"""Demo data for EHC needs assessments, plans and annual reviews.

- The local authorities the trust deals with: its own and the ones its pupils came from.
- For each pupil with an EHC plan, the plan (most from the home local authority, some from others)
  with its reviews done, due, overdue or under amendment, and the Year 6 and Year 11 plans'
  phase transfers.
- At each school, a request for an EHC needs assessment at every step of the statutory clock on the
  demo's "today": waiting for a decision (one due soon, one overdue), refused with the appeal window
  open, being assessed (the school's advice due), one delayed by a reg 10(4) exception over the
  summer holiday, a draft plan out for comments, assessed with no plan, and a plan issued.

Bulk-created without audit events, from the given random stream; the dates are fixed relative to
the reference date so every deadline status shows. seed_scale's trusts get the same shape."""

from __future__ import annotations

import datetime
import random

from opensend.ehc.models import (
    AnnualReview,
    AssessmentRequest,
    Decision,
    Exception10_4,
    LocalAuthority,
    MadeBy,
    Plan,
    ReviewDecision,
    Transfer,
)
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


def _on_roll_with(result, provision: Provision) -> dict[str, list]:
    """On-roll pupils with this SEN provision, by school: from the register if it has been seeded,
    else from the demo's planned SEN."""
    pupils = set(
        SenStatus.objects.filter(
            pupil__trust=result.written.trust, end_date__isnull=True, provision=provision.value
        ).values_list("pupil_id", flat=True)
    ) or {draft.pupil.pk for draft in result.pupils if draft.sen.provision == provision.value}
    by_school: dict[str, list] = {}
    for draft in result.pupils:
        if draft.on_roll and draft.pupil.pk in pupils and draft.nc_year not in ("N1", "N2"):
            by_school.setdefault(draft.school, []).append(draft)
    return by_school


# Pupils with a plan: how their review stands on the reference date, in rough proportions.
REVIEW_STATES = ("done", "done", "done", "due-soon", "invitations-due", "overdue", "amending", "first-year")
TRANSFER_YEARS = {"6": Transfer.OTHER, "11": Transfer.POST16}


def _plan_and_reviews(rng: random.Random, draft, school, authority) -> tuple[Plan, list[AnnualReview]]:
    state = rng.choice(REVIEW_STATES)
    if state == "first-year":
        issued = TODAY - datetime.timedelta(weeks=rng.randint(8, 40))
    elif state == "overdue":
        issued = TODAY - datetime.timedelta(weeks=rng.randint(120, 140))
    else:
        issued = TODAY - datetime.timedelta(weeks=rng.randint(60, 150))
    plan = Plan(
        public_id=random_uuid(rng), pupil=draft.pupil, school=school, local_authority=authority, issued_on=issued
    )
    transfer = TRANSFER_YEARS.get(draft.nc_year)
    if transfer:
        plan.transfer, plan.transfer_on = transfer, datetime.date(TODAY.year + 1, 9, 1)
    reviews = []
    if state in ("done", "overdue", "amending"):
        # Last year's review, held and finished (for an overdue plan, more than a year ago).
        meeting = TODAY - datetime.timedelta(weeks=rng.randint(56, 60) if state == "overdue" else rng.randint(8, 40))
        if meeting > issued:
            reviews.append(_held_review(rng, plan, meeting, amend=state == "amending"))
    if state in ("due-soon", "invitations-due"):
        weeks_ahead = 5 if state == "due-soon" else 2
        reviews.append(AnnualReview(public_id=random_uuid(rng), plan=plan, meeting_on=TODAY + weeks_ahead * WEEK))
    return plan, reviews


def _held_review(rng: random.Random, plan: Plan, meeting: datetime.date, *, amend: bool) -> AnnualReview:
    review = AnnualReview(
        public_id=random_uuid(rng),
        plan=plan,
        meeting_on=meeting,
        invitations_sent_on=meeting - 3 * WEEK,
        advice_circulated_on=meeting - 2 * WEEK - DAY,
        held=True,
        report_sent_on=meeting + 10 * DAY,
        decision=ReviewDecision.AMEND if amend else ReviewDecision.MAINTAIN,
        decision_on=meeting + 3 * WEEK,
    )
    if amend:
        # Proposed amendments sent; the final amended plan still to come.
        review.meeting_on = TODAY - 6 * WEEK
        review.invitations_sent_on = review.meeting_on - 3 * WEEK
        review.advice_circulated_on = review.meeting_on - 2 * WEEK - DAY
        review.report_sent_on = review.meeting_on + 10 * DAY
        review.decision_on = review.amendment_notice_on = review.meeting_on + 3 * WEEK
    return review


def _seed_plans(result, rng: random.Random, authorities: dict[str, LocalAuthority]) -> None:
    plans, reviews = [], []
    codes = sorted(authorities)
    with_plans = _on_roll_with(result, Provision.EHC_PLAN)
    for school_plan in result.plan.schools:
        school = result.written.schools[school_plan.slug]
        for draft in with_plans.get(school_plan.slug, []):
            # Most plans come from the home LA; pupils living over a border bring others' plans.
            code = school_plan.la_code if rng.random() < 0.7 else rng.choice(codes)
            plan, plan_reviews = _plan_and_reviews(rng, draft, school, authorities[code])
            plans.append(plan)
            reviews.extend(plan_reviews)
    _top_up(result, rng, authorities, plans, reviews)
    Plan.objects.bulk_create(plans, batch_size=2000)
    AnnualReview.objects.bulk_create(reviews, batch_size=2000)


def _top_up(result, rng: random.Random, authorities, plans: list[Plan], reviews: list[AnnualReview]) -> None:
    """At scale, more pupils get plans until the trust has the number its plan asks for."""
    wanted = result.plan.ehc_plans - len(plans)
    if wanted <= 0:
        return
    have = {plan.pupil_id for plan in plans}
    pool = [
        draft
        for draft in result.pupils
        if draft.on_roll and draft.pupil.pk not in have and draft.nc_year not in ("N1", "N2")
    ]
    codes = sorted(authorities)
    for draft in rng.sample(pool, min(wanted, len(pool))):
        school_plan = result.plan.school(draft.school)
        code = school_plan.la_code if rng.random() < 0.7 else rng.choice(codes)
        plan, plan_reviews = _plan_and_reviews(rng, draft, result.written.schools[draft.school], authorities[code])
        plans.append(plan)
        reviews.extend(plan_reviews)


def seed(result, rng: random.Random) -> None:
    authorities = _authorities(result, rng)
    _seed_plans(result, rng, authorities)
    candidates = _on_roll_with(result, Provision.SEN_SUPPORT)
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
