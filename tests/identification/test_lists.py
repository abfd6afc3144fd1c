"""The triage list and "My concerns": filtered, keyset-paginated, a fixed number of queries."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opensend.identification.models import Concern, Contribution, ContributionRequest
from opensend.identification.selectors import PAGE_SIZE

from ..factories import PupilFactory, enrol
from .helpers import a_concern


def triage_url(cast) -> str:
    return reverse("identification:triage", kwargs={"urn": cast.school.urn})


def mine_url(cast) -> str:
    return reverse("identification:mine", kwargs={"urn": cast.school.urn})


def many_concerns(cast, count: int, **fields) -> list[Concern]:
    concerns = []
    for index in range(count):
        pupil = PupilFactory(trust=cast.trust)
        enrol(pupil, cast.school, group=cast.group)
        concern = a_concern(
            cast, pupil=pupil, raised_on=datetime.date(2026, 9, 1) + datetime.timedelta(days=index % 40), **fields
        )
        Contribution.objects.create(
            concern=concern, kind="parent", parent_name="A Parent", recorded_by=cast["sendco"],
            given_on=datetime.date(2026, 11, 1), text="Agrees.",
        )  # fmt: skip
        ContributionRequest.objects.create(
            concern=concern, asked=cast["ta"], asked_by=cast["sendco"], asked_on=datetime.date(2026, 11, 2)
        )
        concerns.append(concern)
    return concerns


def rows(response) -> list[Concern]:
    return response.context["page"].rows


def test_the_triage_list_shows_open_concerns_by_default(cast):
    open_one = a_concern(cast)
    a_concern(
        cast, status="decided", decision="closed", decision_reason="Resolved.", decided_on=datetime.date(2026, 11, 20)
    )
    assert [c.pk for c in rows(cast.client_for("sendco").get(triage_url(cast)))] == [open_one.pk]


def test_the_triage_list_filters_by_status(cast):
    new = a_concern(cast)
    gathering = a_concern(cast, status="gathering")
    decided = a_concern(
        cast, status="decided", decision="closed", decision_reason="Resolved.", decided_on=datetime.date(2026, 11, 20)
    )
    client = cast.client_for("sendco")
    assert [c.pk for c in rows(client.get(triage_url(cast), {"status": "new"}))] == [new.pk]
    assert [c.pk for c in rows(client.get(triage_url(cast), {"status": "gathering"}))] == [gathering.pk]
    assert [c.pk for c in rows(client.get(triage_url(cast), {"status": "decided"}))] == [decided.pk]
    assert len(rows(client.get(triage_url(cast), {"status": "all"}))) == 3


def test_the_triage_list_counts_each_status(cast):
    a_concern(cast)
    a_concern(cast, status="gathering")
    filters = cast.client_for("sendco").get(triage_url(cast)).context["filters"]
    assert {f["key"]: f["count"] for f in filters} == {"open": 2, "new": 1, "gathering": 1, "decided": 0, "all": 2}


def test_an_unknown_status_shows_open_concerns(cast):
    a_concern(cast)
    assert cast.client_for("sendco").get(triage_url(cast), {"status": "nonsense"}).context["status"] == "open"


def test_the_triage_list_pages_cover_every_concern_once_newest_first(cast):
    many_concerns(cast, PAGE_SIZE * 2 + 5)
    client = cast.client_for("sendco")
    seen: list[Concern] = []
    response = client.get(triage_url(cast))
    while True:
        seen.extend(rows(response))
        after = response.context["page"].next_after
        if not after:
            break
        response = client.get(triage_url(cast), {"status": "open", "after": after})
    assert len(seen) == len({c.pk for c in seen}) == PAGE_SIZE * 2 + 5
    keys = [(c.raised_on, c.pk) for c in seen]
    assert keys == sorted(keys, reverse=True)


def test_going_back_a_page_gives_the_same_concerns(cast):
    many_concerns(cast, PAGE_SIZE + 5)
    client = cast.client_for("sendco")
    first = client.get(triage_url(cast))
    second = client.get(triage_url(cast), {"after": first.context["page"].next_after})
    back = client.get(triage_url(cast), {"before": second.context["page"].previous_before})
    assert [c.pk for c in rows(back)] == [c.pk for c in rows(first)]


def test_a_broken_cursor_gives_the_first_page(cast):
    a_concern(cast)
    assert len(rows(cast.client_for("sendco").get(triage_url(cast), {"after": "not-a-uuid"}))) == 1


def _queries(client, url: str) -> int:
    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_triage_list_takes_the_same_number_of_queries_for_1_row_and_a_full_page(cast):
    many_concerns(cast, 1)
    client = cast.client_for("sendco")
    one = _queries(client, triage_url(cast))
    many_concerns(cast, PAGE_SIZE + 3)
    assert _queries(client, triage_url(cast)) == one


def test_my_concerns_takes_the_same_number_of_queries_for_1_row_and_a_full_page(cast):
    many_concerns(cast, 1)
    client = cast.client_for("teacher")
    one = _queries(client, mine_url(cast))
    many_concerns(cast, PAGE_SIZE + 3)
    assert _queries(client, mine_url(cast)) == one


def test_my_concerns_takes_the_same_number_of_queries_for_1_request_and_many(cast):
    many_concerns(cast, 1, raised_by=cast["sendco"])
    client = cast.client_for("ta")
    one = _queries(client, mine_url(cast))
    many_concerns(cast, 20, raised_by=cast["sendco"])
    assert _queries(client, mine_url(cast)) == one


def test_the_pupils_concerns_tab_takes_the_same_number_of_queries_for_1_and_many(cast):
    client = cast.client_for("sendco")
    url = reverse("identification:pupil", kwargs={"pupil_id": cast.taught_pupil.public_id})
    a_concern(cast)
    one = _queries(client, url)
    for _ in range(6):
        a_concern(cast, raised_by=cast["head"])
    assert _queries(client, url) == one


def test_my_concerns_lists_only_the_teachers_own_concerns(cast):
    mine = a_concern(cast)
    a_concern(cast, raised_by=cast["head"])
    assert [c.pk for c in rows(cast.client_for("teacher").get(mine_url(cast)))] == [mine.pk]


def test_the_triage_list_is_only_for_the_sendco_and_assistant(cast):
    assert cast.client_for("teacher").get(triage_url(cast)).status_code == 404
    assert cast.client_for("head").get(triage_url(cast)).status_code == 404
