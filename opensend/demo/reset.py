"""Deleting a seeded trust and its accounts, children before parents, so it can be seeded again."""

from __future__ import annotations

from django.apps import apps
from django.db import models, transaction
from django.db.models import ProtectedError, Q, QuerySet, RestrictedError

from opensend.accounts.models import GroupStaff, Membership, User
from opensend.audit.models import AuditEvent
from opensend.ehc.models import (
    AnnualReview,
    AssessmentRequest,
    OutcomeProgress,
    Plan,
    PlanOutcome,
    ProvisionLine,
    ReviewMeeting,
)
from opensend.lac.models import CareEvent, CareRecord, Pep, PepTarget, PpPlusSpend
from opensend.pupils.models import Contact, Enrolment, GroupMembership, Pupil
from opensend.schools.models import AcademicYear, School, TeachingGroup, Term, Trust, YearGroup

# Models the seeder writes, deleted explicitly below in an order that satisfies their PROTECTs.
SEEDED_MODELS: frozenset[type[models.Model]] = frozenset(
    {Trust, School, AcademicYear, Term, YearGroup, TeachingGroup, Pupil, Enrolment, GroupMembership, Contact}
    | {User, Membership, GroupStaff}
)


class ResetBlocked(Exception):
    """The seeded data cannot be deleted without losing records that must be kept."""


def seeded_users(email_domain: str) -> QuerySet[User]:
    """Accounts the seeder made: the domain is reserved for it (.test never resolves)."""
    return User.objects.filter(Q(email__endswith=f"@{email_domain}") | Q(email__endswith=f".{email_domain}"))


def seeded_data_exists(trust_name: str, email_domain: str) -> bool:
    return Trust.objects.filter(name=trust_name).exists() or seeded_users(email_domain).exists()


def delete_seeded_data(trust_name: str, email_domain: str) -> None:
    trust = Trust.objects.filter(name=trust_name).first()
    users = seeded_users(email_domain)
    _refuse_if_audited(trust, users)
    try:
        with transaction.atomic():
            if trust is not None:
                _delete_funding(trust)
                _delete_casework(trust)
                _delete_provision(trust)
            _delete_other_references(_seeded_rows(trust, users))
            if trust is not None:
                _delete_trust_records(trust)
            users.delete()
            if trust is not None:
                _delete_trust_structure(trust)
    except (ProtectedError, RestrictedError) as error:
        blocking = error.protected_objects if isinstance(error, ProtectedError) else error.restricted_objects
        kinds = sorted({type(obj)._meta.label for obj in blocking})
        raise ResetBlocked(
            f"Other records still point at the seeded data ({', '.join(kinds)}). Teach "
            "opensend/demo/reset.py to delete them, or start from an empty database."
        ) from error


def _refuse_if_audited(trust: Trust | None, users: QuerySet[User]) -> None:
    # The audit log is append-only (a database trigger refuses deletes) and protects what it names.
    audited = Q(actor__in=users)
    if trust is not None:
        audited |= Q(school__trust=trust) | Q(pupil__trust=trust)
    if AuditEvent.objects.filter(audited).exists():
        raise ResetBlocked(
            "Someone has used the seeded data: the audit log names its pupils or accounts, and the "
            "log cannot be deleted. Start from an empty database instead (delete the SQLite file or "
            "drop the PostgreSQL database, then migrate)."
        )


def _seeded_rows(trust: Trust | None, users: QuerySet[User]) -> dict[type[models.Model], QuerySet]:
    rows: dict[type[models.Model], QuerySet] = {User: users}
    if trust is not None:
        rows |= {
            Trust: Trust.objects.filter(pk=trust.pk),
            School: School.objects.filter(trust=trust),
            AcademicYear: AcademicYear.objects.filter(school__trust=trust),
            Term: Term.objects.filter(academic_year__school__trust=trust),
            YearGroup: YearGroup.objects.filter(school__trust=trust),
            TeachingGroup: TeachingGroup.objects.filter(school__trust=trust),
            Pupil: Pupil.objects.filter(trust=trust),
        }
    return rows


