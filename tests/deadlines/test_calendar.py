"""The calendar of deadlines and the caseload's owner filter: the caseload's scope and filters, each
deadline on the day it falls due, past days and overdue deadlines marked, in a fixed number of
queries."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from opensend.deadlines.calendar import month_of_deadlines, month_shown

from ..ehc.factories import AssessmentRequestFactory, LocalAuthorityFactory, PlanFactory
from ..factories import PupilFactory, enrol

d = datetime.date
pytestmark = pytest.mark.django_db
TODAY = d(2026, 3, 1)


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: TODAY)


def calendar_url(cast) -> str:
    return reverse("deadlines:calendar", kwargs={"urn": cast.school.urn})


def caseload_url(cast) -> str:
    return reverse("deadlines:caseload", kwargs={"urn": cast.school.urn})


@pytest.fixture
def requests(cast):
    kirklees = LocalAuthorityFactory(trust=cast.trust, code="380", name="Kirklees")
    # The SENDCo's: decision overdue since 23 February. Nobody's: decision due 5 April.
    mine = AssessmentRequestFactory(
        pupil=cast.taught_pupil,
        school=cast.school,
        local_authority=kirklees,
        requested_on=d(2026, 1, 12),
        case_owner=cast["sendco"],
    )
    nobodys = AssessmentRequestFactory(
        pupil=cast.untaught_pupil, school=cast.school, local_authority=kirklees, requested_on=d(2026, 2, 22)
    )
    return mine, nobodys


def test_the_month_grid_starts_on_monday_and_marks_past_days_and_today():
    month = month_of_deadlines(d(2026, 3, 1), [], today=TODAY)
    first_week = month.weeks[0]
    assert first_week[0].date == d(2026, 2, 23) and not first_week[0].in_month
    assert first_week[6].date == TODAY and first_week[6].today and not first_week[6].past
    assert first_week[5].past
    assert (month.previous, month.next) == (d(2026, 2, 1), d(2026, 4, 1))
    assert month_of_deadlines(d(2026, 12, 1), [], today=TODAY).next == d(2027, 1, 1)


@pytest.mark.parametrize("asked", ["", "2026-13", "not-a-month", "2026"])
def test_a_month_that_cannot_be_read_shows_this_month(asked):
    assert month_shown(asked, TODAY) == d(2026, 3, 1)


def test_each_deadline_sits_on_the_day_it_falls_due_and_overdue_ones_are_marked(cast, requests):
    response = cast.client_for("sendco").get(calendar_url(cast), {"month": "2026-02"})
    assert response.status_code == 200
    month = response.context["month"]
    overdue_day = next(day for day in month.days_with_deadlines if day.date == d(2026, 2, 23))
    assert [item.pupil for item in overdue_day.deadlines] == [cast.taught_pupil]
    page = response.content.decode()
    assert "Overdue" in page and cast.taught_pupil.full_name in page
    assert "app-calendar__day--past" in page
    april = cast.client_for("sendco").get(calendar_url(cast), {"month": "2026-04"})
    assert cast.untaught_pupil.full_name in april.content.decode()
    assert "1 overdue deadline fell due before April 2026" in april.content.decode()


def test_the_calendar_takes_the_caseloads_filters(cast, requests):
    response = cast.client_for("sendco").get(calendar_url(cast), {"month": "2026-04", "owner": "mine"})
    assert cast.untaught_pupil.full_name not in response.content.decode()


def test_the_owner_filter_shows_mine_nobodys_or_one_persons(cast, requests):
    client = cast.client_for("sendco")

    def pupils(**query):
        return {item.pupil for item in client.get(caseload_url(cast), query).context["page"].rows}

    assert pupils(owner="mine") == {cast.taught_pupil}
    assert pupils(owner="none") == {cast.untaught_pupil}
    assert pupils() == {cast.taught_pupil, cast.untaught_pupil}
    # The assistant sees the SENDCo by name among the owners.
    assistant = cast.client_for("assistant-sendco").get(caseload_url(cast))
    assert (str(cast["sendco"].public_id), cast["sendco"].display_name) in assistant.context["form"].fields[
        "owner"
    ].choices
    theirs = cast.client_for("assistant-sendco").get(caseload_url(cast), {"owner": str(cast["sendco"].public_id)})
    assert {item.pupil for item in theirs.context["page"].rows} == {cast.taught_pupil}
    assert "Case owner" in theirs.content.decode()


def test_a_plans_owner_carries_to_its_deadlines(cast):
    PlanFactory(pupil=cast.taught_pupil, school=cast.school, case_owner=cast["assistant-sendco"])
    rows = cast.client_for("assistant-sendco").get(caseload_url(cast), {"owner": "mine"}).context["page"].rows
    assert {item.rule.id for item in rows} == {"annual-review-due"}


def test_the_calendar_shows_only_pupils_in_the_persons_scope(cast, requests):
    other_school_pupil = PupilFactory(trust=cast.trust)
    AssessmentRequestFactory(
        pupil=other_school_pupil,
        local_authority=requests[0].local_authority,
        requested_on=d(2026, 1, 12),
    )
    response = cast.client_for("sendco").get(calendar_url(cast), {"month": "2026-02"})
    assert other_school_pupil.full_name not in response.content.decode()


def test_the_calendar_takes_the_same_queries_for_5_requests_as_for_40(cast, django_assert_max_num_queries):
    client = cast.client_for("sendco")
    authority = LocalAuthorityFactory(trust=cast.trust, code="384")

    def add(count: int) -> None:
        for number in range(count):
            pupil = PupilFactory(trust=cast.trust)
            enrol(pupil, cast.school)
            AssessmentRequestFactory(
                pupil=pupil,
                school=cast.school,
                local_authority=authority,
                requested_on=d(2026, 1, 1) + datetime.timedelta(days=number % 28),
                case_owner=cast["sendco"],
            )

    add(5)
    client.get(calendar_url(cast), {"month": "2026-02"})
    with django_assert_max_num_queries(12) as few:
        client.get(calendar_url(cast), {"month": "2026-02"})
    add(35)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(calendar_url(cast), {"month": "2026-02"})


def test_the_caseload_workbook_names_each_deadlines_case_owner(cast, requests):
    import io

    from openpyxl import load_workbook

    response = cast.client_for("sendco").get(reverse("deadlines:caseload-export", kwargs={"urn": cast.school.urn}))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][-1] == "Case owner"
    owners = {row[0]: row[-1] for row in rows[1:]}
    assert owners[cast.taught_pupil.full_name] == cast["sendco"].display_name
    assert owners[cast.untaught_pupil.full_name] in ("", None)
