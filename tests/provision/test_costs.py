"""The cost arithmetic, with worked examples: a session's staff cost, a pay rise part way through a
period, a pupil joining late, sessions not held, odd pennies, a budget pro rata, and the costed
provision map's totals adding up to its rows whatever the view."""

from __future__ import annotations

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest

from opensend.audit.models import AuditEvent
from opensend.provision import cost_map, costs
from opensend.provision.cost_models import SenBudget, StaffCost, financial_year_of
from opensend.provision.cost_services import sen_budget_set, staff_cost_set
from opensend.provision.costs import MemberDates, Period, RateBook
from opensend.provision.models import Member, Session, Slot
from opensend.provision.services import StaleEditError
from tests.factories import PupilFactory, enrol

from .factories import InterventionFactory, provision_for

D = datetime.date
ALWAYS_OPEN = lambda day: True  # noqa: E731
SEPT_7 = D(2026, 9, 7)  # a Monday


def test_a_session_costs_its_length_times_its_staff_s_hourly_costs_to_the_penny():
    assert costs.session_cost(30, [2000]) == 1000
    # 20 minutes of two people at £18.50 and £24.00: 20 x 4,250p / 60 = 1,416.67p.
    assert costs.session_cost(20, [1850, 2400]) == 1417
    # Someone with no hourly cost adds nothing.
    assert costs.session_cost(60, [1800, None]) == 1800


def test_a_rate_applies_from_its_date_until_the_next_one():
    book = RateBook([(1, D(2026, 10, 1), 2400), (1, D(2026, 4, 1), 1800)])
    assert book.rate(1, D(2026, 3, 31)) is None
    assert book.rate(1, D(2026, 9, 30)) == 1800
    assert book.rate(1, D(2026, 10, 1)) == 2400
    assert book.rate(2, D(2026, 10, 1)) is None


def test_odd_pennies_go_one_each_to_the_first_pupils_so_shares_add_up():
    assert costs.share(1000, [3, 1, 2]) == {1: 334, 2: 333, 3: 333}
    assert sum(costs.share(1001, [5, 6, 7, 8]).values()) == 1001
    assert costs.share(500, []) == {}


def test_planned_days_are_the_slot_s_weekday_inside_the_period_and_the_provision_when_open():
    half_term = (D(2026, 10, 26), D(2026, 10, 30))
    open_on = costs.open_days_rule(
        [(D(2026, 9, 1), half_term[0] - datetime.timedelta(days=1)), (D(2026, 11, 2), D(2026, 12, 18))]
    )
    days = costs.planned_days(0, SEPT_7, D(2026, 11, 9), Period(D(2026, 10, 1), D(2026, 12, 31)), open_on)
    # Mondays from 5 October to 9 November, less the half-term Monday (26 October).
    assert days == [D(2026, 10, 5), D(2026, 10, 12), D(2026, 10, 19), D(2026, 11, 2), D(2026, 11, 9)]


def test_after_the_last_term_entered_every_working_day_counts():
    open_on = costs.open_days_rule([(D(2026, 9, 1), D(2026, 12, 18))])
    assert open_on(D(2026, 12, 14)) and not open_on(D(2026, 8, 31))
    assert open_on(D(2027, 1, 4)) and not open_on(D(2027, 1, 1))  # New Year's Day is a bank holiday


AUTUMN_END = D(2026, 12, 18)


def _provision():
    return SimpleNamespace(starts_on=SEPT_7, ends_on=AUTUMN_END)


def test_a_pay_rise_part_way_through_the_period_counts_only_from_its_date():
    # An hour every Monday from 7 September to 12 October: £18 an hour, £24 from 1 October.
    rates = RateBook([(1, D(2026, 4, 1), 1800), (1, D(2026, 10, 1), 2400)])
    result = costs.cost_provision(
        _provision(),
        slots=[(0, 60)],
        staff_ids=[1],
        members=[MemberDates(10, SEPT_7, None)],
        held=[],
        rates=rates,
        period=Period(SEPT_7, D(2026, 10, 12)),
        open_on=ALWAYS_OPEN,
    )
    # Four Mondays in September at £18, two in October at £24.
    assert result.spend.planned == 4 * 1800 + 2 * 2400 == 12000
    assert result.spend.planned_sessions == 6
    assert result.spend.planned_hours == Decimal("6.00")


