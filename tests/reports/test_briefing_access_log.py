"""A briefing sheet shows earlier findings' details, so each one shown is logged as read."""

import datetime

import pytest
from django.urls import reverse

from agencies.models import AccessAction, AccessLogEntry
from findings.models import Category
from tests.clients import signed_in_client
from tests.factories import FindingFactory, OperationFactory, VisitFactory, local_time

pytestmark = pytest.mark.django_db


@pytest.fixture
def earlier_findings(norrkoping, premises, skatteverket, raddningstjansten, visit):
    """At a January visit to the same premises: one tax finding and one fire finding."""
    january = OperationFactory(
        collaboration=norrkoping,
        start_date=datetime.date(2025, 1, 15),
        agencies=[skatteverket, raddningstjansten],
    )
    earlier = VisitFactory(operation=january, premises=premises, scheduled_at=local_time(january.start_date))
    tax = FindingFactory(
        visit=earlier, agency=skatteverket, category=Category.objects.get(agency_kind="tax", code="staff-ledger")
    )
    fire = FindingFactory(
        visit=earlier,
        agency=raddningstjansten,
        category=Category.objects.get(agency_kind="fire_rescue", code="fire-safety"),
    )
    return tax, fire


def _rows(action):
    return list(
        AccessLogEntry.objects.filter(action=action, object_type="findings.finding").values_list(
            "username", "object_id", "object_agency_id"
        )
    )


def test_the_page_logs_a_read_of_each_finding_the_reader_sees_in_detail(erik, operation, earlier_findings):
    tax, _fire = earlier_findings
    response = signed_in_client(erik).get(reverse("briefing_sheet", args=[operation.pk]))
    assert response.status_code == 200
    # The fire agency's finding is only counted on erik's sheet: no read of it.
    assert _rows(AccessAction.VIEW) == [("erik", str(tax.pk), tax.agency_id)]
    assert "no-store" in response["Cache-Control"]


def test_the_pdf_logs_an_export_of_each_finding_on_it(farah, operation, earlier_findings):
    _tax, fire = earlier_findings
    signed_in_client(farah).get(reverse("briefing_pdf", args=[operation.pk]))
    assert _rows(AccessAction.EXPORT) == [("farah", str(fire.pk), fire.agency_id)]


def test_a_sheet_with_nothing_readable_logs_no_finding(anna, operation, earlier_findings):
    signed_in_client(anna).get(reverse("briefing_sheet", args=[operation.pk]))
    assert _rows(AccessAction.VIEW) == []
