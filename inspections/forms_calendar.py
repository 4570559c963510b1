"""The month field of the calendar. It only parses; which operations show lives in
inspections.selectors_calendar."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from .selectors_calendar import FIRST_YEAR, LAST_YEAR, month_in_range

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
