"""Forms for signing in and for two-step verification."""

import re

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from . import audit
from .models import AccessAction

# One message for a wrong password, an unknown username and a deactivated account alike,
# so the answer never tells whether an account exists.
SIGN_IN_REFUSED = _(
    "The username or password is wrong, or the account is locked. Try again or contact your agency administrator."
)


class SignInForm(AuthenticationForm):
    error_messages = {"invalid_login": SIGN_IN_REFUSED, "inactive": SIGN_IN_REFUSED}

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].error_messages["required"] = _("Enter your username.")
        self.fields["password"].error_messages["required"] = _("Enter your password.")

    def clean_username(self):
        # AuthenticationForm sets max_length after the field's validators are built, so an
        # overlong name would reach authentication (and the lockout table) unchecked.
        username = self.cleaned_data.get("username", "")
        if len(username) > self.fields["username"].max_length:
            # Still a failed sign-in for the access log (the name is cut to fit there).
            audit.record(AccessAction.LOGIN_FAILED, request=self.request, username=username)
            raise forms.ValidationError(SIGN_IN_REFUSED, code="invalid_login")
        return username


class CodeForm(forms.Form):
    """The six-digit code an authenticator app shows; spaces and dashes are forgiven."""

    code = forms.CharField(
        label=_("Code from your authenticator app"),
        help_text=_("Six digits. A new code is shown every 30 seconds."),
        max_length=20,
        error_messages={"required": _("Enter the 6-digit code from your authenticator app.")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
                "autocapitalize": "off",
            }
        ),
    )

    def clean_code(self):
        code = re.sub(r"[\s-]", "", self.cleaned_data["code"])
        if not re.fullmatch(r"[0-9]{6}", code):
            raise forms.ValidationError(_("Enter the 6 digits your authenticator app shows."), code="format")
        return code
