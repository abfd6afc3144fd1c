"""The home dashboard's panels: each a short list of what needs doing, with the full count and a
link onwards, chosen by what the person's roles let them do."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from django.db.models import Count, QuerySet, Value, Window
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from opensend.access import policy
from opensend.access.policy import Capability
from opensend.audit.services import audit_list_view
from opensend.casework import selectors as casework
from opensend.core.pagination import KeysetPage, keyset_page
from opensend.core.school_cache import cached_for_school
from opensend.deadlines.engine import Status
from opensend.deadlines.sources import open_deadlines
from opensend.family import selectors as family
from opensend.funding import selectors as funding
from opensend.identification import selectors as concerns
from opensend.lac import selectors as lac
from opensend.passports.selectors import pupils_without_current_passport
from opensend.plans import selectors as plans
from opensend.provision import selectors as provision
from opensend.provision.models import Provision
from opensend.pupils.models import PUPIL_NAME_FIELDS, Pupil
from opensend.register.selectors import MEETINGS_RULE, SEN_SUPPORT_MEETINGS_EXPECTED, school_register_stats

SHOWN = 8
LIST_PAGE_SIZE = 50


@dataclass(frozen=True)
class Item:
    label: str
    url: str
    hint: str = ""
    # Names the cache never holds (see `panels_for`): a row about a pupil is labelled with their
    # name; a row about a provision group with the group's name, or, when it is about a pupil in
    # the group, the group's name is its hint.
    pupil_id: int | None = None
    provision_id: int | None = None


def _about(pupil, url: str, hint: str = "") -> Item:
    """A row about a pupil, labelled with their name."""
    return Item(pupil.full_name, url, hint, pupil.pk)


@dataclass(frozen=True)
class Panel:
    key: str
    title: str
    count: int
    items: list[Item] = field(default_factory=list)
    empty: str = "Nothing to do."
    more_url: str = ""
    # A register of sensitive records: each request that shows the panel audits a view of each
    # pupil it names, as "Viewed <audited_as>".
    audited_as: str = ""


def _first_and_total(rows: QuerySet) -> tuple[list, int]:
    """The first rows a panel shows and how many there are in all, in one query: each row carries
    the total as a window count over every row the query selects."""
    first = list(rows.annotate(panel_total=Window(Count("pk")))[:SHOWN])
    return first, first[0].panel_total if first else 0


def _pupil_url(pupil, name: str = "pupils:record") -> str:
    return reverse(name, kwargs={"pupil_id": pupil.public_id})


@dataclass(frozen=True)
class PanelList:
    """A panel whose whole list has its own page: the rows, how each is shown, and the order they
    are paged in (field names, the last unique), for keyset pagination."""

    key: str
    title: str
    empty: str
    order: tuple[str, ...]
    shown_to: Callable[[policy.Access], bool]
    rows: Callable[[Any, policy.Access], tuple[QuerySet, Callable[[Any], Item]]]
    explanation: str = ""
    cursor: str = "public_id"  # what identifies a row in the page links


def _cycle_item(cycle) -> Item:
    return _about(
        cycle.pupil,
        reverse("plans:cycle", kwargs={"pupil_id": cycle.pupil.public_id, "cycle_id": cycle.public_id}),
        f"Review due {cycle.review_date:%-d %B %Y}",
    )


def _pupil_item(url_name: str, hint: Callable[[Any], str]) -> Callable[[Any], Item]:
    return lambda pupil: _about(pupil, _pupil_url(pupil, url_name), hint(pupil))


def _plans_or_register(access) -> bool:
    return access.can(Capability.PLAN_EDIT) or access.can(Capability.REGISTER)


def _register(access) -> bool:
    return access.can(Capability.REGISTER)


def _meetings(user, access):
    meetings = plans.meetings_due_this_term(user, access)
    needed = f"{meetings.expected} needed by the end of this term"
    hint = _pupil_item(
        "plans:meetings", lambda p: f"{p.held} of {SEN_SUPPORT_MEETINGS_EXPECTED} held this year; {needed}"
    )
    return meetings.pupils, hint


def _request_item(request) -> Item:
    return _about(
        request.concern.pupil,
        reverse("identification:concern", kwargs={"concern_id": request.concern.public_id}),
        f"Asked by {request.asked_by.display_name} on {request.asked_on:%-d %B %Y}",
    )


_NEVER = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)  # sorts a pupil with no passport first


def _referral_item(referral) -> Item:
    return _about(
        referral.pupil,
        reverse("casework:referral", kwargs={"pupil_id": referral.pupil.public_id, "referral_id": referral.public_id}),
        f"{referral.service.name}: a response was expected by {referral.expected_on:%-d %B %Y}",
    )


def _overdue_referrals(user, access):
    pupils = policy.pupils_visible_to(user, access, current_only=False)
    return casework.overdue_referrals(access.school, pupils, timezone.localdate()), _referral_item


def _renewal_item(application) -> Item:
    today = timezone.localdate()
    state = "overdue" if application.renewal_on < today else "due soon"
    return _about(
        application.pupil,
        reverse(
            "funding:application",
            kwargs={"urn": application.school.urn, "application_id": application.public_id},
        ),
        f"Top-up funding from {application.local_authority.name}: renewal {state}, {application.renewal_on:%-d %B %Y}",
    )


def _funding_renewals(user, access):
    return funding.renewals_due(access.school, timezone.localdate()).select_related("school"), _renewal_item


def _passport_hint(pupil) -> str:
    return f"Last updated {pupil.passport_updated_at:%-d %B %Y}" if pupil.passport_updated_at else "No passport yet"


def _passports(user, access):
    pupils = pupils_without_current_passport(access, user=user).annotate(
        passport_key=Coalesce("passport_updated_at", Value(_NEVER))
    )
    return pupils, _pupil_item("passports:passport", _passport_hint)


LISTS: dict[str, PanelList] = {
    panel.key: panel
    for panel in (
        PanelList(
            "requests",
            "Contributions asked of you",
            "Nobody is waiting for you.",
            ("-asked_on", "-pk"),
            # Everyone who may be asked, not only those who raise concerns: a TA is asked too.
            concerns.can_be_asked,
            lambda user, access: (concerns.requests_waiting_for(user, access), _request_item),
            # A person has one unanswered request per concern, so the concern identifies it.
            cursor="concern__public_id",
        ),
        PanelList(
            "overdue",
            "Plan reviews overdue",
            "No reviews are overdue.",
            ("review_date", "pupil__sort_key"),
            _plans_or_register,
            lambda user, access: (plans.reviews_overdue(user, access), _cycle_item),
        ),
        PanelList(
            "due",
            "Plan reviews due in the next two weeks",
            "No reviews due soon.",
            ("review_date", "pupil__sort_key"),
            _plans_or_register,
            lambda user, access: (plans.reviews_due(user, access), _cycle_item),
        ),
        PanelList(
            "referrals",
            "Referrals past their expected response",
            "No referral is past its expected response.",
            ("expected_on", "pk"),
            lambda access: access.can(Capability.CASEWORK_MANAGE),
            _overdue_referrals,
            "Referrals sent and not yet answered whose service's usual waiting time has passed: chase them.",
        ),
        PanelList(
            "funding-renewals",
            "Top-up funding renewals due",
            "No top-up funding is due for renewal.",
            ("renewal_on", "pk"),
            lambda access: access.can(Capability.FUNDING_MANAGE),
            _funding_renewals,
            "Top-up awards whose renewal date has passed or falls in the next six weeks: apply again in time.",
        ),
        PanelList(
            "passports",
            "Pupil passports to write or update",
            "Every passport is up to date.",
            ("passport_key", "sort_key"),
            _plans_or_register,
            _passports,
            "Pupils on the register with no passport, or whose passport was last updated more than a year ago.",
        ),
        PanelList(
            "no-plan",
            "On the register without a current plan",
            "Every pupil on the register has a plan.",
            ("sort_key",),
            _register,
            lambda user, access: (
                plans.pupils_without_current_plan(user, access),
                _pupil_item("plans:pupil", lambda pupil: ""),
            ),
        ),
        PanelList(
            "meetings",
            "Parents' meetings due this term",
            "Every pupil on SEN support is on track.",
            ("held", "sort_key"),
            _register,
            _meetings,
            MEETINGS_RULE,
        ),
    )
}
# The reviews lists come as a pair: each page links to the other.
REVIEW_LISTS = ("overdue", "due")


def _list_panel(panel: PanelList, user, access) -> Panel:
    rows, item = panel.rows(user, access)
    first, total = _first_and_total(rows)
    more = reverse("dashboards:list", kwargs={"urn": access.school.urn, "key": panel.key})
    return Panel(panel.key, panel.title, total, [item(row) for row in first], panel.empty, more)


@dataclass(frozen=True)
class ListPage:
    panel: PanelList
    total: int
    items: list[Item]
    page: KeysetPage


def list_page(panel: PanelList, user, access, *, after: str | None, before: str | None) -> ListPage:
    """The panel's whole list, a page at a time: at most three queries whatever its length."""
    rows, item = panel.rows(user, access)
    page = keyset_page(rows, panel.order, after=after, before=before, size=LIST_PAGE_SIZE, cursor=panel.cursor)
    return ListPage(panel, rows.order_by().count(), [item(row) for row in page.rows], page)


