"""Forms of the premises register and the signal form. They parse input; the rules live in
the models' clean() and in inspections.services_premises."""

import datetime
import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .forms_collaboration import CollaborationChoice
from .models import PremisesType, SignalKind, validate_postal_code
from .orgnr import validate_org_number

MAX_MONTHS = 120
MONTHS_MESSAGE = _("Enter a whole number of months, from 1 to 120.")
# Signals are recent by nature; the bound also keeps a mistyped year out of the register.
EARLIEST_SIGNAL = datetime.date(2000, 1, 1)


class PremisesFilterForm(forms.Form):
    """The register's search and filters, read from the query string."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        strip=True,
        help_text=_("Name, address, business or organisation number."),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    type = forms.ChoiceField(
        label=_("Type"),
        required=False,
        choices=[("", _("All types")), *PremisesType.choices],
        error_messages={"invalid_choice": _("Choose a type from the list.")},
    )
    area = forms.CharField(
        label=_("Area"),
        required=False,
        max_length=10,
        help_text=_("A postal code (602 21) or its first three digits (602)."),
        # The browser checks the same shape before sending, so the htmx request is never refused.
        widget=forms.TextInput(attrs={"inputmode": "numeric", "pattern": r"\s*[1-9][0-9]{2}(\s*[0-9]{2})?\s*"}),
    )
    months = forms.IntegerField(
        label=_("Not visited for (months)"),
        required=False,
        min_value=1,
        max_value=MAX_MONTHS,
        help_text=_("Never visited premises are included."),
        error_messages=dict.fromkeys(["invalid", "min_value", "max_value"], MONTHS_MESSAGE),
    )
    open = forms.BooleanField(label=_("Only premises with open findings"), required=False)

    def clean_area(self):
        digits = re.sub(r"\s", "", self.cleaned_data["area"])
        if not digits:
            return ""
        if re.fullmatch(r"[1-9][0-9]{2}", digits):
            return digits
        if re.fullmatch(r"[1-9][0-9]{4}", digits):
            return f"{digits[:3]} {digits[3:]}"
        raise forms.ValidationError(
            _("Enter a postal code (602 21) or its first three digits (602)."), code="invalid_area"
        )

    def filters(self):
        """The keyword arguments of selectors_premises.premises_register."""
        data = self.cleaned_data
        return {
            "search": data["q"],
            "premises_type": data["type"],
            "area": data["area"],
            "open_findings": data["open"],
            "not_visited_months": data["months"],
        }


class PremisesForm(CollaborationChoice, forms.Form):
    """Create or edit premises, with the business operating them.

    On create, a coordinator of several collaborations chooses which one the premises
    belong to; with one collaboration there is nothing to choose and the field is left out.
    """

    collaboration = forms.ModelChoiceField(
        label=_("Collaboration"),
        queryset=None,
        error_messages={
            "required": _("Choose a collaboration."),
            "invalid_choice": _("Choose one of the collaborations you coordinate."),
        },
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        help_text=_("What the place is called on its sign."),
        error_messages={"required": _("Enter the name of the premises.")},
    )
    premises_type = forms.ChoiceField(
        label=_("Type"),
        choices=[("", _("Choose a type")), *PremisesType.choices],
        error_messages={"required": _("Choose a type."), "invalid_choice": _("Choose a type from the list.")},
    )
    address = forms.CharField(
        label=_("Street address"),
        max_length=200,
        error_messages={"required": _("Enter the street address.")},
    )
    postal_code = forms.CharField(
        label=_("Postal code"),
        max_length=10,
        validators=[validate_postal_code],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
        error_messages={"required": _("Enter the postal code.")},
    )
    city = forms.CharField(label=_("City"), max_length=100, error_messages={"required": _("Enter the city.")})
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For the coordinators. No personal identity numbers."),
    )
    org_number = forms.CharField(
        label=_("Organisation number"),
        required=False,
        max_length=20,
        validators=[validate_org_number],
        help_text=_("Ten digits, for example 556677-8899. Leave empty if the business is not known."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    business_name = forms.CharField(
        label=_("Business name"),
        required=False,
        max_length=200,
        help_text=_(
            "Needed for a business that is not registered yet. If a business with this organisation "
            "number is already registered, its registered name is kept."
        ),
    )

    def __init__(self, *args, collaboration_ids=None, **kwargs):
        super().__init__(*args, **kwargs)
        if collaboration_ids is None:  # editing: the premises stay where they are
            del self.fields["collaboration"]
        else:
            self.offer_collaborations(collaboration_ids)

    @classmethod
    def initial_for(cls, premises):
        business = premises.business
        return {
            "name": premises.name,
            "premises_type": premises.premises_type,
            "address": premises.address,
            "postal_code": premises.postal_code,
            "city": premises.city,
            "notes": premises.notes,
            "org_number": business.org_number_display if business else "",
            "business_name": business.name if business else "",
        }

    def premises_data(self):
        """The keyword arguments of premises_create / premises_update, without the collaboration."""
        return {name: value for name, value in self.cleaned_data.items() if name != "collaboration"}


class SignalForm(forms.Form):
    """A signal about one premises, from an agency of the premises' collaboration."""

    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", _("Choose a kind")), *SignalKind.choices],
        error_messages={
            "required": _("Choose the kind of signal."),
            "invalid_choice": _("Choose a kind from the list."),
        },
    )
    received_on = forms.DateField(
        label=_("Date"),
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("When the signal came in, for example 2025-03-10."),
        error_messages={
            "required": _("Enter the date of the signal."),
            "invalid": _("Enter a real date, for example 2025-03-10."),
        },
    )
    source_agency = forms.ModelChoiceField(
        label=_("Source agency"),
        queryset=None,
        empty_label=_("Choose an agency"),
        error_messages={
            "required": _("Choose the agency the signal came from."),
            "invalid_choice": _("Choose one of the agencies of the collaboration."),
        },
    )
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        max_length=300,
        help_text=_("A few words on what it is about. No names of persons."),
    )

    def __init__(self, *args, premises, **kwargs):
        kwargs.setdefault("initial", {"received_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["source_agency"].queryset = premises.collaboration.agencies.order_by("name")

    def clean_received_on(self):
        day = self.cleaned_data["received_on"]
        if day < EARLIEST_SIGNAL:
            raise forms.ValidationError(_("Enter a date from 2000 on."), code="too_early")
        return day
