"""Amounts as inspectors type them: "1 500 000", "1500000,50", "1 500 000 kr", "1500000.50"."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from findings.forms_ledger import LedgerEntryForm, amount_for_input, parse_amount
from tests.findings.ledger_factories import *  # noqa: F403
from tests.findings.ledger_factories import entry_form_data

NBSP, NARROW_NBSP = "\xa0", "\u202f"


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("1500000", "1500000"),
        ("1 500 000", "1500000"),
        (f"1{NBSP}500{NBSP}000", "1500000"),
        (f"1{NARROW_NBSP}500{NARROW_NBSP}000", "1500000"),
        ("1500000,50", "1500000.50"),
        ("1500000.50", "1500000.50"),
        ("1 500 000,5", "1500000.50"),
        ("1 500 000 kr", "1500000"),
        (f"1{NBSP}500{NBSP}000{NBSP}kr", "1500000"),
        ("1 500 000 kr.", "1500000"),
        ("1 500 000 KR", "1500000"),
        ("1500000 SEK", "1500000"),
        ("1 500 000:-", "1500000"),
        ("  250 000  ", "250000"),
        ("0,01", "0.01"),
        ("-1500", "-1500"),
    ],
)
def test_it_reads_swedish_amounts(typed, amount):
    assert parse_amount(typed) == Decimal(amount)


@pytest.mark.parametrize(
    "typed",
    [
        "abc",
        "1.500.000",
        "1,500,000",
        "1 500.000,50",
        "1e6",
        "NaN",
        "Infinity",
        "kr",
        "1 500 000 €",
        "1500000,",
        ",50",
        "15 %",
        "١٥٠٠",
        "1500 kr 50",
        "--5",
        "0x10",
    ],
)
def test_it_refuses_what_is_not_an_amount(typed):
    with pytest.raises(ValidationError) as excinfo:
        parse_amount(typed)
    assert excinfo.value.code == "invalid"
    assert excinfo.value.messages == ["Enter the amount in kronor with digits, for example 1 500 000 or 1500000,50."]


@pytest.mark.parametrize("typed", ["1500000,505", "1,500", "10.000"])
def test_it_refuses_more_than_two_decimals_rather_than_guess_at_a_thousands_separator(typed):
    with pytest.raises(ValidationError) as excinfo:
        parse_amount(typed)
    assert excinfo.value.messages == ["Enter at most two decimals (öre), for example 1500000,50."]


@pytest.mark.parametrize(
    ("amount", "shown"),
    [("1500000.00", "1 500 000"), ("1500000.50", "1 500 000,50"), ("0.01", "0,01"), ("999", "999")],
)
def test_an_amount_is_written_back_into_the_form_the_way_it_is_typed(amount, shown):
    assert amount_for_input(Decimal(amount)) == shown
    assert parse_amount(shown) == Decimal(amount)


def test_the_form_cleans_a_swedish_amount_to_a_decimal(finding):
    form = LedgerEntryForm(entry_form_data(amount="1 500 000,50 kr"), finding=finding)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == Decimal("1500000.50")


def test_the_form_refuses_an_amount_too_long_to_be_one(finding):
    form = LedgerEntryForm(entry_form_data(amount="1" * 41), finding=finding)
    assert form.errors["amount"] == ["Enter the amount in kronor with digits, for example 1 500 000 or 1500000,50."]


def test_the_amount_field_asks_phones_for_the_decimal_keyboard(finding):
    html = str(LedgerEntryForm(finding=finding)["amount"])
    assert 'inputmode="decimal"' in html
    assert 'type="text"' in html