def _new_concerns(user, access) -> Panel:
    first, total = _first_and_total(concerns.new_concerns(user, access))
    items = [
        _about(
            concern.pupil,
            reverse("identification:concern", kwargs={"concern_id": concern.public_id}),
            f"Raised {concern.raised_on:%-d %B %Y}",
        )
        for concern in first
    ]
    more = reverse("identification:triage", kwargs={"urn": access.school.urn}) + "?status=new"
    return Panel("concerns", "New concerns to triage", total, items, "No new concerns.", more)


def _provision_review_panel(user, access) -> Panel:
    manages = access.can(Capability.PROVISION_MANAGE)
    first, total = _first_and_total(provision.due_for_review(user, access, timezone.localdate(), mine=not manages))
    items = [
        Item(
            row.name,
            reverse("provision:detail", kwargs={"provision_id": row.public_id}),
            f"Planned to end {row.ends_on:%-d %B %Y}",
            provision_id=row.pk,
        )
        for row in first
    ]
    more = reverse("provision:list", kwargs={"urn": access.school.urn}) + "?show=review"
    title = "Provision due for review" if manages else "Your provision due for review"
    return Panel("provision-review", title, total, items, "No provision is due for review.", more)


def _outcomes_panel(user, access) -> Panel:
    manages = access.can(Capability.PROVISION_MANAGE)
    first, total = _first_and_total(
        provision.pupils_awaiting_outcome(user, access, timezone.localdate(), mine=not manages)
    )
    items = [
        replace(
            _about(
                member.pupil,
                reverse(
                    "provision:member-results",
                    kwargs={"provision_id": member.provision.public_id, "member_id": member.pk},
                ),
                member.provision.name,
            ),
            provision_id=member.provision_id,
        )
        for member in first
    ]
    return Panel("provision-outcomes", "Pupils due for an outcome review", total, items, "No outcomes are waiting.")


