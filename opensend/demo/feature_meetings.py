"""Demo data for meetings and the family contact log. At each school, this term's meetings about
pupils with SEND gain the staff and family present, the pupil's and family's views and actions
(some done, some open, some overdue) owned by the SENDCo or the class teacher; a few multi-agency,
team-around-the-family and transition meetings join them. The SENDCo and the assistant have a
contact log with many families, with follow-ups open and overdue, and some parents and carers have
communication needs recorded: in each trust's "4 Willow" one parent needs an interpreter.

Written without audit events, like the rest of the demo, dated before the demo's "today"."""

from __future__ import annotations

import datetime
import random

from opensend.accounts.models import GroupStaff, Membership, Role
from opensend.family.models import FamilyContact
from opensend.plans.models import MeetingAction, ParentMeeting
from opensend.pupils.models import Contact, ContactMethod, GroupMembership

from .feature_passports import SHOWCASE_GROUP
from .identifiers import random_uuid
from .plans import REFERENCE_DATE

# After the plans (30) whose meetings it adds to.
ORDER = 60
BATCH_SIZE = 2000
TODAY = REFERENCE_DATE
DAY = datetime.timedelta(days=1)
THIS_TERM = datetime.date(2026, 9, 1)
# Share of this term's meetings that agreed actions, and of the pupils with SEND whose families have a log.
ACTIONS_RATE = 0.6
LOGGED_RATE = 0.5
LANGUAGES = ("Polish", "Urdu", "Romanian", "Arabic", "Punjabi", "Somali", "Portuguese")

PUPIL_VIEWS = (
    "Likes the quiet table and wants to keep it. Finds the lunch hall too loud.",
    "Says reading is getting easier with the coloured overlay.",
    "Wants to be able to choose a break when things feel too much.",
    "Enjoys working with a partner; does not like being taken out of class.",
    "Said maths is 'still hard' but the number line helps.",
)
FAMILY_VIEWS = (
    "Pleased with the progress in reading; worried about the move to the next class.",
    "Homework causes arguments at home: would like shorter tasks.",
    "Sees more confidence at home; asked about a referral to speech and language therapy.",
    "Would like more notice of changes to the timetable.",
    "Happy with the plan and will keep up the reading at home.",
)
ACTIONS = (
    "Send home the visual timetable for the holidays",
    "Ask the educational psychologist for a consultation",
    "Share the reading overlay with the home",
    "Arrange a transition visit to the new classroom",
    "Set up a weekly check-in with the family",
    "Update the pupil passport with the new strategies",
    "Make a referral to speech and language therapy",
    "Book the next review meeting",
)
OTHER_KINDS = (
    (ParentMeeting.Kind.MULTI_AGENCY, "Educational psychologist; school nurse"),
    (ParentMeeting.Kind.TEAM_AROUND_FAMILY, "Early help worker; family support worker"),
    (ParentMeeting.Kind.TRANSITION, "SENDCo of the receiving school"),
    (ParentMeeting.Kind.PARENTS_CONSULTATION, ""),
)
SAID = (
    "Talked through how the week went; fewer meltdowns at drop-off.",
    "Parent rang about homework taking too long; explained the plan's adjustments.",
    "Shared the new reading targets and how to practise at home.",
    "Parent asked for an update on the speech and language referral.",
    "Discussed a difficult playtime and what the school did about it.",
    "Wrote in the home-school book about the visual timetable working well.",
)
AGREED = (
    "Reading for ten minutes each evening, noted in the book.",
    "School to try a movement break before maths.",
    "Parent to bring in the appointment letter.",
    "",
    "Check in again in two weeks.",
)
FOLLOW_UPS = (
    "Ring back with the referral date",
    "Send the reading list home",
    "Email the new visual timetable",
    "Arrange a meeting with the class teacher",
)


def seed(result, rng: random.Random) -> None:
    for school in result.written.schools.values():
        _seed_school(school, rng)


def _leads(school) -> tuple:
    memberships = Membership.objects.filter(school=school, is_active=True).select_related("user").order_by("pk")
    by_role: dict[str, list] = {}
    for membership in memberships:
        by_role.setdefault(membership.role, []).append(membership.user)
    sendco = (by_role.get(Role.SENDCO) or by_role.get(Role.HEAD) or [None])[0]
    assistant = (by_role.get(Role.ASSISTANT_SENDCO) or [sendco])[0]
    return sendco, assistant


def _class_teachers(school) -> dict[int, object]:
    """Each pupil's class teacher at the school, by pupil id."""
    teachers = {}
    rows = GroupStaff.objects.filter(group__school=school, kind=GroupStaff.Kind.TEACHER).select_related("user")
    by_group = {row.group_id: row.user for row in rows}
    for membership in GroupMembership.objects.filter(group_id__in=by_group).order_by("pk"):
        teachers.setdefault(membership.pupil_id, by_group[membership.group_id])
    return teachers


def _seed_school(school, rng: random.Random) -> None:
    sendco, assistant = _leads(school)
    if sendco is None:
        return
    teachers = _class_teachers(school)
    family: dict[int, list[Contact]] = {}
    for contact in Contact.objects.filter(pupil__enrolments__school=school).order_by("pupil_id", "priority", "pk"):
        family.setdefault(contact.pupil_id, []).append(contact)
    _meetings(school, rng, sendco, teachers, family)
    _contact_log(school, rng, sendco, assistant, family)
    _communication_needs(school, rng, family)


