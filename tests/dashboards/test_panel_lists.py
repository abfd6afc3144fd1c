"""Every home panel reaches everyone it concerns, and one that stops at "Showing 8 of N" links to its
whole list, a page at a time."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opensend.identification.models import Concern, ContributionRequest
from opensend.plans.models import Cycle
from opensend.register.models import SenStatus
from opensend.register.selectors import MEETINGS_RULE

from ..factories import PupilFactory, enrol
from .test_dashboards import TODAY, dashboard, open_cycle, panel, put_on_register


def list_url(cast, key: str) -> str:
    return reverse("dashboards:list", kwargs={"urn": cast.school.urn, "key": key})


def overdue_pupils(cast, count: int) -> list:
    pupils = []
    for index in range(count):
        pupil = PupilFactory(trust=cast.trust, legal_surname=f"Overdue{index:02d}", legal_forename="Ann")
        enrol(pupil, cast.school, group=cast.group)
        SenStatus.objects.create(pupil=pupil, school=cast.school, provision="K", start_date=TODAY)
        open_cycle(cast, pupil, datetime.date(2020, 1, 1) + datetime.timedelta(days=index % 3))
        pupils.append(pupil)
    return pupils


def names_on(response) -> list[str]:
    return [item.label for item in response.context["listed"].items]


# --- Defect 1: contributions asked of everyone who can be asked ----------------------------------


@pytest.mark.parametrize("role", ["ta", "teacher", "sendco"])
def test_everyone_who_can_be_asked_for_a_contribution_sees_what_is_waiting(cast, role):
    concern = Concern.objects.create(
        pupil=cast.taught_pupil, school=cast.school, raised_by=cast["sendco"], raised_on=TODAY, what_seen="Struggles"
    )
    asker = cast["assistant-sendco"] if role == "sendco" else cast["sendco"]
    ContributionRequest.objects.create(concern=concern, asked=cast[role], asked_by=asker, asked_on=TODAY)

    requests = panel(dashboard(cast, role), "requests")

    assert [item.label for item in requests.items] == [cast.taught_pupil.full_name]
    assert requests.more_url == list_url(cast, "requests")
    assert cast.client_for(role).get(requests.items[0].url).status_code == 200  # the link leads somewhere
    assert cast.client_for(role).get(requests.more_url).status_code == 200


# --- Defect 4: the whole list behind each panel ------------------------------------------------------


def test_a_panel_that_shows_8_of_more_links_to_its_whole_list(cast):
    overdue_pupils(cast, 11)

    response = dashboard(cast, "sendco")

    overdue = panel(response, "overdue")
    assert (len(overdue.items), overdue.count, overdue.more_url) == (8, 11, list_url(cast, "overdue"))
    assert f'href="{list_url(cast, "overdue")}">See all 11' in response.content.decode()


def test_the_whole_list_pages_through_every_row_once_in_the_panels_order(cast, monkeypatch):
    monkeypatch.setattr("opensend.dashboards.panels.LIST_PAGE_SIZE", 4)
    pupils = overdue_pupils(cast, 11)
    client = cast.client_for("sendco")
    review = {cycle.pupil_id: cycle.review_date for cycle in Cycle.objects.all()}
    expected = [p.full_name for p in sorted(pupils, key=lambda p: (review[p.pk], p.sort_key))]

    seen, pages, query = [], [], ""
    while True:
        response = client.get(list_url(cast, "overdue") + query)
        seen += names_on(response)
        pages.append(response.context["listed"].page)
        if not pages[-1].next_after:
            break
        query = f"?after={pages[-1].next_after}"

    assert seen == expected
    assert len(pages) == 3
    assert response.context["listed"].total == 11
    back = client.get(list_url(cast, "overdue") + f"?before={pages[-1].previous_before}")
    assert names_on(back) == expected[4:8]


def test_the_whole_list_takes_the_same_queries_for_a_page_of_two_and_of_many(cast):
    client = cast.client_for("sendco")
    overdue_pupils(cast, 2)
    client.get(list_url(cast, "overdue"))
    with CaptureQueriesContext(connection) as few:
        client.get(list_url(cast, "overdue"))
    overdue_pupils(cast, 30)
    with CaptureQueriesContext(connection) as many:
        client.get(list_url(cast, "overdue"))
    assert len(many) == len(few)


def test_the_reviews_lists_link_to_each_other(cast):
    html = cast.client_for("sendco").get(list_url(cast, "overdue")).content.decode()
    assert f'href="{list_url(cast, "due")}">plan reviews due in the next two weeks</a>' in html


def test_the_contributions_asked_of_a_ta_page_through_by_their_concern(cast, monkeypatch):
    monkeypatch.setattr("opensend.dashboards.panels.LIST_PAGE_SIZE", 2)
    for day in range(5):
        concern = Concern.objects.create(
            pupil=cast.taught_pupil, school=cast.school, raised_by=cast["sendco"], raised_on=TODAY, what_seen="Quiet"
        )
        ContributionRequest.objects.create(
            concern=concern, asked=cast["ta"], asked_by=cast["sendco"], asked_on=TODAY - datetime.timedelta(days=day)
        )
    client = cast.client_for("ta")

    first = client.get(list_url(cast, "requests")).context["listed"]
    second = client.get(list_url(cast, "requests") + f"?after={first.page.next_after}").context["listed"]
    third = client.get(list_url(cast, "requests") + f"?after={second.page.next_after}").context["listed"]

    hints = [item.hint for listed in (first, second, third) for item in listed.items]
    assert hints == [f"Asked by Sendco Tester on {TODAY - datetime.timedelta(days=d):%-d %B %Y}" for d in range(5)]
    assert third.page.next_after is None and first.total == 5


@pytest.mark.parametrize("key", ["requests", "overdue", "due", "passports", "no-plan", "meetings"])
def test_the_sendco_opens_every_panels_whole_list(cast, key):
    put_on_register(cast, cast.untaught_pupil)
    response = cast.client_for("sendco").get(list_url(cast, key))
    assert response.status_code == 200
    assert response.context["listed"].panel.key == key


def test_a_teacher_sees_only_the_pupils_they_teach_in_a_whole_list(cast):
    overdue_pupils(cast, 2)
    put_on_register(cast, cast.untaught_pupil)
    open_cycle(cast, cast.untaught_pupil, datetime.date(2020, 1, 1))

    names = names_on(cast.client_for("teacher").get(list_url(cast, "overdue")))

    assert cast.untaught_pupil.full_name not in names
    assert len(names) == 2


@pytest.mark.parametrize(("role", "key"), [("teacher", "no-plan"), ("ta", "overdue"), ("sendco", "nonsense")])
def test_a_list_whose_panel_the_person_does_not_have_is_not_found(cast, role, key):
    assert cast.client_for(role).get(list_url(cast, key)).status_code == 404


# --- Defect 8: one rule for parents' meetings ---------------------------------------------------------


def test_the_dashboard_and_the_register_count_meetings_out_of_the_same_three_and_say_so(cast):
    put_on_register(cast, cast.taught_pupil)

    [item] = panel(dashboard(cast, "sendco"), "meetings").items
    register = cast.client_for("sendco").get(reverse("register:list", kwargs={"urn": cast.school.urn}))
    meetings_list = cast.client_for("sendco").get(list_url(cast, "meetings"))

    assert item.hint.startswith("0 of 3 held this year; ")
    assert "0 of 3" in register.content.decode()
    assert MEETINGS_RULE in register.content.decode()
    assert MEETINGS_RULE in meetings_list.content.decode()