def _deadline_panel(user, access) -> Panel:
    """Statutory deadlines overdue or due in the next two weeks, overdue first (a local rule, like a
    referral's expected response, has its own panel)."""
    pupils = policy.pupils_visible_to(user, access, current_only=False)
    urgent = [
        item
        for item in open_deadlines(access.school, pupils, today=timezone.localdate(), access=access)
        if item.status in (Status.OVERDUE, Status.DUE_SOON) and not item.rule.local
    ]
    items = [
        _about(
            item.pupil,
            item.url,
            f"{item.rule.description}: {item.status.label.lower()}, due {item.due:%-d %B %Y}",
        )
        for item in urgent[:SHOWN]
    ]
    more = reverse("deadlines:caseload", kwargs={"urn": access.school.urn}) if access.can(Capability.DEADLINES) else ""
    return Panel(
        "deadlines", "Statutory deadlines overdue or due soon", len(urgent), items, "None overdue or due soon.", more
    )


def _overdue_or_due(day: datetime.date, today: datetime.date) -> str:
    return f"Overdue since {day:%-d %B %Y}" if day < today else f"Due {day:%-d %B %Y}"


def _actions_panel(user, access) -> Panel:
    """The actions from meetings this person owns, until each is marked done."""
    today = timezone.localdate()
    first, total = _first_and_total(plans.open_actions_owned_by(user, access))
    items = [
        _about(
            action.meeting.pupil,
            reverse(
                "plans:meeting",
                kwargs={"pupil_id": action.meeting.pupil.public_id, "meeting_id": action.meeting.public_id},
            )
            + "#actions",
            f"{_overdue_or_due(action.due_on, today)}: {action.description[:80]}",
        )
        for action in first
    ]
    more = reverse("plans:my-actions", kwargs={"urn": access.school.urn})
    return Panel("actions", "Your actions from meetings", total, items, "You have no open actions.", more)


