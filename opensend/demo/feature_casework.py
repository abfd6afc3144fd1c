"""Demo data for professionals and referrals.

- The trust's shared directory (educational psychology, CAMHS, paediatrics, social care, the
  Virtual School, early help) and each school's own services (speech and language therapy,
  occupational therapy, a specialist teacher), each with its referral route, usual waiting time
  and one or two professionals.
- At each school, referrals for pupils on SEN support or with a plan at every stage on the demo's
  "today": drafts (one whose parent refused consent), sent and not yet due, sent and overdue with
  chasers, accepted, on the waiting list past the expected date, seen, closed and declined.
- Reports from the referrals that were seen or closed, and one sent without a referral, with
  recommendations: added to the passport, made plan targets, met by a provision (each linked to
  the record where the pupil has one), declined with a reason, and some not yet decided.

Bulk-created without audit events, from the given random stream; the expected response dates come
from the deadline engine, as the service does it."""

from __future__ import annotations

import datetime
import random
from collections import defaultdict

from opensend.accounts.models import Role, User
from opensend.casework.models import (
    Chaser,
    Consent,
    Outcome,
    Professional,
    Recommendation,
    Referral,
    ReferralStatus,
    Report,
    Service,
    ServiceKind,
)
from opensend.casework.services import expected_response
from opensend.passports.models import PassportVersion
from opensend.plans.models import Target
from opensend.provision.models import Member
from opensend.register.models import SenStatus

from .feature_passports import SHOWCASE_GROUP
from .identifiers import random_uuid
from .plans import REFERENCE_DATE
from .sen import Provision as SenProvision

ORDER = 60
TODAY = REFERENCE_DATE
WEEK = datetime.timedelta(weeks=1)
K, S = ServiceKind, ReferralStatus

# (kind, name, referral route, usual waiting time in weeks, professionals (name, job title))
TRUST_SERVICES = (
    (K.EDUCATIONAL_PSYCHOLOGY, "County Educational Psychology Service",
     "Consultation request form from the SENDCo, signed by a parent, with the last two APDR reviews.", 14,
     (("Dr Priya Shah", "Senior educational psychologist"), ("Tom Bell", "Educational psychologist"))),
    (K.CAMHS, "CAMHS (Children and Young People's Mental Health)",
     "Single point of access referral form; the GP or the school can refer.", 18,
     (("Hannah Okafor", "Primary mental health worker"),)),
    (K.PAEDIATRICS, "Community Paediatrics",
     "Referral through the GP or the school nurse, with the school's observations and a parent questionnaire.", 26,
     (("Dr Aled Morgan", "Consultant community paediatrician"),)),
    (K.SOCIAL_CARE, "Children's Social Care Front Door",
     "Multi-agency referral form through the DSL; call first if a child is at immediate risk.", 2,
     (("Jo Pearce", "Duty social worker"),)),
    (K.VIRTUAL_SCHOOL, "The Virtual School",
     "Email the Virtual School caseworker named on the child's PEP.", 3,
     (("Marcus Reid", "Virtual School caseworker"),)),
    (K.EARLY_HELP, "Early Help Hub",
     "Early help assessment, completed with the family and sent to the hub.", 4,
     (("Sophie Lane", "Family support worker"),)),
)  # fmt: skip
SCHOOL_SERVICES = (
    (K.SPEECH_AND_LANGUAGE, "Speech and Language Therapy",
     "NHS referral form with a language sample and the parent's consent.", 12,
     (("Amira Hussain", "Speech and language therapist"),)),
    (K.OCCUPATIONAL_THERAPY, "Children's Occupational Therapy",
     "Referral form with the school's sensory checklist and handwriting samples.", 16,
     (("Grace Turner", "Occupational therapist"),)),
    (K.SPECIALIST_TEACHER, "Specialist Teaching Service (cognition and learning)",
     "Request for involvement, agreed at the termly planning meeting.", 6,
     (("Neil Foster", "Specialist teacher"),)),
)  # fmt: skip

