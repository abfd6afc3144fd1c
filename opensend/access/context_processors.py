"""The service navigation: what a person's roles give them, at the school they are working in."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.http import HttpRequest
from django.urls import get_script_prefix, reverse

from . import policy
from .policy import Capability


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    active: bool


def _current_access(request: HttpRequest) -> policy.Access | None:
    accesses = policy.school_accesses(request.user)
    if not accesses:
        return None
    urn = getattr(request, "resolver_match", None) and request.resolver_match.kwargs.get("urn")
    current = getattr(request, "opensend_access", None)
    if current is not None:
        return current
    return next((a for a in accesses if a.school.urn == urn), accesses[0])


@lru_cache(maxsize=1024)
def _school_url(name: str, urn: str, prefix: str) -> str:
    # Every page builds the menu; the same few links per school, reversed once each (40 µs apiece).
    return reverse(name, kwargs={"urn": urn})


def navigation(request: HttpRequest) -> dict:
    if not request.user.is_authenticated:
        return {}
    access = _current_access(request)
    items: list[NavItem] = []
    path = request.path
    if access is not None:
        urn = access.school.urn
        prefix = get_script_prefix()
        if access.can(Capability.SEN_READ):
            url = _school_url("dashboards:dashboard", urn, prefix)
            items.append(NavItem("Home", url, path == url))
        if access.can(Capability.MY_CLASS):
            url = _school_url("dashboards:my-class", urn, prefix)
            items.append(NavItem("My class", url, path == url))
        if access.can(Capability.SCHOOL_OVERVIEW):
            url = _school_url("dashboards:school-overview", urn, prefix)
            items.append(NavItem("Overview", url, path == url))
        if access.can(Capability.PUPIL_LIST):
            url = _school_url("pupils:list", urn, prefix)
            items.append(NavItem("Pupils", url, path.startswith(url) or path.startswith("/pupils/")))
        if access.can(Capability.CONCERN_TRIAGE):
            url = _school_url("identification:triage", urn, prefix)
            items.append(NavItem("Concerns", url, path.startswith(url) or path.startswith("/concerns/")))
        elif access.can(Capability.SEN_READ):
            # Teachers raise concerns; anyone who reads SEND records may be asked for a contribution.
            url = _school_url("identification:mine", urn, prefix)
            items.append(NavItem("My concerns", url, path.startswith(url) or path.startswith("/concerns/")))
        if access.can(Capability.SEN_READ):
            url = _school_url("provision:list", urn, prefix)
            library = _school_url("provision:library", urn, prefix)
            here = path.startswith((url, library, "/provision/"))
            items.append(NavItem("Provision", url, here))
        elif access.can(Capability.INTERVENTION_READ):
            url = _school_url("provision:library", urn, prefix)
            items.append(NavItem("Interventions", url, path.startswith(url)))
        if access.can(Capability.SCHOOL_OVERVIEW) and not access.can(Capability.SEN_READ):
            url = _school_url("provision:impact", urn, prefix)
            items.append(NavItem("Provision impact", url, path == url))
            url = _school_url("provision:map", urn, prefix)
            items.append(NavItem("Provision map", url, path == url))
        if access.can(Capability.REGISTER):
            url = _school_url("register:list", urn, prefix)
            items.append(NavItem("Register", url, path.startswith(url)))
        if access.can(Capability.LAC_READ):
            url = _school_url("lac:register", urn, prefix)
            items.append(NavItem("Looked after", url, path.startswith(url) or "/looked-after/" in path))
        if access.can(Capability.DEADLINES):
            url = _school_url("deadlines:caseload", urn, prefix)
            items.append(NavItem("Deadlines", url, path.startswith(url)))
        if access.can(Capability.CASEWORK_READ):
            url = _school_url("casework:referrals", urn, prefix)
            services = _school_url("casework:directory", urn, prefix)
            items.append(NavItem("Referrals", url, path.startswith((url, services))))
        if access.can(Capability.FUNDING_READ):
            # The funding view for those who see costs, the applications for the assistant SENDCo.
            name = "funding:view" if access.can(Capability.FUNDING_VIEW) else "funding:applications"
            url = _school_url(name, urn, prefix)
            items.append(NavItem("Funding", url, path.startswith(_school_url("funding:view", urn, prefix))))
        if access.can(Capability.CENSUS):
            url = _school_url("register:census", urn, prefix)
            items.append(NavItem("Census check", url, path.startswith(url)))
        if access.can(Capability.MIS_IMPORT):
            url = _school_url("pupils:import", urn, prefix)
            items.append(NavItem("Import from MIS", url, path.startswith(url) or path.startswith("/imports/")))
        if access.can(Capability.RETENTION_REVIEW):
            url = _school_url("dataprotection:retention", urn, prefix)
            items.append(NavItem("Retention", url, path.startswith(url)))
    for trust in policy.trusts_led(request.user):
        url = reverse("dashboards:trust-overview", kwargs={"trust_id": trust.public_id})
        items.append(NavItem("Trust overview", url, path == url))
        url = reverse("provision:trust-impact", kwargs={"trust_id": trust.public_id})
        items.append(NavItem("Provision impact", url, path == url))
        url = reverse("provision:trust-map", kwargs={"trust_id": trust.public_id})
        items.append(NavItem("Provision map", url, path == url))
    return {
        "nav_items": items,
        "current_access": access,
        "other_accesses": [
            a for a in policy.school_accesses(request.user) if access and a.school.pk != access.school.pk
        ],
    }
