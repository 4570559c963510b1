"""The month calendar of operations: a grid of whole weeks, Monday first as in Sweden."""

import datetime
from calendar import monthrange
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Prefetch

from agencies import permissions
from agencies.models import Agency

from .dates import add_months
from .models import Operation

# Months the calendar shows; outside them a link or a typed month is refused, not a 500.
FIRST_YEAR = 2000
LAST_YEAR = 2100


@dataclass(frozen=True)
class CalendarDay:
    date: datetime.date
    in_month: bool
    is_today: bool
    operations: tuple


@dataclass(frozen=True)
class CalendarMonth:
    first: datetime.date
    weeks: tuple  # of 7-tuples of CalendarDay, Monday to Sunday
    previous: datetime.date | None  # first day of the month before, None before FIRST_YEAR
    next: datetime.date | None
    today: datetime.date

    @property
    def is_current(self):
        return (self.first.year, self.first.month) == (self.today.year, self.today.month)


def month_in_range(year, month):
    return FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12


def _shift_month(first, months):
    shifted = add_months(first, months)
    return shifted if month_in_range(shifted.year, shifted.month) else None


def grid_range(year, month):
    """First and last day shown: from the Monday on or before the 1st to the Sunday on or
    after the month's last day."""
    first = datetime.date(year, month, 1)
    last = datetime.date(year, month, monthrange(year, month)[1])
    return first - datetime.timedelta(days=first.weekday()), last + datetime.timedelta(days=6 - last.weekday())


def month_calendar(user, *, year, month, today):
    """The month's grid with the operations the user may see on each of their days.

    One query for the operations (and one for their agencies), however many there are.
    """
    start, end = grid_range(year, month)
    operations = (
        permissions.operations_visible_to(Operation.objects.all(), user)
        .filter(start_date__lte=end, end_date__gte=start)
        .prefetch_related(Prefetch("agencies", queryset=Agency.objects.order_by("name")))
        .order_by("start_date", "name", "pk")
    )
    by_day = defaultdict(list)
    for operation in operations:
        # Clipped to the grid: an operation of several months still costs at most 42 days.
        day, last = max(operation.start_date, start), min(operation.end_date, end)
        while day <= last:
            by_day[day].append(operation)
            day += datetime.timedelta(days=1)
    days = [start + datetime.timedelta(days=n) for n in range((end - start).days + 1)]
    weeks = tuple(
        tuple(
            CalendarDay(date=day, in_month=day.month == month, is_today=day == today, operations=tuple(by_day[day]))
            for day in days[i : i + 7]
        )
        for i in range(0, len(days), 7)
    )
    first = datetime.date(year, month, 1)
    return CalendarMonth(
        first=first, weeks=weeks, previous=_shift_month(first, -1), next=_shift_month(first, 1), today=today
    )
