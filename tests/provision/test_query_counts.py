"""The provision pages the benchmark measures make the same number of queries however much
provision, how many sessions and how many logs there are."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opensend.provision.models import Attendance, Member, Session

from .factories import InterventionFactory, provision_for

MONDAY = datetime.date(2026, 11, 16)


def queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def log_sessions(provision, ta, weeks: int) -> None:
    for week in range(weeks):
        day = MONDAY - datetime.timedelta(weeks=week)
        session = Session.objects.create(
            provision=provision,
            slot=provision.slots.first(),
            held_on=day,
            starts_at=datetime.time(9, 15),
            minutes=20,
            held=True,
            recorded_by=ta,
        )
        for member in provision.members.all():
            Attendance.objects.create(session=session, pupil=member.pupil, attended=True)


def test_the_session_log_form_takes_the_same_queries_however_many_sessions_are_logged(cast):
    group = provision_for(cast, pupils=[cast.taught_pupil, cast.untaught_pupil])
    log_sessions(group, cast["ta"], 1)
    url = reverse(
        "provision:log",
        kwargs={"provision_id": group.public_id, "slot_id": group.slots.get().pk, "day": MONDAY.isoformat()},
    )
    client = cast.client_for("ta")
    few = queries(client, url)
    Session.objects.filter(provision=group).delete()
    log_sessions(group, cast["ta"], 10)
    for number in range(5):
        log_sessions(provision_for(cast, name=f"Other {number}", pupils=[cast.taught_pupil]), cast["ta"], 3)
    assert queries(client, url) == few


def test_an_interventions_impact_page_takes_the_same_queries_however_much_it_has_run(cast):
    intervention = InterventionFactory(school=cast.school, name="Reading catch-up")
    first = provision_for(cast, intervention=intervention, pupils=[cast.taught_pupil])
    log_sessions(first, cast["ta"], 2)
    url = reverse("provision:intervention", kwargs={"urn": cast.school.urn, "intervention_id": intervention.public_id})
    client = cast.client_for("sendco")
    few = queries(client, url)
    for number in range(6):
        group = provision_for(cast, intervention=intervention, name=f"Group {number}", pupils=[cast.untaught_pupil])
        Member.objects.filter(provision=group).update(entry_value=80, exit_value=86)
        log_sessions(group, cast["ta"], 4)
    # The same intervention at the trust's other school counts in the trust's figures.
    elsewhere = InterventionFactory(school=cast.other_school, name="Reading catch-up")
    there = provision_for(cast, intervention=elsewhere, name="At Birchwood")
    type(there).objects.filter(pk=there.pk).update(school=cast.other_school)
    assert queries(client, url) == few
