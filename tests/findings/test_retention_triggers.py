"""The purge's narrow way past the append-only guards: the access log may lose old rows and a
ledger entry its recorder, inside the purge's transaction only; nothing else gets through."""

import datetime
from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from agencies.models import AccessAction, AccessLogEntry
from findings.models import PaymentEntry
from los.append_only import allowing_retention_purge
from tests.factories import PaymentEntryFactory
from tests.findings.factories import tax_finding

postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="the triggers exist on PostgreSQL only")

LONG_AGO = timezone.now() - datetime.timedelta(days=1000)


@pytest.fixture
def entry(visit, skatteverket, erik):
    return PaymentEntryFactory(finding=tax_finding(visit, skatteverket), amount=Decimal("1000.00"), created_by=erik)


def _table(model):
    return connection.ops.quote_name(model._meta.db_table)


def _execute(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


# --- The Python guards, on every database -------------------------------------------------------


def test_the_purge_deletes_only_the_rows_of_its_queryset_from_before_the_cutoff(db):
    old_here = AccessLogEntry.objects.create(action=AccessAction.VIEW, collaboration_id=7, at=LONG_AGO)
    old_elsewhere = AccessLogEntry.objects.create(action=AccessAction.VIEW, collaboration_id=8, at=LONG_AGO)
    new_here = AccessLogEntry.objects.create(action=AccessAction.VIEW, collaboration_id=7)

    month_ago = timezone.now() - datetime.timedelta(days=30)
    deleted = AccessLogEntry.objects.filter(collaboration_id=7).purge_older_than(month_ago)

    assert deleted == 1
    assert set(AccessLogEntry.objects.values_list("pk", flat=True)) == {old_elsewhere.pk, new_here.pk}
    assert not AccessLogEntry.objects.filter(pk=old_here.pk).exists()


def test_the_purge_keeps_rows_younger_than_the_shortest_retention_period_whatever_the_cutoff(db):
    recent = AccessLogEntry.objects.create(action=AccessAction.VIEW, at=timezone.now() - datetime.timedelta(days=20))
    old = AccessLogEntry.objects.create(action=AccessAction.VIEW, at=LONG_AGO)
    assert AccessLogEntry.objects.purge_older_than(timezone.now() + datetime.timedelta(days=365)) == 1
    assert list(AccessLogEntry.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not AccessLogEntry.objects.filter(pk=old.pk).exists()


def test_every_other_way_of_deleting_the_access_log_is_still_refused(db):
    row = AccessLogEntry.objects.create(action=AccessAction.VIEW, at=LONG_AGO)
    with pytest.raises(PermissionError):
        AccessLogEntry.objects.filter(pk=row.pk).delete()
    with pytest.raises(PermissionError), allowing_retention_purge():
        AccessLogEntry.objects.filter(pk=row.pk).update(username="x")
    assert AccessLogEntry.objects.filter(pk=row.pk).exists()


# --- The triggers, on PostgreSQL ------------------------------------------------------------------


@postgresql_only
def test_a_plain_delete_of_the_access_log_is_still_refused(db):
    row = AccessLogEntry.objects.create(action=AccessAction.VIEW, at=LONG_AGO)
    with pytest.raises(DatabaseError, match="access log is append-only"), transaction.atomic():
        _execute(f"DELETE FROM {_table(AccessLogEntry)} WHERE id = %s", [row.pk])  # noqa: S608
    assert AccessLogEntry.objects.filter(pk=row.pk).exists()


@postgresql_only
def test_the_purge_setting_lets_no_update_of_the_access_log_through(db):
    row = AccessLogEntry.objects.create(action=AccessAction.VIEW, at=LONG_AGO, username="erik")
    with (
        pytest.raises(DatabaseError, match="access log is append-only"),
        allowing_retention_purge(),
    ):
        _execute(f"UPDATE {_table(AccessLogEntry)} SET username = '' WHERE id = %s", [row.pk])  # noqa: S608
    assert AccessLogEntry.objects.get(pk=row.pk).username == "erik"


@postgresql_only
def test_the_purge_setting_lets_a_delete_of_the_access_log_through(db):
    row = AccessLogEntry.objects.create(action=AccessAction.VIEW, at=LONG_AGO)
    with allowing_retention_purge():
        assert _execute(f"DELETE FROM {_table(AccessLogEntry)} WHERE id = %s", [row.pk]) == 1  # noqa: S608
    assert not AccessLogEntry.objects.filter(pk=row.pk).exists()


@postgresql_only
def test_the_purge_setting_lets_no_recent_row_of_the_access_log_be_deleted(db):
    # Any session may turn the setting on; the trigger itself keeps the last weeks of history.
    recent = AccessLogEntry.objects.create(action=AccessAction.VIEW, at=timezone.now() - datetime.timedelta(days=20))
    with pytest.raises(DatabaseError, match="access log is append-only"), allowing_retention_purge():
        _execute(f"DELETE FROM {_table(AccessLogEntry)} WHERE id = %s", [recent.pk])  # noqa: S608
    assert AccessLogEntry.objects.filter(pk=recent.pk).exists()


@postgresql_only
def test_the_setting_ends_with_the_purge_block_even_inside_a_longer_transaction(db):
    row = AccessLogEntry.objects.create(action=AccessAction.VIEW, at=LONG_AGO)
    with transaction.atomic():
        with allowing_retention_purge():
            pass
        with pytest.raises(DatabaseError, match="access log is append-only"), transaction.atomic():
            _execute(f"DELETE FROM {_table(AccessLogEntry)} WHERE id = %s", [row.pk])  # noqa: S608
    assert AccessLogEntry.objects.filter(pk=row.pk).exists()


@postgresql_only
def test_the_purge_may_clear_who_recorded_a_ledger_entry_and_nothing_else(entry):
    with allowing_retention_purge():
        assert PaymentEntry.objects.filter(pk=entry.pk).update(created_by=None) == 1
    entry.refresh_from_db()
    assert (entry.created_by_id, entry.amount) == (None, Decimal("1000.00"))


@postgresql_only
@pytest.mark.parametrize(
    "change",
    [
        {"amount": Decimal("1.00")},
        {"amount": Decimal("1.00"), "created_by": None},
        {"kind": "stopped", "created_by": None},
        {"decision_date": datetime.date(2025, 4, 1), "created_by": None},
    ],
    ids=["amount", "amount-and-recorder", "kind-and-recorder", "date-and-recorder"],
)
def test_the_purge_setting_lets_no_change_of_the_money_through(entry, change):
    with pytest.raises(DatabaseError, match="ledger entries are append-only"), allowing_retention_purge():
        PaymentEntry.objects.filter(pk=entry.pk).update(**change)
    stored = PaymentEntry.objects.get(pk=entry.pk)
    assert (stored.amount, stored.kind, stored.decision_date) == (Decimal("1000.00"), "wrongly_paid", None)
    assert stored.created_by_id == entry.created_by_id is not None


@postgresql_only
def test_the_purge_setting_lets_no_ledger_entry_be_deleted(entry):
    with pytest.raises(DatabaseError, match="ledger entries are append-only"), allowing_retention_purge():
        _execute(f"DELETE FROM {_table(PaymentEntry)} WHERE id = %s", [entry.pk])  # noqa: S608
    assert PaymentEntry.objects.filter(pk=entry.pk).exists()


@postgresql_only
def test_clearing_the_recorder_without_the_purge_setting_is_refused(entry):
    with pytest.raises(DatabaseError, match="ledger entries are append-only"), transaction.atomic():
        PaymentEntry.objects.filter(pk=entry.pk).update(created_by=None)
    entry.refresh_from_db()
    assert entry.created_by_id is not None
