"""Provision's part of a subject access export: the groups the pupil has been in, with their
attendance, entry and exit measures and outcome, and the note of each session the pupil was logged at."""

from __future__ import annotations

from django.db.models import Count, Q

from opensend.pupils.subject_access import Part, Table, model_row, plain

from .models import Attendance, Member

MEMBER_FIELDS = [
    "joined_on",
    "left_on",
    "leave_reason",
    "entry_value",
    "entry_on",
    "exit_value",
    "exit_on",
    "outcome_rating",
    "outcome_comment",
]


def _at_school(queryset, school):
    return queryset.filter(provision__school=school) if school is not None else queryset


def _attendance_by_provision(pupil, school) -> dict[int, tuple[int, int]]:
    logged = Attendance.objects.filter(pupil=pupil)
    if school is not None:
        logged = logged.filter(session__provision__school=school)
    counts = logged.values("session__provision").annotate(
        logged=Count("pk"), attended=Count("pk", filter=Q(attended=True))
    )
    return {row["session__provision"]: (row["attended"], row["logged"]) for row in counts}


def _member_row(member: Member, attendance: dict[int, tuple[int, int]]) -> dict:
    attended, logged = attendance.get(member.provision_id, (0, 0))
    return model_row(
        member,
        MEMBER_FIELDS,
        {
            "Provision": member.provision.name,
            "School": str(member.provision.school),
            "Intervention": member.provision.intervention.name,
            "Sessions attended": f"{attended} of {logged} logged",
        },
    )


def provision(pupil, school=None) -> list[Part]:
    members = _at_school(Member.objects.filter(pupil=pupil), school).select_related(
        "provision__school", "provision__intervention"
    )
    attendance = _attendance_by_provision(pupil, school)
    sessions = Attendance.objects.filter(pupil=pupil).select_related("session__provision")
    if school is not None:
        sessions = sessions.filter(session__provision__school=school)
    return [
        Table(
            "provision-memberships",
            "Provision and interventions",
            [_member_row(member, attendance) for member in members.order_by("joined_on", "pk")],
        ),
        Table(
            "provision-sessions",
            "Sessions attended or missed",
            [
                {
                    "Provision": a.session.provision.name,
                    "Date": plain(a.session.held_on),
                    "Attended": "Yes" if a.attended else "No",
                    "Note": a.note,
                }
                for a in sessions.order_by("session__held_on", "session__starts_at", "pk")
            ],
        ),
    ]
