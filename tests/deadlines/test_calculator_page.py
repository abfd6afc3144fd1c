"""The deadline calculator page: a rule and a date give the due date with its rule and source."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from opensend.schools.models import Term

from ..factories import AcademicYearFactory

pytestmark = pytest.mark.django_db


def url(cast) -> str:
    return reverse("deadlines:calculator", kwargs={"urn": cast.school.urn})


def test_the_sendco_sees_the_form_with_every_rule_and_its_source(cast):
    response = cast.client_for("sendco").get(url(cast))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Deadline calculator" in page
    assert 'value="ehc-final-plan"' in page and 'value="pep-first-review"' in page
    assert "SEND Regulations 2014, reg 20(3)" in page


def test_a_request_that_arrived_on_12_january_shows_every_date_of_the_assessment(cast):
    response = cast.client_for("assistant-sendco").get(url(cast), {"rule": "ehc-final-plan", "start": "2026-01-12"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Due Monday 1 June 2026" in page
    assert "SEND Regulations 2014, reg 13(2)" in page
    assert "20 weeks after the request for an EHC needs assessment" in page
    # Every deadline from the same request: the decision to assess and the no-plan decision.
    assert "Mon 23 Feb 2026" in page and "Mon 4 May 2026" in page
    assert "SEND Regulations 2014, reg 10(4) and reg 13(3)" in page


def test_a_deadline_counting_back_from_a_meeting_says_it_is_the_last_day_to_act(cast):
    page = cast.client_for("sendco").get(url(cast), {"rule": "ar-invitations", "start": "2026-04-14"}).content.decode()
    assert "Due Tuesday 31 March 2026" in page
    assert "the last day to act" in page


def test_school_days_count_the_schools_own_terms(cast):
    year = AcademicYearFactory(school=cast.school)
    Term.objects.create(
        academic_year=year,
        name=Term.Name.AUTUMN,
        starts_on=datetime.date(2026, 9, 2),
        ends_on=datetime.date(2026, 12, 18),
        half_term_starts_on=datetime.date(2026, 10, 26),
        half_term_ends_on=datetime.date(2026, 10, 30),
    )
    response = cast.client_for("sendco").get(url(cast), {"rule": "educational-record-request", "start": "2026-10-16"})
    assert "Due Friday 13 November 2026" in response.content.decode()


def test_a_school_without_term_dates_far_enough_gets_a_message_not_a_date(cast):
    response = cast.client_for("sendco").get(url(cast), {"rule": "educational-record-request", "start": "2026-10-16"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "term dates do not reach far enough" in page
    assert "Due " not in page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"rule": "", "start": "2026-01-12"}, "Choose a deadline"),
        ({"rule": "ehc-made-up", "start": "2026-01-12"}, "Choose a deadline from the list"),
        ({"rule": "ehc-final-plan", "start": ""}, "Enter the date of the starting event"),
        ({"rule": "ehc-final-plan", "start": "2026-02-30"}, "Enter the date of the starting event as a real date"),
    ],
)
def test_bad_input_is_named_in_an_error_summary(cast, query, message):
    response = cast.client_for("sendco").get(url(cast), query)
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page and message in page


def test_the_head_and_teachers_do_not_reach_the_calculator(cast):
    assert cast.client_for("head").get(url(cast)).status_code == 404
    assert cast.client_for("teacher").get(url(cast)).status_code == 404
