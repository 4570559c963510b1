"""The form of a money-ledger entry. It parses what an inspector types, the Swedish way, and
shows the ledger's rules (findings.services_ledger) at the right field."""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from inspections.forms_operations import RadioList

from . import services_ledger as rules
from .forms_common import day_field
from .models import EntryStatus, PaymentKind, SupportKind

# Longer than any amount written with spaces and "kr"; anything longer is not an amount.
MAX_AMOUNT_INPUT = 40

# What people write after an amount in Swedish: "kr", "kr.", "kronor", "SEK" or ":-".
_CURRENCY = re.compile(r"(?:kr\.?|kronor|sek|:-)$", re.IGNORECASE)
# Whole kronor, then öre after a comma (Swedish) or a point (what a calculator gives).
_NUMBER = re.compile(r"([+-]?)([0-9]+)(?:[.,]([0-9]+))?")

INVALID_AMOUNT = _("Enter the amount in kronor with digits, for example 1 500 000 or 1500000,50.")
TOO_MANY_DECIMALS = _("Enter at most two decimals (öre), for example 1500000,50.")


def parse_amount(text):
    """A Decimal from "1 500 000", "1500000,50", "1 500 000 kr" or "1500000.50".

    Spaces of any kind group the digits (a pasted amount has non-breaking ones) and are
    dropped; one comma or point marks the öre. Points or commas as thousands separators
    ("1.500.000", "1,500,000") are refused rather than guessed at: a wrong guess is a
    thousandfold error in a published figure.
    """
    text = re.sub(r"\s+", "", str(text)).replace("\u2212", "-")
    text = _CURRENCY.sub("", text)
    match = _NUMBER.fullmatch(text)
    if match is None:
        raise ValidationError(INVALID_AMOUNT, code="invalid")
    sign, whole, decimals = match.groups()
    if decimals is not None and len(decimals) > 2:
        raise ValidationError(TOO_MANY_DECIMALS, code="decimals")
    try:
        return Decimal(f"{sign}{whole}.{decimals or '0'}")
    except InvalidOperation:  # pragma: no cover - the pattern admits digits only
        raise ValidationError(INVALID_AMOUNT, code="invalid") from None


def amount_for_input(amount):
    """An amount written back into the form the way it is typed: "1 500 000" or "1 500 000,50"."""
    whole, _point, ore = f"{amount:.2f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", " ")
    return grouped if ore == "00" else f"{grouped},{ore}"


class AmountField(forms.CharField):
    """An amount in kronor as people write it; cleans to a Decimal."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "spellcheck": "false"})

    def prepare_value(self, value):
        return amount_for_input(value) if isinstance(value, Decimal) else value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        if len(value) > MAX_AMOUNT_INPUT:
            raise ValidationError(INVALID_AMOUNT, code="invalid")
        return parse_amount(value)


class LedgerEntryForm(forms.Form):
    """An amount tied to a finding, or the correction of one."""

    kind = forms.ChoiceField(
        label=_("What the amount is"),
        choices=[("", _("Choose"))] + PaymentKind.choices,
        error_messages={
            "required": _("Choose what the amount is, for example wrongfully paid out."),
            "invalid_choice": _("Choose one of the kinds of amount."),
        },
    )
    support_kind = forms.ChoiceField(
        label=_("Kind of support"),
        choices=[("", _("Choose"))] + SupportKind.choices,
        error_messages={
            "required": _("Choose the kind of support."),
            "invalid_choice": _("Choose one of the kinds of support."),
        },
    )
    amount = AmountField(
        label=_("Amount in kronor"),
        help_text=_("For example 1 500 000 or 1500000,50."),
        error_messages={"required": _("Enter the amount in kronor.")},
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=EntryStatus.choices,
        widget=RadioList,
        error_messages={
            "required": _("Choose whether the amount is estimated or decided."),
            "invalid_choice": _("Choose estimated or decided."),
        },
    )
    decision_date = day_field(
        _("Decision date"),
        help_text=_("Needed when the amount is decided. Not before the visit, not in the future."),
    )

    def __init__(self, *args, finding, **kwargs):
        self.finding = finding
        super().__init__(*args, **kwargs)

    @classmethod
    def initial_from(cls, entry):
        """The values of `entry`, to start its correction from."""
        return {
            "kind": entry.kind,
            "support_kind": entry.support_kind,
            "amount": entry.amount,
            "status": entry.status,
            "decision_date": entry.decision_date,
        }

    def clean(self):
        cleaned = super().clean()
        # The rules are checked with whatever else parsed, so every problem shows at once;
        # a field that did not parse keeps its own message only.
        errors = rules.entry_rule_errors(
            finding=self.finding,
            amount=cleaned.get("amount"),
            status=cleaned.get("status"),
            decision_date=cleaned.get("decision_date"),
        )
        for field, messages in errors.items():
            if field not in self.errors:
                for message in messages:
                    self.add_error(field, message)
        return cleaned

    def service_arguments(self):
        data = self.cleaned_data
        keys = ("kind", "support_kind", "amount", "status", "decision_date")
        return {key: data[key] for key in keys}