REASONS = {
    K.EDUCATIONAL_PSYCHOLOGY: "Progress well below expectations despite two cycles of targeted support; "
    "we would like a view of their cognitive profile and what will help.",
    K.SPEECH_AND_LANGUAGE: "Speech is hard to understand for unfamiliar adults and vocabulary is limited.",
    K.OCCUPATIONAL_THERAPY: "Difficulties with fine motor control, handwriting and dressing after PE.",
    K.CAMHS: "Persistent anxiety about coming to school; withdrawn in class.",
    K.PAEDIATRICS: "Attention and impulsivity affecting learning at home and in school.",
    K.SPECIALIST_TEACHER: "Reading has not moved in a year despite phonics catch-up.",
    K.EARLY_HELP: "The family has asked for support with routines at home.",
}
RECOMMENDATIONS = (
    ("Give instructions one step at a time, with a visual prompt.", Outcome.PASSPORT, ""),
    ("Daily precision teaching of high-frequency words, 10 minutes.", Outcome.PLAN_TARGET, ""),
    ("Small-group language intervention twice a week.", Outcome.PROVISION, ""),
    ("Move to a smaller class for literacy.", Outcome.DECLINED,
     "No smaller class is possible this year; the group intervention meets the same need."),
    ("Review sensory needs before the move to the new classroom.", Outcome.OPEN, ""),
)  # fmt: skip
# (status, weeks since sent (None for a draft), weeks of waiting past the expected date it sits at, chasers)
STAGES = (
    (S.DRAFT, None, Consent.GIVEN, 0),
    (S.DRAFT, None, Consent.REFUSED, 0),
    (S.SENT, 1, Consent.GIVEN, 0),
    (S.SENT, "overdue", Consent.GIVEN, 1),
    (S.ACCEPTED, 3, Consent.GIVEN, 0),
    (S.WAITING, "overdue", Consent.NOT_NEEDED, 2),
    (S.SEEN, "seen", Consent.GIVEN, 0),
    (S.CLOSED, "closed", Consent.GIVEN, 0),
    (S.DECLINED, 4, Consent.GIVEN, 0),
)


def _service(trust, school, owner, row, rng) -> tuple[Service, list[Professional]]:
    kind, name, route, weeks, people = row
    slug = "".join(ch for ch in name.lower() if ch.isalpha())[:20]
    service = Service(
        public_id=random_uuid(rng),
        trust=trust,
        school=school,
        owner=owner,
        kind=kind,
        name=name,
        phone=f"0{rng.randrange(1200, 1999)} {rng.randrange(100000, 999999)}",
        email=f"{slug}@services.example.org",
        referral_route=route,
        waiting_weeks=weeks,
    )
    professionals = [
        Professional(public_id=random_uuid(rng), service=service, name=person, job_title=title)
        for person, title in people
    ]
    return service, professionals


def _directory(result, rng) -> dict[str, list[Service]]:
    """The services each school uses, by school slug; the trust's come first."""
    trust = result.written.trust
    schools = list(result.written.schools.items())
    owner = schools[0][1]
    services, professionals = [], []
    shared = []
    for row in TRUST_SERVICES:
        service, people = _service(trust, None, owner, row, rng)
        shared.append(service)
        professionals += people
    used: dict[str, list[Service]] = {}
    for slug, school in schools:
        own = []
        for row in SCHOOL_SERVICES:
            service, people = _service(trust, school, school, row, rng)
            own.append(service)
            professionals += people
        used[slug] = shared + own
        services += own
    Service.objects.bulk_create(shared + services)
    Professional.objects.bulk_create(professionals)
    return used


def _sendcos(result) -> dict[str, User]:
    by_email = User.objects.in_bulk([p.email for p in result.staff if p.role == Role.SENDCO], field_name="email")
    found: dict[str, User] = {}
    for person in result.staff:
        if person.role == Role.SENDCO and person.school and person.email in by_email:
            found.setdefault(person.school, by_email[person.email])
    return found


def _sen_pupils(result) -> dict[str, list]:
    wanted = (SenProvision.SEN_SUPPORT.value, SenProvision.EHC_PLAN.value)
    on_register = set(
        SenStatus.objects.filter(
            pupil__trust=result.written.trust, end_date__isnull=True, provision__in=wanted
        ).values_list("pupil_id", flat=True)
    ) or {draft.pupil.pk for draft in result.pupils if draft.sen.provision in wanted}
    found: dict[str, list] = defaultdict(list)
    for draft in result.pupils:
        if draft.on_roll and draft.pupil.pk in on_register and draft.nc_year not in ("N1", "N2"):
            found[draft.school].append(draft)
    return found


