"""The one place that decides who may see and do what.

Two layers: a role gives *capabilities* at a school (what kinds of page and action), and a
*pupil scope* (which pupils). Views ask through `school_for_user`, `pupil_for_user` and
`pupils_visible_to`; anything outside a person's scope answers 404, so a record they may not
see does not exist for them.
"""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass
from functools import cached_property

from django.db.models import BooleanField, Q, QuerySet
from django.http import Http404
from django.urls import reverse

from opensend.accounts.models import GroupStaff, Membership, Role, User
from opensend.core.school_cache import cached_access
from opensend.core.sql import RowSQL
from opensend.pupils.models import Enrolment, Pupil
from opensend.schools.models import School, Trust

# Refusals are logged (ASVS 16.3.2) with opaque ids only: never a name.
security_log = logging.getLogger("opensend.security")


def _refuse(user: User, what: str, identifier) -> Http404:
    security_log.warning("access refused user=%s %s=%s", getattr(user, "public_id", None), what, identifier)
    return Http404(f"No such {what}.")


class Capability(enum.StrEnum):
    PUPIL_LIST = "pupil-list"
    PUPIL_RECORD = "pupil-record"
    PUPIL_EDIT = "pupil-edit"
    PUPIL_AUDIT = "pupil-audit"
    MIS_IMPORT = "mis-import"
    SCHOOL_OVERVIEW = "school-overview"
    TRUST_OVERVIEW = "trust-overview"
    # SEND records: needs, provision, plans, passports, assessments, the chronology (read).
    SEN_READ = "sen-read"
    # The whole-school SEND register, its exports and the census check.
    REGISTER = "register"
    CENSUS = "census"
    # Changing a pupil's SEN provision, needs, monitoring and unit or base membership.
    REGISTER_EDIT = "register-edit"
    CONCERN_RAISE = "concern-raise"
    CONCERN_TRIAGE = "concern-triage"
    # Assess-plan-do-review cycles, passports and parents' meetings for pupils in scope.
    PLAN_EDIT = "plan-edit"
    # Adding Do notes to a plan and suggesting passport changes: what a TA does for the pupils they support.
    PLAN_CONTRIBUTE = "plan-contribute"
    MY_CLASS = "my-class"
    # Data protection: a pupil's whole record as a subject access export; the retention schedule
    # and what has reached its date; confirming destruction (a named SENDCo or head only).
    SUBJECT_ACCESS = "subject-access"
    RETENTION_REVIEW = "retention-review"
    RETENTION_CONFIRM = "retention-confirm"
    # The intervention library (no pupil data): everyone who works on SEND, and those who see costs.
    INTERVENTION_READ = "intervention-read"
    # The intervention library and every provision at the school: create, change, archive.
    PROVISION_MANAGE = "provision-manage"
    # What provision costs: staff and resources.
    PROVISION_COSTS = "provision-costs"
    # The statutory deadlines: the caseload of open ones and the calculator.
    DEADLINES = "deadlines"
    # EHC plans, reviews, needs assessment requests and the local authorities' directory: read and change.
    EHC = "ehc"
    # A plan's outcomes and Section F provision: read (the SEND leads, and teachers for pupils they teach).
    EHC_PROVISION_READ = "ehc-provision-read"
    # The directory of services and professionals, each pupil's referrals and the reports and advice
    # received: read (the SEND leads and the head) and change (the SENDCo and the assistant).
    CASEWORK_READ = "casework-read"
    CASEWORK_MANAGE = "casework-manage"
    # The professionals' recommendations the school has taken into the passport, a plan or a
    # provision, without the referral, the report or what was declined: the pupil's teachers and TAs.
    ADVICE_READ = "advice-read"
    # The family contact log, parents' communication needs and the school's co-production record:
    # what parents said is sensitive, so only the SEND leads and the head read and write it.
    FAMILY_CONTACTS = "family-contacts"
    # The designated teacher's register of looked-after and previously looked-after pupils and
    # their PEPs: read (designated teacher, SENDCo, head, DSL) and change (designated teacher, SENDCo).
    # Care details are for these roles only: a pupil's teachers, the assistant SENDCo and
    # everyone else never see them.
    LAC_READ = "lac-read"
    LAC_EDIT = "lac-edit"
    # High-needs funding: the LAs' banding frameworks and each pupil's top-up applications, read
    # (the SEND leads, the head and the business manager) and changed (the SENDCo, and the assistant,
    # whose job descriptions give them the applications' paperwork and tracking the funding).
    FUNDING_READ = "funding-read"
    FUNDING_MANAGE = "funding-manage"
    # The school's funding against what its provision costs, with the notional SEN budget: those who
    # see costs (SENDCo, head, business manager).
    FUNDING_VIEW = "funding-view"


