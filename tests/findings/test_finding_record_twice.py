"""The same recording form sent twice (a double tap, a resend on a poor connection at the
premises) records one finding; a key from someone else's form is refused."""

import re
import threading
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from findings.models import Finding
from tests.clients import signed_in_client

from .factories import cash_register
from .record_factories import *  # noqa: F403
from .record_factories import record

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("evening_of_the_visit")]


def _form_key(client, visit):
    page = client.get(reverse("finding_record", args=[visit.pk])).content.decode()
    match = re.search(r'name="submission_key" value="([0-9a-f-]{36})"', page)
    assert match, "the form carries no submission key"
    return match.group(1)


def _posted(key):
    return {
        "category": str(cash_register().pk),
        "action": "advice",
        "note": "Kassaregistret saknades.",
        "submission_key": key,
    }


def test_sending_the_same_form_twice_records_one_finding(erik, visit):
    client = signed_in_client(erik)
    key = _form_key(client, visit)
    first = client.post(reverse("finding_record", args=[visit.pk]), _posted(key))
    second = client.post(reverse("finding_record", args=[visit.pk]), _posted(key))
    finding = Finding.objects.get()
    assert first.status_code == second.status_code == 302
    assert first.url == second.url == reverse("finding_detail", args=[finding.pk])
    assert finding.status_changes.count() == 1


def test_each_new_form_records_a_finding_of_its_own(erik, visit):
    client = signed_in_client(erik)
    for _ in range(2):
        client.post(reverse("finding_record", args=[visit.pk]), _posted(_form_key(client, visit)))
    assert Finding.objects.count() == 2


def test_a_garbled_key_still_records_the_finding(erik, visit):
    response = signed_in_client(erik).post(reverse("finding_record", args=[visit.pk]), _posted("not-a-key"))
    assert response.status_code == 302
    assert Finding.objects.get().submission_key is None


def test_the_service_returns_the_finding_already_recorded_with_the_key(erik, visit, skatteverket):
    key = uuid.uuid4()
    first = record(visit=visit, agency=skatteverket, by=erik, submission_key=key)
    again = record(visit=visit, agency=skatteverket, by=erik, submission_key=key, note="sent again")
    assert again.pk == first.pk
    assert Finding.objects.get().note == ""


def test_someone_elses_key_is_refused(erik, olle, visit, skatteverket):
    key = uuid.uuid4()
    record(visit=visit, agency=skatteverket, by=erik, submission_key=key)
    with pytest.raises(ValidationError, match="already used"):
        record(visit=visit, agency=skatteverket, by=olle, submission_key=key)
    assert Finding.objects.count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the unique index wait needs PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_same_form_sent_three_times_at_once_records_one_finding(erik, visit, skatteverket):
    key = uuid.uuid4()
    category = cash_register()
    start = threading.Barrier(3)
    outcomes = [None] * 3

    def send(index):
        try:
            start.wait(timeout=10)
            outcomes[index] = record(visit=visit, agency=skatteverket, by=erik, category=category, submission_key=key)
        except Exception as exc:  # noqa: BLE001 - the test reports whatever a thread met
            outcomes[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(i,)) for i in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    finding = Finding.objects.get()
    assert [getattr(outcome, "pk", outcome) for outcome in outcomes] == [finding.pk] * 3