def _referral(rng, pupil, school, service, sendco, stage) -> tuple[Referral, list[Chaser]]:
    status, since, consent, chasers = stage
    referral = Referral(
        public_id=random_uuid(rng),
        pupil=pupil,
        school=school,
        service=service,
        professional=None,
        reason=REASONS.get(service.kind, "Advice on how best to support them in school."),
        consent=consent,
        consent_on=None if consent == Consent.NOT_NEEDED else TODAY - 20 * WEEK,
        status=status,
        status_on=TODAY - WEEK,
        created_by=sendco,
    )
    if since is not None:
        weeks = {"overdue": service.waiting_weeks + 4, "seen": service.waiting_weeks + 2}.get(since, since)
        weeks = service.waiting_weeks + 8 if since == "closed" else weeks
        referral.sent_on = TODAY - weeks * WEEK
        referral.waiting_weeks = service.waiting_weeks
        referral.expected_on = expected_response(service, referral.sent_on)
        referral.consent_on = referral.consent_on and min(referral.consent_on, referral.sent_on)
        referral.status_on = min(TODAY, referral.sent_on + 2 * WEEK) if status != S.SENT else referral.sent_on
    notes = ("Emailed the service to ask where the referral is.", "Phoned the duty line; they will call back.")
    return referral, [
        Chaser(referral=referral, on=TODAY - (index + 1) * WEEK, note=notes[index % 2], by=sendco)
        for index in range(chasers)
    ]


def _links(pupil) -> dict:
    """The records a recommendation for this pupil can point at, where they exist."""
    member = Member.objects.filter(pupil=pupil).select_related("provision").first()
    return {
        Outcome.PASSPORT: ("passport_version", PassportVersion.objects.filter(pupil=pupil).order_by("-number").first()),
        Outcome.PLAN_TARGET: ("target", Target.objects.filter(outcome__cycle__pupil=pupil).order_by("-pk").first()),
        Outcome.PROVISION: ("provision", member.provision if member else None),
    }


def _report(rng, referral, sendco, *, service=None, pupil=None, school=None) -> tuple[Report, list[Recommendation]]:
    service = service or referral.service
    pupil = pupil or referral.pupil
    written = TODAY - 2 * WEEK if referral is None else referral.status_on - WEEK
    professional = service.name
    report = Report(
        public_id=random_uuid(rng),
        pupil=pupil,
        school=school or referral.school,
        referral=referral,
        service=service,
        title=f"{service.get_kind_display()} advice",
        author=f"{professional}",
        written_on=written,
        added_by=sendco,
    )
    links = _links(pupil)
    recommendations = []
    for position, (text, outcome, note) in enumerate(rng.sample(RECOMMENDATIONS, 4), start=1):
        recommendation = Recommendation(report=report, position=position, text=text, outcome=outcome)
        if outcome != Outcome.OPEN:
            recommendation.outcome_on = min(TODAY, written + WEEK)
            recommendation.outcome_note = note
            recommendation.decided_by = sendco
        if outcome in links:
            field, record = links[outcome]
            setattr(recommendation, field, record)
        recommendations.append(recommendation)
    return report, recommendations


def seed(result, rng: random.Random) -> None:
    directory = _directory(result, rng)
    sendcos = _sendcos(result)
    pupils = _sen_pupils(result)
    referrals, chasers, reports, recommendations = [], [], [], []
    for slug, school in result.written.schools.items():
        sendco, candidates = sendcos.get(slug), pupils.get(slug, [])
        if sendco is None or not candidates:
            continue
        chosen = rng.sample(candidates, min(len(candidates), len(STAGES) + 1))
        # The demo teacher's class gets the pupil who was seen, so "my class" readers see advice acted on.
        showcase = next((draft for draft in candidates if SHOWCASE_GROUP in draft.groups), None)
        seen_at = next(index for index, stage in enumerate(STAGES) if stage[0] == S.SEEN)
        if showcase is not None and len(chosen) > seen_at:
            if showcase in chosen:
                chosen.remove(showcase)
            chosen.insert(seen_at, showcase)
        chosen = [draft.pupil for draft in chosen]
        for pupil, stage in zip(chosen, STAGES, strict=False):
            service = rng.choice([s for s in directory[slug] if s.kind in REASONS])
            referral, its_chasers = _referral(rng, pupil, school, service, sendco, stage)
            referrals.append(referral)
            chasers += its_chasers
            if stage[0] in (S.SEEN, S.CLOSED):
                report, its_recommendations = _report(rng, referral, sendco)
                reports.append(report)
                recommendations += its_recommendations
        if len(chosen) > len(STAGES):
            virtual_school = next(s for s in directory[slug] if s.kind == K.VIRTUAL_SCHOOL)
            report, its_recommendations = _report(
                rng, None, sendco, service=virtual_school, pupil=chosen[-1], school=school
            )
            reports.append(report)
            recommendations += its_recommendations
    Referral.objects.bulk_create(referrals)
    Chaser.objects.bulk_create(chasers)
    Report.objects.bulk_create(reports)
    Recommendation.objects.bulk_create(recommendations)
