"""Putting premises on the plan, ordering the visits and taking them off again."""

import datetime

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inspections.models import PremisesType, Visit, VisitOutcome
from inspections.services_operations import visit_move, visit_remove
from tests.factories import FindingFactory, OperationFactory, PremisesFactory, VisitFactory, local_time

MARCH_10 = datetime.date(2025, 3, 10)


@pytest.fixture(autouse=True)
def _early_march_2025(client):
    client.cookies["django_language"] = "en"
    with time_machine.travel(local_time(datetime.date(2025, 3, 1), 9), tick=False):
        yield


def add_url(operation):
    return reverse("visit_add", args=[operation.pk])


def order(operation):
    return [(v.premises.name, v.position) for v in operation.visits.order_by("position").select_related("premises")]


def flash(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- add ----------------------------------------------------------------------------------------


def test_a_coordinator_adds_premises_last_at_the_next_half_hour(client, anna, operation, visit, norrkoping):
    visit.position = 1
    visit.save()
    kiosk = PremisesFactory(collaboration=norrkoping, name="Kiosken Torget", premises_type=PremisesType.KIOSK)
    client.force_login(anna)
    response = client.post(add_url(operation), {"premises": kiosk.pk})
    assert response.status_code == 302
    assert response["Location"] == reverse("operation_detail", args=[operation.pk])
    added = operation.visits.get(premises=kiosk)
    assert added.position == 2
    assert added.scheduled_at == local_time(MARCH_10, 18, 30)
    assert flash(response) == ["Kiosken Torget is added to the operation."]


def test_the_message_tells_the_warnings_for_the_added_premises(client, anna, norrkoping, raddningstjansten):
    fire_only = OperationFactory(collaboration=norrkoping, start_date=MARCH_10, agencies=[raddningstjansten])
    kiosk = PremisesFactory(collaboration=norrkoping, name="Kiosken Torget", premises_type=PremisesType.KIOSK)
    client.force_login(anna)
    response = client.post(add_url(fire_only), {"premises": kiosk.pk})
    assert response.status_code == 302
    assert flash(response) == [
        "Kiosken Torget is added to the operation. Check: No participating agency can act at Kiosken Torget (kiosk)."
    ]


def test_it_returns_to_a_local_next_path(client, anna, operation, premises):
    client.force_login(anna)
    back = reverse("operation_premises_search", args=[operation.pk]) + "?q=hageby"
    response = client.post(add_url(operation), {"premises": premises.pk, "next": back})
    assert response["Location"] == back


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)", "insatser/"])
def test_it_ignores_a_next_that_is_not_a_local_path(client, anna, operation, premises, target):
    client.force_login(anna)
    response = client.post(add_url(operation), {"premises": premises.pk, "next": target})
    assert response["Location"] == reverse("operation_detail", args=[operation.pk])


@pytest.mark.parametrize("value", ["", "abc", "-1", "99999999999999999999", "1.5"])
def test_a_bad_premises_id_is_a_bad_request(client, anna, operation, value):
    client.force_login(anna)
    response = client.post(add_url(operation), {"premises": value})
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    assert not operation.visits.exists()


def test_premises_of_another_collaboration_are_a_field_error(client, anna, operation, linkoping):
    elsewhere = PremisesFactory(collaboration=linkoping, name="PREMISES-LINKOPING")
    client.force_login(anna)
    response = client.post(add_url(operation), {"premises": elsewhere.pk})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose premises of this operation&#x27;s collaboration." in page
    assert "PREMISES-LINKOPING" not in page
    assert not operation.visits.exists()


def test_premises_already_on_the_operation_are_refused(client, anna, operation, visit, premises):
    client.force_login(anna)
    response = client.post(add_url(operation), {"premises": premises.pk})
    assert response.status_code == 400
    assert "Hageby Bilservice, Kvarngatan 4 is already on this operation." in response.content.decode()
    assert operation.visits.count() == 1


def test_an_inspector_may_not_add(client, erik, operation, premises):
    client.force_login(erik)
    assert client.post(add_url(operation), {"premises": premises.pk}).status_code == 403
    assert client.get(add_url(operation)).status_code == 405
    assert not operation.visits.exists()


# --- move ---------------------------------------------------------------------------------------


@pytest.fixture
def three(operation, norrkoping):
    """A, B, C at 18:00, 18:30 and 19:00, stored with gaps in their positions."""
    return [
        VisitFactory(
            operation=operation,
            premises=PremisesFactory(collaboration=norrkoping, name=name),
            position=position,
            scheduled_at=local_time(MARCH_10, 18 + minutes // 60, minutes % 60),
        )
        for name, position, minutes in (("A", 3, 0), ("B", 7, 30), ("C", 9, 60))
    ]


def move(client, visit, direction, **headers):
    return client.post(reverse("visit_move", args=[visit.pk]), {"direction": direction}, **headers)


def test_moving_down_swaps_with_the_next_and_numbers_one_to_n(client, anna, operation, three):
    a, _b, _c = three
    client.force_login(anna)
    response = move(client, a, "down")
    assert response.status_code == 302
    assert response["Location"] == reverse("operation_detail", args=[operation.pk]) + f"#visit-{a.pk}"
    assert order(operation) == [("B", 1), ("A", 2), ("C", 3)]


def test_moving_up_swaps_with_the_previous(client, anna, operation, three):
    _a, _b, c = three
    client.force_login(anna)
    move(client, c, "up")
    assert order(operation) == [("A", 1), ("C", 2), ("B", 3)]
    move(client, c, "up")
    assert order(operation) == [("C", 1), ("A", 2), ("B", 3)]


def test_the_time_slots_stay_in_order_when_planned_visits_swap(client, anna, operation, three):
    a, b, _c = three
    client.force_login(anna)
    move(client, a, "down")
    a.refresh_from_db()
    b.refresh_from_db()
    assert (b.scheduled_at, a.scheduled_at) == (local_time(MARCH_10, 18), local_time(MARCH_10, 18, 30))


def test_a_recorded_visit_keeps_its_time_when_moved(operation, three):
    a, b, _c = three
    Visit.objects.filter(pk=a.pk).update(outcome=VisitOutcome.CARRIED_OUT)
    visit_move(visit=a, direction="down")
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.position, a.scheduled_at) == (2, local_time(MARCH_10, 18))
    assert (b.position, b.scheduled_at) == (1, local_time(MARCH_10, 18, 30))


