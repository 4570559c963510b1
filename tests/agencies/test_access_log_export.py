"""The access log as CSV for Excel: the same rows and filters as the page, cells that cannot
run as formulas, and every export itself written to the log."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from agencies.models import AccessAction, AccessLogEntry
from tests.factories import AccessLogEntryFactory

EXPORT_URL = reverse("access_log_export")
BOM = b"\xef\xbb\xbf"

pytestmark = pytest.mark.usefixtures("no_second_factor")


def _export(client, query=None):
    response = client.get(EXPORT_URL, query or {}, REMOTE_ADDR="192.0.2.44")
    assert response.status_code == 200
    return response, response.getvalue()


def _cells(content):
    return list(csv.reader(io.StringIO(content.removeprefix(BOM).decode("utf-8")), delimiter=";"))


def test_it_is_an_attachment_of_utf8_csv_with_a_byte_order_mark(sara_client, erik):
    AccessLogEntryFactory(user_id=erik.pk, username="erik", object_id="Kvarngatan-åäö")
    response, content = _export(sara_client)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="')
    assert response["Content-Disposition"].endswith('.csv"')
    assert content.startswith(BOM)
    assert "Kvarngatan-åäö" in content.decode("utf-8")


def test_cells_are_separated_by_semicolons_and_times_given_in_both_zones(sara_client, erik):
    AccessLogEntryFactory(
        user_id=erik.pk,
        username="erik",
        action=AccessAction.RELEASE,
        object_id="7003",
        ip_address="198.51.100.7",
        at=datetime.datetime(2025, 6, 10, 9, 0, tzinfo=datetime.UTC),
    )
    _response, content = _export(sara_client, {"action": "release"})
    heading, row = _cells(content)
    assert heading[:2] == ["Time (Swedish time)", "Time (UTC)"]
    assert row == [
        "2025-06-10 11:00:00",
        "2025-06-10T09:00:00Z",
        "erik",
        str(erik.pk),
        "Released",
        "findings.finding",
        "7003",
        "",
        "198.51.100.7",
        "",
    ]


@pytest.mark.parametrize(
    "text", ['=HYPERLINK("http://example.com","x")', "+46 11 00 00", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]
)
def test_a_cell_that_a_spreadsheet_would_run_is_made_plain_text(sara_client, skatteverket, text):
    # Failed sign-ins keep what was typed, so a username is anyone's text.
    AccessLogEntryFactory(username=text, object_id=text, object_type=text, object_agency_id=skatteverket.pk)
    _response, content = _export(sara_client, {"action": "view"})
    [_heading, row] = _cells(content)
    assert row[2] == row[5] == row[6] == "'" + text


def test_it_holds_the_same_rows_as_the_page(sara_client, anna, farah, skatteverket, raddningstjansten):
    AccessLogEntryFactory(user_id=anna.pk, object_id="skv-record-7001", object_agency_id=skatteverket.pk)
    AccessLogEntryFactory(user_id=farah.pk, object_id="rtj-record-8001", object_agency_id=raddningstjansten.pk)
    _response, content = _export(sara_client)
    text = content.decode("utf-8")
    assert "skv-record-7001" in text
    assert "rtj-record-8001" not in text


def test_it_keeps_to_the_filters(sara_client, erik):
    AccessLogEntryFactory(user_id=erik.pk, action=AccessAction.CHANGE, object_id="changed-7005")
    AccessLogEntryFactory(user_id=erik.pk, action=AccessAction.VIEW, object_id="read-7006")
    _response, content = _export(sara_client, {"action": "change"})
    text = content.decode("utf-8")
    assert "changed-7005" in text
    assert "read-7006" not in text


def test_every_export_is_written_to_the_log(sara_client, sara, skatteverket, norrkoping):
    _export(sara_client)
    _export(sara_client, {"action": "login"})
    exports = AccessLogEntry.objects.filter(action=AccessAction.EXPORT, object_type="access_log")
    assert exports.count() == 2
    row = exports.first()
    assert (row.user_id, row.username, row.ip_address) == (sara.pk, "sara", "192.0.2.44")
    assert (row.agency_id, row.object_agency_id, row.collaboration_id) == (
        skatteverket.pk,
        skatteverket.pk,
        norrkoping.pk,
    )
