"""The designated teacher's register and a PEP in Chromium, on a desktop and a 390 px phone: no
server errors, no axe-core violations, and no page wider than the window."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from opensend.lac.models import Pep

from .conftest import fill_date

pytestmark = pytest.mark.browser

PAGE_OVERFLOWS = "() => document.scrollingElement.scrollWidth > window.innerWidth"


def test_the_designated_teacher_registers_a_child_and_records_a_pep(world, pages_for):
    teacher = pages_for("lac")
    teacher.sign_in(world["designated-teacher"].email)
    register = f"/schools/{world.school.urn}/looked-after/"
    teacher.visit("looked-after register, one to add", register)
    teacher.page.get_by_role("link", name="Cai Cared").click()
    teacher.check("add to the register")
    teacher.check("add to the register with errors", teacher.submit("Add to the register"))
    entered = timezone.localdate() - datetime.timedelta(days=40)
    fill_date(teacher.page, "Date the child entered care", entered.isoformat())
    teacher.page.get_by_label("Care authority, if not in the directory").fill("Kirklees")
    teacher.page.get_by_label("Legal status").select_option("care-order")
    teacher.page.get_by_label("Placement type").select_option("foster")
    teacher.page.get_by_label("Social worker", exact=True).fill("Hannah Pearce")
    teacher.page.get_by_label("Social worker's email").fill("hannah.pearce@kirklees.example.gov.uk")
    teacher.page.get_by_label("Virtual School contact").fill("Rachel Dunmore")
    teacher.check("looked-after record, no PEP yet", teacher.submit("Add to the register"))
    main = teacher.page.locator("main").inner_text()
    assert "Overdue" in main and "Entered care" in main

    teacher.page.get_by_role("link", name="Record a PEP").click()
    teacher.check("record a PEP")
    teacher.page.get_by_label("Initial PEP").check()
    meeting = timezone.localdate() - datetime.timedelta(days=10)
    fill_date(teacher.page, "Date of the PEP meeting", meeting.isoformat())
    teacher.page.get_by_label("Who attended").fill("Designated teacher\nSocial worker\nFoster carer")
    teacher.page.get_by_label("Attainment and progress").fill("Working towards the expected standard in writing.")
    teacher.page.get_by_label("Attendance (%)").fill("94.5")
    teacher.page.get_by_label("The child's voice").fill("I like art club and I want to read to my sister.")
    teacher.page.get_by_label("Pupil Premium Plus allocated (£)").fill("850")
    teacher.check("looked-after record with a PEP", teacher.submit("Record the PEP"))
    pep = Pep.objects.get(record__pupil=world.looked_after_pupil)
    assert pep.meeting_on == meeting and str(pep.attendance_percent) == "94.5"

    teacher.page.get_by_role("link", name=f"Initial PEP, {meeting:%-d %B %Y}").click()
    teacher.check("a PEP")
    teacher.page.get_by_role("link", name="Add a target").click()
    teacher.page.get_by_label("Target", exact=True).fill("Write four sentences with a word bank.")
    teacher.page.get_by_label("Working towards").check()
    teacher.submit("Add the target")
    teacher.page.get_by_role("link", name="Add spending").click()
    teacher.page.get_by_label("Amount (£)").fill("450")
    teacher.page.get_by_label("What it pays for").fill("One-to-one maths tutoring")
    teacher.check("a PEP with a target and spending", teacher.submit("Add the spending"))
    assert "£450.00" in teacher.page.locator("main").inner_text()
    teacher.visit("looked-after register", register)
    assert "Cai Cared" in teacher.page.locator("table").inner_text()

    teacher.page.set_viewport_size({"width": 390, "height": 844})
    for name, path in (
        ("looked-after register on a phone", register),
        ("looked-after record on a phone", f"/pupils/{world.looked_after_pupil.public_id}/looked-after/"),
        ("a PEP on a phone", f"/pupils/{world.looked_after_pupil.public_id}/looked-after/peps/{pep.public_id}/"),
    ):
        teacher.visit(name, path)
        assert not teacher.page.evaluate(PAGE_OVERFLOWS), f"{name}: wider than a 390 px phone"
    teacher.assert_no_problems()
