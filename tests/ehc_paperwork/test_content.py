"""The review paperwork's content: every field filled from the record, every date from the engine."""

from __future__ import annotations

import dataclasses
import datetime

import pytest

from opensend.core.documents import Facts, Heading, Table, texts
from opensend.deadlines.engine import deadline
from opensend.ehc.paperwork import advice_request, filename, invitation, review_facts, review_report
from opensend.schools.models import NCYear

pytestmark = pytest.mark.django_db
d = datetime.date


def _text(document) -> str:
    return "\n".join(texts(document))


def test_the_invitation_carries_the_meeting_the_recipients_and_the_statutory_notice(cast, meeting, parent):
    document = invitation(review_facts(meeting.review, author=cast["sendco"]))
    text = _text(document)
    assert document.letterhead[0] == "Oakfield Primary" and "URN 100001" in document.letterhead[1]
    assert "Tuesday 3 March 2026" in text
    assert "10am to 11am" in text and "The Rainbow Room, Oakfield Primary" in text
    for invited in ("Jordan Parent", "Tia Taught", "Kirklees SEND team", "Dr Priya Shah", "Sam Lee"):
        assert invited in text
    assert "send@kirklees.example.gov.uk" in text
    assert "17 February 2026 (Invitations at least 2 weeks before the meeting" in text
    assert "reg 20(3)" in text and "reg 20(4)" in text
    assert "Sendco Tester" in text


def test_the_invitation_leaves_the_pupil_out_unless_invited(cast, meeting, parent):
    meeting.pupil_invited = False
    meeting.save()
    recipients = next(
        b for b in invitation(review_facts(meeting.review, author=cast["sendco"])).blocks if isinstance(b, Table)
    )
    assert "Tia Taught" not in [name for name, _ in recipients.rows]


def test_the_dates_come_from_the_deadlines_engine(cast, meeting):
    facts = review_facts(meeting.review, author=cast["sendco"])
    expected = {
        rule: deadline(rule, d(2026, 3, 3)).due
        for rule in ("ar-invitations", "ar-advice-circulated", "ar-report", "ar-la-decision")
    }
    assert expected == {
        "ar-invitations": d(2026, 2, 17),
        "ar-advice-circulated": d(2026, 2, 17),
        "ar-report": d(2026, 3, 17),
        "ar-la-decision": d(2026, 3, 31),
    }
    report = _text(review_report(facts))
    assert "by 17 March 2026 (The review report to the local authority" in report
    assert "by 31 March 2026 (The local authority's decision" in report
    assert "17 February 2026 (Advice and information circulated" in _text(advice_request(facts))


def test_a_letter_asks_each_professional_for_advice_on_a_page_of_its_own(cast, meeting):
    document = advice_request(review_facts(meeting.review, author=cast["sendco"]))
    text = _text(document)
    assert "To: Dr Priya Shah, educational psychologist, Kirklees EPS" in text
    assert "To: Sam Lee, speech and language therapist, NHS" in text
    assert sum(type(block).__name__ == "PageBreak" for block in document.blocks) == 1
    assert "Tia will ask for help in class using words." in text
    assert "Tia will name two feelings and a calming strategy." in text


def test_with_no_professional_recorded_one_letter_leaves_the_addressee_to_write_in(cast, review):
    document = advice_request(review_facts(review, author=cast["sendco"]))
    assert "To:" in _text(document)
    assert not any(type(block).__name__ == "PageBreak" for block in document.blocks)


def test_the_report_is_filled_from_the_meeting_record(cast, meeting):
    text = _text(review_report(review_facts(meeting.review, author=cast["sendco"])))
    for recorded in (
        "Jordan Parent (mother)",
        "I like reading with Miss Green. Playtime is too loud.",
        "Tia is happier at school this year.",
        "Section F: add a weekly social communication group.",
        "Communication and interaction",
        "Tia will ask for help in class using words.",
    ):
        assert recorded in text


def test_preparing_for_adulthood_is_in_the_report_only_from_year_9(cast, meeting):
    facts = review_facts(meeting.review, author=cast["sendco"])
    assert facts.year_label == "Year 3"
    assert "Preparing for adulthood" not in [b.text for b in review_report(facts).blocks if isinstance(b, Heading)]
    enrolment = cast.taught_pupil.enrolments.get()
    enrolment.year_group.nc_year = NCYear.Y9
    enrolment.year_group.save()
    facts = review_facts(meeting.review, author=cast["sendco"])
    text = _text(review_report(facts))
    assert "Preparing for adulthood" in text and "Travel training to start in Year 10." in text


def test_a_field_not_yet_recorded_leaves_a_space_to_write_it_in(cast, review):
    document = review_report(review_facts(review, author=cast["sendco"]))
    text = _text(document)
    assert "Not recorded yet: write it here." in text
    meeting_facts = next(b for b in document.blocks if isinstance(b, Facts) and b.rows[0][0] == "Date")
    assert ("Time", "To be confirmed") in meeting_facts.rows


def test_a_file_name_carries_initials_and_the_date_never_the_name(cast):
    name = filename("annual-review-report", cast.taught_pupil, d(2026, 3, 3), "docx")
    assert name == "annual-review-report-TT-2026-03-03.docx"
    assert "Taught" not in name and "Tia" not in name


def test_progress_recorded_at_the_review_fills_the_report_beside_its_outcome(cast, meeting):
    facts = review_facts(meeting.review, author=cast["sendco"])
    first, second = facts.outcomes

    class Recorded:
        outcome_id = first.pk
        comment = "Asks for help in most lessons."

        def get_rating_display(self):
            return "On track"

    class Progress:
        def all(self):
            return [Recorded()]

    class Review:
        outcome_progress = Progress()
        meeting_on = meeting.review.meeting_on

    table = next(
        block
        for block in review_report(dataclasses.replace(facts, review=Review())).blocks
        if isinstance(block, Table) and block.caption.startswith("Outcomes")
    )
    progress = {row[1]: row[2] for row in table.rows}
    assert progress[first.description] == "On track. Asks for help in most lessons."
    assert progress[second.description] == "Not recorded yet: write it here."
