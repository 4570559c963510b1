"""The periods a summary covers: the half-years of the June and January compilations, and
their titles. A period is a pair of dates, both days included."""

import datetime

from django.utils import formats
from django.utils.translation import gettext as _

FIRST_HALF = 1
SECOND_HALF = 2


def half_year(year, half):
    """The first and last day of a half-year: half 1 is 1 January – 30 June, half 2 1 July – 31 December."""
    if half == FIRST_HALF:
        return datetime.date(year, 1, 1), datetime.date(year, 6, 30)
    if half == SECOND_HALF:
        return datetime.date(year, 7, 1), datetime.date(year, 12, 31)
    raise ValueError(f"A half-year is 1 or 2, not {half!r}.")


def half_year_of(day):
    """(year, half) of the half-year that `day` falls in."""
    return day.year, FIRST_HALF if day.month <= 6 else SECOND_HALF


def half_before(year, half):
    """(year, half) of the half-year just before the given one."""
    if half == SECOND_HALF:
        return year, FIRST_HALF
    return year - 1, SECOND_HALF


def last_completed_half(today):
    """(year, half) of the latest half-year that has ended before `today`."""
    return half_before(*half_year_of(today))


def _a_year_before(day):
    # 29 February has no twin in a common year; the last day of February stands in for it.
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def same_period_a_year_before(start, end):
    """The same dates one year earlier, for the change against last year (29 February → 28 February)."""
    return _a_year_before(start), _a_year_before(end)


def exact_half(start, end):
    """(year, half) when the period is exactly a half-year, else None."""
    year, half = half_year_of(start)
    if (start, end) == half_year(year, half):
        return year, half
    return None


def period_title(start, end):
    """The period in words, in the active language: "first half of 2026", or the two dates."""
    exact = exact_half(start, end)
    if exact is not None:
        year, half = exact
        if half == FIRST_HALF:
            return _("first half of %(year)s") % {"year": year}
        return _("second half of %(year)s") % {"year": year}
    return _("%(start)s – %(end)s") % {
        "start": formats.date_format(start, "j F Y"),
        "end": formats.date_format(end, "j F Y"),
    }
