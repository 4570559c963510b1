"""The retention periods form: four whole numbers of months. It parses input; the rule that
notes and evidence are not kept longer than findings lives in Collaboration.clean(), which the
form asks too, so that every mistake is shown at once."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst

from agencies.models import (
    MAX_RETENTION_MONTHS,
    MIN_RETENTION_MONTHS,
    RETENTION_FIELDS,
    RETENTION_MONTHS_MESSAGE,
    Collaboration,
)


def _months_field(name):
    model_field = Collaboration._meta.get_field(name)
    return forms.IntegerField(
        label=capfirst(model_field.verbose_name),
        help_text=model_field.help_text,
        min_value=MIN_RETENTION_MONTHS,
        max_value=MAX_RETENTION_MONTHS,
        error_messages=dict.fromkeys(["required", "invalid", "min_value", "max_value"], RETENTION_MONTHS_MESSAGE),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class RetentionPeriodsForm(forms.Form):
    findings_retention_months = _months_field("findings_retention_months")
    notes_retention_months = _months_field("notes_retention_months")
    evidence_retention_months = _months_field("evidence_retention_months")
    access_log_retention_months = _months_field("access_log_retention_months")

    def clean(self):
        data = super().clean()
        try:
            Collaboration(**{name: data.get(name) for name in RETENTION_FIELDS}).clean()
        except ValidationError as exc:
            for name, errors in exc.error_dict.items():
                if name not in self.errors:
                    self.add_error(name, errors)
        return data

    def periods(self):
        """The keyword arguments of findings.retention.retention_periods_save."""
        return {name: self.cleaned_data[name] for name in RETENTION_FIELDS}
