"""Plans' part of a subject access export: APDR cycles with outcomes, targets and notes, and
meetings and their actions."""

from __future__ import annotations

from opensend.pupils.subject_access import Part, Table, model_row, table

from .models import Cycle, MeetingAction, Note, Outcome, ParentMeeting, Target

MEETING_FIELDS = [
    "school",
    "held_on",
    "kind",
    "other_attendees",
    "pupil_views",
    "family_views",
    "notes",
    "decisions",
    "recorded_by",
]
CYCLE_FIELDS = [
    "school",
    "lead_teacher",
    "status",
    "opened_on",
    "review_date",
    "closed_on",
    "findings",
    "evidence",
    "pupil_voice",
    "parent_voice",
    "strategies",
    "linked_provision",
    "who_does_what",
    "reviewed_on",
    "reviewed_by",
    "what_worked",
    "what_did_not_work",
    "next_steps",
]


def plans(pupil, school) -> list[Part]:
    cycles = Cycle.objects.filter(pupil=pupil, school=school).select_related("school", "lead_teacher", "reviewed_by")
    outcomes = Outcome.objects.filter(cycle__pupil=pupil, cycle__school=school).select_related("cycle")
    targets = Target.objects.filter(outcome__cycle__pupil=pupil, outcome__cycle__school=school).select_related(
        "outcome__cycle"
    )
    notes = Note.objects.filter(cycle__pupil=pupil, cycle__school=school).select_related("cycle", "author")
    meetings = (
        ParentMeeting.objects.filter(pupil=pupil, school=school)
        .select_related("school", "recorded_by", "pupil")
        .prefetch_related("staff_present", "family_present")
    )
    return [
        Table(
            "cycles",
            "Assess, plan, do, review cycles",
            [model_row(c, CYCLE_FIELDS, {"Cycle": c.number}) for c in cycles.order_by("number")],
        ),
        Table(
            "outcomes",
            "Outcomes",
            [model_row(o, ["position", "description"], {"Cycle": o.cycle.number}) for o in outcomes],
        ),
        Table(
            "targets",
            "Targets",
            [
                model_row(
                    t,
                    ["description", "success_measure", "by_date", "who_does_what", "progress", "review_comment"],
                    {"Cycle": t.outcome.cycle.number, "Outcome": t.outcome.position},
                )
                for t in targets
            ],
        ),
        Table(
            "notes", "Notes", [model_row(n, ["written_on", "author", "text"], {"Cycle": n.cycle.number}) for n in notes]
        ),
        Table(
            "parent-meetings",
            "Meetings",
            [
                model_row(
                    meeting,
                    MEETING_FIELDS,
                    {
                        "Staff present": ", ".join(person.display_name for person in meeting.staff_present.all()),
                        "Family present": ", ".join(str(contact) for contact in meeting.family_present.all()),
                    },
                )
                for meeting in meetings
            ],
        ),
        table(
            "meeting-actions",
            "Actions from meetings",
            MeetingAction.objects.filter(meeting__pupil=pupil, meeting__school=school).select_related(
                "meeting", "owner", "done_by"
            ),
            ["meeting", "description", "owner", "due_on", "done_on", "done_by"],
        ),
    ]