class Scope(enum.StrEnum):
    """Which pupils of a school a role reaches."""

    NONE = "none"
    ALL = "all"
    LOOKED_AFTER = "looked-after"
    TAUGHT = "taught"
    SUPPORTED = "supported"


C = Capability
_READ = {C.PUPIL_LIST, C.PUPIL_RECORD}
_SENDCO = _READ | {
    C.PUPIL_EDIT,
    C.PUPIL_AUDIT,
    C.MIS_IMPORT,
    C.SCHOOL_OVERVIEW,
    C.SEN_READ,
    C.REGISTER,
    C.CENSUS,
    C.REGISTER_EDIT,
    C.CONCERN_RAISE,
    C.CONCERN_TRIAGE,
    C.PLAN_EDIT,
    C.PLAN_CONTRIBUTE,
    C.INTERVENTION_READ,
    C.PROVISION_MANAGE,
    C.PROVISION_COSTS,
    C.DEADLINES,
    C.EHC,
    C.EHC_PROVISION_READ,
    C.CASEWORK_READ,
    C.CASEWORK_MANAGE,
    C.ADVICE_READ,
    C.FAMILY_CONTACTS,
    C.FUNDING_READ,
    C.FUNDING_MANAGE,
    C.FUNDING_VIEW,
}

_DATA_PROTECTION = {C.SUBJECT_ACCESS, C.RETENTION_REVIEW, C.RETENTION_CONFIRM}

_LAC = {C.LAC_READ, C.LAC_EDIT}

ROLE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.SENDCO: frozenset(_SENDCO | _DATA_PROTECTION | _LAC),
    Role.ASSISTANT_SENDCO: frozenset(_SENDCO - {C.PUPIL_AUDIT, C.MIS_IMPORT, C.PROVISION_COSTS, C.FUNDING_VIEW}),
    Role.HEAD: frozenset(
        _READ
        | {C.PUPIL_EDIT, C.PUPIL_AUDIT, C.MIS_IMPORT, C.SCHOOL_OVERVIEW, C.SEN_READ, C.REGISTER, C.CENSUS}
        | {C.CONCERN_RAISE, C.INTERVENTION_READ, C.PROVISION_COSTS, C.EHC, C.EHC_PROVISION_READ}
        | {C.CASEWORK_READ, C.ADVICE_READ, C.FAMILY_CONTACTS, C.LAC_READ, C.FUNDING_READ, C.FUNDING_VIEW}
        | _DATA_PROTECTION
    ),
    Role.DSL: frozenset(_READ | {C.SEN_READ, C.CONCERN_RAISE, C.INTERVENTION_READ, C.LAC_READ}),
    Role.DESIGNATED_TEACHER: frozenset(_READ | {C.SEN_READ, C.CONCERN_RAISE, C.INTERVENTION_READ} | _LAC),
    Role.TEACHER: frozenset(
        _READ
        | {C.SEN_READ, C.CONCERN_RAISE, C.PLAN_EDIT, C.PLAN_CONTRIBUTE, C.MY_CLASS, C.INTERVENTION_READ}
        | {C.EHC_PROVISION_READ, C.ADVICE_READ}
    ),
    Role.TA: frozenset(_READ | {C.SEN_READ, C.PLAN_CONTRIBUTE, C.MY_CLASS, C.INTERVENTION_READ, C.ADVICE_READ}),
    Role.BUSINESS_MANAGER: frozenset(
        {C.SCHOOL_OVERVIEW, C.INTERVENTION_READ, C.PROVISION_COSTS, C.FUNDING_READ, C.FUNDING_VIEW}
    ),
    Role.GOVERNOR: frozenset({C.SCHOOL_OVERVIEW}),
    Role.TRUST_LEAD: frozenset({C.TRUST_OVERVIEW}),
    # Administrators keep pupil records and prepare the census, but read no SEND case records.
    Role.SCHOOL_ADMIN: frozenset(_READ | {C.PUPIL_EDIT, C.MIS_IMPORT, C.CENSUS}),
    # The data protection officer answers subject access requests and checks retention and the
    # audit trail: pupils' details and who saw them, never the SEND case records themselves, and
    # destroys nothing (a SENDCo or head confirms destruction). The audit page shows them which
    # fields changed, not the values. One deliberate exception: the subject access export, which
    # must hold the whole record the school keeps, SEND case records included, because the law
    # gives the pupil or parent a copy of all of it and the DPO is the one who answers.
    Role.DPO: frozenset(_READ | {C.PUPIL_AUDIT, C.SUBJECT_ACCESS, C.RETENTION_REVIEW}),
}

