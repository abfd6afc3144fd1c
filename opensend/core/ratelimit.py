"""A per-person limit on work that costs the server a lot or takes many records at once: exports
and PDFs (ASVS 2.4.1). Counted in the cache, per person per minute."""

from __future__ import annotations

import functools
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string


def over_limit(kind: str, who) -> bool:
    """Counts one more request of this kind by `who` (a person's or a token's id); True once there
    have been more than settings.OPENSEND_DOWNLOADS_PER_MINUTE this minute."""
    key = f"rate:{kind}:{who}:{int(time.time() // 60)}"
    cache.add(key, 0, timeout=120)
    return cache.incr(key) > settings.OPENSEND_DOWNLOADS_PER_MINUTE


def too_many_requests() -> HttpResponse:
    return HttpResponse(render_to_string("429.html"), status=429)


def limit_per_person(kind: str):
    """At most settings.OPENSEND_DOWNLOADS_PER_MINUTE of this kind of request a person a minute;
    beyond that, 429 and a page saying to wait."""

    def decorate(view):
        @functools.wraps(view)
        def limited(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if over_limit(kind, request.user.pk):
                return too_many_requests()
            return view(request, *args, **kwargs)

        return limited

    return decorate