def test_the_first_cannot_go_up_nor_the_last_down_but_the_order_is_numbered(client, anna, operation, three):
    a, _b, c = three
    client.force_login(anna)
    assert move(client, a, "up").status_code == 302
    assert move(client, c, "down").status_code == 302
    assert order(operation) == [("A", 1), ("B", 2), ("C", 3)]


def test_with_htmx_the_visit_list_comes_back(client, anna, operation, three):
    a, _b, _c = three
    client.force_login(anna)
    response = move(client, a, "down", HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 200
    assert page.strip().startswith('<div id="visit-list">')
    assert "<html" not in page
    assert page.index(">B<") < page.index(">A<") < page.index(">C<")


def test_with_htmx_a_refused_move_comes_back_as_the_visit_list_with_the_reason(client, anna, operation, three):
    a, _b, _c = three
    client.force_login(anna)
    response = move(client, a, "sideways", HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 400
    assert page.strip().startswith('<div id="visit-list">')
    assert "<html" not in page
    alert = page[page.index('role="alert"') : page.index("</div>", page.index('role="alert"'))]
    assert "Move a visit up or down." in alert
    assert page.index(">A<") < page.index(">B<") < page.index(">C<")
    assert [p for _name, p in order(operation)] == [3, 7, 9]


def test_a_move_that_succeeds_with_htmx_shows_no_alert(client, anna, operation, three):
    a, _b, _c = three
    client.force_login(anna)
    assert 'role="alert"' not in move(client, a, "down", HTTP_HX_REQUEST="true").content.decode()


@pytest.mark.parametrize("direction", ["", "sideways", "UP"])
def test_a_bad_direction_is_a_bad_request(client, anna, operation, three, direction):
    a, _b, _c = three
    client.force_login(anna)
    assert move(client, a, direction).status_code == 400
    assert [p for _name, p in order(operation)] == [3, 7, 9]


def test_an_inspector_may_not_move(client, erik, operation, three):
    client.force_login(erik)
    assert move(client, three[0], "down").status_code == 403
    assert [p for _name, p in order(operation)] == [3, 7, 9]


# --- remove -------------------------------------------------------------------------------------


def remove(client, visit):
    return client.post(reverse("visit_remove", args=[visit.pk]))


def test_a_planned_visit_without_findings_is_removed_and_the_rest_renumbered(client, anna, operation, three):
    _a, b, _c = three
    client.force_login(anna)
    response = remove(client, b)
    assert response.status_code == 302
    assert order(operation) == [("A", 1), ("C", 2)]
    assert flash(response) == ["B is removed from the operation."]


def test_a_visit_with_findings_is_not_removed(client, anna, operation, three, skatteverket):
    a, _b, _c = three
    FindingFactory(visit=a, agency=skatteverket)
    client.force_login(anna)
    response = remove(client, a)
    assert response.status_code == 400
    assert "Findings are recorded at this visit, so it cannot be removed." in response.content.decode()
    assert Visit.objects.filter(pk=a.pk).exists()


@pytest.mark.parametrize("outcome", [VisitOutcome.CARRIED_OUT, VisitOutcome.CLOSED, VisitOutcome.CANCELLED])
def test_a_visit_with_an_outcome_is_not_removed(client, anna, operation, three, outcome):
    a, _b, _c = three
    Visit.objects.filter(pk=a.pk).update(outcome=outcome)
    client.force_login(anna)
    assert remove(client, a).status_code == 400
    assert Visit.objects.filter(pk=a.pk).exists()


def test_the_service_refuses_the_same(operation, three, skatteverket):
    FindingFactory(visit=three[0], agency=skatteverket)
    with pytest.raises(ValidationError):
        visit_remove(visit=three[0])


def test_an_inspector_may_not_remove(client, erik, operation, three):
    client.force_login(erik)
    assert remove(client, three[0]).status_code == 403
    assert operation.visits.count() == 3


def test_a_visit_of_another_collaboration_is_404(client, anna, linkoping):
    elsewhere = VisitFactory(operation=OperationFactory(collaboration=linkoping))
    client.force_login(anna)
    assert remove(client, elsewhere).status_code == 404
    assert move(client, elsewhere, "up").status_code == 404
    assert Visit.objects.filter(pk=elsewhere.pk).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_a_move_locks_the_operation_row_so_two_coordinators_cannot_interleave(operation, three):
    with CaptureQueriesContext(connection) as captured:
        visit_move(visit=three[0], direction="down")
    locks = [q["sql"] for q in captured.captured_queries if "FOR UPDATE" in q["sql"]]
    assert len(locks) == 1
    assert 'FROM "inspections_operation"' in locks[0]