def _follow_ups_panel(user, access) -> Panel:
    """Follow-ups this person promised a family, until each is marked done."""
    today = timezone.localdate()
    first, total = _first_and_total(family.open_follow_ups_by(user, access.school))
    items = [
        _about(
            contact.pupil,
            reverse("family:pupil", kwargs={"pupil_id": contact.pupil.public_id}) + f"#contact-{contact.public_id}",
            f"{_overdue_or_due(contact.follow_up_by, today)}: {contact.follow_up[:80]}",
        )
        for contact in first
    ]
    more = reverse("family:follow-ups", kwargs={"urn": access.school.urn})
    return Panel("follow-ups", "Your follow-ups with families", total, items, "You have no follow-ups to do.", more)


def _pep_panel(user, access) -> Panel:
    """Looked-after pupils whose PEP is overdue or due within two weeks."""
    pupils = policy.pupils_visible_to(user, access, current_only=False)
    urgent = [
        item
        for item in lac.open_deadlines(access.school, pupils, timezone.localdate())
        if item.status in (Status.OVERDUE, Status.DUE_SOON)
    ]
    urgent.sort(key=lambda item: item.sort_key)
    items = [
        _about(
            item.pupil,
            item.url,
            f"{item.rule.description}: {item.status.label.lower()}, due {item.due:%-d %B %Y}",
        )
        for item in urgent[:SHOWN]
    ]
    more = reverse("lac:register", kwargs={"urn": access.school.urn})
    return Panel(
        "peps",
        "Looked-after pupils: PEPs overdue or due soon",
        len(urgent),
        items,
        "No PEP is overdue or due soon.",
        more,
        audited_as="the looked-after pupils whose PEPs are overdue or due soon",
    )


# Part of the cache key: a change to what Panel and Item hold must not read panels cached before it.
_CACHED_FORM = 1


