"""ledger_entry_add: an amount on a finding, within the ledger's rules, by its agency's inspector."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from agencies import permissions
from agencies.models import AccessAction, AccessLogEntry
from findings.models import EntryStatus, PaymentEntry
from findings.services_ledger import ledger_entry_add
from tests.findings.factories import VISIT_DAY
from tests.findings.ledger_factories import *  # noqa: F403
from tests.findings.ledger_factories import entry_fields

AMOUNT_MESSAGE = "The amount must be more than 0 kr and at most 100 000 000 kr."


def _refusal(finding, by, **overrides):
    with pytest.raises(ValidationError) as excinfo:
        ledger_entry_add(finding=finding, by=by, **entry_fields(**overrides))
    assert not PaymentEntry.objects.exists()
    return excinfo.value.message_dict


def test_the_inspector_records_an_amount_on_the_finding(finding, erik):
    entry = ledger_entry_add(finding=finding, by=erik, **entry_fields())
    stored = PaymentEntry.objects.get()
    assert stored == entry
    assert (stored.finding, stored.amount, stored.status, stored.created_by) == (
        finding,
        Decimal("1500000.00"),
        EntryStatus.DECIDED,
        erik,
    )
    assert stored.supersedes is None


def test_the_entry_is_logged_under_the_findings_agency_without_free_text(finding, erik, skatteverket):
    entry = ledger_entry_add(finding=finding, by=erik, **entry_fields())
    row = AccessLogEntry.objects.get(action=AccessAction.CREATE)
    assert (row.username, row.object_type, row.object_id) == ("erik", "findings.paymententry", str(entry.pk))
    assert (row.object_agency_id, row.collaboration_id) == (skatteverket.pk, finding.collaboration_id)
    assert "1500000" not in str(row.__dict__)


@pytest.mark.parametrize("amount", ["0", "0.00", "-0.01", "-1500", "100000000.01", "250000000"])
def test_it_refuses_an_amount_out_of_bounds(finding, erik, amount):
    assert _refusal(finding, erik, amount=Decimal(amount)) == {"amount": [AMOUNT_MESSAGE]}


@pytest.mark.parametrize("amount", ["0.01", "100000000.00"])
def test_it_accepts_one_ore_and_a_hundred_million(finding, erik, amount):
    entry = ledger_entry_add(finding=finding, by=erik, **entry_fields(amount=Decimal(amount)))
    entry.refresh_from_db()
    assert entry.amount == Decimal(amount)


def test_it_refuses_a_decision_date_in_the_future(finding, erik):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    errors = _refusal(finding, erik, decision_date=tomorrow)
    assert errors == {"decision_date": ["The decision date cannot be in the future."]}


def test_it_refuses_a_decision_date_before_the_visit(finding, erik):
    errors = _refusal(finding, erik, decision_date=VISIT_DAY - datetime.timedelta(days=1))
    assert errors == {"decision_date": ["The decision date cannot be before the visit (March 10, 2025)."]}


@pytest.mark.parametrize("day", [VISIT_DAY, "today"])
def test_it_accepts_a_decision_on_the_day_of_the_visit_and_today(finding, erik, day):
    day = timezone.localdate() if day == "today" else day
    entry = ledger_entry_add(finding=finding, by=erik, **entry_fields(decision_date=day))
    assert entry.decision_date == day


def test_a_decided_amount_needs_its_decision_date(finding, erik):
    errors = _refusal(finding, erik, status=EntryStatus.DECIDED, decision_date=None)
    assert errors == {"decision_date": ["A decided amount needs its decision date."]}


def test_an_estimate_needs_no_decision_date(finding, erik):
    entry = ledger_entry_add(finding=finding, by=erik, **entry_fields(status=EntryStatus.ESTIMATED, decision_date=None))
    assert entry.decision_date is None


def test_every_broken_rule_is_reported_at_once(finding, erik):
    errors = _refusal(finding, erik, amount=Decimal("0"), decision_date=None, kind="bribe")
    assert errors["amount"] == [AMOUNT_MESSAGE]
    assert errors["decision_date"] == ["A decided amount needs its decision date."]
    assert "kind" in errors


@pytest.mark.parametrize("who", ["farah", "anna", "petra", "sara"])
def test_only_the_owning_agencys_inspectors_record_amounts(request, finding, who):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        ledger_entry_add(finding=finding, by=user, **entry_fields())
    assert not PaymentEntry.objects.exists()
    assert not AccessLogEntry.objects.filter(action=AccessAction.CREATE).exists()


def test_nothing_is_kept_if_the_writer_could_not_read_the_finding_afterwards(finding, erik, monkeypatch):
    monkeypatch.setattr(permissions, "may_read_finding", lambda user, finding: False)
    with pytest.raises(PermissionDenied):
        ledger_entry_add(finding=finding, by=erik, **entry_fields())
    assert not PaymentEntry.objects.exists()
    assert not AccessLogEntry.objects.filter(action=AccessAction.CREATE).exists()
