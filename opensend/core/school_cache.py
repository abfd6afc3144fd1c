"""Figures worked out from a school's records, kept until the school's records next change.

Every audited change at a school (`opensend.audit.services`) and every import calls
`school_changed`, which gives the school a new cache version; cached figures are keyed by it, so
the next read works them out afresh. The version changes at once, so the person who made the change
sees it on their next page, and again when the transaction commits, so that a page read in between
cannot keep figures from before the change.

The cache is only used when every app server shares it (REDIS_URL), or where there is one process
(development, tests, the benchmark): app servers with a memory cache each could not tell one another
that a school changed. `OPENSEND_SCHOOL_CACHE` says which.

Who may see which school is cached the same way: every account's memberships are keyed by one
access version, which any change to a membership, school or trust replaces (`access_changed`).
"""

from __future__ import annotations

import hashlib
import secrets
import threading
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

T = TypeVar("T")

# An upper bound on staleness should a change ever reach the database without an audit entry.
DEFAULT_SECONDS = 300
_MISSING = object()


ACCESS = "access"


# The versions read during the current request: a page asks for a school's version four or five
# times, and each read is a round trip to Redis. A change made by this request updates it here too;
# one made by another request meanwhile is seen from the next request on, as if this one had read
# everything when it began.
_request = threading.local()


def _request_versions() -> dict[str, str] | None:
    return getattr(_request, "versions", None)


@receiver(request_started)
@receiver(request_finished)
def _forget_request_versions(**kwargs) -> None:
    _request.versions = {} if kwargs.get("signal") is request_started else None


def _version(scope: str) -> str:
    memo = _request_versions()
    if memo is not None and scope in memo:
        return memo[scope]
    key = f"{scope}:version"
    version = cache.get(key)
    if version is None:
        cache.add(key, secrets.token_hex(8), timeout=None)
        version = cache.get(key)
    if memo is not None:
        memo[scope] = version
    return version


def _new_version(scope: str) -> None:
    version = secrets.token_hex(8)
    cache.set(f"{scope}:version", version, timeout=None)
    memo = _request_versions()
    if memo is not None:
        memo[scope] = version


def _changed(scope: str) -> None:
    """Forget everything cached under the scope, now and once the current transaction commits."""
    _new_version(scope)
    transaction.on_commit(lambda: _new_version(scope))


def _cached(scope: str, name: str, compute: Callable[[], T], seconds: int) -> T:
    if not settings.OPENSEND_SCHOOL_CACHE:
        return compute()
    key = f"{scope}:{_version(scope)}:{name}"
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, seconds)
    return value


def _school_scope(school_id: int) -> str:
    return f"school:{school_id}"


def school_changed(school_id: int) -> None:
    """Forget every figure cached for the school, now and once the current transaction commits."""
    _changed(_school_scope(school_id))


def cached_for_school(school_id: int, name: str, compute: Callable[[], T], *, seconds: int = DEFAULT_SECONDS) -> T:
    """`compute()`, or what it gave since the school last changed. `name` must say everything else
    the figures depend on: whose view, which filters, which day."""
    return _cached(_school_scope(school_id), name, compute, seconds)


def school_fragment(school_id: int, template_name: str, context: dict, *, varies_on: str) -> SafeString:
    """The template rendered once until the school changes: for markup built from the school's own
    settings (a filter form's groups and year groups, with the values asked for), never pupil data.
    `varies_on` must say everything else the markup depends on, such as the query string."""
    digest = hashlib.sha256(varies_on.encode()).hexdigest()[:32]
    html = cached_for_school(
        school_id, f"fragment:{template_name}:{digest}", lambda: render_to_string(template_name, context)
    )
    return mark_safe(html)


def access_changed() -> None:
    """Forget every account's cached memberships: someone's access, or a school or trust, changed."""
    _changed(ACCESS)


def cached_access(name: str, compute: Callable[[], T], *, seconds: int = DEFAULT_SECONDS) -> T:
    """`compute()`, or what it gave since memberships, schools or trusts last changed."""
    return _cached(ACCESS, name, compute, seconds)
