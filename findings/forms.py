from django import forms
from django.utils.translation import gettext_lazy as _

from agencies.models import LegalGround
from los.form_fields import LARGEST_ID


class FindingSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100, strip=True)
    # The premises page links here with ?lokal=<premises id>: only findings made there.
    lokal = forms.IntegerField(
        label=_("Premises"),
        required=False,
        min_value=1,
        # No id is larger than a bigint; SQLite cannot even be asked about one (a 500 otherwise).
        max_value=LARGEST_ID,
        widget=forms.HiddenInput,
        error_messages=dict.fromkeys(
            ["invalid", "min_value", "max_value"], _("The premises in the address are not valid.")
        ),
    )


class ReleaseForm(forms.Form):
    legal_ground = forms.ModelChoiceField(
        label=_("Legal ground"),
        queryset=LegalGround.objects.none(),
        empty_label=_("Choose a legal ground"),
        error_messages={"required": _("Choose the legal ground for the release.")},
    )
    explanation = forms.CharField(
        label=_("Explanation"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why the other agencies need the details. Do not write personal identity numbers."),
    )

    def __init__(self, *args, finding, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the owning agency's own grounds: each authority answers for its own secrecy.
        self.fields["legal_ground"].queryset = LegalGround.objects.filter(agency_id=finding.agency_id, is_active=True)
