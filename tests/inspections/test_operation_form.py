"""Planning and changing an operation through its form: every rule shows at its field, the
answer is 400 and nothing is saved."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from agencies.models import Role
from inspections.models import Operation
from tests.factories import AgencyFactory, CollaborationFactory, MembershipFactory, UserFactory, local_time

CREATE = reverse("operation_create")


@pytest.fixture(autouse=True)
def _early_march_2025(client):
    client.cookies["django_language"] = "en"
    with time_machine.travel(local_time(datetime.date(2025, 3, 1), 9), tick=False):
        yield


@pytest.fixture
def as_anna(client, anna):
    client.force_login(anna)
    return client


def valid(skatteverket, raddningstjansten, erik, **overrides):
    data = {
        "name": "Vårinsats Hageby",
        "kind": "los",
        "start_date": "2025-03-10",
        "end_date": "2025-03-11",
        "agencies": [skatteverket.pk, raddningstjansten.pk],
        "inspectors": [erik.pk],
        "notes": "Samling 17.30",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def field_errors(response, field):
    return response.context["form"].errors.get(field, [])


# --- the page -----------------------------------------------------------------------------------


def test_the_form_offers_the_collaborations_agencies_and_inspectors_with_their_agency(as_anna, erik, farah, linkoping):
    lena = UserFactory(username="lena", first_name="Lena", last_name="Berg")
    MembershipFactory(user=lena, collaboration=linkoping, agency=linkoping.agencies.get(name="Polismyndigheten"))
    page = as_anna.get(CREATE).content.decode()
    assert "Erik Johansson (Skatteverket)" in page
    assert "Farah Haddad (Räddningstjänsten Östra Götaland)" in page
    assert "Lena Berg" not in page
    for agency in ("Norrköpings kommun", "Polismyndigheten", "Skatteverket", "Räddningstjänsten Östra Götaland"):
        assert agency in page
    assert 'type="checkbox" name="agencies"' in page
    assert 'type="checkbox" name="inspectors"' in page
    # One collaboration: nothing to choose.
    assert 'name="collaboration"' not in page


def test_a_deactivated_inspector_and_a_press_officer_are_not_offered(as_anna, erik, petra):
    erik.memberships.update(is_active=False)
    page = as_anna.get(CREATE).content.decode()
    assert "Erik Johansson" not in page
    assert "Petra Nilsson" not in page


@pytest.mark.parametrize("person", ["erik", "petra"])
def test_only_coordinators_may_plan(client, erik, petra, person):
    client.force_login(erik if person == "erik" else petra)
    assert client.get(CREATE).status_code == 404
    assert client.post(CREATE, {"name": "x"}).status_code == 404
    assert not Operation.objects.exists()


# --- planning -----------------------------------------------------------------------------------


def test_a_coordinator_plans_an_operation(as_anna, norrkoping, skatteverket, raddningstjansten, erik):
    response = as_anna.post(CREATE, valid(skatteverket, raddningstjansten, erik))
    operation = Operation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("operation_detail", args=[operation.pk])
    assert operation.collaboration == norrkoping
    assert (operation.name, operation.kind, operation.notes) == ("Vårinsats Hageby", "los", "Samling 17.30")
    assert (operation.start_date, operation.end_date) == (datetime.date(2025, 3, 10), datetime.date(2025, 3, 11))
    assert set(operation.agencies.all()) == {skatteverket, raddningstjansten}
    assert list(operation.inspectors.all()) == [erik]


def test_an_inspector_whose_agency_does_not_take_part_is_an_error_at_the_inspectors(
    as_anna, skatteverket, raddningstjansten, erik
):
    response = as_anna.post(CREATE, valid(skatteverket, raddningstjansten, erik, agencies=[raddningstjansten.pk]))
    assert response.status_code == 400
    assert field_errors(response, "inspectors") == [
        "Erik Johansson works for Skatteverket, which does not take part in the operation."
    ]
    assert "There is a problem" in response.content.decode()
    assert not Operation.objects.exists()


def test_an_end_before_the_start_is_an_error_at_the_last_day(as_anna, skatteverket, raddningstjansten, erik):
    response = as_anna.post(CREATE, valid(skatteverket, raddningstjansten, erik, end_date="2025-03-09"))
    assert response.status_code == 400
    assert field_errors(response, "end_date") == ["The last day cannot be before the first day."]
    assert not Operation.objects.exists()


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        ("2030-03-02", "2030-03-02", "start_date"),
        ("2020-02-28", "2025-03-11", "start_date"),
        ("2025-03-10", "2031-01-01", "end_date"),
    ],
)
def test_a_date_more_than_five_years_away_is_an_error(
    as_anna, skatteverket, raddningstjansten, erik, start, end, field
):
    response = as_anna.post(CREATE, valid(skatteverket, raddningstjansten, erik, start_date=start, end_date=end))
    assert response.status_code == 400
    assert field_errors(response, field) == ["Enter a date within 5 years from today."]
    assert not Operation.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": ""}, "name", "Enter a name for the operation."),
        ({"name": "x" * 201}, "name", "Ensure this value has at most 200 characters (it has 201)."),
        ({"kind": "raid"}, "kind", "Choose one of the kinds."),
        ({"start_date": "10/3"}, "start_date", "Enter a date, for example 2025-03-10."),
        ({"start_date": "99999-01-01"}, "start_date", "Enter a date, for example 2025-03-10."),
        ({"end_date": None}, "end_date", "Enter the last day."),
        ({"agencies": []}, "agencies", "Choose at least one participating agency."),
        ({"agencies": ["abc"]}, "agencies", "Choose agencies of the collaboration."),
        ({"agencies": ["99999999999999999999"]}, "agencies", "Choose agencies of the collaboration."),
        ({"inspectors": ["x"]}, "inspectors", "Choose inspectors of the collaboration."),
        ({"inspectors": ["99999999999999999999"]}, "inspectors", "Choose inspectors of the collaboration."),
    ],
)
def test_bad_input_is_shown_at_its_field(as_anna, skatteverket, raddningstjansten, erik, overrides, field, message):
    response = as_anna.post(CREATE, valid(skatteverket, raddningstjansten, erik, **overrides))
    assert response.status_code == 400
    assert message in field_errors(response, field)
    assert not Operation.objects.exists()


def test_an_agency_of_another_collaboration_is_not_a_choice(as_anna, skatteverket, raddningstjansten, erik):
    stranger = AgencyFactory(name="Migrationsverket")
    response = as_anna.post(CREATE, valid(skatteverket, raddningstjansten, erik, agencies=[stranger.pk]))
    assert response.status_code == 400
    assert field_errors(response, "agencies") == ["Choose agencies of the collaboration."]


def test_an_inspector_of_another_collaboration_is_not_a_choice(
    as_anna, linkoping, polisen, skatteverket, raddningstjansten, erik
):
    lena = UserFactory(username="lena")
    MembershipFactory(user=lena, collaboration=linkoping, agency=polisen, role=Role.INSPECTOR)
    response = as_anna.post(CREATE, valid(skatteverket, raddningstjansten, erik, inspectors=[lena.pk]))
    assert response.status_code == 400
    assert field_errors(response, "inspectors") == ["Choose inspectors of the collaboration."]


# --- a coordinator of two collaborations --------------------------------------------------------


@pytest.fixture
def anna_in_two(anna, linkoping, polisen):
    MembershipFactory(user=anna, collaboration=linkoping, agency=polisen, role=Role.COORDINATOR)
    return anna


def test_a_coordinator_of_two_collaborations_chooses_the_collaboration(
    client, anna_in_two, norrkoping, linkoping, polisen, skatteverket, raddningstjansten, erik
):
    client.force_login(anna_in_two)
    page = client.get(CREATE).content.decode()
    assert 'name="collaboration"' in page
    assert "LOS Linköping" in page and "LOS Norrköping" in page
    assert "Erik Johansson (Skatteverket, LOS Norrköping)" in page
    response = client.post(CREATE, valid(skatteverket, raddningstjansten, erik))
    assert field_errors(response, "collaboration") == ["Choose the collaboration the operation belongs to."]
    response = client.post(
        CREATE, valid(skatteverket, raddningstjansten, erik, collaboration=linkoping.pk, agencies=[polisen.pk])
    )
    assert response.status_code == 400
    assert field_errors(response, "inspectors") == ["Erik Johansson is not an inspector in this collaboration."]
    response = client.post(
        CREATE,
        valid(skatteverket, raddningstjansten, erik, collaboration=linkoping.pk, agencies=[raddningstjansten.pk]),
    )
    assert "Not an agency of this collaboration: Räddningstjänsten Östra Götaland." in field_errors(
        response, "agencies"
    )
    assert not Operation.objects.exists()
    response = client.post(
        CREATE,
        valid(
            skatteverket, raddningstjansten, erik, collaboration=linkoping.pk, agencies=[polisen.pk], inspectors=None
        ),
    )
    assert response.status_code == 302
    assert Operation.objects.get().collaboration == linkoping


def test_a_collaboration_the_coordinator_does_not_plan_for_is_not_a_choice(
    client, anna_in_two, skatteverket, raddningstjansten, erik
):
    stockholm = CollaborationFactory(name="LOS Stockholm", slug="stockholm", agencies=[skatteverket])
    client.force_login(anna_in_two)
    response = client.post(CREATE, valid(skatteverket, raddningstjansten, erik, collaboration=stockholm.pk))
    assert response.status_code == 400
    assert field_errors(response, "collaboration") == ["Choose one of the collaborations you plan for."]


# --- changing -----------------------------------------------------------------------------------


def edit_url(operation):
    return reverse("operation_edit", args=[operation.pk])


def test_the_edit_form_is_filled_in(as_anna, operation, erik):
    operation.inspectors.add(erik)
    form = as_anna.get(edit_url(operation)).context["form"]
    assert form["name"].value() == "Vårinsats Hageby"
    assert {int(pk) for pk in form["agencies"].value()} == set(operation.agencies.values_list("pk", flat=True))
    assert [int(pk) for pk in form["inspectors"].value()] == [erik.pk]


def test_a_coordinator_changes_an_operation(as_anna, operation, skatteverket, raddningstjansten, erik):
    data = valid(skatteverket, raddningstjansten, erik, name="Vårinsats Hageby och Navestad", end_date="2025-03-12")
    response = as_anna.post(edit_url(operation), data)
    assert response.status_code == 302
    operation.refresh_from_db()
    assert operation.name == "Vårinsats Hageby och Navestad"
    assert operation.end_date == datetime.date(2025, 3, 12)
    assert list(operation.inspectors.all()) == [erik]


def test_a_change_that_leaves_a_visit_outside_the_dates_is_refused(
    as_anna, operation, visit, skatteverket, raddningstjansten, erik
):
    data = valid(skatteverket, raddningstjansten, erik, start_date="2025-03-11")
    response = as_anna.post(edit_url(operation), data)
    assert response.status_code == 400
    assert field_errors(response, "start_date") == [
        "1 visit would fall outside the new dates; move or remove it first."
    ]
    operation.refresh_from_db()
    assert operation.start_date == datetime.date(2025, 3, 10)


def test_a_change_is_checked_by_the_same_rules(as_anna, operation, skatteverket, raddningstjansten, erik):
    data = valid(skatteverket, raddningstjansten, erik, agencies=[raddningstjansten.pk], end_date="2025-03-01")
    response = as_anna.post(edit_url(operation), data)
    assert response.status_code == 400
    assert field_errors(response, "end_date") == ["The last day cannot be before the first day."]
    assert field_errors(response, "inspectors")
    assert not operation.inspectors.exists()


def test_agency_members_may_not_change_and_other_collaborations_do_not_see(client, operation, erik, linkoping, polisen):
    client.force_login(erik)
    assert client.get(edit_url(operation)).status_code == 403
    lars = UserFactory(username="lars")
    MembershipFactory(user=lars, collaboration=linkoping, agency=polisen, role=Role.COORDINATOR)
    client.force_login(lars)
    assert client.get(edit_url(operation)).status_code == 404
    assert client.post(edit_url(operation), {"name": "Stulen"}).status_code == 404
    operation.refresh_from_db()
    assert operation.name == "Vårinsats Hageby"


def test_an_empty_submission_is_a_bad_request(as_anna, operation):
    assert as_anna.post(CREATE, {}).status_code == 400
    assert as_anna.post(edit_url(operation), {}).status_code == 400
    assert Operation.objects.count() == 1


# --- what the operation has stays a choice --------------------------------------------------------


@pytest.fixture
def erik_was_there(operation, visit, erik):
    """Erik is booked on the operation and recorded as present at its visit."""
    operation.inspectors.add(erik)
    visit.inspectors.add(erik)
    return erik


def test_an_inspector_whose_membership_ended_stays_booked_and_the_operation_can_still_change(
    as_anna, operation, erik_was_there, skatteverket, raddningstjansten
):
    erik_was_there.memberships.update(is_active=False)
    assert "Erik Johansson (Skatteverket)" in as_anna.get(edit_url(operation)).content.decode()
    data = valid(skatteverket, raddningstjansten, erik_was_there, name="Vårinsats Hageby, ändrad")
    response = as_anna.post(edit_url(operation), data)
    assert response.status_code == 302
    operation.refresh_from_db()
    assert operation.name == "Vårinsats Hageby, ändrad"
    assert list(operation.inspectors.all()) == [erik_was_there]


def test_an_inspector_whose_membership_ended_still_cannot_be_unbooked_once_present(
    as_anna, operation, erik_was_there, skatteverket, raddningstjansten
):
    erik_was_there.memberships.update(is_active=False)
    response = as_anna.post(edit_url(operation), valid(skatteverket, raddningstjansten, erik_was_there, inspectors=[]))
    assert response.status_code == 400
    assert field_errors(response, "inspectors") == ["Recorded as present at a visit: Erik Johansson."]


def test_an_agency_that_left_the_collaboration_stays_on_the_operation_and_it_can_still_change(
    as_anna, norrkoping, operation, erik_was_there, skatteverket, raddningstjansten
):
    norrkoping.agencies.remove(skatteverket)
    page = as_anna.get(edit_url(operation)).content.decode()
    assert f'name="agencies" value="{skatteverket.pk}"' in page
    data = valid(skatteverket, raddningstjansten, erik_was_there, notes="Samling 18.00")
    response = as_anna.post(edit_url(operation), data)
    assert response.status_code == 302
    operation.refresh_from_db()
    assert operation.notes == "Samling 18.00"
    assert set(operation.agencies.all()) == {skatteverket, raddningstjansten}


def test_a_deactivated_inspector_or_an_agency_that_left_cannot_be_added_to_an_operation(
    as_anna, norrkoping, operation, kommunen, skatteverket, raddningstjansten, erik, farah
):
    farah.memberships.update(is_active=False)
    norrkoping.agencies.remove(kommunen)
    data = valid(skatteverket, raddningstjansten, erik, inspectors=[erik.pk, farah.pk])
    data["agencies"] = [skatteverket.pk, raddningstjansten.pk, kommunen.pk]
    response = as_anna.post(edit_url(operation), data)
    assert response.status_code == 400
    assert field_errors(response, "inspectors") == ["Choose inspectors of the collaboration."]
    assert field_errors(response, "agencies") == ["Choose agencies of the collaboration."]
    assert not operation.inspectors.exists()
