"""The list of operations: coordinators see their collaborations', agency members those their
agency takes part in; upcoming first, then past; filtered by status; paginated."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agencies.models import Role
from inspections.models import OperationKind, OperationStatus
from tests.factories import MembershipFactory, OperationFactory, UserFactory, VisitFactory, local_time

URL = reverse("operation_list")
TODAY = datetime.date(2025, 3, 12)


@pytest.fixture(autouse=True)
def _on_12_march_2025():
    with time_machine.travel(local_time(TODAY, 9), tick=False):
        yield


@pytest.fixture(autouse=True)
def _english_pages(client):
    client.cookies["django_language"] = "en"


def names(response):
    return [o.name for o in response.context["page"].object_list]


def on(day, collaboration, name, agencies=(), **fields):
    return OperationFactory(
        collaboration=collaboration, name=name, start_date=day, end_date=day, agencies=list(agencies), **fields
    )


def test_upcoming_operations_come_first_soonest_first_then_past_ones_latest_first(client, anna, norrkoping):
    on(datetime.date(2025, 1, 15), norrkoping, "Januari")
    on(datetime.date(2025, 5, 2), norrkoping, "Maj")
    on(datetime.date(2025, 3, 11), norrkoping, "Igår")
    on(datetime.date(2025, 3, 12), norrkoping, "Idag")
    on(datetime.date(2025, 4, 1), norrkoping, "April")
    # Started yesterday, ends tomorrow: still upcoming.
    OperationFactory(
        collaboration=norrkoping,
        name="Pågående",
        start_date=datetime.date(2025, 3, 11),
        end_date=datetime.date(2025, 3, 13),
    )
    client.force_login(anna)
    response = client.get(URL)
    assert response.status_code == 200
    assert names(response) == ["Pågående", "Idag", "April", "Maj", "Igår", "Januari"]


def test_a_coordinator_sees_every_operation_of_their_collaboration_and_none_of_another(
    client, anna, norrkoping, linkoping, kommunen
):
    on(datetime.date(2025, 4, 1), norrkoping, "Utan kommunen")
    on(datetime.date(2025, 4, 2), norrkoping, "Med kommunen", agencies=[kommunen])
    on(datetime.date(2025, 4, 3), linkoping, "Linköpings insats")
    client.force_login(anna)
    response = client.get(URL)
    assert names(response) == ["Utan kommunen", "Med kommunen"]
    assert "Linköpings insats" not in response.content.decode()


def test_an_inspector_sees_only_operations_their_agency_takes_part_in(
    client, erik, norrkoping, linkoping, skatteverket, raddningstjansten
):
    on(datetime.date(2025, 4, 1), norrkoping, "Skatt och brand", agencies=[skatteverket, raddningstjansten])
    on(datetime.date(2025, 4, 2), norrkoping, "Bara brand", agencies=[raddningstjansten])
    on(datetime.date(2025, 4, 3), linkoping, "Skatt i Linköping", agencies=[skatteverket])
    client.force_login(erik)
    response = client.get(URL)
    assert response.status_code == 200
    assert names(response) == ["Skatt och brand"]
    assert "Plan a new operation" not in response.content.decode()


def test_a_coordinator_is_offered_to_plan_a_new_operation(client, anna):
    client.force_login(anna)
    page = client.get(URL).content.decode()
    assert "Plan a new operation" in page
    assert reverse("operation_create") in page


@pytest.mark.parametrize("person", ["petra", "nobody"])
def test_press_officers_and_people_without_a_role_get_404(client, petra, person):
    user = petra if person == "petra" else UserFactory(username="nobody")
    client.force_login(user)
    assert client.get(URL).status_code == 404


def test_a_row_shows_dates_name_kind_status_visits_and_agencies(
    client, anna, norrkoping, skatteverket, raddningstjansten
):
    operation = OperationFactory(
        collaboration=norrkoping,
        name="EMPACT-dagen",
        kind=OperationKind.EMPACT,
        start_date=datetime.date(2025, 4, 8),
        end_date=datetime.date(2025, 4, 9),
        agencies=[skatteverket, raddningstjansten],
    )
    VisitFactory.create_batch(3, operation=operation)
    client.force_login(anna)
    response = client.get(URL)
    row = response.context["page"].object_list[0]
    assert row.visit_count == 3
    page = response.content.decode()
    assert "2025-04-08 – 2025-04-09" in page
    assert '<span class="tag tag--empact">EMPACT action day</span>' in page
    assert '<span class="status status--planned">Planned</span>' in page
    assert "Räddningstjänsten Östra Götaland, Skatteverket" in page
    assert f'href="{reverse("operation_detail", args=[operation.pk])}"' in page


def test_it_filters_by_status(client, anna, norrkoping):
    on(datetime.date(2025, 4, 1), norrkoping, "Planerad")
    on(datetime.date(2025, 4, 2), norrkoping, "Inställd", status=OperationStatus.CANCELLED)
    on(datetime.date(2025, 3, 1), norrkoping, "Genomförd", status=OperationStatus.DONE)
    client.force_login(anna)
    assert names(client.get(URL, {"status": "cancelled"})) == ["Inställd"]
    assert names(client.get(URL, {"status": "done"})) == ["Genomförd"]
    assert names(client.get(URL, {"status": ""})) == ["Planerad", "Inställd", "Genomförd"]


@pytest.mark.parametrize("status", ["postponed", "x" * 500, "1"])
def test_an_unknown_status_filter_is_a_bad_request(client, anna, norrkoping, status):
    on(datetime.date(2025, 4, 1), norrkoping, "Planerad")
    client.force_login(anna)
    response = client.get(URL, {"status": status})
    assert response.status_code == 400
    assert "Choose one of the statuses." in response.content.decode()


def test_a_bad_page_number_shows_a_page_not_an_error(client, anna, norrkoping):
    on(datetime.date(2025, 4, 1), norrkoping, "Planerad")
    client.force_login(anna)
    for page in ("abc", "99999999999999999999", "-1"):
        assert client.get(URL, {"sida": page}).status_code == 200


def test_fifty_operations_fit_on_a_page_and_the_next_page_keeps_the_filter(client, anna, norrkoping):
    for n in range(51):
        on(datetime.date(2025, 4, 1) + datetime.timedelta(days=n), norrkoping, f"Insats {n:02d}")
    client.force_login(anna)
    response = client.get(URL, {"status": "planned"})
    assert len(response.context["page"].object_list) == 50
    assert "?status=planned&amp;sida=2" in response.content.decode()
    assert names(client.get(URL, {"status": "planned", "sida": 2})) == ["Insats 50"]


def _make_operations(count, norrkoping, agencies):
    for n in range(count):
        operation = on(datetime.date(2025, 4, 1) + datetime.timedelta(days=n), norrkoping, f"Insats {n}", agencies)
        VisitFactory(operation=operation)


@pytest.mark.parametrize("who", ["anna", "erik"])
def test_the_list_costs_the_same_queries_for_one_and_fifty_operations(
    client, anna, erik, norrkoping, skatteverket, raddningstjansten, django_assert_num_queries, who
):
    client.force_login(anna if who == "anna" else erik)
    _make_operations(1, norrkoping, [skatteverket, raddningstjansten])
    with CaptureQueriesContext(connection) as one:
        assert len(client.get(URL).context["page"].object_list) == 1
    _make_operations(49, norrkoping, [skatteverket, raddningstjansten])
    with django_assert_num_queries(len(one.captured_queries)):
        assert len(client.get(URL).context["page"].object_list) == 50


def test_a_coordinator_of_two_collaborations_sees_both_with_their_names(client, anna, norrkoping, linkoping, polisen):
    MembershipFactory(user=anna, collaboration=linkoping, agency=polisen, role=Role.COORDINATOR)
    on(datetime.date(2025, 4, 1), norrkoping, "I Norrköping")
    on(datetime.date(2025, 4, 2), linkoping, "I Linköping")
    client.force_login(anna)
    response = client.get(URL)
    assert names(response) == ["I Norrköping", "I Linköping"]
    assert "LOS Linköping" in response.content.decode()
