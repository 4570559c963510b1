import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import AccessAction

# The log starts long after 2000; the bounds also keep the day arithmetic below clear of
# the ends of the calendar, where a date cannot be turned into an instant.
EARLIEST = datetime.date(2000, 1, 1)
LATEST = datetime.date(2999, 12, 31)


class _DayField(forms.DateField):
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

    def __init__(self, **kwargs):
        super().__init__(required=False, input_formats=["%Y-%m-%d"], **kwargs)
        self.error_messages["invalid"] = _("Enter a real date, for example 2025-03-10.")

    def validate(self, value):
        super().validate(value)
        if value and not EARLIEST <= value <= LATEST:
            raise forms.ValidationError(_("Enter a date between 2000 and 2999."), code="out_of_range")


class AccessLogFilterForm(forms.Form):
    """The filters of the access log page and its CSV export, read from the query string.

    The dates are whole days in Swedish time, both included.
    """

    action = forms.ChoiceField(
        label=_("Action"),
        required=False,
        choices=[("", _("All actions")), *AccessAction.choices],
        error_messages={"invalid_choice": _("Choose an action from the list.")},
    )
    user = forms.CharField(label=_("Username contains"), required=False, max_length=150, strip=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # "from" and "to" read well in a link but are Python keywords, so they cannot be
        # declared as class attributes; they come first in the form.
        self.fields = {
            "from": _DayField(label=_("From date")),
            "to": _DayField(label=_("To date")),
            **self.fields,
        }

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("from"), cleaned.get("to")
        if start and end and start > end:
            self.add_error("to", _("The to date must be the same as or later than the from date."))
        return cleaned

    def filter(self, queryset):
        """The rows of `queryset` that match the valid filters."""
        data = self.cleaned_data
        zone = timezone.get_default_timezone()
        if data.get("from"):
            queryset = queryset.filter(at__gte=_start_of(data["from"], zone))
        if data.get("to"):
            queryset = queryset.filter(at__lt=_start_of(data["to"] + datetime.timedelta(days=1), zone))
        if data.get("action"):
            queryset = queryset.filter(action=data["action"])
        if data.get("user"):
            queryset = queryset.filter(username__icontains=data["user"])
        return queryset


def _start_of(day, zone):
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=zone)
