"""Payment entries: money in exact kronor and öre, within bounds, corrected only by a new entry."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, InternalError, connection, transaction
from django.utils import timezone

from findings.models import PaymentEntry, PaymentKind, SupportKind
from tests.factories import FindingFactory, PaymentEntryFactory


@pytest.fixture
def finding(visit, skatteverket, erik):
    return FindingFactory(visit=visit, agency=skatteverket, created_by=erik)


def an_entry(finding, amount=Decimal("150000.00"), **fields):
    return PaymentEntry(
        finding=finding, kind=PaymentKind.WRONGLY_PAID, support_kind=SupportKind.WAGE_SUBSIDY, amount=amount, **fields
    )


TOO_SMALL = [Decimal("0"), Decimal("0.00"), Decimal("-0.01"), Decimal("-1500")]
TOO_LARGE = [Decimal("100000000.01"), Decimal("100000001")]


@pytest.mark.parametrize("amount", TOO_SMALL)
def test_it_refuses_an_amount_of_zero_or_less(finding, amount):
    with pytest.raises(ValidationError) as excinfo:
        an_entry(finding, amount).full_clean()
    assert "min_value" in [error.code for error in excinfo.value.error_dict["amount"]]


@pytest.mark.parametrize("amount", TOO_LARGE)
def test_it_refuses_an_amount_above_a_hundred_million(finding, amount):
    with pytest.raises(ValidationError) as excinfo:
        an_entry(finding, amount).full_clean()
    assert "max_value" in [error.code for error in excinfo.value.error_dict["amount"]]


@pytest.mark.parametrize("amount", TOO_SMALL + TOO_LARGE)
def test_the_database_refuses_an_amount_out_of_bounds_from_save(finding, amount):
    with pytest.raises(IntegrityError), transaction.atomic():
        an_entry(finding, amount).save()
    assert not PaymentEntry.objects.exists()


@pytest.mark.parametrize("amount", TOO_SMALL + TOO_LARGE)
def test_the_database_refuses_an_amount_out_of_bounds_from_create(finding, amount):
    with pytest.raises(IntegrityError), transaction.atomic():
        PaymentEntry.objects.create(
            finding=finding, kind=PaymentKind.STOPPED, support_kind=SupportKind.SICK_PAY, amount=amount
        )
    assert not PaymentEntry.objects.exists()


@pytest.mark.parametrize("amount", [Decimal("0.01"), Decimal("100000000.00")])
def test_it_accepts_one_ore_and_a_hundred_million(finding, amount):
    entry = an_entry(finding, amount)
    entry.full_clean()
    entry.save()
    entry.refresh_from_db()
    assert entry.amount == amount


@pytest.mark.parametrize("amount", [Decimal("0.10"), Decimal("1234.56"), Decimal("99999999.99")])
def test_the_amount_comes_back_from_the_database_as_an_exact_decimal(finding, amount):
    entry = an_entry(finding, amount)
    entry.save()
    reloaded = PaymentEntry.objects.get(pk=entry.pk)
    assert type(reloaded.amount) is Decimal
    assert reloaded.amount == amount
    assert str(reloaded.amount) == str(amount)


def test_it_refuses_a_decision_date_in_the_future(finding):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as excinfo:
        an_entry(finding, decision_date=tomorrow).full_clean()
    assert excinfo.value.message_dict == {"decision_date": ["The decision date cannot be in the future."]}


def test_it_accepts_a_decision_taken_today(finding):
    an_entry(finding, decision_date=timezone.localdate()).full_clean()


def test_a_correction_of_an_entry_of_the_same_finding_is_accepted(finding):
    estimate = PaymentEntryFactory(finding=finding, amount=Decimal("150000.00"))
    correction = an_entry(finding, Decimal("120000.00"), supersedes=estimate)
    correction.full_clean()
    correction.save()
    assert estimate.superseded_by == correction


def test_it_refuses_an_entry_correcting_an_entry_of_another_finding(finding, visit, raddningstjansten):
    other_finding = FindingFactory(visit=visit, agency=raddningstjansten)
    other_entry = PaymentEntryFactory(finding=other_finding)
    with pytest.raises(ValidationError) as excinfo:
        an_entry(finding, supersedes=other_entry).full_clean()
    assert excinfo.value.message_dict == {"supersedes": ["An entry can only correct an entry of the same finding."]}


def test_an_entry_can_be_corrected_only_once(finding):
    estimate = PaymentEntryFactory(finding=finding)
    PaymentEntryFactory(finding=finding, supersedes=estimate)
    with pytest.raises(ValidationError) as excinfo:
        an_entry(finding, supersedes=estimate).full_clean()
    assert "supersedes" in excinfo.value.message_dict


def test_the_database_refuses_an_entry_correcting_itself(finding):
    entry = PaymentEntryFactory.build(finding=finding, id=424242, supersedes_id=424242)
    with pytest.raises(IntegrityError), transaction.atomic():
        entry.save(force_insert=True)
    assert not PaymentEntry.objects.filter(pk=424242).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
@pytest.mark.parametrize("change", ["update", "delete"])
def test_the_database_refuses_to_edit_or_remove_history(finding, change):
    entry = PaymentEntryFactory(finding=finding, amount=Decimal("1000"))
    with pytest.raises(InternalError, match="append-only"), transaction.atomic():
        if change == "update":
            PaymentEntry.objects.filter(pk=entry.pk).update(amount=Decimal("1"))
        else:
            PaymentEntry.objects.filter(pk=entry.pk).delete()
    entry.refresh_from_db()
    assert entry.amount == Decimal("1000")
