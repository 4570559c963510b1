"""Forms of the agency admin screens. They parse input; the rules live in agencies.services."""

from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.translation import gettext_lazy as _

from . import permissions, selectors
from .models import Role


class _PlacementForm(forms.Form):
    """Where the person works and in what role: only collaborations and agencies the admin
    administers are offered, and the pair is checked again on the server."""

    collaboration = forms.ModelChoiceField(
        label=_("Collaboration"),
        queryset=None,
        error_messages={
            "required": _("Choose a collaboration."),
            "invalid_choice": _("Choose one of the collaborations you administer."),
        },
    )
    agency = forms.ModelChoiceField(
        label=_("Agency"),
        queryset=None,
        error_messages={
            "required": _("Choose an agency."),
            "invalid_choice": _("Choose the agency you administer."),
        },
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[("", _("Choose a role"))] + Role.choices,
        error_messages={"required": _("Choose a role."), "invalid_choice": _("Choose one of the roles.")},
    )

    def __init__(self, *args, admin, **kwargs):
        super().__init__(*args, **kwargs)
        self.scopes = permissions.administered_agency_scopes(admin)
        self.fields["collaboration"].queryset = selectors.administered_collaborations(admin)
        self.fields["agency"].queryset = selectors.administered_agencies(admin)
        # Most admins hold one agency in one collaboration: then there is nothing to choose.
        if len(self.scopes) == 1:
            self.fields["collaboration"].empty_label = None
        if len(set().union(*self.scopes.values())) == 1:
            self.fields["agency"].empty_label = None

    def clean(self):
        cleaned = super().clean()
        collaboration, agency = cleaned.get("collaboration"), cleaned.get("agency")
        if collaboration and agency and agency.pk not in self.scopes.get(collaboration.pk, set()):
            self.add_error(
                "agency",
                _("You do not administer %(agency)s in %(collaboration)s.")
                % {"agency": agency, "collaboration": collaboration},
            )
        return cleaned


class ExistingPersonForm(_PlacementForm):
    """A person who already has a role in the same agency, found by exact username or e-mail."""

    user = forms.CharField(
        label=_("Username or e-mail address"),
        help_text=_("Only people who already work for your agency in LOS can be found."),
        max_length=254,
        error_messages={"required": _("Enter the person's username or e-mail address.")},
        widget=forms.TextInput(attrs={"autocapitalize": "none", "spellcheck": "false", "autocomplete": "off"}),
    )

    field_order = ["user", "collaboration", "agency", "role"]

    def clean(self):
        cleaned = super().clean()
        agency, identifier = cleaned.get("agency"), cleaned.get("user")
        if "agency" in self.errors or not agency or not identifier:
            cleaned.pop("user", None)
            return cleaned
        matches = selectors.colleagues_matching(agency=agency, identifier=identifier)
        if len(matches) == 1:
            cleaned["user"] = matches[0]
        elif matches:
            self.add_error("user", _("More than one person has that e-mail address. Enter the username instead."))
        else:
            self.add_error("user", _("No one at %(agency)s has that username or e-mail address.") % {"agency": agency})
        return cleaned


class NewPersonForm(_PlacementForm):
    """A person new to the system. They choose their own password through a one-time link."""

    username = forms.CharField(
        label=_("Username"),
        help_text=_("Letters, digits and @ . + - _ only. The person signs in with it."),
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        error_messages={"required": _("Enter a username.")},
        widget=forms.TextInput(attrs={"autocapitalize": "none", "spellcheck": "false", "autocomplete": "off"}),
    )
    first_name = forms.CharField(
        label=_("First name"),
        max_length=150,
        error_messages={"required": _("Enter the first name.")},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=150,
        error_messages={"required": _("Enter the last name.")},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("The work address, for example namn.efternamn@myndighet.se."),
        error_messages={
            "required": _("Enter the e-mail address."),
            "invalid": _("Enter an e-mail address like namn@myndighet.se."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    field_order = ["first_name", "last_name", "username", "email", "collaboration", "agency", "role"]

    def new_user_data(self):
        return {name: self.cleaned_data[name] for name in ("username", "first_name", "last_name", "email")}
