"""Forms for recording a finding and changing it. They parse input and show the rules of
findings.services_record at the right field; the rules themselves live there."""

import uuid

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from inspections.forms_operations import CheckboxList, RadioList
from los.form_fields import IdsChoiceField

from . import rules
from . import services_record as record_rules
from .forms_common import VersionedForm, day_field
from .models import MAX_QUANTITY, ActionKind, Category, Indicator

# The model's own message for its constraint; MAX_QUANTITY is 1000.
NUMBER_MESSAGE = _("The number must be between 1 and 1000.")


def _names(categories):
    return ", ".join(str(c.label) for c in categories)


class FindingDetailsForm(forms.Form):
    """What was found: the category from the agency's own catalogue, the number or the indicator
    checklist some categories ask for, and a note."""

    category = forms.ModelChoiceField(
        label=_("What did your agency find?"),
        # Any category is accepted here so that one of another catalogue gets its own message.
        queryset=Category.objects.all(),
        widget=RadioList,
        error_messages={
            "required": _("Choose what your agency found."),
            "invalid_choice": _("Choose one of your agency's categories."),
        },
    )
    quantity = forms.IntegerField(
        label=_("Number"),
        required=False,
        min_value=1,
        max_value=MAX_QUANTITY,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": _("Enter a whole number, for example 3."),
            "min_value": NUMBER_MESSAGE,
            "max_value": NUMBER_MESSAGE,
        },
    )
    indicators = IdsChoiceField(
        label=_("Trafficking indicators observed"),
        required=False,
        queryset=Indicator.objects.none(),
        widget=CheckboxList,
        error_messages={
            "invalid_choice": _("Choose indicators from the checklist."),
            "invalid_pk_value": _("Choose indicators from the checklist."),
        },
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=record_rules.MAX_NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What you saw and what was said. Do not write personal identity numbers."),
        error_messages={"max_length": record_rules.NOTE_TOO_LONG},
    )

    def __init__(self, *args, agency, current=None, **kwargs):
        self.agency = agency
        self.current = current
        super().__init__(*args, **kwargs)
        retired_kept = Q(pk=current.category_id) if current is not None else Q(pk__in=[])
        self.catalogue = list(Category.objects.filter(agency_kind=agency.kind).filter(Q(is_active=True) | retired_kept))
        self._offer_categories()
        kept = [i.pk for i in current.indicators.all()] if current is not None else []
        self.fields["indicators"].queryset = Indicator.objects.filter(Q(is_active=True) | Q(pk__in=kept))
        self._offer_details()

    def _offer_categories(self):
        field = self.fields["category"]
        counted = [c for c in self.catalogue if c.asks_count]
        listed = [c for c in self.catalogue if c.uses_indicators]
        # Shown only: validation takes any category, see the field's queryset.
        field.widget.choices = [(c.pk, self._category_label(c)) for c in self.catalogue]
        if counted or listed:
            field.help_text = _(
                "Some categories ask for a number or for the indicator checklist: it says so after the name."
            )

    @staticmethod
    def _category_label(category):
        if category.asks_count:
            return _("%(name)s – asks for a number") % {"name": category.label}
        if category.uses_indicators:
            return _("%(name)s – indicator checklist") % {"name": category.label}
        return category.label

    def _offer_details(self):
        """The number and the checklist are offered when the catalogue has categories that ask
        for them, so the form works without a script; htmx narrows them to the picked category."""
        counted = [c for c in self.catalogue if c.asks_count]
        listed = [c for c in self.catalogue if c.uses_indicators]
        if counted:
            self.fields["quantity"].help_text = _("Needed for: %(names)s. Left out for other categories.") % {
                "names": _names(counted)
            }
        else:
            del self.fields["quantity"]
        if listed:
            self.fields["indicators"].help_text = _(
                "Needed for: %(names)s. Tick each indicator you observed. Left out for other categories."
            ) % {"names": _names(listed)}
        else:
            del self.fields["indicators"]

    def keep_details_for(self, category_pk):
        """Only the fields the category of the catalogue with `category_pk` asks for: what is
        swapped in once a category is picked. Any other value keeps the catalogue's fields."""
        category = next((c for c in self.catalogue if str(c.pk) == str(category_pk)), None)
        if category is None:
            return
        if not category.asks_count:
            self.fields.pop("quantity", None)
        if not category.uses_indicators:
            self.fields.pop("indicators", None)

    def clean_category(self):
        category = self.cleaned_data["category"]
        message = record_rules.category_error(category, self.agency, current=self.current and self.current.category)
        if message:
            raise forms.ValidationError(message)
        return category

    def clean(self):
        cleaned = super().clean()
        cleaned.setdefault("quantity", None)
        cleaned.setdefault("indicators", [])
        category = cleaned.get("category")
        if category is not None:
            kept = {i.pk for i in self.current.indicators.all()} if self.current is not None else set()
            errors = record_rules.details_errors(
                category, cleaned.get("quantity"), list(cleaned.get("indicators") or []), kept_indicators=kept
            )
            for field, message in errors.items():
                if field not in self.errors:
                    self.add_error(field if field in self.fields else None, message)
            cleaned["quantity"], cleaned["indicators"] = record_rules.kept_details(
                category, cleaned.get("quantity"), cleaned.get("indicators") or []
            )
        return cleaned


class FindingRecordForm(FindingDetailsForm):
    action = forms.ChoiceField(
        label=_("Action taken"),
        required=False,
        help_text=_("Advice counts as an action: helping the business do right is the first step."),
        error_messages={"invalid_choice": rules.ACTION_NOT_OFFERED},
    )
    follow_up_date = day_field(
        _("Follow-up date"),
        help_text=_("When your agency will check that it is corrected. Not before the visit."),
    )
    # A new key each time the empty form is shown; sending the same form again finds the
    # finding it already recorded.
    submission_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=36)

    def __init__(self, *args, visit, agency, **kwargs):
        self.visit = visit
        super().__init__(*args, agency=agency, **kwargs)
        if not self.is_bound:
            self.fields["submission_key"].initial = uuid.uuid4()
        self.fields["action"].choices = [(ActionKind.NONE, _("No action yet")), *rules.actions_offered(agency.kind)]
        self.fields["action"].initial = ActionKind.NONE

    def clean_action(self):
        return self.cleaned_data["action"] or ActionKind.NONE

    def clean_submission_key(self):
        # A missing or garbled key only loses the protection against a second send.
        try:
            return uuid.UUID(self.cleaned_data["submission_key"])
        except ValueError:
            return None

    def clean_follow_up_date(self):
        day = self.cleaned_data["follow_up_date"]
        message = record_rules.follow_up_error(self.visit, day)
        if message:
            raise forms.ValidationError(message)
        return day

    def service_arguments(self):
        keys = ("category", "action", "note", "quantity", "indicators", "follow_up_date", "submission_key")
        return {key: self.cleaned_data[key] for key in keys}


class FindingEditForm(VersionedForm, FindingDetailsForm):
    """Change what was recorded. The version the form was opened at travels with it, so a save
    over someone else's newer save is refused instead of overwriting it."""

    def __init__(self, *args, finding, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "category": finding.category_id,
                "quantity": finding.quantity,
                "indicators": [i.pk for i in finding.indicators.all()],
                "note": finding.note,
                "version": finding.version,
            },
        )
        super().__init__(*args, agency=finding.agency, current=finding, **kwargs)

    def service_arguments(self):
        keys = ("category", "note", "quantity", "indicators")
        return {key: self.cleaned_data[key] for key in keys} | {"expected_version": self.cleaned_data["version"]}
