"""The form that refers a finding to another agency."""

from django import forms
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency


class ReferralForm(forms.Form):
    # Any agency: the service says precisely why one outside the collaboration is refused.
    to_agency = forms.ModelChoiceField(
        label=_("Agency"),
        queryset=Agency.objects.all(),
        error_messages={
            "required": _("Choose the agency to refer the finding to."),
            "invalid_choice": _("Choose one of the agencies of the collaboration."),
        },
    )