def _delete_other_references(seeded: dict[type[models.Model], QuerySet]) -> None:
    """Rows other features made while someone used the demo (an MIS import job, later a register
    entry) point at seeded rows; they are demo data too. The audit log is never touched."""
    # Requests and plans protect their local authority, which points at the trust too: they go first.
    if Pupil in seeded:
        # A PEP protects the annual review held with it and its register entry, which protects the
        # care authority: the looked-after rows go first, children before parents.
        PpPlusSpend.objects.filter(pep__record__pupil__in=seeded[Pupil]).delete()
        PepTarget.objects.filter(pep__record__pupil__in=seeded[Pupil]).delete()
        Pep.objects.filter(record__pupil__in=seeded[Pupil]).delete()
        CareEvent.objects.filter(record__pupil__in=seeded[Pupil]).delete()
        CareRecord.objects.filter(pupil__in=seeded[Pupil]).delete()
        AssessmentRequest.objects.filter(pupil__in=seeded[Pupil]).delete()
        ReviewMeeting.objects.filter(review__plan__pupil__in=seeded[Pupil]).delete()
        # A plan's progress records protect its reviews and outcomes, and its lines its outcomes.
        OutcomeProgress.objects.filter(review__plan__pupil__in=seeded[Pupil]).delete()
        ProvisionLine.objects.filter(plan__pupil__in=seeded[Pupil]).delete()
        PlanOutcome.objects.filter(plan__pupil__in=seeded[Pupil]).delete()
        AnnualReview.objects.filter(plan__pupil__in=seeded[Pupil]).delete()
        Plan.objects.filter(pupil__in=seeded[Pupil]).delete()
    for model in apps.get_models():
        if model in SEEDED_MODELS or model is AuditEvent:
            continue
        for field in model._meta.concrete_fields:
            if (field.many_to_one or field.one_to_one) and field.related_model in seeded:
                model._base_manager.filter(**{f"{field.name}__in": seeded[field.related_model]}).delete()


def _delete_funding(trust: Trust) -> None:
    # Applications protect their bands, bands their framework, frameworks their local authority.
    for name in ("Application", "Band", "Framework"):
        model = apps.get_model("funding", name)
        lookup = "framework__school__trust" if name == "Band" else "school__trust"
        model.objects.filter(**{lookup: trust}).delete()


def _delete_casework(trust: Trust) -> None:
    # Referrals and reports protect their services, and the shared services belong to the trust
    # itself, so they go children first.
    def model(name: str):
        return apps.get_model("casework", name)

    model("Recommendation").objects.filter(report__school__trust=trust).delete()
    model("Report").objects.filter(school__trust=trust).delete()
    model("Chaser").objects.filter(referral__school__trust=trust).delete()
    model("Referral").objects.filter(school__trust=trust).delete()
    model("Professional").objects.filter(service__trust=trust).delete()
    model("Service").objects.filter(trust=trust).delete()


def _delete_provision(trust: Trust) -> None:
    # Provision's rows protect one another (sessions their provision, provision its intervention),
    # so they go children first, before the generic pass below meets them in any order.
    Provision = apps.get_model("provision", "Provision")
    apps.get_model("provision", "Cover").objects.filter(provision__school__trust=trust).delete()
    apps.get_model("provision", "Observation").objects.filter(provision__school__trust=trust).delete()
    apps.get_model("provision", "Attendance").objects.filter(session__provision__school__trust=trust).delete()
    apps.get_model("provision", "Session").objects.filter(provision__school__trust=trust).delete()
    apps.get_model("provision", "Member").objects.filter(provision__school__trust=trust).delete()
    Provision.objects.filter(school__trust=trust).delete()


def _delete_trust_records(trust: Trust) -> None:
    GroupStaff.objects.filter(group__school__trust=trust).delete()
    GroupMembership.objects.filter(Q(group__school__trust=trust) | Q(pupil__trust=trust)).delete()
    Contact.objects.filter(pupil__trust=trust).delete()
    Enrolment.objects.filter(Q(school__trust=trust) | Q(pupil__trust=trust)).delete()
    Pupil.objects.filter(trust=trust).delete()
    Membership.objects.filter(trust=trust).delete()


def _delete_trust_structure(trust: Trust) -> None:
    TeachingGroup.objects.filter(school__trust=trust).delete()
    AcademicYear.objects.filter(school__trust=trust).delete()  # terms go with their year
    YearGroup.objects.filter(school__trust=trust).delete()
    School.objects.filter(trust=trust).delete()
    trust.delete()
