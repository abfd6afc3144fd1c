"""Demo data for high-needs funding: each school's banding frameworks for the local authorities its
EHC plans come from (the home authority's with published amounts, the others' descriptor levels),
and top-up applications for most pupils with a plan: most awarded for this academic year, one
part-awarded, one refused, a few still submitted, one whose renewal is due in three weeks, and last
year's ended awards. Each links the pupil's provision. Runs after the plans and the provision
(ORDER 50) and their costs (55). Bulk-created without audit events."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from opensend.ehc.models import Plan
from opensend.funding.models import Application, Band, Framework, Status
from opensend.provision.models import Member

from .identifiers import random_uuid
from .seed import DEMO_TRUST_NAME

ORDER = 70
HOME_BANDS = (("Band A", 3000), ("Band B", 6000), ("Band C", 9500), ("Band D", 13000), ("Band E", 17500))
OTHER_BANDS = (("Level 1", None), ("Level 2", 4200), ("Level 3", 8400), ("Level 4", 12600))
THIS_YEAR = (datetime.date(2026, 9, 1), datetime.date(2027, 8, 31))
LAST_YEAR = (datetime.date(2025, 9, 1), datetime.date(2026, 8, 31))
SHARE_WITH_TOPUP = 0.85


def _frameworks(school, authorities, home_code: str, rng: random.Random) -> dict[int, list[Band]]:
    """Each authority's framework at the school and its bands, by authority."""
    bands_of: dict[int, list[Band]] = {}
    for authority in authorities:
        home = authority.code == home_code
        framework = Framework.objects.create(
            public_id=random_uuid(rng),
            school=school,
            local_authority=authority,
            name="INDES banding" if home else "Matrix of need",
            notes="Amounts from the authority's published top-up rates." if home else "",
        )
        bands = [
            Band(framework=framework, code=code, annual_amount=Decimal(amount) if amount else None)
            for code, amount in (HOME_BANDS if home else OTHER_BANDS)
        ]
        bands_of[authority.pk] = Band.objects.bulk_create(bands)
    return bands_of


def _asked(band: Band, rng: random.Random) -> Decimal:
    return band.annual_amount if band.annual_amount is not None else Decimal(rng.choice((3500, 5000, 7200)))


def _application(plan, band: Band, rng: random.Random, *, status: str, period, **fields) -> Application:
    asked = _asked(band, rng)
    awarded = {
        Status.AWARDED: asked,
        Status.ENDED: asked,
        Status.PART_AWARDED: (asked * Decimal("0.6")).quantize(Decimal(1)),
    }.get(status)
    decided = status in (Status.AWARDED, Status.ENDED, Status.PART_AWARDED, Status.REFUSED)
    values = {
        "public_id": random_uuid(rng),
        "pupil_id": plan.pupil_id,
        "school_id": plan.school_id,
        "local_authority_id": plan.local_authority_id,
        "band": band,
        "amount_asked": asked,
        "amount_awarded": awarded,
        "status": status,
        "starts_on": period[0],
        "ends_on": period[1],
        "submitted_on": period[0] - datetime.timedelta(days=70),
        "decided_on": period[0] - datetime.timedelta(days=20) if decided else None,
        "renewal_on": period[1] - datetime.timedelta(days=90) if status != Status.REFUSED else None,
    }
    return Application(**(values | fields))


def _statuses(count: int) -> list[str]:
    """This year's statuses, in the order of the school's plans: one part-awarded, one refused and
    two submitted (where the school has that many), the rest awarded."""
    special = [Status.PART_AWARDED, Status.REFUSED, Status.SUBMITTED, Status.SUBMITTED]
    return (special + [Status.AWARDED] * count)[:count] if count > 6 else [Status.AWARDED] * count


def seed(result, rng: random.Random) -> None:
    if result.written.trust.name != DEMO_TRUST_NAME:
        return
    today = timezone.localdate()
    for school_plan in result.plan.schools:
        school = result.written.schools[school_plan.slug]
        plans = list(Plan.objects.filter(school=school).select_related("local_authority").order_by("pupil__sort_key"))
        if not plans:
            continue
        authorities = {plan.local_authority_id: plan.local_authority for plan in plans}.values()
        bands_of = _frameworks(school, sorted(authorities, key=lambda a: a.code), school_plan.la_code, rng)
        funded = [plan for plan in plans if rng.random() < SHARE_WITH_TOPUP]
        made, due_soon_given = [], False
        for plan, status in zip(funded, _statuses(len(funded)), strict=True):
            band = rng.choice(bands_of[plan.local_authority_id][1:])
            fields = {}
            if status == Status.AWARDED and not due_soon_given:
                fields["renewal_on"] = today + datetime.timedelta(days=21)
                due_soon_given = True
            made.append(_application(plan, band, rng, status=status, period=THIS_YEAR, **fields))
            if status == Status.AWARDED and rng.random() < 0.5:
                made.append(_application(plan, band, rng, status=Status.ENDED, period=LAST_YEAR))
        Application.objects.bulk_create(made)
        _link_provision(made)


def _link_provision(applications: list[Application]) -> None:
    """Each application this year pays for the provision its pupil is in."""
    pupils = {application.pupil_id for application in applications}
    provision_of: dict[int, list[int]] = {}
    for pupil_id, provision_id in Member.objects.filter(pupil_id__in=pupils).values_list("pupil_id", "provision_id"):
        provision_of.setdefault(pupil_id, []).append(provision_id)
    links = [
        Application.provisions.through(application_id=application.pk, provision_id=provision_id)
        for application in applications
        if application.starts_on == THIS_YEAR[0]
        for provision_id in provision_of.get(application.pupil_id, [])
    ]
    Application.provisions.through.objects.bulk_create(links)
