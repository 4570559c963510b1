"""The month calendar of operations, for everyone who works on cases in a collaboration."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR
from django.views.decorators.http import require_GET

from agencies import permissions

from ..forms_calendar import CalendarMonthForm
from ..selectors_calendar import month_calendar


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
