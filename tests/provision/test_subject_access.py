from __future__ import annotations

import datetime

from opensend.provision.models import Attendance, Session
from opensend.provision.subject_access import provision
from opensend.pupils.subject_access import sections

from .factories import InterventionFactory, provision_for


def log(group, pupil, held_on, attended, note=""):
    session = Session.objects.create(
        provision=group,
        held_on=held_on,
        starts_at=datetime.time(9, 15),
        minutes=20,
        held=True,
        recorded_by=group.staff.first(),
    )
    Attendance.objects.create(session=session, pupil=pupil, attended=attended, note=note)


def group_with_sessions(cast, pupil, name="Reading group", school=None, sessions=2):
    intervention = InterventionFactory(school=cast.school, name=f"{name} programme")
    group = provision_for(cast, name=name, intervention=intervention, pupils=[pupil])
    if school is not None:
        group.school = school
        group.save()
    group.members.update(entry_value=80, exit_value=88, outcome_rating=2, outcome_comment="Reads more fluently")
    log(group, pupil, datetime.date(2026, 9, 14), True, "Read two pages aloud")
    for day in range(1, sessions):
        log(group, pupil, datetime.date(2026, 9, 14) + datetime.timedelta(days=7 * day), False, "Off sick")
    return group


def tables(parts):
    return {part.key: part.rows for part in parts}


def test_the_subject_access_export_has_a_provision_section():
    assert "provision" in {section.key for section in sections()}


def test_the_provision_section_holds_memberships_and_session_notes(cast):
    group_with_sessions(cast, cast.taught_pupil)
    rows = tables(provision(cast.taught_pupil))
    member = rows["provision-memberships"][0]
    assert member["Provision"] == "Reading group"
    assert member["Intervention"] == "Reading group programme"
    assert member["Joined on"] == "2026-09-07"
    assert member["Sessions attended"] == "1 of 2 logged"
    assert member["Outcome comment"] == "Reads more fluently"
    assert [row["Note"] for row in rows["provision-sessions"]] == ["Read two pages aloud", "Off sick"]


def test_the_provision_section_holds_only_what_the_school_given_holds(cast):
    group_with_sessions(cast, cast.taught_pupil, school=cast.other_school)
    assert tables(provision(cast.taught_pupil, cast.school)) == {"provision-memberships": [], "provision-sessions": []}
    assert tables(provision(cast.taught_pupil, cast.other_school))["provision-memberships"]


def test_the_provision_section_takes_the_same_queries_however_many_groups(cast, django_assert_max_num_queries):
    group_with_sessions(cast, cast.taught_pupil)
    for number in range(4):
        group_with_sessions(cast, cast.untaught_pupil, name=f"Group {number}", sessions=3)
    with django_assert_max_num_queries(3) as small:
        provision(cast.taught_pupil)
    with django_assert_max_num_queries(len(small.captured_queries)):
        provision(cast.untaught_pupil)
