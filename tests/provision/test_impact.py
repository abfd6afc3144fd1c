"""Impact arithmetic with worked numbers, and the figures on the intervention and provision pages."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from opensend.provision.impact import FORMULAS, PupilResult, bar_chart, impact
from opensend.provision.models import Attendance, Measure, Session

from .factories import InterventionFactory, provision_for


def result(entry, exit_, days=None) -> PupilResult:
    return PupilResult(Decimal(entry), Decimal(exit_), days)


def test_standardised_scores_give_the_median_change_and_an_effect_size_over_15():
    found = impact(
        Measure.STANDARDISED_SCORE,
        [result(80, 86), result(84, 93), result(90, 93)],
        attended=45,
        counted=50,
        ratings=[1, 0, -1, None],
    )
    assert found.median_change == 6 and (found.lowest_change, found.highest_change) == (3, 9)
    assert found.effect_size == pytest.approx(6 / 15)
    assert found.effect_formula == FORMULAS["effect_standardised"]
    assert found.attendance_percent == 90
    assert (found.rated, found.at_or_above_expected) == (3, 2)
    assert found.small_number


def test_age_measures_give_a_ratio_gain_and_no_effect_size():
    # 9 months gained in 91 days (about 3 months): a ratio gain of about 3.
    found = impact(Measure.READING_AGE, [result(84, 93, 91)], attended=0, counted=0, ratings=[])
    assert found.median_ratio_gain == pytest.approx(9 / (91 / (365.25 / 12)))
    assert found.effect_size is None and found.attendance_rate is None


def test_other_measures_divide_the_mean_change_by_the_spread_of_entry_scores():
    found = impact(Measure.COUNT, [result(10, 20), result(20, 26)], attended=1, counted=1, ratings=[])
    # mean change 8; entry scores 10 and 20 have a standard deviation of 7.07
    assert found.effect_size == pytest.approx(8 / 7.0710678)
    assert found.effect_formula == FORMULAS["effect_other"]


def test_five_pupils_or_more_are_not_a_small_number():
    found = impact(Measure.COUNT, [result(1, 2)] * 5, attended=0, counted=0, ratings=[])
    assert not found.small_number


def test_the_chart_puts_a_fall_left_of_zero():
    chart = bar_chart([("Group A", 4.0), ("Group B", -2.0)], what="Change")
    rise, fall = chart.bars
    assert fall.x + fall.width == pytest.approx(chart.zero_x)
    assert rise.x == pytest.approx(chart.zero_x)
    assert rise.width == pytest.approx(2 * fall.width)


def test_the_intervention_page_shows_how_it_worked_at_the_school_in_a_fixed_number_of_queries(
    cast, django_assert_max_num_queries
):
    intervention = InterventionFactory(school=cast.school, name="Reading boost", measure=Measure.STANDARDISED_SCORE)
    for number in range(6):
        provision = provision_for(
            cast, name=f"Group {number}", intervention=intervention, pupils=[cast.taught_pupil, cast.untaught_pupil]
        )
        provision.members.update(entry_value=80, entry_on=datetime.date(2026, 9, 8), exit_value=86 + number)
        session = Session.objects.create(
            provision=provision,
            held_on=datetime.date(2026, 9, 14),
            starts_at=datetime.time(9, 15),
            minutes=20,
            held=True,
            recorded_by=cast["ta"],
        )
        Attendance.objects.create(session=session, pupil=cast.taught_pupil, attended=True)
        Attendance.objects.create(session=session, pupil=cast.untaught_pupil, attended=False)
    client = cast.client_for("sendco")
    url = reverse("provision:intervention", kwargs={"urn": cast.school.urn, "intervention_id": intervention.public_id})
    with django_assert_max_num_queries(12):
        response = client.get(url)
    found = response.context["impact"]
    assert found.school.pupils == 12 and found.school.attendance_percent == 50
    assert len(found.by_provision) == 6 and all(row.small_number for _, row in found.by_provision)
    assert "Effect size = mean change in standardised score" in response.content.decode()


def test_a_teacher_does_not_see_a_groups_figures(cast):
    provision = provision_for(cast, pupils=[cast.taught_pupil, cast.untaught_pupil])
    url = reverse("provision:detail", kwargs={"provision_id": provision.public_id})
    assert cast.client_for("teacher").get(url).context["impact"] is None
    assert cast.client_for("ta").get(url).context["impact"] is not None


def _group_with_results(cast, name, intervention, pupils, change):
    provision = provision_for(cast, name=name, intervention=intervention, pupils=pupils)
    provision.members.update(entry_value=80, exit_value=80 + change, outcome_rating=0)
    return provision


def test_the_school_impact_page_shows_each_intervention_in_numbers_only(cast, django_assert_max_num_queries):
    reading = InterventionFactory(school=cast.school, name="Reading boost", measure=Measure.STANDARDISED_SCORE)
    everyone = [cast.taught_pupil, cast.untaught_pupil, cast.looked_after_pupil]
    for number in range(3):
        _group_with_results(cast, f"Group {number}", reading, everyone, change=4 + number)
    client = cast.client_for("head")
    with django_assert_max_num_queries(10):
        response = client.get(reverse("provision:impact", kwargs={"urn": cast.school.urn}))
    ((row, shown),) = response.context["rows"]
    assert shown and row.provisions == 3 and row.result.pupils == 9 and row.result.median_change == 5
    assert cast.taught_pupil.legal_surname not in response.content.decode()


def test_governors_see_no_figures_for_five_pupils_or_fewer(cast):
    small = InterventionFactory(school=cast.school, name="Small group")
    _group_with_results(cast, "Only group", small, [cast.taught_pupil, cast.untaught_pupil], change=3)
    response = cast.client_for("governor").get(reverse("provision:impact", kwargs={"urn": cast.school.urn}))
    ((_, shown),) = response.context["rows"]
    assert not shown
    assert "Fewer than 6 pupils" in response.content.decode()
    sendco = cast.client_for("sendco").get(reverse("provision:impact", kwargs={"urn": cast.school.urn}))
    assert sendco.context["rows"][0][1]


def test_the_trust_lead_sees_each_intervention_across_the_trusts_schools(cast):
    here = InterventionFactory(school=cast.school, name="Reading boost")
    there = InterventionFactory(school=cast.other_school, name="Reading boost")
    _group_with_results(
        cast, "Oakfield group", here, [cast.taught_pupil, cast.untaught_pupil, cast.looked_after_pupil], 4
    )
    elsewhere = provision_for(cast, name="Birchwood group", intervention=there, pupils=[cast.other_school_pupil])
    elsewhere.school = cast.other_school
    elsewhere.save()
    elsewhere.members.update(entry_value=80, exit_value=90)
    url = reverse("provision:trust-impact", kwargs={"trust_id": cast.trust.public_id})
    response = cast.client_for("trust-lead").get(url)
    ((row, shown),) = response.context["rows"]
    assert row.provisions == 2 and row.result.pupils == 4
    assert not shown  # 4 pupils: hidden from those who read no SEND records


def _intervention_run_at_two_schools(cast, groups=6):
    """Reading boost in `groups` groups of two at Oakfield, and Birchwood's copy of it with one pupil."""
    here = InterventionFactory(school=cast.school, name="Reading boost", measure=Measure.STANDARDISED_SCORE)
    there = InterventionFactory(school=cast.other_school, name="Reading boost", measure=Measure.STANDARDISED_SCORE)
    for number in range(groups):
        _group_with_results(cast, f"Group {number}", here, [cast.taught_pupil, cast.untaught_pupil], 4 + number)
    elsewhere = provision_for(cast, name="Birchwood group", intervention=there, pupils=[cast.other_school_pupil])
    elsewhere.school = cast.other_school
    elsewhere.save()
    elsewhere.members.update(entry_value=80, exit_value=117)
    return reverse("provision:intervention", kwargs={"urn": cast.school.urn, "intervention_id": here.public_id})


