"""Frameworks, bands and top-up applications for the funding tests. Defaults are valid and dull."""

from __future__ import annotations

import datetime
from decimal import Decimal

from opensend.funding.models import Application, Band, Framework, Status

from ..ehc.factories import LocalAuthorityFactory


def framework_for(school, *, name="INDES", local_authority=None, bands=(("Band C", "6000.00"),)) -> Framework:
    local_authority = local_authority or LocalAuthorityFactory(trust=school.trust)
    framework = Framework.objects.create(school=school, local_authority=local_authority, name=name)
    for code, amount in bands:
        Band.objects.create(framework=framework, code=code, annual_amount=Decimal(amount) if amount else None)
    return framework


def application_for(pupil, school, *, band=None, **fields) -> Application:
    band = band or framework_for(school).bands.first()
    values = {
        "amount_asked": Decimal("6000.00"),
        "status": Status.DRAFT,
        "starts_on": datetime.date(2026, 9, 1),
        "ends_on": datetime.date(2027, 8, 31),
    } | fields
    return Application.objects.create(
        pupil=pupil, school=school, local_authority=band.framework.local_authority, band=band, **values
    )
