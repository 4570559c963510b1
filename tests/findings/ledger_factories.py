"""Money on findings, for the ledger tests: entries, chains of corrections, and an entry as the
service takes it and as a browser posts it.

Test modules import the fixture with `import *`; the rest by name."""

import datetime
from decimal import Decimal

import pytest

from findings.models import EntryStatus, PaymentKind, SupportKind
from tests.factories import PaymentEntryFactory
from tests.findings.factories import tax_finding as tax_finding  # the browser tests take it from here

__all__ = ["finding"]

# Decisions about the visit of 10 March 2025 come later.
DECIDED_ON = datetime.date(2025, 4, 2)


@pytest.fixture
def finding(visit, skatteverket):
    """The tax agency's finding at the Hageby visit, the one the money is on."""
    return tax_finding(visit, skatteverket)


def an_entry(finding, amount="150000.00", **fields):
    return PaymentEntryFactory(finding=finding, amount=Decimal(amount), **fields)


def a_chain(finding, amounts, *, by=None, kind=PaymentKind.WRONGLY_PAID):
    """An entry and its corrections, one per amount after the first, oldest first."""
    entries, previous = [], None
    for amount in amounts:
        previous = an_entry(finding, amount, kind=kind, supersedes=previous, created_by=by)
        entries.append(previous)
    return entries


def entry_fields(**overrides):
    """Valid service arguments for an entry: 1 500 000 kr wage subsidy wrongfully paid, decided."""
    fields = {
        "kind": PaymentKind.WRONGLY_PAID,
        "support_kind": SupportKind.WAGE_SUBSIDY,
        "amount": Decimal("1500000.00"),
        "status": EntryStatus.DECIDED,
        "decision_date": DECIDED_ON,
    }
    fields.update(overrides)
    return fields


def entry_form_data(**overrides):
    """The same entry as a browser posts it."""
    data = {
        "kind": "wrongly_paid",
        "support_kind": "wage_subsidy",
        "amount": "1 500 000",
        "status": "decided",
        "decision_date": DECIDED_ON.isoformat(),
    }
    data.update(overrides)
    return data