def test_a_pupil_who_joins_late_shares_only_the_sessions_from_their_joining():
    rates = RateBook([(1, D(2026, 4, 1), 1800), (1, D(2026, 10, 1), 2400)])
    result = costs.cost_provision(
        _provision(),
        slots=[(0, 60)],
        staff_ids=[1],
        members=[MemberDates(10, SEPT_7, None), MemberDates(20, D(2026, 9, 28), None)],
        held=[],
        rates=rates,
        period=Period(SEPT_7, D(2026, 10, 12)),
        open_on=ALWAYS_OPEN,
    )
    # A alone on 7, 14, 21 September (3 at £18); then both share 28 September (£18) and two £24 Mondays.
    assert result.pupils[10].planned == 3 * 1800 + 900 + 1200 + 1200 == 8700
    assert result.pupils[20].planned == 900 + 1200 + 1200 == 3300
    assert result.pupils[20].planned_sessions == 3
    assert result.pupils[10].planned + result.pupils[20].planned == result.spend.planned


def test_sessions_not_held_cost_nothing_delivered():
    result = costs.cost_provision(
        _provision(),
        slots=[(0, 60)],
        staff_ids=[1],
        members=[MemberDates(10, SEPT_7, None)],
        # Only two of the six Mondays were held; one held session falls outside the period.
        held=[(SEPT_7, 60), (D(2026, 9, 21), 45), (D(2026, 10, 19), 60)],
        rates=RateBook([(1, D(2026, 4, 1), 2000)]),
        period=Period(SEPT_7, D(2026, 10, 12)),
        open_on=ALWAYS_OPEN,
    )
    assert result.spend.planned == 6 * 2000
    assert result.spend.delivered == 2000 + 1500
    assert result.spend.delivered_sessions == 2
    assert result.pupils[10].delivered == 3500


def test_a_session_with_no_pupil_that_day_is_counted_but_not_shared():
    result = costs.cost_provision(
        _provision(),
        slots=[(0, 30)],
        staff_ids=[1],
        members=[MemberDates(10, D(2026, 9, 14), D(2026, 9, 14))],
        held=[],
        rates=RateBook([(1, D(2026, 4, 1), 2000)]),
        period=Period(SEPT_7, D(2026, 9, 21)),
        open_on=ALWAYS_OPEN,
    )
    assert result.spend.planned == 3000
    assert result.pupils[10].planned == 1000
    assert result.not_shared.planned == 2000


def test_resources_count_once_in_the_period_holding_the_start_shared_among_all_pupils():
    arguments = {
        "slots": [],
        "staff_ids": [],
        "members": [MemberDates(1, SEPT_7, None), MemberDates(2, D(2026, 11, 2), None)],
        "held": [],
        "rates": RateBook([]),
        "open_on": ALWAYS_OPEN,
        "resources": 8550,
    }
    autumn = costs.cost_provision(_provision(), period=Period(D(2026, 9, 1), D(2026, 9, 30)), **arguments)
    later = costs.cost_provision(_provision(), period=Period(D(2026, 10, 1), D(2026, 12, 31)), **arguments)
    assert autumn.spend.planned == autumn.spend.delivered == 8550
    assert autumn.pupils[1].planned == 4275 and autumn.pupils[2].planned == 4275
    assert later.spend.planned == 0


def test_the_budget_for_a_period_is_each_financial_year_s_share_by_days():
    # £36,500 for April 2026 to March 2027 (365 days): April's 30 days are £3,000.
    assert costs.budget_for(Period(D(2026, 4, 1), D(2026, 4, 30)), [(2026, 3_650_000)]) == 300_000
    # A period across two financial years takes a share of each (2027-28 has 29 February: 366 days).
    both = costs.budget_for(Period(D(2027, 3, 1), D(2027, 4, 30)), [(2026, 3_650_000), (2027, 7_320_000)])
    assert both == 310_000 + 600_000
    assert financial_year_of(D(2027, 3, 31)) == 2026 and financial_year_of(D(2027, 4, 1)) == 2027


# --- With the database ----------------------------------------------------------------------------------


@pytest.fixture
def costed(cast):
    """A reading group (the TA, an hour on Mondays) with a pay rise on 1 October, a pupil joining
    late, one session held and one not; and a one-to-one nobody is in yet."""
    school = cast.school
    StaffCost.objects.create(school=school, user=cast["ta"], hourly_cost=Decimal("18.00"), applies_from=D(2026, 4, 1))
    StaffCost.objects.create(school=school, user=cast["ta"], hourly_cost=Decimal("24.00"), applies_from=D(2026, 10, 1))
    late = PupilFactory(trust=cast.trust, legal_surname="Later", legal_forename="Lou")
    enrol(late, school, group=cast.group, nc_year="4")
    group = provision_for(cast, pupils=[cast.taught_pupil], ends_on=D(2026, 12, 18))
    Slot.objects.filter(provision=group).update(minutes=60)
    Member.objects.create(provision=group, pupil=late, joined_on=D(2026, 9, 28))
    for day, held in ((SEPT_7, True), (D(2026, 9, 14), False)):
        Session.objects.create(
            provision=group,
            held_on=day,
            starts_at=datetime.time(9, 15),
            minutes=60,
            held=held,
            not_held_reason="" if held else Session.NotHeld.STAFF_ABSENT,
            recorded_by=cast["ta"],
        )
    alone = provision_for(
        cast,
        name="Speech one-to-one",
        intervention=InterventionFactory(school=school, wave=3, broad_area="communication-interaction"),
        ends_on=D(2026, 12, 18),
    )
    return SimpleNamespace(group=group, alone=alone, late=late, period=Period(SEPT_7, D(2026, 10, 12)))


