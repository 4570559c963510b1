"""The filter of the candidate list. It only parses; the ranking lives in inspections.risk."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import PremisesType


class CandidateFilterForm(forms.Form):
    premises_type = forms.ChoiceField(
        label=_("Type of premises"),
        required=False,
        choices=[("", _("All types"))] + PremisesType.choices,
        error_messages={"invalid_choice": _("Choose one of the types in the list.")},
    )
