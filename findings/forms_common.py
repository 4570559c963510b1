"""What the findings forms share: a day field, and the version a changing form was opened at."""

from django import forms
from django.utils.translation import gettext_lazy as _

from inspections.forms_operations import DateInput

# The same example as the planning forms, so a person learns the format once.
INVALID_DAY = _("Enter a date, for example 2025-03-10.")

# The database's integer: a larger number is no version of any finding.
MAX_VERSION = 2**31 - 1

VERSION_MISSING = _("The form does not say which version of the finding you opened. Open it again.")


def day_field(label, *, help_text="", required=False, **kwargs):
    """A date typed or picked as YYYY-MM-DD, with the one message for what is not a date."""
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput(),
        help_text=help_text,
        error_messages={"invalid": INVALID_DAY, **kwargs.pop("error_messages", {})},
        **kwargs,
    )


class VersionField(forms.Field):
    """The hidden version a form was opened at: a whole number in ASCII digits within the
    database's range, else None (the form then says so above the fields)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def to_python(self, value):
        text = str(value or "").strip()
        if not (text.isascii() and text.isdigit()) or len(text) > len(str(MAX_VERSION)):
            return None
        number = int(text)
        return number if 0 < number <= MAX_VERSION else None


class VersionedForm(forms.Form):
    """A form that changes a finding carries the version it was opened at (no lost update).

    A hidden field has no place to show a message, so a missing or broken version is told in
    the summary above the form."""

    version = VersionField()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("version") is None:
            self.add_error(None, VERSION_MISSING)
        return cleaned