def _meetings(school, rng, sendco, teachers, family) -> None:
    meetings = list(
        ParentMeeting.objects.filter(school=school, held_on__gte=THIS_TERM).select_related("pupil").order_by("pk")
    )
    # A few meetings with other professionals, about pupils who already meet their parents.
    extra = []
    for meeting in rng.sample(meetings, min(len(meetings), 6)):
        kind, others = rng.choice(OTHER_KINDS)
        extra.append(
            ParentMeeting(
                public_id=random_uuid(rng),
                pupil=meeting.pupil,
                school=school,
                held_on=max(THIS_TERM, TODAY - rng.randint(3, 50) * DAY),
                kind=kind,
                other_attendees=others,
                notes="Shared what school and home see; agreed the next steps below.",
                decisions="Carry on with the current plan; review at the next meeting.",
                recorded_by=sendco,
            )
        )
    ParentMeeting.objects.bulk_create(extra, batch_size=BATCH_SIZE)
    meetings += extra
    staff_rows, family_rows, actions = [], [], []
    for meeting in meetings:
        teacher = teachers.get(meeting.pupil_id)
        present = {sendco.pk} | ({teacher.pk} if teacher else set())
        staff_rows += [ParentMeeting.staff_present.through(parentmeeting_id=meeting.pk, user_id=pk) for pk in present]
        for contact in family.get(meeting.pupil_id, [])[:1]:
            family_rows.append(ParentMeeting.family_present.through(parentmeeting_id=meeting.pk, contact_id=contact.pk))
        if meeting not in extra:
            # Those present are now recorded as people: the free text keeps only professionals.
            meeting.other_attendees = ""
        meeting.pupil_views = rng.choice(PUPIL_VIEWS)
        meeting.family_views = rng.choice(FAMILY_VIEWS)
        if rng.random() < ACTIONS_RATE:
            actions += _actions(meeting, rng, sendco, teacher)
    ParentMeeting.objects.bulk_update(
        meetings, ["other_attendees", "pupil_views", "family_views"], batch_size=BATCH_SIZE
    )
    ParentMeeting.staff_present.through.objects.bulk_create(staff_rows, batch_size=BATCH_SIZE, ignore_conflicts=True)
    ParentMeeting.family_present.through.objects.bulk_create(family_rows, batch_size=BATCH_SIZE, ignore_conflicts=True)
    MeetingAction.objects.bulk_create(actions, batch_size=BATCH_SIZE)


def _actions(meeting, rng, sendco, teacher) -> list[MeetingAction]:
    actions = []
    for description in rng.sample(ACTIONS, rng.randint(1, 3)):
        owner = teacher if teacher is not None and rng.random() < 0.5 else sendco
        due_on = meeting.held_on + rng.randint(7, 42) * DAY
        # Most actions due before today are done; the rest are overdue.
        done = due_on < TODAY and rng.random() < 0.6
        actions.append(
            MeetingAction(
                public_id=random_uuid(rng),
                meeting=meeting,
                description=description,
                owner=owner,
                due_on=due_on,
                done_on=min(due_on, TODAY) if done else None,
                done_by=owner if done else None,
            )
        )
    return actions


def _contact_log(school, rng, sendco, assistant, family) -> None:
    entries = []
    for contacts in family.values():
        if rng.random() >= LOGGED_RATE:
            continue
        for _ in range(rng.randint(1, 6)):
            contacted_on = TODAY - rng.randint(1, 80) * DAY
            follow = rng.random() < 0.3
            follow_up_by = contacted_on + rng.randint(3, 21) * DAY if follow else None
            done = follow and follow_up_by < TODAY and rng.random() < 0.5
            entries.append(
                FamilyContact(
                    public_id=random_uuid(rng),
                    pupil_id=contacts[0].pupil_id,
                    school=school,
                    contact_with=rng.choice(contacts),
                    method=rng.choice(FamilyContact.Method.values),
                    contacted_on=contacted_on,
                    by=sendco if rng.random() < 0.7 else assistant,
                    said=rng.choice(SAID),
                    agreed=rng.choice(AGREED),
                    follow_up=rng.choice(FOLLOW_UPS) if follow else "",
                    follow_up_by=follow_up_by,
                    follow_up_done_on=follow_up_by if done else None,
                )
            )
    FamilyContact.objects.bulk_create(entries, batch_size=BATCH_SIZE)


def _communication_needs(school, rng, family) -> None:
    changed = []
    for contacts in family.values():
        contact = contacts[0]
        if rng.random() < 0.15:
            contact.preferred_contact = rng.choice(ContactMethod.values)
            changed.append(contact)
        if rng.random() < 0.04:
            contact.language = rng.choice(LANGUAGES)
            contact.interpreter_needed = rng.random() < 0.5
            changed.append(contact)
    # The showcase class always shows one parent who needs an interpreter.
    showcase = (
        Contact.objects.filter(
            pupil__group_memberships__group__school=school, pupil__group_memberships__group__name=SHOWCASE_GROUP
        )
        .order_by("pupil__legal_surname", "pk")
        .first()
    )
    if showcase is not None:
        showcase.language, showcase.interpreter_needed = "Polish", True
        showcase.preferred_contact = ContactMethod.PHONE
        showcase.accessibility_needs = "Prefers calls with the interpreter booked in advance; letters translated."
        changed.append(showcase)
    Contact.objects.bulk_update(
        changed, ["language", "interpreter_needed", "preferred_contact", "accessibility_needs"], batch_size=BATCH_SIZE
    )
