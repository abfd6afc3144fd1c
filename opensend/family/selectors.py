"""Reading the family contact log: a pupil's contacts a page at a time, a person's open follow-ups,
and the co-production record, the school's contacts with families per pupil over a period."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Max, Q, QuerySet

from opensend.access import policy
from opensend.pupils.models import Contact, Pupil
from opensend.schools.models import School

from .models import FamilyContact

# Newest first; the public id breaks ties, so the order is total and pages never overlap.
CONTACT_ORDER = ("-contacted_on", "-public_id")


def pupil_contacts(pupil: Pupil, school: School) -> QuerySet[FamilyContact]:
    """Every contact this school logged with the pupil's family, for keyset paging. What parents said
    to another school of the trust (a former school, say) stays with that school."""
    return FamilyContact.objects.filter(pupil=pupil, school=school).select_related("contact_with", "by", "school")


def contact_for_pupil(pupil: Pupil, school: School, contact_id) -> FamilyContact | None:
    return FamilyContact.objects.filter(pupil=pupil, school=school, public_id=contact_id).first()


def family_of(pupil: Pupil) -> QuerySet[Contact]:
    """The pupil's parents and carers the school may log contact with, first contact first."""
    return pupil.contacts.active().order_by("priority", "pk")


def communication_needs(pupil: Pupil) -> list[Contact]:
    """The parents and carers with something recorded about how best to reach them."""
    return [contact for contact in family_of(pupil) if contact.has_communication_needs]


def open_follow_ups_by(user, school: School) -> QuerySet[FamilyContact]:
    """The follow-ups this person promised families at this school and has not done, soonest first."""
    return (
        FamilyContact.objects.follow_ups_open()
        .filter(by=user, school=school)
        .select_related("pupil")
        .order_by("follow_up_by", "public_id")
    )


METHOD_COLUMNS = [(value, label) for value, label in FamilyContact.Method.choices]


def _by(method: str) -> str:
    return f"by_{method.replace('-', '_')}"


def method_counts(row) -> list[int]:
    """A row's counts by method, in METHOD_COLUMNS order."""
    return [row[_by(value)] if isinstance(row, dict) else getattr(row, _by(value)) for value, _ in METHOD_COLUMNS]


@dataclass(frozen=True)
class Period:
    starts_on: datetime.date
    ends_on: datetime.date


def co_production(user, access: policy.Access, period: Period) -> QuerySet[Pupil]:
    """Pupils in scope whom this school contacted in the period, each with the number of contacts
    in all and by method, and the last contact's date, in one query (keyset paged by sort key)."""
    in_period = Q(
        family_contacts__school=access.school,
        family_contacts__contacted_on__gte=period.starts_on,
        family_contacts__contacted_on__lte=period.ends_on,
    )
    by_method = {
        _by(value): Count("family_contacts", filter=in_period & Q(family_contacts__method=value))
        for value, _ in METHOD_COLUMNS
    }
    return (
        policy.pupils_visible_to(user, access, current_only=False)
        .annotate(
            contacts_logged=Count("family_contacts", filter=in_period),
            last_contact=Max("family_contacts__contacted_on", filter=in_period),
            **by_method,
        )
        .filter(contacts_logged__gt=0)
    )


def co_production_totals(user, access: policy.Access, period: Period) -> dict:
    """The period's contacts in all and by method, and how many pupils' families they reached."""
    rows = FamilyContact.objects.filter(
        school=access.school,
        contacted_on__gte=period.starts_on,
        contacted_on__lte=period.ends_on,
        pupil__in=policy.pupils_visible_to(user, access, current_only=False).values("pk"),
    )
    totals = rows.aggregate(
        contacts=Count("pk"),
        pupils=Count("pupil", distinct=True),
        **{_by(value): Count("pk", filter=Q(method=value)) for value, _ in METHOD_COLUMNS},
    )
    totals["by_method"] = list(zip([label for _, label in METHOD_COLUMNS], method_counts(totals), strict=True))
    return totals