ROLE_SCOPE: dict[str, Scope] = {
    Role.SENDCO: Scope.ALL,
    Role.ASSISTANT_SENDCO: Scope.ALL,
    Role.HEAD: Scope.ALL,
    Role.DSL: Scope.ALL,
    Role.SCHOOL_ADMIN: Scope.ALL,
    Role.DPO: Scope.ALL,
    Role.DESIGNATED_TEACHER: Scope.LOOKED_AFTER,
    Role.TEACHER: Scope.TAUGHT,
    Role.TA: Scope.SUPPORTED,
    Role.BUSINESS_MANAGER: Scope.NONE,
    Role.GOVERNOR: Scope.NONE,
    Role.TRUST_LEAD: Scope.NONE,
}


@dataclass(frozen=True)
class Access:
    """What one person may do at one school: the union over their roles there."""

    school: School
    roles: frozenset[str]

    @cached_property  # asked many times a request, by every panel, link and check
    def capabilities(self) -> frozenset[Capability]:
        return frozenset().union(*(ROLE_CAPABILITIES[role] for role in self.roles))

    @property
    def scopes(self) -> frozenset[Scope]:
        return frozenset(ROLE_SCOPE[role] for role in self.roles)

    def can(self, capability: Capability) -> bool:
        return capability in self.capabilities


def _memberships(user: User) -> list[Membership]:
    """A person's active memberships, kept on the user object for the request and in the shared
    cache until any membership, school or trust changes (every page asks; the query is 1.5 ms)."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_opensend_memberships", None)
    if cached is None:
        cached = cached_access(
            f"memberships:{user.pk}",
            lambda: list(
                Membership.objects.filter(user=user, is_active=True).select_related("school", "trust").order_by("pk")
            ),
        )
        user._opensend_memberships = cached
    return cached


def school_accesses(user: User) -> list[Access]:
    roles_by_school: dict[int, set[str]] = {}
    schools: dict[int, School] = {}
    for membership in _memberships(user):
        if membership.school is not None:
            schools[membership.school_id] = membership.school
            roles_by_school.setdefault(membership.school_id, set()).add(membership.role)
    return [Access(school=schools[pk], roles=frozenset(roles)) for pk, roles in roles_by_school.items()]


def access_at(user: User, school: School) -> Access | None:
    return next((access for access in school_accesses(user) if access.school.pk == school.pk), None)


def trusts_led(user: User) -> list[Trust]:
    return [m.trust for m in _memberships(user) if m.role == Role.TRUST_LEAD and m.school_id is None]


def school_for_user(user: User, urn: str, capability: Capability) -> Access:
    """The person's access at the school with this URN, or 404 if they lack the capability there."""
    for access in school_accesses(user):
        if access.school.urn == urn and access.can(capability):
            return access
    raise _refuse(user, "school", urn)


def trust_for_user(user: User, public_id) -> Trust:
    for trust in trusts_led(user):
        if str(trust.public_id) == str(public_id):
            return trust
    raise _refuse(user, "trust", public_id)


# The pupil is in a current group at the school that the person teaches or supports (`%s`: the
# school, the person, the kind of link). Written as SQL because every teacher's page asks it, and
# the ORM takes about a millisecond to build it (opensend.core.sql).
_IN_MY_GROUP_SQL = """EXISTS (SELECT 1 FROM pupils_groupmembership gm
INNER JOIN schools_teachinggroup g ON g.id = gm.group_id
INNER JOIN accounts_groupstaff gs ON gs.group_id = g.id
WHERE gm.pupil_id = {row} AND g.school_id = %s AND g.archived_at IS NULL AND gs.user_id = %s AND gs.kind = %s)"""


