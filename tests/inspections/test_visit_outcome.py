"""The coordinator records a visit's outcome: carried out, premises closed or cancelled, the
number of persons checked, the time spent and the inspectors present."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from inspections.models import VisitOutcome
from inspections.services_operations import visit_record_outcome
from tests.factories import MembershipFactory, UserFactory, local_time

MARCH_10 = datetime.date(2025, 3, 10)
EVENING = local_time(MARCH_10, 18)


@pytest.fixture(autouse=True)
def _after_the_visit(client):
    client.cookies["django_language"] = "en"
    with time_machine.travel(local_time(MARCH_10, 23), tick=False):
        yield


@pytest.fixture
def booked(operation, visit, erik, farah):
    operation.inspectors.add(erik, farah)
    visit.scheduled_at = EVENING
    visit.save()
    return visit


def url(visit):
    return reverse("visit_outcome", args=[visit.pk])


def data(**overrides):
    values = {
        "outcome": "carried_out",
        "scheduled_at": "2025-03-10T18:00",
        "persons_checked": "4",
        "minutes_spent": "45",
        "inspectors": [],
    }
    values.update(overrides)
    return {k: v for k, v in values.items() if v is not None}


def post(client, user, visit, **overrides):
    client.force_login(user)
    return client.post(url(visit), data(**overrides))


def unchanged(visit):
    visit.refresh_from_db()
    return (visit.outcome, visit.persons_checked, visit.minutes_spent, visit.inspectors.count()) == (
        "planned",
        0,
        None,
        0,
    )


def test_the_form_shows_the_visit_and_the_booked_inspectors(client, anna, booked, petra):
    client.force_login(anna)
    response = client.get(url(booked))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Hageby Bilservice" in page
    assert "Erik Johansson" in page and "Farah Haddad" in page
    assert "Petra Nilsson" not in page
    assert 'value="2025-03-10T18:00"' in page


def test_a_coordinator_records_a_visit_carried_out(client, anna, booked, erik, farah):
    response = post(client, anna, booked, inspectors=[erik.pk, farah.pk], scheduled_at="2025-03-10T18:20")
    assert response.status_code == 302
    assert response["Location"] == reverse("operation_detail", args=[booked.operation_id])
    booked.refresh_from_db()
    assert booked.outcome == "carried_out"
    assert booked.persons_checked == 4
    assert booked.minutes_spent == 45
    assert booked.scheduled_at == local_time(MARCH_10, 18, 20)
    assert set(booked.inspectors.all()) == {erik, farah}


def test_premises_found_closed_are_recorded_with_nobody_checked(client, anna, booked, erik):
    response = post(client, anna, booked, outcome="closed", persons_checked="0", minutes_spent="5")
    assert response.status_code == 302
    booked.refresh_from_db()
    assert (booked.outcome, booked.persons_checked, booked.minutes_spent) == ("closed", 0, 5)


@pytest.mark.parametrize("outcome", ["carried_out", "closed"])
def test_a_visit_whose_time_is_still_to_come_cannot_be_carried_out_or_closed(client, anna, booked, outcome):
    with time_machine.travel(local_time(MARCH_10, 17, 59), tick=False):
        response = post(client, anna, booked, outcome=outcome, persons_checked="0")
    assert response.status_code == 400
    assert response.context["form"].errors["outcome"] == [
        "A visit whose time is still to come cannot be recorded as carried out or closed."
    ]
    assert unchanged(booked)


def test_a_future_visit_may_be_cancelled(client, anna, booked):
    with time_machine.travel(local_time(MARCH_10, 12), tick=False):
        response = post(client, anna, booked, outcome="cancelled", persons_checked="0", minutes_spent="")
    assert response.status_code == 302
    booked.refresh_from_db()
    assert booked.outcome == "cancelled"


@pytest.mark.parametrize("outcome", ["closed", "cancelled", "planned"])
def test_persons_checked_must_be_zero_unless_carried_out(client, anna, booked, outcome):
    response = post(client, anna, booked, outcome=outcome, persons_checked="2")
    assert response.status_code == 400
    assert response.context["form"].errors["persons_checked"] == [
        "Persons can only have been checked at a visit that was carried out."
    ]
    assert unchanged(booked)


def test_inspectors_present_must_be_booked_on_the_operation(client, anna, booked, norrkoping, operation):
    nils = UserFactory(username="nils")
    MembershipFactory(user=nils, collaboration=norrkoping, agency=operation.agencies.first())
    response = post(client, anna, booked, inspectors=[nils.pk])
    assert response.status_code == 400
    assert response.context["form"].errors["inspectors"] == ["Choose inspectors booked on the operation."]
    assert unchanged(booked)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"outcome": "exploded"}, "outcome"),
        ({"outcome": None}, "outcome"),
        ({"persons_checked": "1001"}, "persons_checked"),
        ({"persons_checked": "-1"}, "persons_checked"),
        ({"persons_checked": "many"}, "persons_checked"),
        ({"persons_checked": "99999999999999999999"}, "persons_checked"),
        ({"minutes_spent": "1441"}, "minutes_spent"),
        ({"minutes_spent": "-5"}, "minutes_spent"),
        ({"scheduled_at": "2025-03-12T18:00"}, "scheduled_at"),
        ({"scheduled_at": "yesterday"}, "scheduled_at"),
        ({"scheduled_at": "99999-03-10T18:00"}, "scheduled_at"),
        ({"inspectors": ["abc"]}, "inspectors"),
        ({"inspectors": ["99999999999999999999"]}, "inspectors"),
    ],
)
def test_bad_input_is_shown_at_its_field_and_nothing_is_saved(client, anna, booked, overrides, field):
    response = post(client, anna, booked, **overrides)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert "There is a problem" in response.content.decode()
    assert unchanged(booked)


def test_a_time_outside_the_operation_is_shown_once_at_the_time_with_the_other_problems(client, anna, booked):
    response = post(client, anna, booked, outcome="closed", scheduled_at="2025-03-12T18:00", persons_checked="2")
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["scheduled_at"] == ["The visit must take place during the operation (2025-03-10 – 2025-03-11)."]
    assert errors["persons_checked"] == ["Persons can only have been checked at a visit that was carried out."]
    assert unchanged(booked)


def test_a_whole_day_is_the_most_time_a_visit_can_take(client, anna, booked):
    assert post(client, anna, booked, minutes_spent="1440").status_code == 302


def test_agency_members_may_not_record_and_others_do_not_see(client, erik, petra, booked):
    client.force_login(erik)
    assert client.get(url(booked)).status_code == 403
    assert client.post(url(booked), data()).status_code == 403
    client.force_login(petra)
    assert client.get(url(booked)).status_code == 404
    assert unchanged(booked)


# --- the service on its own ---------------------------------------------------------------------


def record(visit, **overrides):
    arguments = {
        "visit": visit,
        "outcome": VisitOutcome.CARRIED_OUT,
        "persons_checked": 3,
        "minutes_spent": 30,
        "inspectors": [],
        "scheduled_at": EVENING,
    }
    return visit_record_outcome(**{**arguments, **overrides})


def test_the_service_records_the_outcome(booked, erik):
    record(booked, inspectors=[erik])
    booked.refresh_from_db()
    assert (booked.outcome, booked.persons_checked, booked.minutes_spent) == ("carried_out", 3, 30)
    assert list(booked.inspectors.all()) == [erik]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"outcome": VisitOutcome.CLOSED}, "persons_checked"),
        ({"minutes_spent": 1441}, "minutes_spent"),
        ({"minutes_spent": -1}, "minutes_spent"),
        ({"persons_checked": 1001}, "persons_checked"),
        ({"outcome": "exploded", "persons_checked": 0}, "outcome"),
        ({"scheduled_at": local_time(MARCH_10, 23, 30)}, "outcome"),
        ({"scheduled_at": local_time(datetime.date(2025, 3, 9), 18)}, "scheduled_at"),
    ],
)
def test_the_service_checks_the_rules_itself(booked, overrides, field):
    with pytest.raises(ValidationError) as excinfo:
        record(booked, **overrides)
    assert field in excinfo.value.message_dict
    assert unchanged(booked)


def test_the_service_reports_a_time_outside_the_operation_with_the_other_problems(booked, petra):
    with pytest.raises(ValidationError) as excinfo:
        record(booked, inspectors=[petra], scheduled_at=local_time(datetime.date(2025, 3, 9), 18))
    assert excinfo.value.message_dict == {
        "inspectors": ["Not booked on this operation: Petra Nilsson."],
        "scheduled_at": ["The visit must take place during the operation (2025-03-10 – 2025-03-11)."],
    }
    assert unchanged(booked)


def test_the_service_refuses_an_inspector_not_booked(booked, petra):
    with pytest.raises(ValidationError) as excinfo:
        record(booked, inspectors=[petra])
    assert excinfo.value.message_dict == {"inspectors": ["Not booked on this operation: Petra Nilsson."]}
    assert unchanged(booked)


def test_an_empty_submission_is_a_bad_request(client, anna, booked):
    client.force_login(anna)
    assert client.post(url(booked), {}).status_code == 400
    assert unchanged(booked)
