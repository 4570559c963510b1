import datetime
import io

import pypdf
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agencies.models import LegalGround
from findings.models import ActionKind, Category, FindingStatus
from findings.services import finding_release
from reports.briefing import EarlierFinding, KnownCount, briefing_for
from tests.clients import signed_in_client as _client
from tests.factories import (
    BusinessFactory,
    FindingFactory,
    OperationFactory,
    PremisesFactory,
    VisitFactory,
    local_time,
)

pytestmark = pytest.mark.django_db

NOTE_MARKERS = ["NOTE-MARKER-TAX", "NOTE-MARKER-FIRE", "NOTE-MARKER-LATER", "PREMISES-NOTE-MARKER"]


@pytest.fixture
def staff_ledger():
    return Category.objects.get(agency_kind="tax", code="staff-ledger")


@pytest.fixture
def fire_safety():
    return Category.objects.get(agency_kind="fire_rescue", code="fire-safety")


@pytest.fixture
def january(norrkoping, skatteverket, raddningstjansten):
    """An earlier operation, in January, with the tax agency and fire and rescue."""
    return OperationFactory(
        collaboration=norrkoping,
        name="Januariinsats",
        start_date=datetime.date(2025, 1, 15),
        agencies=[skatteverket, raddningstjansten],
    )


@pytest.fixture
def history(january, visit, premises, skatteverket, raddningstjansten, staff_ledger, fire_safety):
    """At the January visit to the premises of the March visit: one tax finding, two fire findings."""
    premises.notes = "PREMISES-NOTE-MARKER"
    premises.save()
    earlier = VisitFactory(operation=january, premises=premises, scheduled_at=local_time(datetime.date(2025, 1, 15)))
    tax = FindingFactory(
        visit=earlier,
        agency=skatteverket,
        category=staff_ledger,
        action=ActionKind.INJUNCTION,
        status=FindingStatus.FOLLOW_UP_DUE,
        note="NOTE-MARKER-TAX",
    )
    for _ in range(2):
        FindingFactory(visit=earlier, agency=raddningstjansten, category=fire_safety, note="NOTE-MARKER-FIRE")
    return tax


def _pdf_text(pdf):
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def test_erik_reads_his_agencys_earlier_finding_and_only_counts_the_fire_agencys(erik, operation, history):
    briefing = briefing_for(operation, erik)
    (item,) = briefing.visits
    assert item.findings == (
        EarlierFinding(
            date=datetime.date(2025, 1, 15),
            agency="Skatteverket",
            category="Staff ledger missing or faulty",
            action="Injunction",
            status="Follow-up due",
            finding_id=history.pk,
            agency_id=history.agency_id,
            collaboration_id=history.collaboration_id,
        ),
    )
    assert item.known == (
        KnownCount(agency="Räddningstjänsten Östra Götaland", category="Fire safety deficiencies", count=2),
    )


def test_farah_sees_it_the_other_way_round(farah, operation, history):
    (item,) = briefing_for(operation, farah).visits
    assert [(f.agency, f.category, f.status) for f in item.findings] == [
        ("Räddningstjänsten Östra Götaland", "Fire safety deficiencies", "Open"),
        ("Räddningstjänsten Östra Götaland", "Fire safety deficiencies", "Open"),
    ]
    assert item.known == (KnownCount(agency="Skatteverket", category="Staff ledger missing or faulty", count=1),)


def test_the_coordinator_reads_a_finding_once_it_is_released(anna, erik, operation, history, skatteverket):
    (item,) = briefing_for(operation, anna).visits
    assert item.findings == ()
    assert [(k.agency, k.count) for k in item.known] == [("Räddningstjänsten Östra Götaland", 2), ("Skatteverket", 1)]
    ground = LegalGround.objects.create(agency=skatteverket, name="10 kap. 2 § OSL")
    finding_release(finding=history, by=erik, legal_ground=ground)
    del anna._los_access
    (item,) = briefing_for(operation, anna).visits
    assert [f.category for f in item.findings] == ["Staff ledger missing or faulty"]
    assert [(k.agency, k.count) for k in item.known] == [("Räddningstjänsten Östra Götaland", 2)]


