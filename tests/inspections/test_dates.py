"""The date arithmetic the planning rules share."""

import datetime
import zoneinfo

import pytest

from inspections.dates import add_months, start_of_day


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2025, 3, 31), 1, datetime.date(2025, 4, 30)),
        (datetime.date(2025, 1, 15), -1, datetime.date(2024, 12, 15)),
        (datetime.date(2028, 2, 29), 12 * 5, datetime.date(2033, 2, 28)),
        (datetime.date(2028, 2, 29), -12 * 5, datetime.date(2023, 2, 28)),
        (datetime.date(2025, 3, 10), 0, datetime.date(2025, 3, 10)),
    ],
)
def test_a_month_is_the_same_day_of_the_month_or_the_last_when_shorter(day, months, expected):
    assert add_months(day, months) == expected


def test_a_day_starts_at_midnight_in_stockholm(settings):
    settings.TIME_ZONE = "Europe/Stockholm"
    moment = start_of_day(datetime.date(2025, 7, 1))
    assert moment == datetime.datetime(2025, 7, 1, tzinfo=zoneinfo.ZoneInfo("Europe/Stockholm"))
    assert moment.utcoffset() == datetime.timedelta(hours=2)
