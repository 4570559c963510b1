"""The month calendar of operations, for everyone who works on cases in a collaboration."""

import re

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from agencies import permissions

from ..selectors_calendar import FIRST_YEAR, LAST_YEAR, month_calendar, month_in_range

MONTH_PATTERN = re.compile(r"(\d{4})-(\d{2})")
MONTH_MESSAGE = _("Write a month between %(first)s-01 and %(last)s-12 as year and month, for example 2025-03.")


class CalendarMonthForm(forms.Form):
    manad = forms.CharField(
        label=_("Month"),
        required=False,
        strip=True,
        help_text=_("Year and month, for example 2025-03."),
        # Text, not type="month": the browsers without a month picker show a bare box anyway.
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def clean_manad(self):
        value = self.cleaned_data["manad"]
        if not value:
            return None
        match = MONTH_PATTERN.fullmatch(value)
        if not match or not month_in_range(int(match[1]), int(match[2])):
            raise forms.ValidationError(MONTH_MESSAGE, code="month", params={"first": FIRST_YEAR, "last": LAST_YEAR})
        return int(match[1]), int(match[2])


@login_required
@require_GET
def calendar(request):
    if not permissions.access_of(request.user).collaboration_ids(permissions.CASE_ROLES):
        raise Http404
    today = timezone.localdate()
    form = CalendarMonthForm(request.GET or None)
    valid = not form.is_bound or form.is_valid()
    chosen = form.cleaned_data.get("manad") if form.is_bound and valid else None
    # No month, or a bad one: this month (a bad one with its message above the calendar).
    year, month = chosen or (today.year, today.month)
    context = {
        "form": form,
        "calendar": month_calendar(request.user, year=year, month=month, today=today),
        "weekdays": [(WEEKDAYS[i], WEEKDAYS_ABBR[i]) for i in range(7)],
    }
    return render(request, "inspections/calendar.html", context, status=200 if valid else 400)
