"""The choices of the figures dashboard and of the own-records export: a half-year among the
recent ones, and a collaboration or agency only when the user has more than one.

The forms are always bound: the query string over the defaults, so a page opened without
parameters shows its defaults chosen, and a wrong value is an error at the field (400)."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .periods import half_before, half_year, half_year_of, period_title

# How far back the select reaches: three years of June and January compilations.
HALF_YEARS_OFFERED = 6


def half_year_value(year, half):
    """The query-string form of a half-year: "2026-1"."""
    return f"{year}-{half}"


def recent_half_years(today, count=HALF_YEARS_OFFERED):
    """(year, half) of the half-year of `today` and the `count` − 1 before it, newest first."""
    year, half = half_year_of(today)
    result = []
    for _step in range(count):
        result.append((year, half))
        year, half = half_before(year, half)
    return result


class HalfYearField(forms.ChoiceField):
    """One of the recent half-years; cleans to (year, half)."""

    def __init__(self, *, today, **kwargs):
        choices = [
            (half_year_value(year, half), capfirst(period_title(*half_year(year, half))))
            for year, half in recent_half_years(today)
        ]
        super().__init__(
            label=_("Half-year"),
            choices=choices,
            error_messages={
                "required": _("Choose a half-year."),
                "invalid_choice": _("Choose one of the half-years in the list."),
            },
            **kwargs,
        )

    def clean(self, value):
        value = super().clean(value)
        year, half = value.split("-")
        return int(year), int(half)


def _bound(data, defaults):
    """The query string over the defaults (a QueryDict's last value of each key)."""
    values = dict(defaults)
    if data is not None:
        values.update({key: data.get(key) for key in data})
    return values


class DashboardForm(forms.Form):
    """Which half-year's figures to show, and of which collaboration when the user has several."""

    def __init__(self, data, *, collaborations, today):
        self.collaborations = {str(c.pk): c for c in sorted(collaborations, key=lambda c: c.name)}
        defaults = {"halvar": half_year_value(*half_year_of(today)), "samverkan": next(iter(self.collaborations))}
        super().__init__(_bound(data, defaults))
        self.fields["halvar"] = HalfYearField(today=today)
        if len(self.collaborations) > 1:
            self.fields["samverkan"] = forms.ChoiceField(
                label=_("Collaboration"),
                choices=[(pk, c.name) for pk, c in self.collaborations.items()],
                error_messages={
                    "required": _("Choose a collaboration."),
                    "invalid_choice": _("Choose one of the collaborations in the list."),
                },
            )

    def chosen(self):
        """(collaboration, year, half) of a valid form."""
        key = self.cleaned_data.get("samverkan") or next(iter(self.collaborations))
        year, half = self.cleaned_data["halvar"]
        return self.collaborations[key], year, half


class OwnRecordsForm(forms.Form):
    """Which half-year of which administered agency (and collaboration) to export."""

    def __init__(self, data, *, memberships, today, default_half):
        # memberships: the user's agency-admin memberships, with their agency and collaboration loaded.
        self.pairs = {(str(m.collaboration_id), str(m.agency_id)): m for m in memberships}
        agencies = {str(m.agency_id): m.agency.name for m in memberships}
        collaborations = {str(m.collaboration_id): m.collaboration.name for m in memberships}
        first_collaboration, first_agency = min(self.pairs, key=lambda pair: (collaborations[pair[0]], pair))
        defaults = {
            "halvar": half_year_value(*default_half),
            "myndighet": first_agency,
            "samverkan": first_collaboration,
        }
        self.single = {"myndighet": len(agencies) == 1, "samverkan": len(collaborations) == 1}
        values = _bound(data, defaults)
        # A choice the user does not have is not asked for, and not taken from the query string.
        values.update({key: defaults[key] for key, single in self.single.items() if single})
        super().__init__(values)
        self.fields["halvar"] = HalfYearField(today=today)
        if not self.single["myndighet"]:
            self.fields["myndighet"] = _choice(_("Agency"), agencies, _("Choose one of the agencies you administer."))
        if not self.single["samverkan"]:
            self.fields["samverkan"] = _choice(
                _("Collaboration"), collaborations, _("Choose one of the collaborations in the list.")
            )

    def clean(self):
        cleaned = super().clean()
        pair = (self.data["samverkan"], self.data["myndighet"])
        if not self.errors and pair not in self.pairs:
            self.add_error(
                "myndighet" if "myndighet" in self.fields else "samverkan",
                _("You do not administer this agency in that collaboration."),
            )
        return cleaned

    def chosen(self):
        """(membership, year, half) of a valid form: the membership names the agency and collaboration."""
        year, half = self.cleaned_data["halvar"]
        return self.pairs[(self.data["samverkan"], self.data["myndighet"])], year, half


def _choice(label, options, invalid):
    return forms.ChoiceField(
        label=label,
        choices=sorted(options.items(), key=lambda item: item[1]),
        error_messages={"required": invalid, "invalid_choice": invalid},
    )
