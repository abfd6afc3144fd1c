"""A pupil with something in every section of the record, and a former pupil whose file is due."""

from __future__ import annotations

import datetime

from opensend.audit.services import audit_view
from opensend.identification.models import Contribution
from opensend.plans.models import Note, Status
from opensend.pupils.models import Pupil
from tests.factories import ContactFactory, EnrolmentFactory, PupilFactory, YearGroupFactory
from tests.identification.helpers import a_concern, a_request
from tests.passports.helpers import make_passport
from tests.plans.factories import MeetingFactory, assessment_result, cycle_for
from tests.register.helpers import give_sen, monitor, place_in_base


def fill_record(cast, pupil: Pupil | None = None, *, cycles: int = 1, targets: int = 2) -> Pupil:
    pupil = pupil or cast.taught_pupil
    ContactFactory(pupil=pupil, name="Jordan Parent")
    give_sen(pupil, cast.school, "K", "SPLD", "SLCN")
    monitor(pupil, cast.school, reason="Spelling well below age")
    place_in_base(pupil, cast.school)
    concern = a_concern(cast, pupil=pupil)
    a_request(cast, concern)
    Contribution.objects.create(
        concern=concern,
        kind="parent",
        parent_name="Jordan Parent",
        recorded_by=cast["sendco"],
        given_on=datetime.date(2026, 11, 12),
        text="Struggles with homework at home.",
    )
    assessment_result(cast, pupil)
    for number in range(1, cycles + 1):
        # A pupil has one open cycle at a time: the earlier ones are closed.
        closed = (
            {"status": Status.CLOSED, "opened_on": datetime.date(2026, 4, 20), "closed_on": datetime.date(2026, 7, 13)}
            if number < cycles
            else {}
        )
        cycle = cycle_for(cast, pupil, targets=targets, strategies="Daily phonics, 10 minutes", **closed)
        Note.objects.create(
            cycle=cycle, author=cast["teacher"], written_on=datetime.date(2026, 10, 1), text="Good week"
        )
    MeetingFactory(pupil=pupil, school=cast.school, recorded_by=cast["sendco"], notes="Agreed the plan")
    make_passport(pupil, cast.school, cast["sendco"], photo=True, about_me="I love drawing dragons")
    audit_view(actor=cast["sendco"], pupil=pupil, school=cast.school)
    return pupil


def former_pupil(cast, *, born: datetime.date, left: datetime.date, school=None, **fields) -> Pupil:
    """A pupil who left `school` (Oakfield by default) on `left`, their last school in the trust."""
    school = school or cast.school
    pupil = PupilFactory(trust=cast.trust, date_of_birth=born, **fields)
    EnrolmentFactory(
        pupil=pupil,
        school=school,
        year_group=YearGroupFactory(school=school, nc_year="11"),
        admission_date=left.replace(year=left.year - 5),
        leaving_date=left,
    )
    return pupil
