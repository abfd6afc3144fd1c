"""Demo data for retention: three former pupils of the primary who left long ago and whose SEN files
have passed date of birth + 31 years, so the retention page and retention_review have something to
show. Written without audit events, like the rest of the demo."""

from __future__ import annotations

import datetime
import random

from opensend.pupils.models import Enrolment, Pupil
from opensend.register.models import SenNeed, SenStatus
from opensend.schools.models import YearGroup

from .identifiers import UpnAllocator, random_uuid

ORDER = 90
SCHOOL = "riverside"
# (forename, surname, date of birth, need): born 1991-1994, left the primary at 11.
FORMER_PUPILS = (
    ("Craig", "Aldous", datetime.date(1991, 4, 12), "SPLD"),
    ("Leanne", "Marsh", datetime.date(1992, 11, 3), "SLCN"),
    ("Darren", "Whitcombe", datetime.date(1994, 1, 27), "MLD"),
)


def seed(result, rng: random.Random) -> None:
    school = result.written.schools.get(SCHOOL)
    if school is None:  # the benchmark's trust
        return
    year_6 = YearGroup.objects.get(school=school, nc_year="6")
    # Allocated in the 1990s, so they never meet the UPNs of pupils on roll today.
    upns = UpnAllocator()
    for forename, surname, born, need in FORMER_PUPILS:
        left = datetime.date(born.year + 11 + (born.month > 8), 7, 20)
        pupil = Pupil.objects.create(
            trust=result.written.trust,
            public_id=random_uuid(rng),
            upn=upns.allocate(la_code=school.la_code, establishment=school.establishment_number, year=born.year + 5),
            legal_forename=forename,
            legal_surname=surname,
            date_of_birth=born,
            sex="M" if forename in ("Craig", "Darren") else "F",
        )
        Enrolment.objects.create(
            pupil=pupil,
            school=school,
            year_group=year_6,
            admission_date=left.replace(year=left.year - 7, month=9, day=1),
            leaving_date=left,
            leaving_reason="Moved to secondary school",
        )
        since = left.replace(year=left.year - 3, month=9, day=1)
        SenStatus.objects.create(pupil=pupil, school=school, provision="K", start_date=since, end_date=left)
        SenNeed.objects.create(pupil=pupil, need_type=need, rank=1, start_date=since, end_date=left)
