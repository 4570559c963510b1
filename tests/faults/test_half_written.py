"""A service that writes several rows in one transaction loses its database connection halfway:
the call raises, and not one row of the write is left.

finding_record writes the finding, its first lifecycle steps and an access-log row. Its own
server process is terminated (pg_terminate_backend, from a second connection) right after one
of its inner steps; the service then carries on as it would when the server went down.
"""

import datetime

import pytest
from django.db import connection

from agencies import audit
from agencies.models import AccessAction, AccessLogEntry
from findings import services_record
from findings.models import ActionKind, Finding, StatusChange
from los.errors import database_unreachable
from tests.findings.factories import staff_ledger
from tests.findings.record_factories import evening_of_the_visit, record  # noqa: F401 — a fixture

from .postgres import terminate_backend

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="terminates a PostgreSQL backend"),
    # The service's own transaction is the outermost one, as in production, not a test's.
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("evening_of_the_visit"),
]

FOLLOW_UP = datetime.date(2025, 4, 10)


def _rows_of_the_write():
    """(findings, lifecycle steps, access-log rows of a recording) as this connection sees them."""
    created = AccessLogEntry.objects.filter(action=AccessAction.CREATE, object_type="findings.finding")
    return Finding.objects.count(), StatusChange.objects.count(), created.count()


def _cut_after(monkeypatch, module, name, seen):
    """The first time `module.name` has run, note the rows the transaction holds and cut its connection."""
    original = getattr(module, name)

    def step_then_cut(*arguments, **options):
        result = original(*arguments, **options)
        if not seen:
            seen.append(_rows_of_the_write())
            terminate_backend(connection.connection.get_backend_pid())
        return result

    monkeypatch.setattr(module, name, step_then_cut)


def _record(visit, skatteverket, erik):
    return record(
        visit=visit,
        agency=skatteverket,
        by=erik,
        category=staff_ledger(),
        # No action: the actions each agency offers are seeded rows, which a transactional test
        # may find emptied by the one before it.
        action=ActionKind.NONE,
        follow_up_date=FOLLOW_UP,
        note="Personalliggaren saknades.",
    )


@pytest.mark.parametrize(
    ("module", "step", "written_before_the_cut"),
    [
        # The next write (the access log) meets the cut connection.
        pytest.param(services_record, "_write_first_steps", (1, 1, 0), id="cut-before-the-access-log"),
        # Everything is written; the commit meets the cut connection.
        pytest.param(audit, "record", (1, 1, 1), id="cut-before-the-commit"),
    ],
)
def test_a_finding_cut_off_halfway_leaves_no_row(
    monkeypatch, erik, skatteverket, visit, module, step, written_before_the_cut
):
    seen = []
    _cut_after(monkeypatch, module, step, seen)

    with pytest.raises(Exception) as raised:  # noqa: B017 — which error depends on where the cut lands
        _record(visit, skatteverket, erik)

    assert database_unreachable(raised.value), repr(raised.value)
    assert seen == [written_before_the_cut]
    assert _rows_of_the_write() == (0, 0, 0)
    # The connection comes back by itself, and the same recording goes through whole.
    _record(visit, skatteverket, erik)
    assert _rows_of_the_write() == (1, 1, 1)
