"""What other pages read about passports: each pupil's current passport, and pupils on the
register whose passport is missing or out of date."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from opensend.access import policy
from opensend.passports.models import PassportVersion
from opensend.passports.selectors import current_passports, pupils_without_current_passport
from opensend.register.models import SenStatus

from .helpers import make_passport


def on_sen_support(pupil, school) -> None:
    SenStatus.objects.create(pupil=pupil, school=school, provision="K", start_date=datetime.date(2026, 9, 7))


def test_current_passports_gives_each_pupils_newest_version_in_one_query(cast):
    make_passport(cast.taught_pupil, cast.school, cast["sendco"], number=1)
    make_passport(cast.taught_pupil, cast.school, cast["sendco"], number=2, helps_me="Newest.")
    make_passport(cast.untaught_pupil, cast.school, cast["sendco"], number=1)
    with CaptureQueriesContext(connection) as queries:
        passports = current_passports([cast.taught_pupil.pk, cast.untaught_pupil.pk, cast.looked_after_pupil.pk])
    assert len(queries) == 1
    assert {pupil: version.number for pupil, version in passports.items()} == {
        cast.taught_pupil.pk: 2,
        cast.untaught_pupil.pk: 1,
    }
    assert passports[cast.taught_pupil.pk].helps_me == "Newest."


def test_current_passports_of_nobody_asks_the_database_nothing(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert current_passports([]) == {}


def test_pupils_on_the_register_without_a_passport_or_with_an_old_one_are_listed(cast):
    for pupil in (cast.taught_pupil, cast.untaught_pupil, cast.looked_after_pupil):
        on_sen_support(pupil, cast.school)
    PassportVersion.objects.create(
        pupil=cast.untaught_pupil,
        school=cast.school,
        number=1,
        about_me="Old.",
        created_by=cast["sendco"],
        created_at=timezone.now() - datetime.timedelta(days=400),
    )
    make_passport(cast.looked_after_pupil, cast.school, cast["sendco"])
    access = policy.access_at(cast["sendco"], cast.school)
    pupils = list(pupils_without_current_passport(access, user=cast["sendco"]))
    assert pupils == [cast.taught_pupil, cast.untaught_pupil]
    assert pupils[0].passport_updated_at is None


def test_pupils_without_a_current_passport_are_only_those_the_person_may_see(cast):
    for pupil in (cast.taught_pupil, cast.untaught_pupil):
        on_sen_support(pupil, cast.school)
    access = policy.access_at(cast["teacher"], cast.school)
    assert list(pupils_without_current_passport(access, user=cast["teacher"])) == [cast.taught_pupil]


def test_pupils_not_on_the_register_are_not_expected_to_have_a_passport(cast):
    access = policy.access_at(cast["sendco"], cast.school)
    assert not pupils_without_current_passport(access, user=cast["sendco"]).exists()