def test_only_earlier_visits_to_the_same_premises_count(
    erik, operation, visit, premises, norrkoping, skatteverket, staff_ledger
):
    # The same operation, another premises, a later operation: none of them is history.
    FindingFactory(visit=visit, agency=skatteverket, category=staff_ledger)
    elsewhere = VisitFactory(operation=OperationFactory(collaboration=norrkoping, start_date=datetime.date(2025, 1, 2)))
    FindingFactory(visit=elsewhere, agency=skatteverket, category=staff_ledger)
    later = OperationFactory(collaboration=norrkoping, start_date=datetime.date(2025, 5, 2))
    FindingFactory(
        visit=VisitFactory(operation=later, premises=premises),
        agency=skatteverket,
        category=staff_ledger,
        note="NOTE-MARKER-LATER",
    )
    (item,) = briefing_for(operation, erik).visits
    assert (item.findings, item.known) == ((), ())


def test_visits_come_in_the_order_of_the_route_with_their_premises(anna, operation, norrkoping):
    business = BusinessFactory(collaboration=norrkoping, name="Bilfix AB", org_number="5599000006")
    second = VisitFactory(
        operation=operation,
        position=2,
        premises=PremisesFactory(collaboration=norrkoping, name="Tvätten", business=business),
    )
    first = VisitFactory(operation=operation, position=1, premises=PremisesFactory(collaboration=norrkoping))
    briefing = briefing_for(operation, anna)
    assert [v.visit for v in briefing.visits] == [first, second]
    assert briefing.visits[1].premises.business.org_number_display == "559900-0006"


def test_notes_never_reach_the_page_or_the_pdf(erik, farah, anna, operation, history):
    for user in (erik, farah, anna):
        client = _client(user)
        page = client.get(reverse("briefing_sheet", args=[operation.pk])).content.decode()
        pdf = _pdf_text(client.get(reverse("briefing_pdf", args=[operation.pk])).content)
        for text in (page, pdf):
            assert "Hageby Bilservice" in text
            for marker in NOTE_MARKERS:
                assert marker not in text, f"{user} was shown {marker}"


def test_the_page_and_the_pdf_show_what_erik_may_know(erik, operation, history):
    client = _client(erik)
    page = client.get(reverse("briefing_sheet", args=[operation.pk])).content.decode()
    assert "Räddningstjänsten Östra Götaland: 2 findings (Fire safety deficiencies)" in page
    assert '<td data-label="Category">Staff ledger missing or faulty</td>' in page
    assert '<td data-label="Status">Follow-up due</td>' in page
    pdf = _pdf_text(client.get(reverse("briefing_pdf", args=[operation.pk])).content)
    assert "Räddningstjänsten Östra Götaland: 2 findings (Fire safety deficiencies)" in pdf
    assert "Staff ledger missing or faulty" in pdf
    assert "Page 1 of 1" in pdf


def test_names_are_escaped_on_the_page_and_printed_as_text_in_the_pdf(anna, operation, norrkoping):
    VisitFactory(
        operation=operation, premises=PremisesFactory(collaboration=norrkoping, name="<script>alert(1)</script>")
    )
    client = _client(anna)
    page = client.get(reverse("briefing_sheet", args=[operation.pk])).content.decode()
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)</script>" in _pdf_text(client.get(reverse("briefing_pdf", args=[operation.pk])).content)


def _visits_with_history(operation, january, norrkoping, skatteverket, raddningstjansten, staff_ledger, fire_safety, n):
    for i in range(n):
        premises = PremisesFactory(collaboration=norrkoping, with_business=True)
        VisitFactory(operation=operation, premises=premises, position=i)
        earlier = VisitFactory(operation=january, premises=premises)
        FindingFactory(visit=earlier, agency=skatteverket, category=staff_ledger)
        FindingFactory(visit=earlier, agency=raddningstjansten, category=fire_safety)


def _queries(client, name, operation):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(name, args=[operation.pk]))
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["briefing_sheet", "briefing_pdf"])
def test_the_sheet_costs_the_same_queries_for_1_and_50_visits(
    erik, operation, january, norrkoping, skatteverket, raddningstjansten, staff_ledger, fire_safety, name
):
    args = (operation, january, norrkoping, skatteverket, raddningstjansten, staff_ledger, fire_safety)
    _visits_with_history(*args, 1)
    client = _client(erik)
    _queries(client, name, operation)  # warms the per-process caches
    with_one = _queries(client, name, operation)
    _visits_with_history(*args, 49)
    assert _queries(client, name, operation) == with_one
    (first, *_rest) = briefing_for(operation, erik).visits
    assert (len(first.findings), [k.count for k in first.known]) == (1, [1])
