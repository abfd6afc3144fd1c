"""Demo data for what the school does with its EHC plans, after the plans and the provision exist:

- Each plan and request has a case owner: the school's SENDCo or, for some, the assistant SENDCo.
- Several plans at each school have their Section E outcomes and Section F provision; most lines
  are linked to the provision the pupil takes part in, and one a plan is left not yet delivered.
- At each review already held for those plans, the progress recorded towards each outcome.
- At a school with an early years class, a plan for a child under 5 whose local authority asks for
  a review every 4 months, due within the fortnight.

Runs after the EHC and provision demo data (ORDER 60)."""

from __future__ import annotations

import datetime
import random

from opensend.accounts.models import Membership, Role
from opensend.core.dates import add_months
from opensend.ehc.models import (
    AnnualReview,
    AssessmentRequest,
    OutcomeProgress,
    Plan,
    PlanOutcome,
    Progress,
    ProvisionLine,
)
from opensend.provision.models import Member
from opensend.register.codes import BroadArea

from .identifiers import random_uuid
from .plans import REFERENCE_DATE

ORDER = 60
TODAY = REFERENCE_DATE
# Plans a school gets outcomes and provision for: enough to show, few enough to seed fast at scale.
DETAILED_PLANS = 6

OUTCOMES = {
    BroadArea.COMMUNICATION_INTERACTION: (
        "By the end of Key Stage 2, will start and keep up a conversation with a peer for three turns "
        "in class and at play.",
        "Will use a visual timetable to prepare for changes in the day without adult prompting.",
    ),
    BroadArea.COGNITION_LEARNING: (
        "Will read and understand texts at the expected level for their age, using phonics strategies independently.",
        "Will use a number line and concrete resources to solve two-step problems on their own.",
    ),
    BroadArea.SEMH: (
        "Will recognise and name their feelings and use an agreed calming strategy when anxious.",
        "Will take part in small-group work for 20 minutes with one reminder.",
    ),
    BroadArea.SENSORY_PHYSICAL: (
        "Will manage their own equipment and move around the school safely and independently.",
        "Will write legibly for a paragraph using a sloping board and an adapted pen grip.",
    ),
}
LINES = (
    ("Speech and language therapy programme, set by the therapist and delivered by a trained TA",
     "3 x 30 minutes a week", "Teaching assistant trained by the NHS speech and language therapist"),
    ("Small-group literacy intervention with precision teaching", "4 x 20 minutes a week", "Teaching assistant"),
    ("Access to a quiet workspace and a key adult at the start of each day", "Daily", "Key adult"),
    ("Occupational therapy review and a sensory diet", "Termly review; daily sensory breaks",
     "Occupational therapist and class teacher"),
)  # fmt: skip
COMMENTS = {
    Progress.ACHIEVED: "Met in all settings; the meeting agreed a new, more demanding outcome.",
    Progress.ON_TRACK: "Steady progress seen in class and at home; keep the current provision.",
    Progress.SOME: "Progress in small groups but not yet in whole-class lessons.",
    Progress.LITTLE: "Little change this year; the meeting recommended more specialist advice.",
}
RATINGS = (Progress.ON_TRACK, Progress.ON_TRACK, Progress.SOME, Progress.ACHIEVED, Progress.LITTLE)


def _owners(school) -> list:
    """The school's SENDCo first, then its assistant SENDCo: who owns its cases."""
    people = []
    for role in (Role.SENDCO, Role.ASSISTANT_SENDCO):
        membership = Membership.objects.filter(school=school, role=role, is_active=True).select_related("user")
        found = membership.order_by("pk").first()
        if found:
            people.append(found.user)
    return people


def _assign_owners(school, owners: list) -> None:
    # Most cases are the SENDCo's; every third plan the assistant's, so the owner filter shows both.
    if not owners:
        return
    Plan.objects.filter(school=school).update(case_owner=owners[0])
    AssessmentRequest.objects.filter(school=school).update(case_owner=owners[0])
    if len(owners) > 1:
        thirds = list(Plan.objects.filter(school=school).order_by("pk").values_list("pk", flat=True)[::3])
        Plan.objects.filter(pk__in=thirds).update(case_owner=owners[1])


def _outcomes(rng: random.Random, plan: Plan) -> list[PlanOutcome]:
    areas = rng.sample(list(OUTCOMES), 2)
    return [PlanOutcome(plan=plan, area=area, description=rng.choice(OUTCOMES[area])) for area in areas]


