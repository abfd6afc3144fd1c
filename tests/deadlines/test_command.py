"""`manage.py deadline_calc`: one due date as JSON, or the list of rules."""

from __future__ import annotations

import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command

from opensend.deadlines.rules import RULES
from opensend.schools.models import Term

from ..factories import AcademicYearFactory, SchoolFactory

d = datetime.date


def run(*args: str):
    out = io.StringIO()
    call_command("deadline_calc", *args, stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def school_with_terms(db):
    school = SchoolFactory(urn="100777")
    year = AcademicYearFactory(school=school, starts_on=d(2026, 9, 1), ends_on=d(2027, 8, 31))
    Term.objects.create(
        academic_year=year,
        name=Term.Name.AUTUMN,
        starts_on=d(2026, 9, 2),
        ends_on=d(2026, 12, 18),
        half_term_starts_on=d(2026, 10, 26),
        half_term_ends_on=d(2026, 10, 30),
    )
    Term.objects.create(academic_year=year, name=Term.Name.SPRING, starts_on=d(2027, 1, 5), ends_on=d(2027, 3, 26))
    return school


def test_the_request_that_arrived_on_12_january_has_its_final_plan_due_on_1_june():
    result = run("--rule", "ehc-final-plan", "--start", "2026-01-12")
    assert result["rule"] == "ehc-final-plan"
    assert (result["start"], result["due"], result["days"]) == ("2026-01-12", "2026-06-01", "calendar")
    assert result["source"] == "SEND Regulations 2014, reg 13(2); SEND Code of Practice 9.40"


def test_invitations_count_back_from_the_meeting_to_the_last_day_to_send_them():
    result = run("--rule", "ar-invitations", "--start", "2026-04-14")
    assert (result["start"], result["due"]) == ("2026-04-14", "2026-03-31")


def test_a_phase_transfer_starts_from_the_date_of_the_transfer():
    assert run("--rule", "phase-transfer-post16", "--start", "2027-09-01")["due"] == "2027-03-31"


def test_working_days_skip_easter():
    result = run("--rule", "pep-initiate", "--start", "2026-03-30")
    assert (result["due"], result["days"]) == ("2026-04-15", "working")


def test_school_days_count_the_schools_own_terms_less_half_term(school_with_terms):
    result = run("--rule", "educational-record-request", "--start", "2026-10-16", "--school", "100777")
    assert (result["due"], result["days"]) == ("2026-11-13", "school")
    over_christmas = run("--rule", "educational-record-request", "--start", "2026-12-14", "--school", "100777")
    assert over_christmas["due"] == "2027-01-19"


def test_the_list_gives_every_rule_with_its_description_and_source():
    listed = run("--list")
    assert [item["rule"] for item in listed] == [rule.id for rule in RULES]
    assert all(item["description"] and item["source"] for item in listed)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--rule", "ehc-made-up", "--start", "2026-01-12"], "There is no rule 'ehc-made-up'"),
        (["--rule", "ehc-final-plan", "--start", "12/01/2026"], "--start must be a date as YYYY-MM-DD"),
        (["--rule", "ehc-final-plan"], "Give --rule and --start, or --list"),
        (["--rule", "educational-record-request", "--start", "2026-10-16"], "Use --school URN"),
        (["--rule", "educational-record-request", "--start", "2026-10-16", "--school", "999999"], "no school"),
    ],
)
def test_bad_arguments_are_refused_with_a_message(db, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("deadline_calc", *args, stdout=io.StringIO())


def test_a_count_past_the_schools_last_term_is_refused_rather_than_guessed(school_with_terms):
    with pytest.raises(CommandError, match="Add the school's terms first"):
        call_command(
            "deadline_calc", "--rule", "educational-record-request", "--start", "2027-03-20", "--school", "100777"
        )
