"""Registering and changing premises, with the business found by organisation number or created."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from agencies.models import Role
from inspections.models import Business, Premises, PremisesType
from inspections.services_premises import premises_create
from tests.clients import signed_in_client as _client
from tests.factories import BusinessFactory, CollaborationFactory, MembershipFactory, PremisesFactory, UserFactory

pytestmark = pytest.mark.django_db

CREATE = reverse("premises_create")


def _typed(**fields):
    values = {
        "name": "Torgkiosken",
        "premises_type": "kiosk",
        "address": "Drottninggatan 12",
        "postal_code": "60224",
        "city": "Norrköping",
        "notes": "Öppet till 03.",
        "org_number": "",
        "business_name": "",
    }
    return values | fields


@pytest.fixture
def lars(linkoping, polisen):
    user = UserFactory(username="lars")
    MembershipFactory(user=user, collaboration=linkoping, agency=polisen, role=Role.COORDINATOR)
    return user


def test_a_coordinator_registers_premises_with_a_new_business(anna, norrkoping):
    response = _client(anna).post(CREATE, _typed(org_number="556677-8899", business_name="Kiosk & Tobak AB"))
    premises = Premises.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("premises_detail", kwargs={"pk": premises.pk})
    assert (premises.collaboration, premises.name, premises.premises_type) == (norrkoping, "Torgkiosken", "kiosk")
    assert (premises.address, premises.postal_code, premises.city) == ("Drottninggatan 12", "602 24", "Norrköping")
    assert premises.notes == "Öppet till 03."
    business = Business.objects.get()
    assert (business.collaboration, business.org_number, business.name) == (
        norrkoping,
        "5566778899",
        "Kiosk & Tobak AB",
    )
    assert premises.business == business


def test_premises_may_be_registered_without_a_business(anna):
    assert _client(anna).post(CREATE, _typed()).status_code == 302
    assert Premises.objects.get().business is None
    assert not Business.objects.exists()


def test_an_existing_organisation_number_links_the_registered_business_and_keeps_its_name(anna, norrkoping):
    known = BusinessFactory(collaboration=norrkoping, org_number="5566778899", name="Hageby Motor AB")
    response = _client(anna).post(CREATE, _typed(org_number="5566778899", business_name="Något annat namn"))
    assert response.status_code == 302
    assert Premises.objects.get().business == known
    known.refresh_from_db()
    assert known.name == "Hageby Motor AB"
    assert Business.objects.count() == 1


def test_a_business_of_another_collaboration_is_not_linked(anna, norrkoping, linkoping):
    elsewhere = BusinessFactory(collaboration=linkoping, org_number="5566778899", name="Lkpg AB")
    response = _client(anna).post(CREATE, _typed(org_number="5566778899", business_name="Kiosk & Tobak AB"))
    assert response.status_code == 302
    business = Premises.objects.get().business
    assert business != elsewhere
    assert (business.collaboration, business.name) == (norrkoping, "Kiosk & Tobak AB")


def test_a_wrong_check_digit_is_refused_at_the_organisation_number_and_nothing_is_saved(anna):
    response = _client(anna).post(CREATE, _typed(org_number="556677-8890", business_name="Kiosk & Tobak AB"))
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "org_number": ["The organisation number's check digit does not match; please check the number."]
    }
    assert 'class="error-summary"' in response.content.decode()
    assert not Premises.objects.exists()
    assert not Business.objects.exists()


def test_a_new_business_needs_a_name(anna):
    response = _client(anna).post(CREATE, _typed(org_number="556677-8899"))
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["business_name"]
    assert not Premises.objects.exists()
    assert not Business.objects.exists()


def test_a_business_name_without_an_organisation_number_is_refused(anna):
    response = _client(anna).post(CREATE, _typed(business_name="Kiosk & Tobak AB"))
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["org_number"]
    assert not Premises.objects.exists()


def test_duplicate_premises_are_refused_and_nothing_is_saved(anna, norrkoping):
    PremisesFactory(collaboration=norrkoping, name="Torgkiosken", address="Drottninggatan 12", postal_code="602 24")
    response = _client(anna).post(CREATE, _typed(org_number="556677-8899", business_name="Kiosk & Tobak AB"))
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == ["These premises are already registered at this address."]
    assert Premises.objects.count() == 1
    assert not Business.objects.exists()


def test_a_bad_postal_code_and_missing_fields_are_shown_at_their_fields(anna):
    response = _client(anna).post(CREATE, _typed(postal_code="6022", name="", premises_type="casino"))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["postal_code"] == ["A postal code has five digits, for example 602 21."]
    assert errors["name"] == ["Enter the name of the premises."]
    assert errors["premises_type"] == ["Choose a type from the list."]
    assert not Premises.objects.exists()


def test_with_one_collaboration_there_is_nothing_to_choose(anna):
    response = _client(anna).get(CREATE)
    assert response.status_code == 200
    assert "collaboration" not in response.context["form"].fields


@pytest.fixture
def motala(kommunen):
    return CollaborationFactory(name="LOS Motala", slug="motala", municipality="Motala", agencies=[kommunen])


@pytest.fixture
def anna_in_two(anna, motala, kommunen):
    MembershipFactory(user=anna, collaboration=motala, agency=kommunen, role=Role.COORDINATOR)
    return anna


def test_a_coordinator_of_two_collaborations_chooses_one_of_them(anna_in_two, linkoping, motala):
    client = _client(anna_in_two)
    form = client.get(CREATE).context["form"]
    assert [c.name for c in form.fields["collaboration"].queryset] == ["LOS Motala", "LOS Norrköping"]
    assert client.post(CREATE, _typed(collaboration=motala.pk)).status_code == 302
    assert Premises.objects.get().collaboration == motala


@pytest.mark.parametrize("choice", ["other", "", "abc", "99999999999999999999"])
def test_a_collaboration_the_coordinator_does_not_plan_is_refused(anna_in_two, linkoping, choice):
    value = linkoping.pk if choice == "other" else choice
    response = _client(anna_in_two).post(CREATE, _typed(collaboration=value))
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["collaboration"]
    assert not Premises.objects.exists()


@pytest.fixture
def hageby(norrkoping):
    return PremisesFactory(
        collaboration=norrkoping,
        name="Hageby Bilservice",
        premises_type=PremisesType.CAR_REPAIR,
        address="Kvarngatan 4",
        postal_code="602 21",
        business=BusinessFactory(collaboration=norrkoping, org_number="5566778899", name="Hageby Motor AB"),
    )


def _edit_url(premises):
    return reverse("premises_edit", kwargs={"pk": premises.pk})


def test_the_edit_form_starts_from_the_stored_values(anna, hageby):
    form = _client(anna).get(_edit_url(hageby)).context["form"]
    assert form.initial["name"] == "Hageby Bilservice"
    assert form.initial["org_number"] == "556677-8899"
    assert form.initial["business_name"] == "Hageby Motor AB"
    assert "collaboration" not in form.fields


def test_a_coordinator_changes_premises(anna, hageby):
    typed = _typed(
        name="Hageby Bil & Däck",
        premises_type="car_repair",
        address="Kvarngatan 4",
        postal_code="60222",
        org_number="556677-8899",
        business_name="Hageby Motor AB",
    )
    response = _client(anna).post(_edit_url(hageby), typed)
    assert response.status_code == 302
    hageby.refresh_from_db()
    assert (hageby.name, hageby.postal_code, hageby.notes) == ("Hageby Bil & Däck", "602 22", "Öppet till 03.")
    assert hageby.business.org_number == "5566778899"


def test_an_empty_organisation_number_unlinks_the_business(anna, hageby):
    typed = _typed(name=hageby.name, premises_type="car_repair", address=hageby.address, postal_code="602 21")
    assert _client(anna).post(_edit_url(hageby), typed).status_code == 302
    hageby.refresh_from_db()
    assert hageby.business is None
    assert Business.objects.count() == 1  # kept for its other premises and history


def test_a_new_organisation_number_on_edit_creates_that_business(anna, hageby, norrkoping):
    typed = _typed(
        name=hageby.name,
        premises_type="car_repair",
        address=hageby.address,
        postal_code="602 21",
        org_number="559900-0006",
        business_name="Ny ägare AB",
    )
    assert _client(anna).post(_edit_url(hageby), typed).status_code == 302
    hageby.refresh_from_db()
    assert (hageby.business.org_number, hageby.business.name) == ("5599000006", "Ny ägare AB")
    assert Business.objects.count() == 2


def test_an_edit_that_would_duplicate_other_premises_is_refused(anna, hageby, norrkoping):
    PremisesFactory(collaboration=norrkoping, name="Torgkiosken", address="Drottninggatan 12", postal_code="602 24")
    response = _client(anna).post(_edit_url(hageby), _typed())
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == ["These premises are already registered at this address."]
    hageby.refresh_from_db()
    assert hageby.name == "Hageby Bilservice"


def test_a_bad_organisation_number_on_edit_changes_nothing(anna, hageby):
    typed = _typed(name="Nytt namn", org_number="12345")
    response = _client(anna).post(_edit_url(hageby), typed)
    assert response.status_code == 400
    assert response.context["form"].errors["org_number"] == [
        "An organisation number has ten digits, for example 556677-8899."
    ]
    hageby.refresh_from_db()
    assert (hageby.name, hageby.business.org_number) == ("Hageby Bilservice", "5566778899")


def test_a_coordinator_of_linkoping_cannot_edit_norrkopings_premises(lars, hageby):
    client = _client(lars)
    assert client.get(_edit_url(hageby)).status_code == 404
    assert client.post(_edit_url(hageby), _typed()).status_code == 404
    hageby.refresh_from_db()
    assert hageby.name == "Hageby Bilservice"


@pytest.mark.parametrize("person", ["erik", "farah", "petra"])
def test_inspectors_and_press_officers_find_neither_form(request, hageby, person):
    client = _client(request.getfixturevalue(person))
    assert client.get(CREATE).status_code == 404
    assert client.post(CREATE, _typed()).status_code == 404
    assert client.get(_edit_url(hageby)).status_code == 404
    assert client.post(_edit_url(hageby), _typed()).status_code == 404
    assert Premises.objects.count() == 1


def test_the_service_refuses_someone_who_does_not_plan_the_collaboration(erik, norrkoping):
    fields = {k: v for k, v in _typed().items() if k not in ("org_number", "business_name")}
    with pytest.raises(PermissionDenied):
        premises_create(collaboration=norrkoping, by=erik, **fields)
    assert not Premises.objects.exists()
