"""The plan page: coordinators plan on it, agency members of a participating agency read it."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from agencies.models import Role
from inspections.models import OperationStatus, PremisesType, VisitOutcome
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

MARCH_10 = datetime.date(2025, 3, 10)


@pytest.fixture(autouse=True)
def _early_march_2025(client):
    client.cookies["django_language"] = "en"
    with time_machine.travel(local_time(datetime.date(2025, 3, 1), 9), tick=False):
        yield


def url(operation):
    return reverse("operation_detail", args=[operation.pk])


def page_of(client, user, operation):
    client.force_login(user)
    response = client.get(url(operation))
    return response, response.content.decode()


@pytest.fixture
def plan(operation, norrkoping, erik):
    """Two visits in order: a restaurant at 18:00, then a car wash at 18:30."""
    operation.inspectors.add(erik)
    first = VisitFactory(
        operation=operation,
        position=1,
        scheduled_at=local_time(MARCH_10, 18),
        premises=PremisesFactory(
            collaboration=norrkoping,
            name="Restaurang Solen",
            premises_type=PremisesType.RESTAURANT,
            address="Drottninggatan 12",
        ),
    )
    second = VisitFactory(
        operation=operation,
        position=2,
        scheduled_at=local_time(MARCH_10, 18, 30),
        premises=PremisesFactory(
            collaboration=norrkoping, name="Glansbilen", premises_type=PremisesType.CAR_WASH, address="Hamngatan 3"
        ),
    )
    return first, second


def test_a_coordinator_sees_the_details_and_the_visits_in_order(client, anna, operation, plan):
    response, page = page_of(client, anna, operation)
    assert response.status_code == 200
    assert "Vårinsats Hageby" in page
    assert "Räddningstjänsten Östra Götaland, Skatteverket" in page
    assert "Erik Johansson (Skatteverket)" in page
    assert [v.premises.name for v in response.context["visits"]] == ["Restaurang Solen", "Glansbilen"]
    assert page.index("Restaurang Solen") < page.index("Glansbilen")
    for text in ("2025-03-10 18:00", "2025-03-10 18:30", "Restaurant", "Car wash", "Drottninggatan 12", "Planned"):
        assert text in page


def test_a_coordinator_gets_move_buttons_that_work_with_and_without_javascript(client, anna, operation, plan):
    first, second = plan
    _response, page = page_of(client, anna, operation)
    move = reverse("visit_move", args=[first.pk])
    assert f'action="{move}"' in page
    assert f'hx-post="{move}" hx-target="#visit-list" hx-swap="outerHTML"' in page
    assert 'name="direction" value="down"' in page
    assert page.count("Move up") == 1  # the first visit cannot go higher
    assert page.count("Move down") == 1
    assert f'href="{reverse("visit_outcome", args=[first.pk])}"' in page


def test_only_removable_visits_get_a_remove_button(client, anna, operation, plan, skatteverket):
    first, second = plan
    FindingFactory(visit=first, agency=skatteverket)
    _response, page = page_of(client, anna, operation)
    assert reverse("visit_remove", args=[first.pk]) not in page
    assert reverse("visit_remove", args=[second.pk]) in page
    second.outcome = VisitOutcome.CANCELLED
    second.save()
    _response, page = page_of(client, anna, operation)
    assert reverse("visit_remove", args=[second.pk]) not in page


def test_a_coordinator_gets_the_planning_links(client, anna, operation):
    _response, page = page_of(client, anna, operation)
    assert f'href="{reverse("operation_edit", args=[operation.pk])}"' in page
    assert f'action="{reverse("operation_premises_search", args=[operation.pk])}"' in page
    for name, label in (
        ("operation_candidates", "Choose from the ranked candidates"),
        ("briefing_sheet", "Briefing sheet"),
        ("briefing_pdf", "Briefing sheet (PDF)"),
    ):
        try:
            link = reverse(name, args=[operation.pk])
        except NoReverseMatch:  # built elsewhere; the page hides the link until it exists
            assert f">{label}<" not in page
        else:
            assert f'href="{link}"' in page
            assert label in page


def test_a_planned_operation_that_has_not_started_can_be_cancelled_not_marked_done(client, anna, operation):
    _response, page = page_of(client, anna, operation)
    assert "Cancel operation" in page
    assert "Mark as carried out" not in page
    assert "Reopen" not in page


def test_a_started_operation_can_be_marked_as_carried_out(client, anna, operation):
    with time_machine.travel(local_time(MARCH_10, 20), tick=False):
        _response, page = page_of(client, anna, operation)
    assert "Mark as carried out" in page


@pytest.mark.parametrize("status", [OperationStatus.DONE, OperationStatus.CANCELLED])
def test_a_done_or_cancelled_operation_can_be_reopened(client, anna, operation, status):
    operation.status = status
    operation.save()
    _response, page = page_of(client, anna, operation)
    assert "Reopen" in page
    assert "Cancel operation" not in page


# --- agency members read ------------------------------------------------------------------------


def test_erik_reads_the_plan_when_the_tax_agency_takes_part(client, erik, operation, plan, norrkoping, farah):
    other = OperationFactory(collaboration=norrkoping, name="Samtidig insats", start_date=MARCH_10)
    other.inspectors.add(erik)
    response, page = page_of(client, erik, operation)
    assert response.status_code == 200
    assert "Restaurang Solen" in page and "Glansbilen" in page
    for planning in ("Move up", "Move down", "Remove", "Record outcome", "Cancel operation", "Add premises"):
        assert planning not in page
    assert "Check before the operation" not in page
    assert "Samtidig insats" not in page
    assert "<form" not in page.split('<main id="main"')[1]
    assert response.context["is_planner"] is False


def test_erik_gets_404_when_the_tax_agency_does_not_take_part(client, erik, norrkoping, raddningstjansten):
    fire_only = OperationFactory(collaboration=norrkoping, agencies=[raddningstjansten])
    response, _page = page_of(client, erik, fire_only)
    assert response.status_code == 404


def test_an_agency_admin_of_a_participating_agency_reads_the_plan(client, operation, sara):
    response, page = page_of(client, sara, operation)
    assert response.status_code == 200
    assert "Move up" not in page


def test_a_press_officer_gets_404(client, petra, operation):
    response, _page = page_of(client, petra, operation)
    assert response.status_code == 404


def test_a_linkoping_coordinator_gets_404(client, operation, linkoping, polisen):
    lars = UserFactory(username="lars")
    MembershipFactory(user=lars, collaboration=linkoping, agency=polisen, role=Role.COORDINATOR)
    response, _page = page_of(client, lars, operation)
    assert response.status_code == 404


def test_an_unknown_operation_is_404(client, anna):
    client.force_login(anna)
    assert client.get("/insatser/99999999999999999999/").status_code == 404


# --- cost ---------------------------------------------------------------------------------------


def _add_visits(operation, count):
    for n in range(count):
        premises = PremisesFactory(
            collaboration=operation.collaboration, premises_type=PremisesType.KIOSK, with_business=True
        )
        visit = VisitFactory(operation=operation, premises=premises, position=n + 1)
        visit.inspectors.add(*operation.inspectors.all())


@pytest.mark.parametrize("who", ["anna", "erik"])
def test_the_page_costs_the_same_queries_for_one_and_fifty_visits(
    client, anna, erik, farah, operation, django_assert_num_queries, who
):
    operation.inspectors.add(erik, farah)
    client.force_login(anna if who == "anna" else erik)
    _add_visits(operation, 1)
    with CaptureQueriesContext(connection) as one:
        assert len(client.get(url(operation)).context["visits"]) == 1
    _add_visits(operation, 49)
    with django_assert_num_queries(len(one.captured_queries)):
        assert len(client.get(url(operation)).context["visits"]) == 50


# --- status -------------------------------------------------------------------------------------


def status_url(operation):
    return reverse("operation_status", args=[operation.pk])


def test_a_coordinator_cancels_an_operation(client, anna, operation):
    client.force_login(anna)
    response = client.post(status_url(operation), {"status": "cancelled"})
    assert response.status_code == 302
    assert response["Location"] == url(operation)
    operation.refresh_from_db()
    assert operation.status == "cancelled"


def test_marking_an_operation_done_before_it_starts_is_refused(client, anna, operation):
    client.force_login(anna)
    response = client.post(status_url(operation), {"status": "done"})
    assert response.status_code == 400
    assert "An operation that has not started yet cannot be marked as carried out." in response.content.decode()
    operation.refresh_from_db()
    assert operation.status == "planned"


def test_a_started_operation_is_marked_done_through_the_page(client, anna, operation):
    with time_machine.travel(local_time(MARCH_10, 22), tick=False):
        client.force_login(anna)  # inside: a session idle for nine days has ended
        response = client.post(status_url(operation), {"status": "done"})
    assert response["Location"] == url(operation)
    assert response.status_code == 302
    operation.refresh_from_db()
    assert operation.status == "done"


@pytest.mark.parametrize("data", [{}, {"status": "postponed"}, {"status": "x" * 1000}])
def test_a_bad_status_is_a_bad_request(client, anna, operation, data):
    client.force_login(anna)
    assert client.post(status_url(operation), data).status_code == 400
    operation.refresh_from_db()
    assert operation.status == "planned"


def test_an_inspector_may_not_change_the_status(client, erik, operation):
    client.force_login(erik)
    assert client.post(status_url(operation), {"status": "cancelled"}).status_code == 403
    assert client.get(status_url(operation)).status_code == 405
    operation.refresh_from_db()
    assert operation.status == "planned"


# --- premises search ----------------------------------------------------------------------------


def search_url(operation):
    return reverse("operation_premises_search", args=[operation.pk])


@pytest.fixture
def register(norrkoping, linkoping, visit):
    """Premises to search among: two in Norrköping, one in Linköping; Hageby Bilservice is on the plan."""
    business = BusinessFactory(collaboration=norrkoping, name="Tvätt & Glans AB", org_number="5566778899")
    PremisesFactory(collaboration=norrkoping, name="Glansbilen", address="Hamngatan 3", business=business)
    PremisesFactory(collaboration=norrkoping, name="Kebab Hörnet", address="Hagebygatan 1", city="Norrköping")
    PremisesFactory(collaboration=linkoping, name="Glansbilen Linköping", address="Storgatan 1")


def found(response):
    return [p.name for p in response.context["results"]]


def test_the_search_finds_premises_of_the_collaboration_not_yet_on_the_plan(client, anna, operation, register):
    client.force_login(anna)
    assert found(client.get(search_url(operation), {"q": "glans"})) == ["Glansbilen"]
    assert found(client.get(search_url(operation), {"q": "hageby"})) == ["Kebab Hörnet"]
    assert found(client.get(search_url(operation), {"q": "556677-8899"})) == ["Glansbilen"]
    assert found(client.get(search_url(operation), {"q": "Tvätt"})) == ["Glansbilen"]


@pytest.mark.parametrize("typed", ["norrköping glans", "5566", "556677 - 8899", "5566778899", "tvätt hamngatan"])
def test_the_search_reads_words_and_organisation_numbers_as_the_register_does(client, anna, operation, register, typed):
    client.force_login(anna)
    assert found(client.get(search_url(operation), {"q": typed})) == ["Glansbilen"]
    assert [p.name for p in client.get(reverse("premises_list"), {"q": typed}).context["page"]] == ["Glansbilen"]


def test_without_javascript_the_search_shows_the_whole_plan_page_with_add_buttons(client, anna, operation, register):
    client.force_login(anna)
    response = client.get(search_url(operation), {"q": "glans"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" in page
    assert "Vårinsats Hageby" in page
    assert f'action="{reverse("visit_add", args=[operation.pk])}"' in page
    assert f'name="next" value="{search_url(operation)}?q=glans"' in page
    assert "Glansbilen Linköping" not in page


def test_with_htmx_the_search_returns_only_the_results(client, anna, operation, register):
    client.force_login(anna)
    response = client.get(search_url(operation), {"q": "glans"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page
    assert page.strip().startswith('<div id="premises-search-results"')
    assert "Glansbilen" in page
    assert 'name="next"' not in page


def test_a_search_that_finds_nothing_says_so(client, anna, operation, register):
    client.force_login(anna)
    response = client.get(search_url(operation), {"q": "finns inte"})
    assert "No premises match that are not already on the operation." in response.content.decode()


def test_an_overlong_search_is_a_bad_request(client, anna, operation):
    client.force_login(anna)
    response = client.get(search_url(operation), {"q": "x" * 101})
    assert response.status_code == 400
    assert "Enter at most 100 characters." in response.content.decode()


def test_with_htmx_a_refused_search_comes_back_as_the_results_with_the_reason(client, anna, operation):
    client.force_login(anna)
    response = client.get(search_url(operation), {"q": "x" * 101}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 400
    assert "<html" not in page
    assert page.strip().startswith('<div id="premises-search-results"')
    alert = page[page.index('role="alert"') : page.index("</div>", page.index('role="alert"'))]
    assert "Enter at most 100 characters." in alert


def test_agency_members_may_not_search(client, erik, operation):
    client.force_login(erik)
    assert client.get(search_url(operation), {"q": "glans"}).status_code == 403
