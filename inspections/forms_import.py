"""The upload form of the premises import. It parses input; reading the file is the service's part."""

from django import forms
from django.utils.translation import gettext_lazy as _

from agencies import permissions
from agencies.models import Collaboration

from . import premises_csv
from .forms_collaboration import CollaborationChoice


class PremisesImportForm(CollaborationChoice, forms.Form):
    collaboration = forms.ModelChoiceField(
        label=_("Collaboration"),
        queryset=Collaboration.objects.none(),
        empty_label=_("Choose a collaboration"),
        error_messages={
            "required": _("Choose the collaboration whose register the premises belong to."),
            "invalid_choice": _("Choose one of the collaborations you coordinate."),
        },
    )
    file = forms.FileField(
        label=_("File with premises"),
        help_text=_(
            "A CSV file saved from a spreadsheet, at most 2 MB and 5,000 rows. The first line names "
            "the columns: name, type, address and postal code are needed; city, organisation number, "
            "business and notes may follow. Columns may be separated by semicolons or commas; the file "
            "may be UTF-8 or Windows-1252 (what Excel saves). An empty optional cell leaves what is "
            "registered as it is."
        ),
        error_messages={
            "required": _("Choose the file to import."),
            "empty": _("The file is empty."),
            "invalid": _("Choose the file to import."),
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,text/csv,text/plain"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.offer_collaborations(permissions.planning_collaboration_ids(user))

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        premises_csv.check_size(uploaded.size or 0)
        return uploaded
