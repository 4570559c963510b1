"""ledger_entry_correct: a new entry supersedes the old one, which stays as it was; an entry is
corrected once, and only the newest entry of a chain can be corrected."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from agencies.models import AccessAction, AccessLogEntry
from findings import services_ledger
from findings.models import EntryStatus, PaymentEntry, PaymentKind
from findings.selectors import money_totals
from findings.services_ledger import ledger_entry_correct
from tests.findings.factories import VISIT_DAY, fire_finding, tax_finding
from tests.findings.ledger_factories import *  # noqa: F403
from tests.findings.ledger_factories import an_entry, entry_fields

ALREADY_CORRECTED = "This entry has already been corrected; correct the newest entry."


@pytest.fixture
def estimate(finding, erik):
    return an_entry(finding, "150000.00", status=EntryStatus.ESTIMATED, created_by=erik)


def _correct(entry, by, **overrides):
    return ledger_entry_correct(entry=entry, by=by, **entry_fields(**overrides))


def _refusal(entry, by, **overrides):
    before = PaymentEntry.objects.count()
    with pytest.raises(ValidationError) as excinfo:
        _correct(entry, by, **overrides)
    assert PaymentEntry.objects.count() == before
    return excinfo.value.message_dict


def test_a_correction_is_a_new_entry_that_supersedes_the_old_one(estimate, erik):
    correction = _correct(estimate, erik, amount=Decimal("120000.00"))
    assert correction.pk != estimate.pk
    assert correction.supersedes == estimate
    assert correction.created_by == erik
    estimate.refresh_from_db()
    assert (estimate.amount, estimate.status) == (Decimal("150000.00"), EntryStatus.ESTIMATED)
    assert estimate.superseded_by == correction


def test_the_correction_is_logged_as_a_new_entry_of_the_finding(estimate, erik, finding):
    correction = _correct(estimate, erik)
    row = AccessLogEntry.objects.get(action=AccessAction.CREATE)
    assert (row.object_type, row.object_id) == ("findings.paymententry", str(correction.pk))
    assert (row.object_agency_id, row.collaboration_id) == (finding.agency_id, finding.collaboration_id)


def test_an_entry_already_corrected_cannot_be_corrected_again(estimate, erik):
    _correct(estimate, erik, amount=Decimal("120000.00"))
    assert _refusal(estimate, erik, amount=Decimal("90000.00")) == {"supersedes": [ALREADY_CORRECTED]}
    assert money_totals(PaymentEntry.objects.all())[PaymentKind.WRONGLY_PAID] == Decimal("120000.00")


def test_the_newest_entry_of_a_chain_can_be_corrected(estimate, erik):
    second = _correct(estimate, erik, amount=Decimal("120000.00"))
    third = _correct(second, erik, amount=Decimal("125000.00"))
    assert third.supersedes == second
    assert money_totals(PaymentEntry.objects.all())[PaymentKind.WRONGLY_PAID] == Decimal("125000.00")


def test_a_correction_that_loses_the_race_at_the_insert_is_refused_not_a_500(estimate, erik, monkeypatch):
    """Another correction got in after the check (the unique `supersedes` refuses the INSERT):
    the IntegrityError becomes the same refusal, and the transaction goes on."""
    _correct(estimate, erik, amount=Decimal("120000.00"))
    real_check = services_ledger._is_corrected
    calls = []

    def blind_first_time(entry):
        calls.append(entry.pk)
        return False if len(calls) == 1 else real_check(entry)

    monkeypatch.setattr(services_ledger, "_is_corrected", blind_first_time)
    assert _refusal(estimate, erik, amount=Decimal("90000.00")) == {"supersedes": [ALREADY_CORRECTED]}
    assert len(calls) == 2  # the second look came after the refused INSERT
    assert PaymentEntry.objects.filter(supersedes=estimate).get().amount == Decimal("120000.00")


def test_it_refuses_to_correct_an_entry_of_another_finding(estimate, erik, visit, skatteverket):
    other = tax_finding(visit, skatteverket)
    errors = _refusal_on(other, estimate, erik)
    assert errors == {"supersedes": ["An entry can only correct an entry of the same finding."]}


def _refusal_on(finding, entry, by):
    with pytest.raises(ValidationError) as excinfo:
        ledger_entry_correct(entry=entry, finding=finding, by=by, **entry_fields())
    assert not PaymentEntry.objects.filter(supersedes=entry).exists()
    return excinfo.value.message_dict


@pytest.mark.parametrize("amount", ["0", "-5", "100000000.01"])
def test_it_refuses_a_corrected_amount_out_of_bounds(estimate, erik, amount):
    errors = _refusal(estimate, erik, amount=Decimal(amount))
    assert errors == {"amount": ["The amount must be more than 0 kr and at most 100 000 000 kr."]}


def test_it_refuses_a_decision_date_in_the_future(estimate, erik):
    errors = _refusal(estimate, erik, decision_date=timezone.localdate() + datetime.timedelta(days=1))
    assert errors == {"decision_date": ["The decision date cannot be in the future."]}


def test_it_refuses_a_decision_date_before_the_visit(estimate, erik):
    errors = _refusal(estimate, erik, decision_date=VISIT_DAY - datetime.timedelta(days=30))
    assert list(errors) == ["decision_date"]


def test_a_decided_correction_needs_its_decision_date(estimate, erik):
    errors = _refusal(estimate, erik, status=EntryStatus.DECIDED, decision_date=None)
    assert errors == {"decision_date": ["A decided amount needs its decision date."]}


def test_another_agencys_inspector_cannot_correct(estimate, farah):
    with pytest.raises(PermissionDenied):
        _correct(estimate, farah)
    assert not PaymentEntry.objects.filter(supersedes=estimate).exists()


def test_the_fire_inspector_corrects_the_fire_agencys_own_entries(visit, raddningstjansten, farah):
    entry = an_entry(fire_finding(visit, raddningstjansten), "40000.00")
    assert _correct(entry, farah).supersedes == entry