def panels_for(user, access: policy.Access) -> list[Panel]:
    """The person's home panels: their own open actions and follow-ups, worked out on each request,
    then the school's panels as this person sees them, worked out once until the school's records
    next change or the day does (each panel asks several queries of the ORM: together they cost
    most of the page; docs/benchmarks.md).

    The cache holds no pupil's or provision group's name (`docs/architecture.md`): the school's
    panels are stored with each row's pupil and group as ids, and their names are read on each
    request. A pupil archived or destroyed meanwhile drops out of the panel."""
    own: list[Panel] = []
    if access.can(Capability.SEN_READ):
        own.append(_actions_panel(user, access))
    if access.can(Capability.FAMILY_CONTACTS):
        own.append(_follow_ups_panel(user, access))
    cache_name = (
        f"dashboard:{_CACHED_FORM}:{user.pk}:{'.'.join(sorted(access.roles))}:{timezone.localdate().isoformat()}"
    )
    unnamed = cached_for_school(
        access.school.pk, cache_name, lambda: _without_names(_school_panels(user, access)), per_person=True
    )
    pupil_ids = {item.pupil_id for panel in unnamed for item in panel.items if item.pupil_id}
    pupils = Pupil.objects.active().filter(pk__in=pupil_ids)
    pupils_by_id = {pupil.pk: pupil for pupil in pupils.only(*PUPIL_NAME_FIELDS)}
    provision_ids = {item.provision_id for panel in unnamed for item in panel.items if item.provision_id}
    groups = Provision.objects.filter(pk__in=provision_ids).only("name") if provision_ids else []
    school = _named(unnamed, pupils_by_id, {group.pk: group.name for group in groups})
    for panel in school:
        if panel.audited_as:
            shown = [pupils_by_id[pk] for pk in dict.fromkeys(item.pupil_id for item in panel.items)]
            audit_list_view(actor=user, pupils=shown, school=access.school, what=panel.audited_as)
    return own + school


def _school_panels(user, access: policy.Access) -> list[Panel]:
    panels: list[Panel] = []
    # Those who follow the statutory deadlines see PEPs among them; the designated teacher and the
    # DSL, who do not, get the PEPs alone.
    if access.can(Capability.LAC_READ) and not access.can(Capability.EHC):
        panels.append(_pep_panel(user, access))
    if access.can(Capability.EHC):
        panels.append(_deadline_panel(user, access))
    if access.can(Capability.CONCERN_TRIAGE):
        panels.append(_new_concerns(user, access))
    panels.extend(_list_panel(panel, user, access) for panel in LISTS.values() if panel.shown_to(access))
    if access.can(Capability.PROVISION_MANAGE) or provision.delivers_any(user, access):
        panels.append(_provision_review_panel(user, access))
        panels.append(_outcomes_panel(user, access))
    return panels


def _without_names(panels: list[Panel]) -> list[Panel]:
    return [replace(panel, items=[_unnamed(item) for item in panel.items]) for panel in panels]


def _unnamed(item: Item) -> Item:
    if item.pupil_id and item.provision_id:
        return replace(item, label="", hint="")
    if item.pupil_id or item.provision_id:
        return replace(item, label="")
    return item


def _named(panels: list[Panel], pupils: dict[int, Pupil], groups: dict[int, str]) -> list[Panel]:
    """The panels with each row's names put back (`pupils` by id, provision `groups`' names by id);
    a row whose pupil or group is no longer there (archived, destroyed) drops out."""
    return [
        replace(
            panel,
            items=[
                _with_names(item, pupils, groups)
                for item in panel.items
                if (item.pupil_id is None or item.pupil_id in pupils)
                and (item.provision_id is None or item.provision_id in groups)
            ],
        )
        for panel in panels
    ]


def _with_names(item: Item, pupils: dict[int, Pupil], groups: dict[int, str]) -> Item:
    if item.pupil_id and item.provision_id:
        return replace(item, label=pupils[item.pupil_id].full_name, hint=groups[item.provision_id])
    if item.pupil_id:
        return replace(item, label=pupils[item.pupil_id].full_name)
    if item.provision_id:
        return replace(item, label=groups[item.provision_id])
    return item


def register_shape(user, access: policy.Access):
    """The register's shape, for those who see the whole register: counts by provision and need."""
    if not access.can(Capability.REGISTER):
        return None
    return school_register_stats(user, access)
