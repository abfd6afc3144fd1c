"""The service navigation: what a person's roles give them, at the school they are working in."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse

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


def navigation(request: HttpRequest) -> dict:
    if not request.user.is_authenticated:
        return {}
    access = _current_access(request)
    items: list[NavItem] = []
    path = request.path
    if access is not None:
        urn = access.school.urn
        if access.can(Capability.SEN_READ):
            url = reverse("dashboards:dashboard", kwargs={"urn": urn})
            items.append(NavItem("Home", url, path == url))
        if access.can(Capability.MY_CLASS):
            url = reverse("dashboards:my-class", kwargs={"urn": urn})
            items.append(NavItem("My class", url, path == url))
        if access.can(Capability.SCHOOL_OVERVIEW):
            url = reverse("schools:overview", kwargs={"urn": urn})
            items.append(NavItem("Overview", url, path == url))
        if access.can(Capability.PUPIL_LIST):
            url = reverse("pupils:list", kwargs={"urn": urn})
            items.append(NavItem("Pupils", url, path.startswith(url) or path.startswith("/pupils/")))
        if access.can(Capability.CONCERN_TRIAGE):
            url = reverse("identification:triage", kwargs={"urn": urn})
            items.append(NavItem("Concerns", url, path.startswith(url) or path.startswith("/concerns/")))
        elif access.can(Capability.SEN_READ):
            # Teachers raise concerns; anyone who reads SEND records may be asked for a contribution.
            url = reverse("identification:mine", kwargs={"urn": urn})
            items.append(NavItem("My concerns", url, path.startswith(url) or path.startswith("/concerns/")))
        if access.can(Capability.REGISTER):
            url = reverse("register:list", kwargs={"urn": urn})
            items.append(NavItem("Register", url, path.startswith(url)))
        if access.can(Capability.CENSUS):
            url = reverse("register:census", kwargs={"urn": urn})
            items.append(NavItem("Census check", url, path.startswith(url)))
        if access.can(Capability.MIS_IMPORT):
            url = reverse("pupils:import", kwargs={"urn": urn})
            items.append(NavItem("Import from MIS", url, path.startswith(url) or path.startswith("/imports/")))
    for trust in policy.trusts_led(request.user):
        url = reverse("schools:trust-overview", kwargs={"trust_id": trust.public_id})
        items.append(NavItem("Trust overview", url, path == url))
    return {
        "nav_items": items,
        "current_access": access,
        "other_accesses": [
            a for a in policy.school_accesses(request.user) if access and a.school.pk != access.school.pk
        ],
    }
