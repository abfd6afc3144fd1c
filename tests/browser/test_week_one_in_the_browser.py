"""The pages a school meets in its first week, in Chromium on a desktop and on a 390 px phone:
bringing the SEN register in with the pupils, the register, the home panels' whole lists, the
audit page and the identity bar. No server errors, no axe-core violations, no CSP breaches."""

from __future__ import annotations

import datetime

import pytest

from opensend.identification.models import Concern, ContributionRequest
from opensend.pupils.models import Pupil
from opensend.register.models import SenStatus
from tests.pupils.test_mis_import import PUPIL_HEADER, csv_text, pupil_line

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
SEN_HEADER = ["SEN Provision", "Primary Need", "Secondary Need", "SEN Start Date"]


def both_widths(pages, name: str, path: str, *, fits_a_phone: bool = False) -> None:
    """The page on a desktop, then on a phone; with `fits_a_phone`, it must not scroll sideways there."""
    pages.page.set_viewport_size(DESKTOP)
    pages.visit(name, path)
    pages.page.set_viewport_size(PHONE)
    visit = pages.visit(f"{name} on a phone", path)
    overflow = pages.page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    if fits_a_phone and overflow > 0:
        visit.problems.append(f"the page is {overflow} px wider than a 390 px phone")


def test_bringing_the_register_in_with_the_pupils(world, pages_for, tmp_path, settings):
    settings.OPENSEND_IMPORT_SYNC = True
    export = tmp_path / "sims-export.csv"
    export.write_text(
        csv_text(
            [
                pupil_line(1, **{"SEN Provision": "K", "Primary Need": "SLCN", "Secondary Need": "SEMH"}),
                pupil_line(2, **{"SEN Provision": "E", "Primary Need": "ASD", "SEN Start Date": "01/09/2024"}),
                pupil_line(3, **{"SEN Provision": "N"}),
            ],
            header=PUPIL_HEADER + SEN_HEADER,
        ),
        encoding="utf-8",
    )
    sendco = pages_for("sendco-import")
    sendco.sign_in(world["sendco"].email)
    sendco.visit("import", f"/schools/{world.school.urn}/import/")
    sendco.page.set_input_files("input[type=file]", str(export))
    sendco.page.locator("#kind-pupils").check()
    visit = sendco.check("import done with the register", sendco.submit("Upload and check"))
    text = sendco.page.inner_text("main")
    if "Pupils added to the SEN register\n2" not in text and "Pupils added to the SEN register\t2" not in text:
        visit.problems.append(f"no register counts on the import's page: {text[:400]}")
    sendco.page.set_viewport_size(PHONE)
    sendco.check("import done with the register on a phone", sendco.goto(sendco.page.url))
    assert SenStatus.objects.filter(end_date__isnull=True, provision="E").count() == 1

    bad = tmp_path / "bad-export.csv"
    bad.write_text(
        csv_text([pupil_line(4, **{"SEN Provision": "S", "Primary Need": "ASD"})], header=PUPIL_HEADER + SEN_HEADER),
        encoding="utf-8",
    )
    sendco.page.set_viewport_size(DESKTOP)
    sendco.visit("import again", f"/schools/{world.school.urn}/import/")
    sendco.page.set_input_files("input[type=file]", str(bad))
    sendco.page.locator("#kind-pupils").check()
    sendco.check("import refused for a discontinued code", sendco.submit("Upload and check"))
    sendco.assert_no_problems()


def test_the_register_home_lists_and_audit_page(send_world, pages_for):
    world = send_world
    Pupil.objects.filter(pk=world.taught_pupil.pk).update(free_school_meals=True, english_additional_language=True)
    urn = world.school.urn
    sendco = pages_for("sendco-week-one")
    sendco.sign_in(world["sendco"].email)
    both_widths(sendco, "register with sen", f"/schools/{urn}/register/")
    both_widths(sendco, "register everyone", f"/schools/{urn}/register/?provision=all")
    both_widths(sendco, "home", f"/schools/{urn}/dashboard/")
    for key in ("overdue", "due", "passports", "no-plan", "meetings"):
        both_widths(sendco, f"home list {key}", f"/schools/{urn}/dashboard/{key}/", fits_a_phone=True)
    both_widths(sendco, "audit page", f"/pupils/{world.taught_pupil.public_id}/audit/")
    both_widths(sendco, "record with fsm and eal", f"/pupils/{world.taught_pupil.public_id}/")
    sendco.assert_no_problems()


def test_the_tas_home_shows_the_contribution_asked_of_her(send_world, pages_for):
    world = send_world
    concern = Concern.objects.filter(pupil=world.taught_pupil).first()
    ContributionRequest.objects.create(
        concern=concern, asked=world["ta"], asked_by=world["sendco"], asked_on=datetime.date(2026, 11, 20)
    )
    ta = pages_for("ta-week-one")
    ta.sign_in(world["ta"].email)
    both_widths(ta, "ta home", f"/schools/{world.school.urn}/dashboard/")
    assert "Contributions asked of you" in ta.page.inner_text("main")
    both_widths(ta, "ta list of contributions", f"/schools/{world.school.urn}/dashboard/requests/", fits_a_phone=True)
    ta.assert_no_problems()
