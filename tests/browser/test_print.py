"""Printed pages: the content only, links as plain words, and "My class" for a class of nine pupils
with SEND on a few A4 sheets, each pupil kept whole but not given a page of their own."""

from __future__ import annotations

import datetime
import re

import pytest

from opensend.passports.models import PassportVersion
from opensend.plans.models import Cycle, Outcome, Target
from opensend.register import services as register
from tests.factories import PupilFactory, enrol

pytestmark = pytest.mark.browser

CLASS_SIZE = 9
DAY = datetime.date(2026, 9, 10)

# What a printed page still shows: any link address after a link, and any navigation left visible.
PRINTED = """() => ({
  addresses: [...document.querySelectorAll("a[href]")]
    .map(a => getComputedStyle(a, "::after").content)
    .filter(content => content && content !== "none" && content !== "normal"),
  navigation: [...document.querySelectorAll(
    ".app-header, .govuk-service-navigation, .govuk-footer, .govuk-skip-link, .govuk-back-link"
  )].filter(element => element.offsetParent !== null || getComputedStyle(element).display !== "none").length,
})"""


def a_class_with_send(world) -> None:
    """Nine pupils in the teacher's group, each on SEN support with needs, a passport and a plan."""
    sendco = world["sendco"]
    for number in range(CLASS_SIZE):
        pupil = PupilFactory(legal_forename=f"Pupil{number}", legal_surname=f"Class{number}")
        enrol(pupil, world.school, group=world.group)
        register.sen_status_set(
            actor=sendco,
            pupil=pupil,
            school=world.school,
            provision="K",
            start_date=DAY,
            reason="Assessed",
            parents_notified_on=DAY,
            parents_notified_by="meeting",
        )
        register.sen_needs_set(actor=sendco, pupil=pupil, school=world.school, needs=["SLCN", "SEMH"], on=DAY)
        PassportVersion.objects.create(
            pupil=pupil,
            school=world.school,
            number=1,
            helps_me="Short instructions, one at a time. A visual timetable on the desk.",
            find_hard="Noisy transitions and long carpet sessions.",
            created_by=sendco,
        )
        cycle = Cycle.objects.create(
            pupil=pupil,
            school=world.school,
            number=1,
            lead_teacher=world["teacher"],
            status="do",
            opened_on=DAY,
            review_date=datetime.date(2026, 12, 11),
            strategies="Pre-teach vocabulary; check understanding after instructions.",
        )
        outcome = Outcome.objects.create(cycle=cycle, position=1, description="Follows a two-step instruction")
        for position in (1, 2):
            Target.objects.create(
                outcome=outcome,
                position=position,
                description=f"Follows a two-step instruction in class, step {position}",
                success_measure="8 out of 10 times",
                by_date=datetime.date(2026, 12, 11),
            )


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


def test_my_class_prints_on_a_few_pages_without_link_addresses_or_navigation(world, pages_for):
    a_class_with_send(world)
    pages = pages_for("print-teacher")
    pages.sign_in(world["teacher"].email)
    pages.visit("my class", f"/schools/{world.school.urn}/my-class/")
    assert pages.page.locator(".app-pupil-card").count() == CLASS_SIZE

    pages.page.emulate_media(media="print")
    printed = pages.page.evaluate(PRINTED)
    assert printed == {"addresses": [], "navigation": 0}

    sheets = pdf_pages(pages.page.pdf(format="A4"))
    assert 1 < sheets <= 3, f"{CLASS_SIZE} pupils printed on {sheets} A4 pages"
    pages.assert_no_problems()


def test_every_printable_page_prints_without_link_addresses(send_world, pages_for):
    pages = pages_for("print-sendco")
    pages.sign_in(send_world["sendco"].email)
    pupil = send_world.taught_pupil.public_id
    cycle = Cycle.objects.get(pupil=send_world.taught_pupil)
    printable = {
        "register": f"/schools/{send_world.school.urn}/register/",
        "pupil record": f"/pupils/{pupil}/",
        "printable plan": f"/pupils/{pupil}/plans/{cycle.public_id}/print/",
        "passport": f"/pupils/{pupil}/passport/",
        "chronology": f"/pupils/{pupil}/chronology/",
    }
    pages.page.emulate_media(media="print")
    for name, path in printable.items():
        pages.goto(path)
        assert pages.page.evaluate(PRINTED) == {"addresses": [], "navigation": 0}, name
