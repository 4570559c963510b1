import datetime

import pytest
from django.utils import translation

from reports.periods import half_year, half_year_of, last_completed_half, period_title, same_period_a_year_before

day = datetime.date


def test_the_first_half_runs_from_new_year_to_midsummer_month_end():
    assert half_year(2026, 1) == (day(2026, 1, 1), day(2026, 6, 30))


def test_the_second_half_runs_from_july_to_new_years_eve():
    assert half_year(2026, 2) == (day(2026, 7, 1), day(2026, 12, 31))


@pytest.mark.parametrize("half", [0, 3, -1, "1", None])
def test_it_refuses_a_half_that_is_not_1_or_2(half):
    with pytest.raises(ValueError):
        half_year(2026, half)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (day(2026, 1, 1), (2026, 1)),
        (day(2026, 6, 30), (2026, 1)),
        (day(2026, 7, 1), (2026, 2)),
        (day(2026, 12, 31), (2026, 2)),
    ],
)
def test_it_finds_the_half_a_day_falls_in(today, expected):
    assert half_year_of(today) == expected


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (day(2026, 7, 1), (2026, 1)),  # the June compilation is made on 1 July
        (day(2026, 12, 31), (2026, 1)),
        (day(2027, 1, 1), (2026, 2)),  # the January one on New Year's Day
        (day(2026, 6, 30), (2025, 2)),
    ],
)
def test_it_finds_the_last_half_year_that_has_ended(today, expected):
    assert last_completed_half(today) == expected


def test_a_year_before_is_the_same_dates():
    assert same_period_a_year_before(day(2026, 1, 1), day(2026, 6, 30)) == (day(2025, 1, 1), day(2025, 6, 30))


def test_a_year_before_the_29th_of_february_is_the_28th():
    assert same_period_a_year_before(day(2024, 2, 29), day(2024, 2, 29)) == (day(2023, 2, 28), day(2023, 2, 28))
    assert same_period_a_year_before(day(2024, 1, 1), day(2024, 2, 29)) == (day(2023, 1, 1), day(2023, 2, 28))


def test_an_exact_half_year_is_named_as_one():
    assert period_title(*half_year(2026, 1)) == "first half of 2026"
    assert period_title(*half_year(2026, 2)) == "second half of 2026"


def test_any_other_period_is_named_by_its_dates():
    assert period_title(day(2026, 1, 1), day(2026, 3, 15)) == "1 January 2026 – 15 March 2026"
    # Six months, but not a half-year.
    assert period_title(day(2026, 2, 1), day(2026, 7, 31)) == "1 February 2026 – 31 July 2026"


def test_the_dates_of_a_period_are_written_in_swedish_in_swedish():
    with translation.override("sv"):
        assert period_title(day(2026, 1, 1), day(2026, 3, 15)) == "1 januari 2026 – 15 mars 2026"
