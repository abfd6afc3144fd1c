"""The shared cache: Redis, as deployed."""

import socket

import pytest

from opensend.core.cache import RedisCache

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
