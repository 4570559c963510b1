"""How money is written for people: "1 500 000 kr", the Swedish way."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _


def format_sek(amount):
    """Amount in kronor, grouped by the active language; öre only when there are any."""
    if amount is None:
        return ""
    value = Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    places = 0 if value == value.to_integral_value() else 2
    # Translators: an amount of Swedish kronor; %(amount)s is the grouped number.
    text = _("%(amount)s kr") % {"amount": number_format(value, decimal_pos=places, force_grouping=True)}
    # A line never breaks inside an amount or before its currency.
    return text.replace(" ", "\xa0")
