"""Every URL pattern, for every person of the cast: the right people get the page, everyone else
a 404 (or the sign-in page if not signed in). A URL with no rule here fails the first test."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from opensend.pupils.models import ImportJob

from .access_matrix import (
    AUDIT_READERS,
    AUTH_PAGE,  # noqa: F401 - part of the rule vocabulary
    IMPORTERS,
    OVERVIEW_READERS,
    PUBLIC,
    PUPIL_EDITORS,
    PUPIL_READERS,
    SIGNED_IN_ONLY,
    TAUGHT_PUPIL_READERS,
    R,
    allowed,
)
from .conftest import ALL_PEOPLE, Cast

ANONYMOUS = "anonymous"
EVERYONE = [*ALL_PEOPLE, ANONYMOUS]
SIGNED_IN = ALL_PEOPLE

CORE_RULES: dict[str, dict] = {
    "healthz": PUBLIC,
    "home": SIGNED_IN_ONLY,
    "no-access": SIGNED_IN_ONLY,
    "dashboards:school-overview": allowed(OVERVIEW_READERS),
    "dashboards:trust-overview": allowed({R.TRUST_LEAD}),
    "pupils:list": allowed(PUPIL_READERS),
    "pupils:search": allowed(PUPIL_READERS, method="post"),
    "pupils:record": allowed(TAUGHT_PUPIL_READERS),
    "pupils:edit": allowed(PUPIL_EDITORS),
    "pupils:archive": allowed(PUPIL_EDITORS),
    "pupils:audit": allowed(AUDIT_READERS),
    "pupils:import": allowed(IMPORTERS),
    "pupils:import-job": allowed(IMPORTERS),
    "pupils:import-progress": allowed(IMPORTERS),
}


def _feature_rule_modules() -> list:
    """Each feature keeps its URL rules beside its tests, in tests/<feature>/access_rules.py, with
    RULES (URL name to rule) and url_kwargs(cast) (objects for the URLs' parameters)."""
    folder = Path(__file__).parent
    return [
        importlib.import_module(f"tests.{path.parent.name}.access_rules")
        for path in sorted(folder.glob("*/access_rules.py"))
    ]


RULES: dict[str, dict] = dict(CORE_RULES)
KWARG_MAKERS: list[Callable[[Cast], dict]] = []
for _module in _feature_rule_modules():
    RULES.update(_module.RULES)
    KWARG_MAKERS.append(_module.url_kwargs)


def _walk(patterns, prefix: str = "", namespace: str | None = None) -> Iterator[tuple[str, str, str]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else (pattern.name or "")
            yield name, prefix + str(pattern.pattern), pattern.callback.__module__


def all_patterns() -> list[tuple[str, str, str]]:
    return list(_walk(get_resolver().url_patterns))


def _is_ours(module: str) -> bool:
    return module.startswith("opensend.")


def test_every_url_of_ours_has_a_rule():
    missing = [(name or route) for name, route, module in all_patterns() if _is_ours(module) and name not in RULES]
    assert missing == [], f"URLs with no access rule: {missing}"


def test_every_other_url_belongs_to_the_sign_in_library():
    foreign = [(name, route, module) for name, route, module in all_patterns() if not _is_ours(module)]
    assert all(module.startswith(("allauth.", "django.views.generic")) for _, _, module in foreign), foreign


def _kwargs_for(route: str, cast: Cast, job: ImportJob) -> dict:
    values = {
        "urn": cast.school.urn,
        "pupil_id": cast.taught_pupil.public_id,
        "trust_id": cast.trust.public_id,
        "job_id": job.public_id,
    }
    for make in KWARG_MAKERS:
        values.update(make(cast))
    return {key: value for key, value in values.items() if f"<{key}>" in route or f":{key}>" in route}


@pytest.fixture
def job(cast) -> ImportJob:
    return ImportJob.objects.create(
        school=cast.school, created_by=cast["school-admin"], kind="pupils", original_filename="pupils.csv"
    )


@pytest.mark.parametrize("name", sorted(RULES))
@pytest.mark.parametrize("person", EVERYONE)
def test_access_matches_the_rule(name, person, cast, job):
    rule = RULES[name]
    route = next(route for pattern_name, route, _ in all_patterns() if pattern_name == name)
    url = reverse(name, kwargs=_kwargs_for(route, cast, job))
    client = cast.client_for(person)
    method = rule.get("method", "get")
    response = client.post(url, rule.get("data", {"q": "Taught"})) if method == "post" else client.get(url)

    if rule["kind"] == "public":
        assert response.status_code == 200
    elif rule["kind"] == "token":
        assert response.status_code == 404, f"{person} should get 404 for {name} with an unknown token"
    elif person == ANONYMOUS:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    elif rule["kind"] == "signed-in":
        assert response.status_code in (200, 302)
    elif person in rule["roles"]:
        assert response.status_code == rule.get("ok", 200), f"{person} should reach {name}"
    else:
        assert response.status_code == 404, f"{person} should get 404 for {name}, got {response.status_code}"


@pytest.mark.parametrize(
    "name,route", [(name, route) for name, route, module in all_patterns() if not _is_ours(module) and name]
)
@pytest.mark.parametrize("person", [ANONYMOUS, "sendco", "outsider"])
def test_sign_in_library_pages_never_fail(name, route, person, cast):
    kwargs = {}
    if "<int:pk>" in route:
        kwargs["pk"] = 999999
    if "(?P<key>" in route:
        kwargs["key"] = "not-a-real-key"
    if "(?P<uidb36>" in route:
        kwargs["uidb36"] = "zz"
    response = cast.client_for(person).get(reverse(name, kwargs=kwargs))
    assert response.status_code < 500
