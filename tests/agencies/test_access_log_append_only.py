"""The access log is append-only: the model refuses, and on PostgreSQL so does the database."""

import pytest
from django.db import DatabaseError, connection, transaction

from agencies import audit
from agencies.models import AccessAction, AccessLogEntry

postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")


@pytest.fixture
def entry(db):
    return audit.record(AccessAction.VIEW, object_type="findings.finding", object_id="4711", object_agency_id=7)


def _unchanged(entry):
    stored = AccessLogEntry.objects.get(pk=entry.pk)
    assert (stored.action, stored.object_id, stored.object_agency_id) == (AccessAction.VIEW, "4711", 7)


def test_a_saved_row_cannot_be_saved_again(entry):
    entry.object_id = "4712"
    with pytest.raises(PermissionError):
        entry.save()
    _unchanged(entry)


def test_a_row_cannot_be_deleted(entry):
    with pytest.raises(PermissionError):
        entry.delete()
    _unchanged(entry)


def test_the_queryset_refuses_to_update(entry):
    with pytest.raises(PermissionError):
        AccessLogEntry.objects.filter(pk=entry.pk).update(object_id="4712")
    _unchanged(entry)


def test_the_queryset_refuses_to_delete(entry):
    with pytest.raises(PermissionError):
        AccessLogEntry.objects.filter(pk=entry.pk).delete()
    _unchanged(entry)


@postgresql_only
def test_the_database_refuses_an_update_in_plain_sql(entry):
    table = connection.ops.quote_name(AccessLogEntry._meta.db_table)
    with (
        pytest.raises(DatabaseError, match="access log is append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"UPDATE {table} SET object_id = %s WHERE id = %s", ["4712", entry.pk])  # noqa: S608
    _unchanged(entry)


@postgresql_only
def test_the_database_refuses_a_delete_in_plain_sql(entry):
    table = connection.ops.quote_name(AccessLogEntry._meta.db_table)
    with (
        pytest.raises(DatabaseError, match="access log is append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"DELETE FROM {table} WHERE id = %s", [entry.pk])  # noqa: S608
    _unchanged(entry)


@postgresql_only
def test_the_database_still_takes_new_rows_in_plain_sql(entry):
    table = connection.ops.quote_name(AccessLogEntry._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (at, username, action, object_type, object_id) "  # noqa: S608
            "VALUES (now(), '', %s, '', '')",
            [AccessAction.EXPORT],
        )
    assert AccessLogEntry.objects.filter(action=AccessAction.EXPORT).count() == 1


def test_an_address_that_is_not_an_ip_is_left_out_rather_than_failing_the_request(rf, db):
    request = rf.get("/", REMOTE_ADDR="unix:/run/gunicorn.sock")
    row = audit.record(AccessAction.VIEW, request=request, object_type="findings.finding", object_id="1")
    assert row.ip_address is None
