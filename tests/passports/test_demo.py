"""The demo trust's passports: most pupils with SEN have one, many with a history, none with a
photo, and seeding again replaces them."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Max
from django.test import override_settings

from opensend.demo.reset import delete_seeded_data
from opensend.demo.seed import DEMO_EMAIL_DOMAIN, DEMO_TRUST_NAME
from opensend.passports.models import PassportPhoto, PassportSuggestion, PassportVersion
from opensend.plans.models import Note
from opensend.register.models import SenStatus

from .helpers import make_passport


def seed_demo(*args: str) -> None:
    with override_settings(OPENSEND_DEMO_MODE=True):
        call_command("seed_demo", *args, stdout=StringIO())


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        seed_demo()
    yield
    with django_db_blocker.unblock():
        delete_seeded_data(DEMO_TRUST_NAME, DEMO_EMAIL_DOMAIN)


def demo_versions():
    return PassportVersion.objects.filter(pupil__trust__name=DEMO_TRUST_NAME)


def test_most_demo_pupils_with_sen_have_a_passport(demo, db):
    with_passport = set(demo_versions().values_list("pupil", flat=True))
    sen = set(
        SenStatus.objects.filter(pupil__trust__name=DEMO_TRUST_NAME, end_date__isnull=True)
        .exclude(provision="N")
        .values_list("pupil", flat=True)
    )
    assert with_passport <= sen
    assert len(with_passport) > 0.75 * len(sen)


def test_demo_passports_have_histories_of_up_to_four_versions(demo, db):
    newest = demo_versions().values("pupil").annotate(newest=Max("number")).values_list("newest", flat=True)
    assert set(newest) == {1, 2, 3, 4}


def test_demo_passports_have_no_photos(demo, db):
    assert not PassportPhoto.objects.filter(pupil__trust__name=DEMO_TRUST_NAME).exists()
    assert not demo_versions().filter(photo__isnull=False).exists()


def test_demo_pupils_words_say_how_they_were_gathered(demo, db):
    assert not demo_versions().exclude(own_words="").filter(voice_method="").exists()


def test_seeding_the_demo_again_replaces_its_passports(demo, db):
    before = demo_versions().count()
    seed_demo("--reset")
    assert demo_versions().count() == before


def test_seeding_the_demo_again_also_removes_photos_someone_added(demo, db):
    version = demo_versions().select_related("pupil", "school", "created_by").first()
    number = version.pupil.passport_versions.count() + 1
    make_passport(version.pupil, version.school, version.created_by, number=number, photo=True)
    seed_demo("--reset")
    assert not PassportPhoto.objects.exists()


def test_the_demo_ta_has_a_passport_suggestion_waiting_and_a_do_note_in_4_willow(demo, db):
    suggestion = PassportSuggestion.objects.get(pupil__trust__name=DEMO_TRUST_NAME)
    assert suggestion.is_waiting
    assert suggestion.suggested_by.email == f"ta@{DEMO_EMAIL_DOMAIN}"
    assert suggestion.pupil.group_memberships.filter(group__name="4 Willow").exists()
    assert Note.objects.filter(cycle__pupil=suggestion.pupil, author=suggestion.suggested_by).exists()
