"""money_totals: sums per kind of the entries that stand, a corrected entry counted only once."""

from decimal import Decimal

import pytest

from findings.models import PaymentEntry, PaymentKind
from findings.selectors import current_entries, money_totals
from tests.factories import FindingFactory, PaymentEntryFactory


@pytest.fixture
def finding(visit, skatteverket):
    return FindingFactory(visit=visit, agency=skatteverket)


def test_it_gives_zero_for_every_kind_without_entries(db):
    totals = money_totals(PaymentEntry.objects.all())
    assert totals == dict.fromkeys(PaymentKind.values, Decimal("0"))


def test_it_sums_entries_per_kind(finding):
    PaymentEntryFactory(finding=finding, kind=PaymentKind.WRONGLY_PAID, amount=Decimal("100000.00"))
    PaymentEntryFactory(finding=finding, kind=PaymentKind.WRONGLY_PAID, amount=Decimal("50000.50"))
    PaymentEntryFactory(finding=finding, kind=PaymentKind.STOPPED, amount=Decimal("25000.00"))
    totals = money_totals(PaymentEntry.objects.all())
    assert totals[PaymentKind.WRONGLY_PAID] == Decimal("150000.50")
    assert totals[PaymentKind.STOPPED] == Decimal("25000.00")
    assert totals[PaymentKind.RECOVERED] == Decimal("0")


def test_it_sums_ore_exactly_never_as_floats(finding):
    for _ in range(10):
        PaymentEntryFactory(finding=finding, kind=PaymentKind.RECOVERED, amount=Decimal("0.10"))
    PaymentEntryFactory(finding=finding, kind=PaymentKind.RECOVERED, amount=Decimal("0.20"))
    total = money_totals(PaymentEntry.objects.all())[PaymentKind.RECOVERED]
    assert type(total) is Decimal
    assert total == Decimal("1.20")


def test_it_counts_a_corrected_entry_only_through_its_correction(finding):
    estimate = PaymentEntryFactory(finding=finding, amount=Decimal("100000.00"))
    PaymentEntryFactory(finding=finding, amount=Decimal("80000.00"), supersedes=estimate)
    totals = money_totals(PaymentEntry.objects.all())
    assert totals[PaymentKind.WRONGLY_PAID] == Decimal("80000.00")


def test_it_counts_only_the_last_of_a_chain_of_corrections(finding):
    first = PaymentEntryFactory(finding=finding, amount=Decimal("100000.00"))
    second = PaymentEntryFactory(finding=finding, amount=Decimal("90000.00"), supersedes=first)
    third = PaymentEntryFactory(finding=finding, amount=Decimal("95000.00"), supersedes=second)
    assert list(current_entries(PaymentEntry.objects.all())) == [third]
    assert money_totals(PaymentEntry.objects.all())[PaymentKind.WRONGLY_PAID] == Decimal("95000.00")


def test_a_correction_to_another_kind_moves_the_amount(finding):
    estimate = PaymentEntryFactory(finding=finding, kind=PaymentKind.WRONGLY_PAID, amount=Decimal("60000.00"))
    PaymentEntryFactory(finding=finding, kind=PaymentKind.STOPPED, amount=Decimal("60000.00"), supersedes=estimate)
    totals = money_totals(PaymentEntry.objects.all())
    assert totals[PaymentKind.WRONGLY_PAID] == Decimal("0")
    assert totals[PaymentKind.STOPPED] == Decimal("60000.00")


def test_it_sums_only_the_entries_it_is_given(finding, visit, raddningstjansten):
    PaymentEntryFactory(finding=finding, amount=Decimal("1000.00"))
    other = FindingFactory(visit=visit, agency=raddningstjansten)
    PaymentEntryFactory(finding=other, amount=Decimal("2000.00"))
    totals = money_totals(PaymentEntry.objects.filter(finding=finding))
    assert totals[PaymentKind.WRONGLY_PAID] == Decimal("1000.00")
