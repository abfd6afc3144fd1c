"""The shared cache (Redis, as deployed) and the date wording rows are built with."""

import datetime
import socket

import pytest
from django.utils.formats import date_format

from opensend.core.cache import RedisCache
from opensend.core.text import day_month_year

REDIS = "redis://127.0.0.1:6379/14"


def _redis_is_running() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


def test_the_redis_cache_builds_one_client_for_its_pool_not_one_per_call():
    cache = RedisCache(REDIS, {})
    first = cache._cache.get_client("a")
    assert cache._cache.get_client("b") is first
    assert cache._cache.get_client("c", write=True) is first


@pytest.mark.skipif(not _redis_is_running(), reason="needs Redis on 127.0.0.1:6379, as in CI")
def test_the_redis_cache_stores_reads_and_forgets_values():
    cache = RedisCache(REDIS, {"KEY_PREFIX": "opensend-test-cache"})
    cache.set("figure", {"pupils": 345}, 30)
    cache.set("other", [1, 2], 30)
    assert cache.get("figure") == {"pupils": 345}
    assert cache.get_many(["figure", "other", "missing"]) == {"figure": {"pupils": 345}, "other": [1, 2]}
    assert cache.add("figure", "not this", 30) is False
    cache.delete_many(["figure", "other"])
    assert cache.get("figure", "gone") == "gone"


def _every_day_of(year: int):
    day = datetime.date(year, 1, 1)
    while day.year == year:
        yield day
        day += datetime.timedelta(days=1)


@pytest.mark.parametrize("year", [2026, 2028])  # 2028 has a 29 February
def test_dates_in_rows_read_as_the_date_filter_writes_them(year):
    for day in _every_day_of(year):
        assert day_month_year(day) == date_format(day, "j F Y")
        assert day_month_year(day, short_month=True) == date_format(day, "j M Y")
