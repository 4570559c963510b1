"""The ledger's reads: chains of corrections in order, and totals per kind that never count a
superseded entry twice."""

from decimal import Decimal

from findings.models import PaymentKind
from findings.selectors_ledger import ledger_rows, ledger_totals, newest_in_chain
from findings.services_ledger import ledger_entry_add, ledger_entry_correct
from tests.findings.factories import fire_finding
from tests.findings.ledger_factories import *  # noqa: F403
from tests.findings.ledger_factories import a_chain, an_entry, entry_fields


def _totals(finding):
    return {total.kind: total.total for total in ledger_totals(finding)}


def test_of_a_chain_of_three_only_the_last_counts(finding, erik):
    first = ledger_entry_add(finding=finding, by=erik, **entry_fields(amount=Decimal("100000")))
    second = ledger_entry_correct(entry=first, by=erik, **entry_fields(amount=Decimal("90000")))
    ledger_entry_correct(entry=second, by=erik, **entry_fields(amount=Decimal("95000")))
    assert _totals(finding) == {PaymentKind.WRONGLY_PAID: Decimal("95000")}


def test_the_totals_are_per_kind_and_follow_a_correction_to_another_kind(finding, erik):
    first = ledger_entry_add(finding=finding, by=erik, **entry_fields(amount=Decimal("60000")))
    moved = ledger_entry_correct(
        entry=first, by=erik, **entry_fields(kind=PaymentKind.STOPPED, amount=Decimal("60000"))
    )
    ledger_entry_correct(entry=moved, by=erik, **entry_fields(kind=PaymentKind.STOPPED, amount=Decimal("55000.50")))
    ledger_entry_add(finding=finding, by=erik, **entry_fields(kind=PaymentKind.RECOVERED, amount=Decimal("1000")))
    ledger_entry_add(finding=finding, by=erik, **entry_fields(amount=Decimal("250000")))
    assert _totals(finding) == {
        PaymentKind.WRONGLY_PAID: Decimal("250000"),
        PaymentKind.STOPPED: Decimal("55000.50"),
        PaymentKind.RECOVERED: Decimal("1000"),
    }


def test_the_totals_are_of_this_finding_only(finding, visit, raddningstjansten):
    an_entry(finding, "1000")
    an_entry(fire_finding(visit, raddningstjansten), "2000")
    assert _totals(finding) == {PaymentKind.WRONGLY_PAID: Decimal("1000")}


def test_a_finding_without_money_has_no_totals(finding):
    assert ledger_totals(finding) == []


def test_each_chain_reads_from_its_first_entry_to_the_one_that_stands(finding):
    # Two chains corrected in turns: the rows keep each chain together.
    a1 = an_entry(finding, "1")
    b1 = an_entry(finding, "10")
    a2 = an_entry(finding, "2", supersedes=a1)
    b2 = an_entry(finding, "20", supersedes=b1)
    a3 = an_entry(finding, "3", supersedes=a2)
    rows = ledger_rows(finding)
    assert [row.entry for row in rows] == [a1, a2, a3, b1, b2]
    assert [(row.corrects, row.corrected_by) for row in rows] == [
        (None, a2),
        (a1, a3),
        (a2, None),
        (None, b2),
        (b1, None),
    ]
    assert [row.is_current for row in rows] == [False, False, True, False, True]


def test_the_newest_entry_of_a_chain_is_found_from_any_of_its_entries(finding):
    first, second, third = a_chain(finding, ["1", "2", "3"])
    assert newest_in_chain(first) == newest_in_chain(second) == newest_in_chain(third) == third
