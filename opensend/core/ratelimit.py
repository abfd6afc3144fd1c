"""A per-person limit on work that costs the server a lot or takes many records at once: exports
and PDFs (ASVS 2.4.1). Counted in the cache, per person per minute."""

from __future__ import annotations

import functools
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string


def limit_per_person(kind: str):
    """At most settings.OPENSEND_DOWNLOADS_PER_MINUTE of this kind of request a person a minute;
    beyond that, 429 and a page saying to wait."""

    def decorate(view):
        @functools.wraps(view)
        def limited(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            key = f"rate:{kind}:{request.user.pk}:{int(time.time() // 60)}"
            cache.add(key, 0, timeout=120)
            if cache.incr(key) > settings.OPENSEND_DOWNLOADS_PER_MINUTE:
                return HttpResponse(render_to_string("429.html"), status=429)
            return view(request, *args, **kwargs)

        return limited

    return decorate