def test_the_school_s_costs_match_the_worked_example(cast, costed):
    result = costs.school_costs(cast.school, costed.period)
    by_name = {item.provision.name: item for item in result.provisions}
    group = by_name["Reading group"]
    # Six Mondays: four at £18, two at £24; one session held (7 September, £18).
    assert group.spend.planned == 12000 and group.spend.delivered == 1800
    assert group.pupils[cast.taught_pupil.pk].planned == 8700
    assert group.pupils[costed.late.pk].planned == 3300
    # The one-to-one: 20 minutes on Mondays, nobody in it: counted, shared with no pupil.
    alone = by_name["Speech one-to-one"]
    assert alone.spend.planned == 4 * 600 + 2 * 800
    assert alone.not_shared.planned == alone.spend.planned


def test_every_view_of_the_map_adds_up_to_the_school_s_total(cast, costed):
    result = costs.school_costs(cast.school, costed.period)
    total = result.total
    for view, _ in cost_map.VIEWS:
        mapped = cost_map.provision_map(result, view)
        assert sum(row.spend.planned for row in mapped.rows) == total.planned == mapped.total.spend.planned, view
        assert sum(row.spend.delivered for row in mapped.rows) == total.delivered, view


def test_the_functions_other_features_call_reconcile_to_the_map(cast, costed):
    period = costed.period
    assert costs.pupil_cost(cast.taught_pupil, cast.school, period).planned == 8700
    assert costs.pupil_cost(costed.late, cast.school, period).delivered == 0
    assert costs.school_total(cast.school, period).planned == 12000 + 4000
    assert costs.staff_rates_on(cast.school, D(2026, 10, 1)) == {cast["ta"].pk: Decimal("24.00")}


def test_filters_by_wave_and_area_keep_only_that_provision(cast, costed):
    period = costed.period
    wave_3 = costs.school_costs(cast.school, period, provisions=costs.provisions_in(cast.school, period, wave=3))
    assert [item.provision.name for item in wave_3.provisions] == ["Speech one-to-one"]
    area = costs.provisions_in(cast.school, period, area="cognition-learning")
    assert [item.provision.name for item in costs.school_costs(cast.school, period, provisions=area).provisions] == [
        "Reading group"
    ]


def test_costing_a_school_takes_the_same_queries_whatever_its_size(cast, costed, django_assert_max_num_queries):
    period = costed.period
    with django_assert_max_num_queries(12) as few:
        costs.school_costs(cast.school, period)
    for number in range(6):
        provision_for(cast, name=f"Extra {number}", pupils=[cast.taught_pupil, cast.untaught_pupil])
    with django_assert_max_num_queries(len(few.captured_queries)):
        costs.school_costs(cast.school, period)


# --- Services ---------------------------------------------------------------------------------------------


def test_setting_a_rate_is_audited_and_correcting_it_records_before_and_after(cast):
    staff_cost_set(
        actor=cast["sendco"], school=cast.school, user=cast["ta"], hourly_cost=Decimal("19"), applies_from=D(2026, 9, 1)
    )
    staff_cost_set(
        actor=cast["sendco"],
        school=cast.school,
        user=cast["ta"],
        hourly_cost=Decimal("19.50"),
        applies_from=D(2026, 9, 1),
    )
    assert StaffCost.objects.get().hourly_cost == Decimal("19.50")
    events = AuditEvent.objects.filter(object_type="provision.staffcost").order_by("pk")
    assert [event.action for event in events] == ["create", "update"]
    assert events[1].changes == {"hourly_cost": ["19.00", "19.50"]}


def test_a_budget_change_quotes_the_version_it_was_made_from(cast):
    budget = sen_budget_set(
        actor=cast["head"], school=cast.school, year_starting=2026, amount=Decimal("120000"), expected_version=None
    )
    sen_budget_set(
        actor=cast["head"],
        school=cast.school,
        year_starting=2026,
        amount=Decimal("125000"),
        expected_version=budget.version,
    )
    with pytest.raises(StaleEditError):
        sen_budget_set(
            actor=cast["head"],
            school=cast.school,
            year_starting=2026,
            amount=Decimal("1"),
            expected_version=budget.version,
        )
    assert SenBudget.objects.get().amount == Decimal("125000")
    assert AuditEvent.objects.filter(object_type="provision.senbudget").count() == 2
