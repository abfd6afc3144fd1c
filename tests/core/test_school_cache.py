"""Figures cached per school are worked out again once the school's records change, and not at all
where the cache is not shared by every app server."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.test import override_settings
from django.urls import reverse

from opensend.audit.models import AuditEvent
from opensend.audit.services import audit_change
from opensend.core.school_cache import cached_for_school, school_changed, school_fragment, serving_page

from ..factories import SchoolFactory

# school_changed schedules its second change on the transaction's commit.
pytestmark = pytest.mark.django_db


class Counter:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> int:
        self.calls += 1
        return self.calls


def test_a_figure_is_worked_out_once_until_the_school_changes():
    compute = Counter()
    assert [cached_for_school(1, "figure", compute) for _ in range(3)] == [1, 1, 1]
    school_changed(1)
    assert cached_for_school(1, "figure", compute) == 2


def test_a_change_at_one_school_leaves_another_schools_figures():
    compute = Counter()
    cached_for_school(1, "figure", compute)
    cached_for_school(2, "figure", compute)
    school_changed(2)
    assert cached_for_school(1, "figure", compute) == 1
    assert cached_for_school(2, "figure", compute) == 3


def test_a_figure_cached_of_none_is_still_cached():
    calls = []
    for _ in range(2):
        cached_for_school(1, "nothing", lambda: calls.append(1))
    assert calls == [1]


def test_the_school_changes_again_when_the_transaction_commits(django_capture_on_commit_callbacks):
    compute = Counter()
    with django_capture_on_commit_callbacks() as callbacks:
        school_changed(1)
        # A page read before the commit could cache figures without the change...
        assert cached_for_school(1, "figure", compute) == 1
    for callback in callbacks:
        callback()
    # ...so the commit makes them stale again.
    assert cached_for_school(1, "figure", compute) == 2


@override_settings(OPENSEND_SCHOOL_CACHE=False)
def test_without_a_shared_cache_every_read_works_the_figure_out():
    compute = Counter()
    assert [cached_for_school(1, "figure", compute) for _ in range(2)] == [1, 2]


def test_every_audited_change_at_a_school_makes_its_figures_stale():
    school = SchoolFactory()
    compute = Counter()
    cached_for_school(school.pk, "figure", compute)
    audit_change(actor=None, action=AuditEvent.Action.UPDATE, instance=school, school=school, changes={})
    assert cached_for_school(school.pk, "figure", compute) == 2


def test_a_fragment_is_rendered_once_per_query_until_the_school_changes(settings, tmp_path):
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]], "APP_DIRS": True}
    ]
    (tmp_path / "fragment.html").write_text("<p>{{ word }}</p>")

    def fragment(word: str, query: str) -> str:
        return school_fragment(1, "fragment.html", {"word": word}, varies_on=query)

    assert fragment("<first>", "a=1") == "<p>&lt;first&gt;</p>"
    assert fragment("second", "a=1") == "<p>&lt;first&gt;</p>"
    assert fragment("second", "a=2") == "<p>second</p>"
    school_changed(1)
    assert fragment("third", "a=1") == "<p>third</p>"


class RoundTrips:
    """Counts the cache's round trips (a `get_many` is one, whatever it reads inside)."""

    def __init__(self, monkeypatch) -> None:
        self.trips: list[list[str]] = []
        self._inside = False
        for method in ("get", "get_many"):
            real = getattr(cache, method)
            monkeypatch.setattr(cache, method, self._counting(real))

    def _counting(self, real):
        def counted(keys, *args, **kwargs):
            if self._inside:
                return real(keys, *args, **kwargs)
            self.trips.append([keys] if isinstance(keys, str) else list(keys))
            self._inside = True
            try:
                return real(keys, *args, **kwargs)
            finally:
                self._inside = False

        return counted


def in_a_request(read, page: str = ""):
    request_started.send(sender=None)
    try:
        serving_page(page)
        return read()
    finally:
        request_finished.send(sender=None)


def test_a_request_reads_the_values_the_last_one_read_and_the_version_in_one_round_trip(monkeypatch):
    def page():
        return [cached_for_school(1, name, Counter()) for name in ("year", "counts", "form")]

    assert in_a_request(page) == [1, 1, 1]
    trips = RoundTrips(monkeypatch)
    assert in_a_request(page) == [1, 1, 1]
    assert trips.trips == [["school:1:version", "school:1:value:year", "school:1:value:counts", "school:1:value:form"]]


def test_each_page_reads_ahead_what_it_read_last_time_whatever_was_served_between(monkeypatch):
    def register():
        return [cached_for_school(1, name, Counter()) for name in ("year", "counts")]

    def pupils():
        return cached_for_school(1, "choices", Counter())

    in_a_request(register, "register:list")
    in_a_request(pupils, "pupils:list")
    trips = RoundTrips(monkeypatch)
    in_a_request(register, "register:list")
    assert trips.trips == [["school:1:version", "school:1:value:year", "school:1:value:counts"]]


def test_pages_say_which_page_they_serve(cast, monkeypatch):
    pages = []
    monkeypatch.setattr("opensend.core.middleware.serving_page", pages.append)
    cast.client_for("sendco").get(reverse("register:list", kwargs={"urn": cast.school.urn}))
    assert pages == ["register:list"]


def test_a_value_the_last_request_did_not_read_takes_its_own_round_trip(monkeypatch):
    in_a_request(lambda: cached_for_school(1, "year", Counter()))
    trips = RoundTrips(monkeypatch)
    in_a_request(lambda: (cached_for_school(1, "year", Counter()), cached_for_school(1, "new", Counter())))
    assert trips.trips[:2] == [["school:1:version", "school:1:value:year"], ["school:1:value:new"]]


def test_a_change_by_another_request_is_seen_from_the_next_request_on():
    compute = Counter()
    request_started.send(sender=None)
    try:
        assert cached_for_school(1, "figure", compute) == 1
        cache.set("school:1:version", "changed elsewhere", timeout=None)
        assert cached_for_school(1, "figure", compute) == 1
    finally:
        request_finished.send(sender=None)
    assert in_a_request(lambda: cached_for_school(1, "figure", compute)) == 2


def test_figures_worked_out_before_a_change_and_stored_after_it_are_not_taken_as_current():
    compute = Counter()
    stale = []

    def slow_figure() -> int:
        school_changed(1)  # another request changes the school while this one works the figure out
        stale.append(compute())
        return stale[-1]

    assert cached_for_school(1, "figure", slow_figure) == 1
    assert cached_for_school(1, "figure", compute) == 2


def test_a_change_made_during_a_request_is_seen_later_in_that_request():
    compute = Counter()
    request_started.send(sender=None)
    try:
        assert cached_for_school(1, "figure", compute) == 1
        school_changed(1)
        assert cached_for_school(1, "figure", compute) == 2
    finally:
        request_finished.send(sender=None)
