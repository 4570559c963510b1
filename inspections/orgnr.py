"""Swedish organisation numbers: ten digits, the last a Luhn check digit.

People type them as "556677-8899" or "5566778899"; they are stored as ten digits.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_SEPARATORS = re.compile(r"[\s\-]")


def luhn_ok(digits):
    """True when the last digit is the Luhn check digit of the others."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def normalise_org_number(raw):
    """The ten digits of a valid organisation number, or ValidationError saying what is wrong."""
    digits = _SEPARATORS.sub("", raw or "")
    if not digits.isascii() or not digits.isdigit() or len(digits) != 10:
        raise ValidationError(
            _("An organisation number has ten digits, for example 556677-8899."), code="org_number_format"
        )
    if not luhn_ok(digits):
        raise ValidationError(
            _("The organisation number's check digit does not match; please check the number."),
            code="org_number_checksum",
        )
    return digits


def validate_org_number(value):
    normalise_org_number(value)


def format_org_number(digits):
    return f"{digits[:6]}-{digits[6:]}" if digits and len(digits) == 10 else digits


def with_check_digit(nine_digits):
    """The ten-digit number whose first nine are given: for synthetic demo and test data."""
    for check in "0123456789":
        if luhn_ok(nine_digits + check):
            return nine_digits + check
    raise AssertionError("unreachable: one check digit always fits")
