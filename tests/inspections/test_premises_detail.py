"""The premises page: business, address, visits, signals, and findings counted per agency
without any of their details."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agencies.models import Role
from findings.models import Category
from inspections.models import OperationKind, SignalKind, VisitOutcome
from tests.clients import signed_in_client as _client
from tests.factories import (
    BusinessFactory,
    FindingFactory,
    MembershipFactory,
    OperationFactory,
    PremisesFactory,
    SignalFactory,
    UserFactory,
    VisitFactory,
    local_time,
)

pytestmark = pytest.mark.django_db

SECRET_NOTE = "MARKER-FIRE-NOTE-kassaskåp-bakom-disken"


def _url(premises):
    return reverse("premises_detail", kwargs={"pk": premises.pk})


@pytest.fixture
def lars(linkoping, polisen):
    user = UserFactory(username="lars")
    MembershipFactory(user=user, collaboration=linkoping, agency=polisen, role=Role.COORDINATOR)
    return user


@pytest.fixture
def hageby(norrkoping):
    return PremisesFactory(
        collaboration=norrkoping,
        name="Hageby Bilservice",
        address="Kvarngatan 4",
        postal_code="602 21",
        city="Norrköping",
        notes="Bakdörr mot gården.",
        business=BusinessFactory(collaboration=norrkoping, name="Hageby Motor AB", org_number="5566778899"),
    )


@pytest.fixture
def history(hageby, norrkoping, kommunen, polisen, skatteverket, raddningstjansten):
    """Two visits to Hageby with findings of two agencies, and two signals."""
    spring = OperationFactory(
        collaboration=norrkoping,
        name="Vårinsats Hageby",
        start_date=datetime.date(2025, 3, 10),
        end_date=datetime.date(2025, 3, 11),
        agencies=[skatteverket, raddningstjansten],
    )
    empact = OperationFactory(
        collaboration=norrkoping,
        name="Aktionsdag EMPACT",
        kind=OperationKind.EMPACT,
        start_date=datetime.date(2025, 5, 20),
        end_date=datetime.date(2025, 5, 20),
        agencies=[skatteverket],
    )
    first = VisitFactory(
        operation=spring,
        premises=hageby,
        scheduled_at=local_time(datetime.date(2025, 3, 10), 19),
        outcome=VisitOutcome.CARRIED_OUT,
        persons_checked=7,
    )
    second = VisitFactory(
        operation=empact, premises=hageby, scheduled_at=local_time(datetime.date(2025, 5, 20), 10), persons_checked=0
    )
    ledger = Category.objects.get(agency_kind="tax", code="staff-ledger")
    fire = Category.objects.get(agency_kind="fire_rescue", code="fire-safety")
    FindingFactory(visit=first, agency=skatteverket, category=ledger, status="open")
    FindingFactory(visit=second, agency=skatteverket, category=ledger, status="closed")
    FindingFactory(visit=first, agency=raddningstjansten, category=fire, status="follow_up_due", note=SECRET_NOTE)
    SignalFactory(premises=hageby, kind=SignalKind.TIP, received_on=datetime.date(2025, 1, 5), source_agency=kommunen)
    SignalFactory(
        premises=hageby,
        kind=SignalKind.POLICE_EVENT,
        received_on=datetime.date(2025, 2, 14),
        source_agency=polisen,
        summary="Larm om inbrott nattetid",
    )
    return {"first": first, "second": second}


def test_it_shows_the_business_with_a_formatted_organisation_number_and_the_address(anna, hageby):
    html = _client(anna).get(_url(hageby)).content.decode()
    assert "Hageby Motor AB" in html
    assert "556677-8899" in html
    assert "Kvarngatan 4, 602 21 Norrköping" in html
    assert "Bakdörr mot gården." in html


def test_it_lists_every_visit_with_operation_date_outcome_and_persons_checked(anna, hageby, history):
    response = _client(anna).get(_url(hageby))
    assert [v.pk for v in response.context["visits"]] == [history["second"].pk, history["first"].pk]
    html = response.content.decode()
    for text in ["Vårinsats Hageby", "LOS operation", "Aktionsdag EMPACT", "EMPACT action day", "2025-03-10"]:
        assert text in html
    assert "Carried out" in html and "Planned" in html
    assert '<td data-label="Persons checked" class="num">7</td>' in html


def test_it_lists_the_signals_newest_first(anna, hageby, history):
    response = _client(anna).get(_url(hageby))
    assert [(s.kind, s.received_on) for s in response.context["signals"]] == [
        (SignalKind.POLICE_EVENT, datetime.date(2025, 2, 14)),
        (SignalKind.TIP, datetime.date(2025, 1, 5)),
    ]
    html = response.content.decode()
    assert "Larm om inbrott nattetid" in html
    assert html.index("2025-02-14") < html.index("2025-01-05")
    assert reverse("signal_create", kwargs={"pk": hageby.pk}) in html


def test_it_counts_findings_per_agency_and_never_shows_a_note(anna, hageby, history):
    response = _client(anna).get(_url(hageby))
    assert response.context["finding_counts"] == [
        {"agency": "Räddningstjänsten Östra Götaland", "total": 1, "open": 1},
        {"agency": "Skatteverket", "total": 2, "open": 1},
    ]
    assert SECRET_NOTE not in response.content.decode()


def test_it_links_to_the_findings_the_coordinator_may_read_at_these_premises(anna, hageby):
    html = _client(anna).get(_url(hageby)).content.decode()
    assert f'href="/iakttagelser/?lokal={hageby.pk}"' in html
    assert "Findings you may read" in html


def test_premises_without_history_say_so(anna, norrkoping):
    bare = PremisesFactory(collaboration=norrkoping)
    response = _client(anna).get(_url(bare))
    assert response.status_code == 200
    assert response.context["finding_counts"] == []
    html = response.content.decode()
    assert "No findings recorded." in html and "No signals recorded." in html
    assert "Not known" in html  # no business


def test_the_page_costs_the_same_queries_with_one_and_many_visits(anna, hageby, history, norrkoping, skatteverket):
    client = _client(anna)
    client.get(_url(hageby))

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(_url(hageby)).status_code == 200
        return len(captured)

    before = queries()
    ledger = Category.objects.get(agency_kind="tax", code="staff-ledger")
    for _ in range(10):
        visit = VisitFactory(operation=OperationFactory(collaboration=norrkoping), premises=hageby)
        FindingFactory(visit=visit, agency=skatteverket, category=ledger)
        SignalFactory(premises=hageby)
    assert queries() == before


def test_a_coordinator_of_linkoping_does_not_find_norrkopings_premises(lars, hageby):
    assert _client(lars).get(_url(hageby)).status_code == 404


@pytest.mark.parametrize("person", ["erik", "farah", "petra"])
def test_inspectors_and_press_officers_do_not_find_the_page(request, hageby, person):
    assert _client(request.getfixturevalue(person)).get(_url(hageby)).status_code == 404


def test_an_unknown_or_huge_id_is_not_found(anna, hageby):
    client = _client(anna)
    assert client.get("/lokaler/99999999999999999999/").status_code == 404
    assert client.get("/lokaler/abc/").status_code == 404
