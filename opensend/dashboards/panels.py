"""The home dashboard's panels: each a short list of what needs doing, with the full count and a
link onwards, chosen by what the person's roles let them do."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, QuerySet, Window
from django.urls import reverse
from django.utils import timezone

from opensend.access import policy
from opensend.access.policy import Capability
from opensend.deadlines.engine import Status
from opensend.deadlines.sources import open_deadlines
from opensend.identification import selectors as concerns
from opensend.passports.selectors import pupils_without_current_passport
from opensend.plans import selectors as plans
from opensend.register.selectors import school_register_stats

SHOWN = 8


@dataclass(frozen=True)
class Item:
    label: str
    url: str
    hint: str = ""


@dataclass(frozen=True)
class Panel:
    key: str
    title: str
    count: int
    items: list[Item] = field(default_factory=list)
    empty: str = "Nothing to do."
    more_url: str = ""


def _first_and_total(rows: QuerySet) -> tuple[list, int]:
    """The first rows a panel shows and how many there are in all, in one query: each row carries
    the total as a window count over every row the query selects."""
    first = list(rows.annotate(panel_total=Window(Count("pk")))[:SHOWN])
    return first, first[0].panel_total if first else 0


def _pupil_url(pupil, name: str = "pupils:record") -> str:
    return reverse(name, kwargs={"pupil_id": pupil.public_id})


def _cycle_panel(key: str, title: str, cycles: QuerySet, empty: str) -> Panel:
    first, total = _first_and_total(cycles)
    items = [
        Item(
            cycle.pupil.full_name,
            reverse("plans:cycle", kwargs={"pupil_id": cycle.pupil.public_id, "cycle_id": cycle.public_id}),
            f"Review due {cycle.review_date:%-d %B %Y}",
        )
        for cycle in first
    ]
    return Panel(key, title, total, items, empty)


def _reviews(user, access) -> list[Panel]:
    return [
        _cycle_panel("overdue", "Plan reviews overdue", plans.reviews_overdue(user, access), "No reviews are overdue."),
        _cycle_panel(
            "due", "Plan reviews due in the next two weeks", plans.reviews_due(user, access), "No reviews due soon."
        ),
    ]


def _new_concerns(user, access) -> Panel:
    first, total = _first_and_total(concerns.new_concerns(user, access))
    items = [
        Item(
            concern.pupil.full_name,
            reverse("identification:concern", kwargs={"concern_id": concern.public_id}),
            f"Raised {concern.raised_on:%-d %B %Y}",
        )
        for concern in first
    ]
    more = reverse("identification:triage", kwargs={"urn": access.school.urn}) + "?status=new"
    return Panel("concerns", "New concerns to triage", total, items, "No new concerns.", more)


def _requests(user, access) -> Panel:
    first, total = _first_and_total(concerns.requests_waiting_for(user, access))
    items = [
        Item(
            request.concern.pupil.full_name,
            reverse("identification:concern", kwargs={"concern_id": request.concern.public_id}),
            f"Asked by {request.asked_by.display_name} on {request.asked_on:%-d %B %Y}",
        )
        for request in first
    ]
    return Panel("requests", "Contributions asked of you", total, items, "Nobody is waiting for you.")


def _pupil_panel(key: str, title: str, pupils, hint, empty: str, url_name: str = "pupils:record") -> Panel:
    first, total = _first_and_total(pupils)
    return Panel(key, title, total, [Item(p.full_name, _pupil_url(p, url_name), hint(p)) for p in first], empty)


def _register_panels(user, access) -> list[Panel]:
    meetings = plans.meetings_due_this_term(user, access)
    return [
        _pupil_panel(
            "no-plan",
            "On the register without a current plan",
            plans.pupils_without_current_plan(user, access),
            lambda pupil: "",
            "Every pupil on the register has a plan.",
            "plans:pupil",
        ),
        _pupil_panel(
            "meetings",
            "Parents' meetings due this term",
            meetings.pupils,
            lambda pupil: f"{pupil.held} of {meetings.expected} held",
            "Every pupil on SEN support is on track.",
            "plans:meetings",
        ),
    ]


def _passport_panel(user, access) -> Panel:
    return _pupil_panel(
        "passports",
        "Pupil passports to write or update",
        pupils_without_current_passport(access, user=user),
        lambda pupil: (
            f"Last updated {pupil.passport_updated_at:%-d %B %Y}" if pupil.passport_updated_at else "No passport yet"
        ),
        "Every passport is up to date.",
        "passports:passport",
    )


def _deadline_panel(user, access) -> Panel:
    """Statutory deadlines overdue or due in the next two weeks, overdue first."""
    pupils = policy.pupils_visible_to(user, access, current_only=False)
    urgent = [
        item
        for item in open_deadlines(access.school, pupils, today=timezone.localdate())
        if item.status in (Status.OVERDUE, Status.DUE_SOON)
    ]
    items = [
        Item(
            item.pupil.full_name,
            item.url,
            f"{item.rule.description}: {item.status.label.lower()}, due {item.due:%-d %B %Y}",
        )
        for item in urgent[:SHOWN]
    ]
    more = reverse("deadlines:caseload", kwargs={"urn": access.school.urn}) if access.can(Capability.DEADLINES) else ""
    return Panel(
        "deadlines", "Statutory deadlines overdue or due soon", len(urgent), items, "None overdue or due soon.", more
    )


def panels_for(user, access: policy.Access) -> list[Panel]:
    panels: list[Panel] = []
    if access.can(Capability.EHC):
        panels.append(_deadline_panel(user, access))
    if access.can(Capability.CONCERN_TRIAGE):
        panels.append(_new_concerns(user, access))
    if access.can(Capability.CONCERN_RAISE):
        panels.append(_requests(user, access))
    if access.can(Capability.PLAN_EDIT) or access.can(Capability.REGISTER):
        panels.extend(_reviews(user, access))
        panels.append(_passport_panel(user, access))
    if access.can(Capability.REGISTER):
        panels.extend(_register_panels(user, access))
    return panels


def register_shape(user, access: policy.Access):
    """The register's shape, for those who see the whole register: counts by provision and need."""
    if not access.can(Capability.REGISTER):
        return None
    return school_register_stats(user, access)
