"""The Redis cache, as Django's, with one client object per connection pool.

Django's Redis backend builds a new `redis.Redis` client for every cache call, and each build
copies redis-py's table of about 170 response callbacks: a page's three or four calls cost about
half a millisecond before anything is sent (docs/benchmarks.md). A client only wraps its pool,
which is safe to share between threads, so one is kept per pool."""

from __future__ import annotations

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class _OneClientPerPool(RedisCacheClient):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients.setdefault(id(pool), self._client(connection_pool=pool))
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = _OneClientPerPool
