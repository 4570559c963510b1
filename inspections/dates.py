"""Date arithmetic that the planning rules share: whole calendar months, and the moment a local
day begins (visits are stored as moments, rules speak of days)."""

import calendar
import datetime

from django.utils import timezone


def add_months(day, months):
    """The same day of the month `months` months later (earlier when negative), or that month's
    last day when it is shorter: 31 March + 1 is 30 April, 29 February + 12 is 28 February."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def start_of_day(day):
    """The moment the day begins in the project's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
