"""Two inspectors correct the same entry at the same moment, each in their own transaction on
PostgreSQL: one correction is saved, the other is refused with a message, never a 500."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from findings.models import PaymentEntry
from findings.services_ledger import AlreadyCorrected, ledger_entry_correct
from tests.findings.factories import tax_finding
from tests.findings.ledger_factories import an_entry, entry_fields

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _correct_at_once(entry, by, amounts):
    """Each amount corrects `entry` from its own thread, all released together."""
    start = threading.Barrier(len(amounts))
    outcomes = [None] * len(amounts)

    def correct(index, amount):
        try:
            start.wait(timeout=10)
            outcomes[index] = ledger_entry_correct(entry=entry, by=by, **entry_fields(amount=Decimal(amount)))
        except Exception as exc:  # noqa: BLE001 - the test reports whatever a thread met
            outcomes[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=correct, args=(i, a)) for i, a in enumerate(amounts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def test_of_two_corrections_at_once_exactly_one_is_saved(visit, skatteverket, erik):
    entry = an_entry(tax_finding(visit, skatteverket), "150000.00")
    outcomes = _correct_at_once(entry, erik, ["120000.00", "90000.00"])
    saved = [o for o in outcomes if isinstance(o, PaymentEntry)]
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(saved) == 1, outcomes
    assert len(refused) == 1, outcomes
    assert isinstance(refused[0], AlreadyCorrected)
    assert refused[0].message_dict == {
        "supersedes": ["This entry has already been corrected; correct the newest entry."]
    }
    assert list(PaymentEntry.objects.filter(supersedes=entry)) == saved


def test_of_four_corrections_at_once_exactly_one_is_saved(visit, skatteverket, erik):
    entry = an_entry(tax_finding(visit, skatteverket), "150000.00")
    outcomes = _correct_at_once(entry, erik, ["1", "2", "3", "4"])
    assert sum(isinstance(o, PaymentEntry) for o in outcomes) == 1, outcomes
    assert sum(isinstance(o, AlreadyCorrected) for o in outcomes) == 3, outcomes
    assert PaymentEntry.objects.filter(supersedes=entry).count() == 1