def _lines(rng: random.Random, plan: Plan, outcomes: list[PlanOutcome]) -> list[ProvisionLine]:
    chosen = rng.sample(LINES, 3)
    return [
        ProvisionLine(
            plan=plan,
            public_id=random_uuid(rng),
            outcome=outcomes[index % len(outcomes)],
            description=description,
            how_often=how_often,
            delivered_by=delivered_by,
        )
        for index, (description, how_often, delivered_by) in enumerate(chosen)
    ]


def _progress(rng: random.Random, reviews: list[AnnualReview], outcomes: list[PlanOutcome], owner):
    return [
        OutcomeProgress(review=review, outcome=outcome, rating=rating, comment=COMMENTS[rating], recorded_by=owner)
        for review in reviews
        for outcome in outcomes
        for rating in [rng.choice(RATINGS)]
    ]


def _under_five_plan(rng: random.Random, result, school, authority) -> Plan | None:
    """A plan for a reception or nursery child under 5, reviewed every 4 months as the LA asks."""
    slug = next(slug for slug, found in result.written.schools.items() if found.pk == school.pk)
    young = [
        draft
        for draft in result.pupils
        if draft.school == slug and draft.nc_year in ("N2", "R") and add_months(draft.pupil.date_of_birth, 60) > TODAY
    ]
    taken = set(Plan.objects.filter(school=school).values_list("pupil_id", flat=True))
    young = [draft for draft in young if draft.pupil.pk not in taken]
    if not young or authority is None:
        return None
    issued = TODAY - datetime.timedelta(weeks=16)
    return Plan.objects.create(
        public_id=random_uuid(rng),
        pupil=rng.choice(young).pupil,
        school=school,
        local_authority=authority,
        issued_on=issued,
        under_five_review_months=4,
    )


def _detail(rng: random.Random, plans: list[Plan], owner) -> None:
    outcomes, lines, links, progress = [], [], [], []
    taking_part: dict[int, list[int]] = {}
    for pupil_id, provision_id in Member.objects.filter(
        pupil__in=[plan.pupil_id for plan in plans], left_on__isnull=True
    ).values_list("pupil_id", "provision_id"):
        taking_part.setdefault(pupil_id, []).append(provision_id)
    held: dict[int, list[AnnualReview]] = {}
    for review in AnnualReview.objects.filter(plan__in=plans, held=True):
        held.setdefault(review.plan_id, []).append(review)
    for plan in plans:
        plan_outcomes = _outcomes(rng, plan)
        PlanOutcome.objects.bulk_create(plan_outcomes)
        plan_lines = _lines(rng, plan, plan_outcomes)
        outcomes += plan_outcomes
        lines += plan_lines
        progress += _progress(rng, held.get(plan.pk, []), plan_outcomes, owner)
        # The last line of each plan is left not yet delivered; the others go to the pupil's provision.
        for line, provision_id in zip(plan_lines[:-1], taking_part.get(plan.pupil_id, []), strict=False):
            links.append((line, provision_id))
    ProvisionLine.objects.bulk_create(lines)
    ProvisionLine.provisions.through.objects.bulk_create(
        [ProvisionLine.provisions.through(provisionline_id=line.pk, provision_id=pk) for line, pk in links]
    )
    OutcomeProgress.objects.bulk_create(progress)


def seed(result, rng: random.Random) -> None:
    for school in result.written.schools.values():
        owners = _owners(school)
        _assign_owners(school, owners)
        if not owners:
            continue
        plans = list(Plan.objects.filter(school=school).order_by("pk"))
        authority = plans[0].local_authority if plans else None
        under_five = _under_five_plan(rng, result, school, authority)
        # Pupils who take part in provision first, so most Section F lines have something to link to.
        in_provision = set(
            Member.objects.filter(provision__school=school, left_on__isnull=True).values_list("pupil_id", flat=True)
        )
        ranked = sorted(plans, key=lambda plan: (plan.pupil_id not in in_provision, rng.random()))
        detailed = ranked[:DETAILED_PLANS]
        if under_five:
            under_five.case_owner = owners[0]
            under_five.save(update_fields=["case_owner"])
            detailed.append(under_five)
        _detail(rng, detailed, owners[0])
