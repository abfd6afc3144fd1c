"""Figures cached per school are worked out again once the school's records change, and not at all
where the cache is not shared by every app server."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.test import override_settings

from opensend.audit.models import AuditEvent
from opensend.audit.services import audit_change
from opensend.core.school_cache import cached_for_school, school_changed, school_fragment

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


def test_a_request_reads_a_schools_version_once(monkeypatch):
    school_changed(1)  # the school has a version already
    reads = []
    real_get = cache.get
    monkeypatch.setattr(cache, "get", lambda key, *args: reads.append(key) or real_get(key, *args))
    request_started.send(sender=None)
    try:
        cached_for_school(1, "one", Counter())
        cached_for_school(1, "two", Counter())
        assert reads.count("school:1:version") == 1
    finally:
        request_finished.send(sender=None)
    cached_for_school(1, "three", Counter())
    assert reads.count("school:1:version") == 2


def test_a_change_made_during_a_request_is_seen_later_in_that_request():
    compute = Counter()
    request_started.send(sender=None)
    try:
        assert cached_for_school(1, "figure", compute) == 1
        school_changed(1)
        assert cached_for_school(1, "figure", compute) == 2
    finally:
        request_finished.send(sender=None)
