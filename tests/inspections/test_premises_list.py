"""The premises register: search, filters, htmx partial, paging cost and who may see it."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agencies.models import Role
from findings.models import Category
from inspections.models import PremisesType, VisitOutcome
from tests.clients import signed_in_client as _client
from tests.factories import (
    BusinessFactory,
    FindingFactory,
    MembershipFactory,
    OperationFactory,
    PremisesFactory,
    UserFactory,
    VisitFactory,
    local_time,
)

pytestmark = pytest.mark.django_db

URL = reverse("premises_list")


def _names(response):
    assert response.status_code == 200
    return [p.name for p in response.context["page"].object_list]


def _visited(premises, days_ago, outcome=VisitOutcome.CARRIED_OUT):
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    operation = OperationFactory(collaboration=premises.collaboration, start_date=day, end_date=day)
    return VisitFactory(operation=operation, premises=premises, scheduled_at=local_time(day, 10), outcome=outcome)


@pytest.fixture
def lars(linkoping, polisen):
    """Coordinates LOS Linköping for the police."""
    user = UserFactory(username="lars")
    MembershipFactory(user=user, collaboration=linkoping, agency=polisen, role=Role.COORDINATOR)
    return user


@pytest.fixture
def register(norrkoping):
    """Three premises that differ in every way the register filters on."""
    return {
        "verkstad": PremisesFactory(
            collaboration=norrkoping,
            name="Hageby Bilservice",
            address="Kvarngatan 4",
            postal_code="602 21",
            business=BusinessFactory(collaboration=norrkoping, name="Hageby Motor AB", org_number="5566778899"),
        ),
        "kiosk": PremisesFactory(
            collaboration=norrkoping,
            name="Torgkiosken",
            premises_type=PremisesType.KIOSK,
            address="Drottninggatan 12",
            postal_code="602 24",
        ),
        "tatuering": PremisesFactory(
            collaboration=norrkoping,
            name="Bläck & Nål",
            premises_type=PremisesType.TATTOO,
            address="Kvarngatan 9",
            postal_code="603 61",
        ),
    }


def test_a_coordinator_sees_every_premises_of_the_collaboration_by_name(anna, register):
    assert _names(_client(anna).get(URL)) == ["Bläck & Nål", "Hageby Bilservice", "Torgkiosken"]


def test_it_finds_premises_by_name(anna, register):
    assert _names(_client(anna).get(URL, {"q": "kiosk"})) == ["Torgkiosken"]


def test_it_finds_premises_by_address(anna, register):
    assert _names(_client(anna).get(URL, {"q": "kvarngatan"})) == ["Bläck & Nål", "Hageby Bilservice"]


@pytest.mark.parametrize("typed", ["556677-8899", "5566778899", " 556677 8899 ", "556677"])
def test_it_finds_premises_by_organisation_number_with_or_without_hyphen(anna, register, typed):
    assert _names(_client(anna).get(URL, {"q": typed})) == ["Hageby Bilservice"]


def test_a_number_that_is_no_organisation_number_finds_nothing(anna, register):
    assert _names(_client(anna).get(URL, {"q": "556677-0000"})) == []


def test_it_finds_premises_by_city(anna, register):
    PremisesFactory(collaboration=register["kiosk"].collaboration, name="Hörnkiosken", city="Söderköping")
    assert _names(_client(anna).get(URL, {"q": "söderköping"})) == ["Hörnkiosken"]


def test_every_word_must_match_but_each_may_match_a_different_field(anna, register):
    assert _names(_client(anna).get(URL, {"q": "kvarngatan bilservice"})) == ["Hageby Bilservice"]
    assert _names(_client(anna).get(URL, {"q": "kvarngatan motor"})) == ["Hageby Bilservice"]
    assert _names(_client(anna).get(URL, {"q": "kvarngatan kiosk"})) == []


@pytest.mark.parametrize("typed", ["556677 - 8899", "778899", "6677-88"])
def test_it_finds_an_organisation_number_typed_with_spaces_or_in_part(anna, register, typed):
    assert _names(_client(anna).get(URL, {"q": typed})) == ["Hageby Bilservice"]


def test_it_filters_by_type(anna, register):
    assert _names(_client(anna).get(URL, {"type": "tattoo"})) == ["Bläck & Nål"]


@pytest.mark.parametrize("typed", ["602 21", "60221"])
def test_it_filters_by_a_whole_postal_code(anna, register, typed):
    assert _names(_client(anna).get(URL, {"area": typed})) == ["Hageby Bilservice"]


def test_it_filters_by_the_three_digit_area(anna, register):
    assert _names(_client(anna).get(URL, {"area": "602"})) == ["Hageby Bilservice", "Torgkiosken"]


def test_it_keeps_only_premises_with_open_findings(anna, norrkoping, skatteverket, register):
    ledger = Category.objects.get(agency_kind="tax", code="staff-ledger")
    open_visit = _visited(register["kiosk"], days_ago=30)
    FindingFactory(visit=open_visit, agency=skatteverket, category=ledger, status="follow_up_due")
    settled_visit = _visited(register["tatuering"], days_ago=30)
    FindingFactory(visit=settled_visit, agency=skatteverket, category=ledger, status="closed")
    response = _client(anna).get(URL, {"open": "on"})
    assert _names(response) == ["Torgkiosken"]
    assert response.context["page"].object_list[0].open_findings == 1


def test_it_keeps_premises_not_visited_for_n_months_never_visited_included(anna, register):
    _visited(register["verkstad"], days_ago=61)  # two months ago
    _visited(register["kiosk"], days_ago=245)  # eight months ago
    _visited(register["kiosk"], days_ago=20, outcome=VisitOutcome.CANCELLED)  # not carried out: does not count
    # Bläck & Nål was never visited.
    assert _names(_client(anna).get(URL, {"months": "6"})) == ["Bläck & Nål", "Torgkiosken"]


def test_filters_combine(anna, register):
    _visited(register["kiosk"], days_ago=245)
    assert _names(_client(anna).get(URL, {"area": "602", "months": "6", "q": "kiosk"})) == ["Torgkiosken"]


def test_each_row_shows_address_business_last_visit_and_open_findings(anna, skatteverket, register):
    visit = _visited(register["verkstad"], days_ago=61)
    _visited(register["verkstad"], days_ago=10, outcome=VisitOutcome.PLANNED)
    ledger = Category.objects.get(agency_kind="tax", code="staff-ledger")
    FindingFactory.create_batch(2, visit=visit, agency=skatteverket, category=ledger, status="open")
    response = _client(anna).get(URL, {"q": "Hageby"})
    row = response.context["page"].object_list[0]
    assert timezone.localdate(row.last_visit) == timezone.localdate() - datetime.timedelta(days=61)
    assert row.open_findings == 2
    html = response.content.decode()
    assert "Kvarngatan 4, 602 21 Norrköping" in html
    assert "Hageby Motor AB" in html
    assert reverse("premises_detail", kwargs={"pk": register["verkstad"].pk}) in html


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"months": "abc"}, "months"),
        ({"months": "0"}, "months"),
        ({"months": "9999"}, "months"),
        ({"months": "1" * 50}, "months"),
        ({"area": "12"}, "area"),
        ({"area": "6022"}, "area"),
        ({"type": "casino"}, "type"),
    ],
)
def test_a_bad_filter_value_is_refused_at_its_field(anna, register, params, field):
    response = _client(anna).get(URL, params)
    assert response.status_code == 400
    assert list(response.context["form"].errors) == [field]
    assert response.context["page"] is None
    assert 'class="error-summary"' in response.content.decode()


def test_the_months_message_says_what_is_allowed(anna, register):
    response = _client(anna).get(URL, {"months": "9999"})
    assert response.context["form"].errors["months"] == ["Enter a whole number of months, from 1 to 120."]


def test_an_htmx_request_gets_only_the_results(anna, register):
    response = _client(anna).get(URL, {"q": "kiosk"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and "<form" not in html
    assert "Torgkiosken" in html and "Hageby Bilservice" not in html
    assert "HX-Request" in response["Vary"]


def test_an_htmx_request_with_a_bad_filter_gets_the_results_part_with_the_reason(anna, register):
    response = _client(anna).get(URL, {"area": "60"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "<html" not in html and "<form" not in html
    alert = html[html.index('role="alert"') : html.index("</div>", html.index('role="alert"'))]
    assert "Enter a postal code (602 21) or its first three digits (602)." in alert


def test_the_whole_page_carries_the_htmx_filter_form(anna, register):
    html = _client(anna).get(URL).content.decode()
    assert 'hx-get="/lokaler/"' in html
    assert 'hx-target="#premises-results"' in html
    assert 'hx-push-url="true"' in html
    assert 'id="premises-results"' in html


def _list_queries(client, params=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, params or {})
    assert response.status_code == 200
    return len(queries), response


def _busy_premises(collaboration, agency, category, n):
    """Premises with a business, a carried-out visit and an open finding each."""
    operation = OperationFactory(collaboration=collaboration)
    for _ in range(n):
        premises = PremisesFactory(collaboration=collaboration, with_business=True)
        visit = VisitFactory(operation=operation, premises=premises, outcome=VisitOutcome.CARRIED_OUT)
        FindingFactory(visit=visit, agency=agency, category=category)


def test_the_list_costs_the_same_queries_for_1_and_50_rows(anna, norrkoping, skatteverket):
    client = _client(anna)
    ledger = Category.objects.get(agency_kind="tax", code="staff-ledger")
    _busy_premises(norrkoping, skatteverket, ledger, 1)
    _list_queries(client)  # warms the per-process caches
    with_one, response = _list_queries(client)
    assert len(response.context["page"].object_list) == 1
    _busy_premises(norrkoping, skatteverket, ledger, 49)
    with_fifty, response = _list_queries(client)
    assert len(response.context["page"].object_list) == 50
    assert with_fifty == with_one


def test_the_list_is_paged_by_fifty_and_keeps_the_filters(anna, norrkoping):
    PremisesFactory.create_batch(51, collaboration=norrkoping, premises_type=PremisesType.KIOSK)
    PremisesFactory(collaboration=norrkoping, premises_type=PremisesType.CAR_WASH)
    client = _client(anna)
    first = client.get(URL, {"type": "kiosk"})
    assert len(first.context["page"].object_list) == 50
    assert "?type=kiosk&amp;sida=2" in first.content.decode()
    second = client.get(URL, {"type": "kiosk", "sida": "2"})
    assert len(second.context["page"].object_list) == 1


def test_a_coordinator_of_linkoping_sees_none_of_norrkopings_premises(lars, linkoping, register):
    PremisesFactory(collaboration=linkoping, name="Lkpg Biltvätt")
    assert _names(_client(lars).get(URL)) == ["Lkpg Biltvätt"]


@pytest.mark.parametrize("person", ["erik", "petra"])
def test_inspectors_and_press_officers_do_not_find_the_register(request, register, person):
    user = request.getfixturevalue(person)
    assert _client(user).get(URL).status_code == 404
