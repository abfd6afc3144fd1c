"""Counting days as statutory deadlines count them, with worked dates."""

from __future__ import annotations

import datetime

import pytest

from opensend.core.dates import (
    CalendarTooShort,
    add_days,
    add_months,
    add_school_days,
    add_weeks,
    add_working_days,
    is_bank_holiday,
    is_working_day,
)

d = datetime.date

# A school's 2026/27 year with its half-terms cut out, as opensend.schools.calendar gives it.
TERMS = [
    (d(2026, 9, 2), d(2026, 10, 23)),
    (d(2026, 11, 2), d(2026, 12, 18)),
    (d(2027, 1, 5), d(2027, 2, 12)),
    (d(2027, 2, 22), d(2027, 3, 26)),
    (d(2027, 4, 12), d(2027, 5, 28)),
    (d(2027, 6, 7), d(2027, 7, 21)),
]


def test_six_weeks_is_forty_two_calendar_days_across_a_leap_day():
    assert add_weeks(d(2028, 2, 1), 6) == d(2028, 3, 14)
    assert add_weeks(d(2024, 2, 1), 4) == d(2024, 2, 29)


def test_fifteen_calendar_days_run_through_christmas():
    assert add_days(d(2026, 12, 20), 15) == d(2027, 1, 4)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (d(2026, 3, 10), 12, d(2027, 3, 10)),
        (d(2024, 2, 29), 12, d(2025, 2, 28)),
        (d(2024, 2, 29), 48, d(2028, 2, 29)),
        (d(2026, 1, 31), 1, d(2026, 2, 28)),
        (d(2026, 11, 15), 3, d(2027, 2, 15)),
        (d(2026, 3, 31), -1, d(2026, 2, 28)),
    ],
)
def test_months_keep_the_day_or_fall_back_to_the_months_last_day(start, months, expected):
    assert add_months(start, months) == expected


def test_bank_holidays_are_england_and_wales_ones_with_substitute_days():
    assert is_bank_holiday(d(2026, 12, 28))  # Boxing Day on a Saturday, observed on Monday
    assert is_bank_holiday(d(2022, 9, 19))  # a one-off bank holiday
    assert not is_bank_holiday(d(2026, 3, 17))  # St Patrick's Day is Northern Ireland's only
    assert not is_bank_holiday(d(2026, 11, 30))  # St Andrew's Day is Scotland's only


def test_weekends_and_bank_holidays_are_not_working_days():
    assert is_working_day(d(2026, 4, 2))
    assert not is_working_day(d(2026, 4, 3))  # Good Friday
    assert not is_working_day(d(2026, 4, 4))


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (d(2025, 4, 17), 1, d(2025, 4, 22)),  # over Good Friday and Easter Monday
        (d(2026, 12, 23), 2, d(2026, 12, 29)),  # over Christmas, Boxing Day observed on the 28th
        (d(2026, 5, 22), 1, d(2026, 5, 26)),  # over the spring bank holiday
        (d(2026, 1, 10), 1, d(2026, 1, 12)),  # from a Saturday
        (d(2026, 4, 7), -1, d(2026, 4, 2)),  # back over Easter
        (d(2026, 1, 12), 0, d(2026, 1, 12)),
    ],
)
def test_working_days_skip_weekends_and_bank_holidays(start, days, expected):
    assert add_working_days(start, days) == expected


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (d(2026, 10, 16), 15, d(2026, 11, 13)),  # over the October half-term
        (d(2026, 12, 14), 5, d(2027, 1, 5)),  # over the Christmas holiday
        (d(2027, 4, 30), 1, d(2027, 5, 4)),  # May Day falls in term and is not a school day
        (d(2026, 8, 1), 1, d(2026, 9, 2)),  # from the summer holiday to the first day of term
        (d(2026, 10, 5), -3, d(2026, 9, 30)),
    ],
)
def test_school_days_are_the_weekdays_of_the_schools_own_terms(start, days, expected):
    assert add_school_days(start, days, TERMS) == expected


def test_a_count_past_the_last_term_given_is_refused_rather_than_guessed():
    with pytest.raises(CalendarTooShort):
        add_school_days(d(2027, 7, 12), 15, TERMS)
    with pytest.raises(CalendarTooShort):
        add_school_days(d(2026, 9, 3), 15, [])
