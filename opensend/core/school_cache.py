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


# Each value is stored with the version it was worked out under, under a key without the version,
# so that one round trip to Redis reads a scope's version and its values together; a value stored
# under an older version is stale. (A page that worked figures out while another request changed
# the school stores them under the older version, so they are never taken as current.)
#
# A page asks for the same values on every request, and each read is a round trip. So the first
# read in a scope during a request also reads every value the same page read in that scope last
# time (`CachePageMiddleware` says which page a request serves), and later reads in the request
# take them from memory. A change made by this request is seen at once;
# one made by another request meanwhile is seen from the next request on, as if this one had read
# everything when it began.


class _RequestReads(threading.local):
    def __init__(self) -> None:
        self.reset(active=False)

    def reset(self, *, active: bool) -> None:
        self.active = active
        self.page = ""
        self.versions: dict[str, str] = {}
        self.stored: dict[str, object] = {}
        self.names: dict[str, dict[str, None]] = {}


_request = _RequestReads()
# By page and scope, the names the page asked for in the scope last time (in this process; one
# entry per URL name and school, so it stays small).
_names_last_read: dict[tuple[str, str], tuple[str, ...]] = {}


@receiver(request_started)
def _start_request_reads(**kwargs) -> None:
    _request.reset(active=True)


@receiver(request_finished)
def _end_request_reads(**kwargs) -> None:
    for scope, names in _request.names.items():
        _names_last_read[_request.page, scope] = tuple(names)
    _request.reset(active=False)


def serving_page(name: str) -> None:
    """Say which page the current request serves (a URL name), so that the first read in each
    scope reads ahead what this page read last time."""
    if _request.active:
        _request.page = name


def _version_key(scope: str) -> str:
    return f"{scope}:version"


def _value_key(scope: str, name: str) -> str:
    return f"{scope}:value:{name}"


def _version_from(found: dict, scope: str) -> str:
    version = found.get(_version_key(scope))
    if version is None:
        cache.add(_version_key(scope), secrets.token_hex(8), timeout=None)
        version = cache.get(_version_key(scope))
    return version


def _read(scope: str, name: str, *, read_ahead: bool = True) -> tuple[str, object]:
    """The scope's current version, and the (version, value) pair stored under the name or
    `_MISSING`. With `read_ahead`, the page's next request reads the name ahead with the version."""
    key = _value_key(scope, name)
    if not _request.active:
        found = cache.get_many([_version_key(scope), key])
        return _version_from(found, scope), found.get(key, _MISSING)
    if scope not in _request.versions:
        names = dict.fromkeys((name, *_names_last_read.get((_request.page, scope), ())))
        keys = [_value_key(scope, each) for each in names]
        found = cache.get_many([_version_key(scope), *keys])
        _request.versions[scope] = _version_from(found, scope)
        _request.stored.update({each: found.get(each, _MISSING) for each in keys})
    if read_ahead:
        _request.names.setdefault(scope, {})[name] = None
    if key not in _request.stored:
        _request.stored[key] = cache.get(key, _MISSING)
    return _request.versions[scope], _request.stored[key]


def _new_version(scope: str) -> None:
    version = secrets.token_hex(8)
    cache.set(_version_key(scope), version, timeout=None)
    if _request.active:
        _request.versions[scope] = version


def _changed(scope: str) -> None:
    """Forget everything cached under the scope, now and once the current transaction commits."""
    _new_version(scope)
    transaction.on_commit(lambda: _new_version(scope))


def _cached(scope: str, name: str, compute: Callable[[], T], seconds: int, *, read_ahead: bool = True) -> T:
    if not settings.OPENSEND_SCHOOL_CACHE:
        return compute()
    version, stored = _read(scope, name, read_ahead=read_ahead)
    if stored is not _MISSING and stored[0] == version:
        return stored[1]
    value = compute()
    cache.set(_value_key(scope, name), (version, value), seconds)
    if _request.active:
        _request.stored[_value_key(scope, name)] = (version, value)
    return value


def _school_scope(school_id: int) -> str:
    return f"school:{school_id}"


def school_changed(school_id: int) -> None:
    """Forget every figure cached for the school, now and once the current transaction commits."""
    _changed(_school_scope(school_id))


def cached_for_school(
    school_id: int, name: str, compute: Callable[[], T], *, seconds: int = DEFAULT_SECONDS, per_person: bool = False
) -> T:
    """`compute()`, or what it gave since the school last changed. `name` must say everything else
    the figures depend on: whose view, which filters, which day. A value `per_person` is not read
    ahead by the page's next request, which is most often someone else's."""
    return _cached(_school_scope(school_id), name, compute, seconds, read_ahead=not per_person)


def school_fragment(school_id: int, template_name: str, context: dict, *, varies_on: str) -> SafeString:
    """The template rendered once until the school changes: for markup built from the school's own
    settings (a filter form's groups and year groups, with the values asked for) or from figures
    cached for it (the register's counts), never from pupils' names or details. `varies_on` must
    say everything else the markup depends on, such as the query string."""
    digest = hashlib.sha256(varies_on.encode()).hexdigest()[:32]
    html = cached_for_school(
        school_id, f"fragment:{template_name}:{digest}", lambda: render_to_string(template_name, context)
    )
    return mark_safe(html)  # nosec B703, B308 # rendered by a template, which escaped every value


def access_changed() -> None:
    """Forget every account's cached memberships: someone's access, or a school or trust, changed."""
    _changed(ACCESS)


def cached_access(name: str, compute: Callable[[], T], *, seconds: int = DEFAULT_SECONDS) -> T:
    """`compute()`, or what it gave since memberships, schools or trusts last changed."""
    return _cached(ACCESS, name, compute, seconds)
