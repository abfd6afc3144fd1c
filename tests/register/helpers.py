"""Putting pupils on the register directly, as the database would hold them (no services, no audit)."""

from __future__ import annotations

import datetime

from opensend.register.models import BaseMembership, MonitoringEntry, SenNeed, SenStatus

SINCE = datetime.date(2025, 9, 1)


def give_sen(pupil, school, provision: str, *needs: str, since: datetime.date = SINCE) -> SenStatus:
    status = SenStatus.objects.create(pupil=pupil, school=school, provision=provision, start_date=since)
    for rank, code in enumerate(needs, start=1):
        SenNeed.objects.create(pupil=pupil, need_type=code, rank=rank, start_date=since)
    return status


def monitor(pupil, school, reason: str = "Slow progress in reading") -> MonitoringEntry:
    return MonitoringEntry.objects.create(pupil=pupil, school=school, reason=reason, started_on=SINCE)


def place_in_base(pupil, school, kind: str = BaseMembership.Kind.RESOURCED_PROVISION) -> BaseMembership:
    return BaseMembership.objects.create(pupil=pupil, school=school, kind=kind, started_on=SINCE)


def give_school_a_base(school, name: str = "The Nest") -> None:
    school.has_resourced_provision = True
    school.resourced_provision_name = name
    school.save(update_fields=["has_resourced_provision", "resourced_provision_name"])
