from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Agency, LegalGround


class LegalGroundForm(forms.ModelForm):
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.none(), empty_label=None)

    class Meta:
        model = LegalGround
        fields = ["agency", "name", "description"]

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["name"].error_messages["required"] = _("Write the provision, for example 10 kap. 2 § OSL.")

    def validate_unique(self):
        try:
            self.instance.validate_constraints()
        except forms.ValidationError:
            self.add_error("name", _("Your agency already has this legal ground."))