def _scope_condition(user: User, access: Access) -> Q | None:
    """A condition on Pupil for the pupils this access reaches at its school; None if none."""
    conditions = Q(pk__in=[])
    reaches_any = False
    for scope in access.scopes:
        if scope == Scope.ALL:
            return Q()
        if scope == Scope.LOOKED_AFTER:
            conditions |= Q(looked_after=True) | Q(previously_looked_after=True)
            reaches_any = True
        if scope in (Scope.TAUGHT, Scope.SUPPORTED):
            kind = GroupStaff.Kind.TEACHER if scope == Scope.TAUGHT else GroupStaff.Kind.TA
            conditions |= Q(RowSQL(_IN_MY_GROUP_SQL, (access.school.pk, user.pk, kind), output_field=BooleanField()))
            reaches_any = True
    return conditions if reaches_any else None


def _on_roll_condition(school: School, *, current_only: bool) -> Q:
    # "pk IN (the school's enrolments)" lets the database start from the school's few hundred
    # enrolments rather than test every pupil of the trust.
    enrolments = Enrolment.objects.filter(school=school)
    if current_only:
        enrolments = enrolments.current()
    return Q(pk__in=enrolments.values("pupil_id"))


def staff_who_see(pupil: Pupil, school: School) -> list[tuple[User, Access]]:
    """Active staff of the school whose roles and scope reach this pupil, each with their access
    there: the people a pupil's record may be shared with or a task about the pupil given to.
    Three queries, however many staff."""
    roles: dict[int, set[str]] = {}
    users: dict[int, User] = {}
    for membership in Membership.objects.filter(school=school, is_active=True, user__is_active=True).select_related(
        "user"
    ):
        roles.setdefault(membership.user_id, set()).add(membership.role)
        users[membership.user_id] = membership.user
    teaching = set(
        GroupStaff.objects.filter(
            group__school=school, group__archived_at__isnull=True, group__pupil_memberships__pupil=pupil
        ).values_list("user_id", "kind")
    )
    on_roll = Enrolment.objects.current().filter(pupil=pupil, school=school).exists()
    looked_after = pupil.looked_after or pupil.previously_looked_after
    seeing = []
    for user_id, user_roles in roles.items():
        access = Access(school=school, roles=frozenset(user_roles))
        scopes = access.scopes
        sees = Scope.ALL in scopes or (
            on_roll
            and (
                (Scope.LOOKED_AFTER in scopes and looked_after)
                or (Scope.TAUGHT in scopes and (user_id, GroupStaff.Kind.TEACHER) in teaching)
                or (Scope.SUPPORTED in scopes and (user_id, GroupStaff.Kind.TA) in teaching)
            )
        )
        if sees:
            seeing.append((users[user_id], access))
    return seeing


def pupils_visible_to(user: User, access: Access, *, current_only: bool = True) -> QuerySet[Pupil]:
    """The pupils of the access's school that this person may see. Empty, never everything."""
    if not access.can(Capability.PUPIL_LIST):
        return Pupil.objects.none()
    condition = _scope_condition(user, access)
    if condition is None:
        return Pupil.objects.none()
    # Staff with the whole school in scope also reach pupils who have left it; others only pupils on roll.
    current_only = current_only or Scope.ALL not in access.scopes
    return Pupil.objects.active().filter(_on_roll_condition(access.school, current_only=current_only)).filter(condition)


def pupil_for_user(user: User, public_id, capability: Capability = Capability.PUPIL_RECORD) -> tuple[Pupil, Access]:
    """The pupil with this public id and the access through which the person sees them, or 404."""
    for access in school_accesses(user):
        if not access.can(capability):
            continue
        pupil = pupils_visible_to(user, access, current_only=False).filter(public_id=public_id).first()
        if pupil is not None:
            return pupil, access
    raise _refuse(user, "pupil", public_id)


def home_url_for(user: User) -> str:
    for access in school_accesses(user):
        if access.can(Capability.SEN_READ):
            return reverse("dashboards:dashboard", kwargs={"urn": access.school.urn})
        if access.can(Capability.PUPIL_LIST):
            return reverse("pupils:list", kwargs={"urn": access.school.urn})
        if access.can(Capability.SCHOOL_OVERVIEW):
            return reverse("dashboards:school-overview", kwargs={"urn": access.school.urn})
    for trust in trusts_led(user):
        return reverse("dashboards:trust-overview", kwargs={"trust_id": trust.public_id})
    return reverse("no-access")
