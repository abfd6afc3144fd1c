"""Reading passports for other pages: the "my class" page, dashboards and the chronology."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery, TextField
from django.utils import timezone

from opensend.access import policy
from opensend.core.sql import RowSQL
from opensend.pupils.models import Pupil
from opensend.register.codes import Provision
from opensend.register.models import SenStatus

from .models import SECTIONS, PassportSuggestion, PassportVersion


def _latest_number():
    return PassportVersion.objects.filter(pupil_id=OuterRef("pupil_id")).order_by("-number").values("number")[:1]


_CURRENT_SECTION_SQL = """
SELECT {section} FROM passports_passportversion WHERE pupil_id = {{row}} ORDER BY number DESC LIMIT 1"""


def current_passport_section(section: str) -> RowSQL:
    """One section of the pupil's current passport (None without one), as a column of a pupil query."""
    if section not in {name for name, _ in SECTIONS}:
        raise ValueError(f"No passport section {section!r}")
    return RowSQL(_CURRENT_SECTION_SQL.format(section=section), output_field=TextField())


def current_passports(pupil_ids: Iterable[int] | QuerySet) -> dict[int, PassportVersion]:
    """Each pupil's current passport (their highest version), by pupil id, in one query. Pupils
    without a passport are missing from the result. `pupil_ids` may be a queryset of ids."""
    if not isinstance(pupil_ids, QuerySet):
        pupil_ids = list(pupil_ids)
        if not pupil_ids:
            return {}
    versions = PassportVersion.objects.filter(pupil_id__in=pupil_ids, number=Subquery(_latest_number()))
    return {version.pupil_id: version for version in versions}


def pupil_versions(pupil: Pupil) -> list[PassportVersion]:
    """Every version of the pupil's passport, newest first, with who saved each."""
    return list(pupil.passport_versions.select_related("created_by").order_by("-number"))


def pupils_without_current_passport(access: policy.Access, older_than_days: int = 365, *, user) -> QuerySet[Pupil]:
    """Pupils on SEN support or with an EHC plan, among those `user` may see at the access's school,
    who have no passport or whose newest version is more than `older_than_days` old. Each pupil
    carries `passport_updated_at` (None if they have no passport); those without come first,
    then the oldest."""
    cutoff = timezone.now() - datetime.timedelta(days=older_than_days)
    on_register = SenStatus.objects.filter(
        pupil=OuterRef("pk"), end_date__isnull=True, provision__in=[Provision.SEN_SUPPORT, Provision.EHC_PLAN]
    )
    latest_at = PassportVersion.objects.filter(pupil_id=OuterRef("pk")).order_by("-number").values("created_at")[:1]
    return (
        policy.pupils_visible_to(user, access)
        .filter(Exists(on_register))
        .annotate(passport_updated_at=Subquery(latest_at))
        .filter(Q(passport_updated_at__isnull=True) | Q(passport_updated_at__lt=cutoff))
        .order_by(F("passport_updated_at").asc(nulls_first=True), "sort_key")
    )


# The decided suggestions shown beside the waiting ones: enough to see what became of recent ones.
RECENT_DECIDED_SUGGESTIONS = 5


def pupil_suggestions(pupil: Pupil, school) -> tuple[list[PassportSuggestion], list[PassportSuggestion]]:
    """The suggested changes to a pupil's passport at a school: every one waiting, oldest first, and
    the few most recently decided."""
    suggestions = PassportSuggestion.objects.filter(pupil=pupil, school=school).select_related(
        "suggested_by", "decided_by"
    )
    waiting = list(suggestions.filter(status=PassportSuggestion.Status.WAITING).order_by("suggested_at", "pk"))
    decided = list(
        suggestions.exclude(status=PassportSuggestion.Status.WAITING).order_by("-decided_at", "-pk")[
            :RECENT_DECIDED_SUGGESTIONS
        ]
    )
    return waiting, decided
