"""The subject access export of one pupil with a large record (seven years of SEND history and
thousands of audit events): collecting the rows, then building the whole ZIP as the task does.
It writes inside a transaction that it rolls back, so any database will do:

    DJANGO_SETTINGS_MODULE=config.settings.bench DATABASE_URL=postgres://... python bench/subject_access.py
"""

from __future__ import annotations

import datetime
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from opensend.accounts.models import Role  # noqa: E402
from opensend.audit.models import AuditEvent  # noqa: E402
from opensend.dataprotection.export import collect, subject_access_zip  # noqa: E402
from opensend.identification.models import Concern, Contribution  # noqa: E402
from opensend.plans.models import Cycle, Note, Outcome, ParentMeeting, Status, Target  # noqa: E402
from opensend.register.models import SenNeed, SenStatus  # noqa: E402
from tests.factories import ContactFactory, MembershipFactory, PupilFactory, SchoolFactory, UserFactory, enrol  # noqa: E402
from tests.passports.helpers import make_passport  # noqa: E402
from tests.plans.factories import assessment_result  # noqa: E402

TEXT = "Works best with visual prompts and a quiet space; short tasks with clear steps and praise. " * 3
DAY = datetime.timedelta(days=1)
START = datetime.date(2019, 9, 2)


class Rollback(Exception):
    pass


def large_record(school, sendco, teacher):
    pupil = PupilFactory(trust=school.trust, legal_surname="Benchmark", date_of_birth=datetime.date(2015, 5, 1))
    enrol(pupil, school, nc_year="6")
    ContactFactory(pupil=pupil)
    for year in range(7):
        start = START + datetime.timedelta(days=365 * year)
        SenStatus.objects.create(
            pupil=pupil,
            school=school,
            provision="K",
            start_date=start,
            end_date=None if year == 6 else start + 300 * DAY,
        )
        SenNeed.objects.create(pupil=pupil, need_type="SPLD", rank=1, start_date=start, end_date=start + 300 * DAY)
        SenNeed.objects.create(pupil=pupil, need_type="SLCN", rank=2, start_date=start, end_date=start + 300 * DAY)
    for number in range(1, 43):
        opened = START + datetime.timedelta(days=60 * (number - 1))
        cycle = Cycle.objects.create(
            pupil=pupil,
            school=school,
            number=number,
            lead_teacher=teacher,
            opened_on=opened,
            status=Status.CLOSED if number < 42 else Status.DO,
            closed_on=opened + 50 * DAY if number < 42 else None,
            findings=TEXT,
            strategies=TEXT,
            pupil_voice=TEXT,
            parent_voice=TEXT,
            next_steps=TEXT,
        )
        for position in range(1, 4):
            outcome = Outcome.objects.create(cycle=cycle, position=position, description=TEXT)
            for target in range(1, 5):
                Target.objects.create(
                    outcome=outcome, position=target, description=TEXT, success_measure=TEXT, by_date=opened + 40 * DAY
                )
        for _ in range(3):
            Note.objects.create(cycle=cycle, author=teacher, written_on=opened + 20 * DAY, text=TEXT)
    for index in range(30):
        concern = Concern.objects.create(
            pupil=pupil, school=school, raised_by=teacher, raised_on=START + index * 70 * DAY, what_seen=TEXT
        )
        for _ in range(3):
            Contribution.objects.create(
                concern=concern,
                kind="parent",
                parent_name="Parent",
                recorded_by=sendco,
                given_on=concern.raised_on + 5 * DAY,
                text=TEXT,
            )
    for index in range(60):
        assessment_result(type("Cast", (), {"school": school})(), pupil, taken_on=START + index * 40 * DAY)
    for index in range(25):
        ParentMeeting.objects.create(
            pupil=pupil,
            school=school,
            held_on=START + index * 90 * DAY,
            kind="sen-support-review",
            attendees="Mum, class teacher, SENDCo",
            notes=TEXT,
            agreed_actions=TEXT,
            recorded_by=sendco,
        )
    for number in range(1, 41):
        make_passport(pupil, school, sendco, number=number, photo=number == 1, about_me=TEXT[:400])
    AuditEvent.objects.bulk_create(
        AuditEvent(
            actor=sendco,
            actor_label=sendco.email,
            action="view",
            pupil=pupil,
            school=school,
            object_type="pupils.pupil",
            object_id=str(pupil.pk),
            summary="Viewed pupil record",
        )
        for _ in range(5000)
    )
    return pupil


def main() -> None:
    call_command("migrate", verbosity=0)
    try:
        with transaction.atomic():
            school = SchoolFactory(urn="999001", name="Benchmark School")
            sendco = UserFactory(email="sar-bench-sendco@bench.test")
            teacher = UserFactory(email="sar-bench-teacher@bench.test")
            MembershipFactory(user=sendco, school=school, role=Role.SENDCO)
            pupil = large_record(school, sendco, teacher)
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                collected = collect(pupil)
                collect_seconds = time.perf_counter() - started
            started = time.perf_counter()
            content = subject_access_zip(pupil, school, produced_by="Benchmark")
            zip_seconds = time.perf_counter() - started
            rows = sum(len(table.rows) for item in collected for table in item.tables)
            print(
                f"{connection.vendor}: {rows} rows collected in {collect_seconds:.2f} s ({len(captured)} queries); "
                f"the whole ZIP built in {zip_seconds:.1f} s, {len(content) / 1024:.0f} KB"
            )
            raise Rollback
    except Rollback:
        pass


if __name__ == "__main__":
    main()
