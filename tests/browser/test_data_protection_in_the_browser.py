"""Subject access and retention in Chromium, as the DPO and the SENDCo use them, on a desktop and
on a 390 px wide phone: no server errors, no axe-core violations, no CSP breaches, nothing wider
than the screen."""

from __future__ import annotations

import datetime
import importlib

import pytest
from django.apps import apps

from opensend.dataprotection.models import DestructionRecord
from opensend.pupils.models import Pupil
from tests.dataprotection.helpers import fill_record, former_pupil
from tests.register.helpers import give_sen

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
SCHEDULE = importlib.import_module("opensend.dataprotection.migrations.0002_seed_retention_schedule")


@pytest.fixture(autouse=True)
def _schedule(transactional_db):
    """A transactional test's flush empties every table, the migration's schedule included."""
    SCHEDULE.seed(apps, None)


def _fits_the_phone(pages, name: str) -> None:
    pages.page.set_viewport_size(PHONE)
    visit = pages.check(f"{name} on a phone")
    width = pages.page.evaluate("document.documentElement.scrollWidth")
    if width > PHONE["width"]:
        visit.problems.append(f"the page is {width} px wide on a 390 px phone")
    pages.page.set_viewport_size({"width": 1280, "height": 900})


def test_the_dpo_exports_a_record_and_reviews_retention(world, pages_for):
    fill_record(world)
    pupil = world.taught_pupil.public_id
    dpo = pages_for("dpo")
    dpo.sign_in(world["dpo"].email)
    dpo.visit("subject access", f"/pupils/{pupil}/subject-access/")
    _fits_the_phone(dpo, "subject access")
    dpo.check("export prepared", dpo.submit("Prepare the export (ZIP)"))
    with dpo.page.expect_download() as download:
        dpo.page.get_by_role("link", name="Download the ZIP").first.click()
    assert download.value.suggested_filename == f"subject-access-{pupil}.zip"
    dpo.visit("retention", f"/schools/{world.school.urn}/retention/")
    _fits_the_phone(dpo, "retention")
    dpo.assert_no_problems()


def test_the_sendco_confirms_the_destruction_of_files_past_their_date(world, pages_for):
    for surname in ("Ashworth", "Brennan"):
        pupil = former_pupil(
            world, born=datetime.date(1990, 5, 1), left=datetime.date(2001, 7, 20), legal_surname=surname
        )
        give_sen(pupil, world.school, "K", "SPLD", since=datetime.date(1999, 9, 1))
    sendco = pages_for("sendco")
    sendco.sign_in(world["sendco"].email)
    sendco.visit("retention with files due", f"/schools/{world.school.urn}/retention/")
    sendco.page.get_by_role("link", name="2 sen file records: review and confirm").click()
    sendco.check("sen files due")
    _fits_the_phone(sendco, "sen files due")
    sendco.check("destroy with errors", sendco.submit("Destroy 2 records"))
    sendco.page.get_by_label("Why are these records being destroyed now?").fill("Annual retention review")
    sendco.page.get_by_label("I confirm that these records").check()
    sendco.check("destroyed", sendco.submit("Destroy 2 records"))
    assert DestructionRecord.objects.get().records == 2
    assert not Pupil.objects.filter(legal_surname__in=["Ashworth", "Brennan"]).exists()
    _fits_the_phone(sendco, "retention after destruction")
    sendco.assert_no_problems()