def test_a_teacher_sees_no_groups_no_range_and_no_trust_figures_for_an_intervention(cast):
    response = cast.client_for("teacher").get(_intervention_run_at_two_schools(cast))
    found, page = response.context["impact"], response.content.decode()
    assert found.school.pupils == 12 and found.by_provision == [] and found.trust is None
    assert "Median 6.5" in page
    assert "Group 0" not in page and "By provision" not in page
    assert "; from " not in page and "Across the trust" not in page


def test_another_schools_provision_never_appears_for_a_teacher(cast):
    response = cast.client_for("teacher").get(_intervention_run_at_two_schools(cast, groups=1))
    page = response.content.decode()
    assert "Birchwood" not in page and "37.0" not in page
    assert response.context["impact"].school.pupils == 2


def test_a_business_manager_sees_aggregates_with_five_pupils_or_fewer_hidden(cast):
    client = cast.client_for("business-manager")
    many = client.get(_intervention_run_at_two_schools(cast)).content.decode()
    assert "Median 6.5" in many and "; from " not in many and "Group 0" not in many
    assert "Across the trust" not in many
    small = InterventionFactory(school=cast.school, name="Small group", measure=Measure.STANDARDISED_SCORE)
    _group_with_results(cast, "Only group", small, [cast.taught_pupil, cast.untaught_pupil], change=3)
    url = reverse("provision:intervention", kwargs={"urn": cast.school.urn, "intervention_id": small.public_id})
    response = client.get(url)
    assert not response.context["impact_shown"]
    page = response.content.decode()
    assert "Fewer than 6 pupils" in page and "Median 3.0" not in page and "Only group" not in page


def test_the_sendco_sees_every_group_the_range_and_the_trust(cast):
    response = cast.client_for("sendco").get(_intervention_run_at_two_schools(cast))
    found, page = response.context["impact"], response.content.decode()
    assert len(found.by_provision) == 6 and found.trust.pupils == 13
    assert "Group 0" in page and "Across the trust" in page
    assert "Median 6.5; from 4.0 to 9.0" in page
