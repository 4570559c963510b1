"""Premises: a Swedish postal code, a known type, and a business of the same collaboration."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from inspections.models import Premises, PremisesType
from tests.factories import BusinessFactory, PremisesFactory

POSTAL_CODE_MESSAGE = "A postal code has five digits, for example 602 21."


def a_premises(collaboration, **fields):
    values = {
        "collaboration": collaboration,
        "name": "Hageby Bilservice",
        "premises_type": PremisesType.CAR_REPAIR,
        "address": "Kvarngatan 4",
        "postal_code": "602 21",
        "city": "Norrköping",
    }
    return Premises(**(values | fields))


@pytest.mark.parametrize("typed", ["60221", "602 21", " 60221"])
def test_it_stores_the_postal_code_as_three_and_two_digits(norrkoping, typed):
    premises = a_premises(norrkoping, postal_code=typed)
    premises.full_clean()
    premises.save()
    premises.refresh_from_db()
    assert premises.postal_code == "602 21"


@pytest.mark.parametrize("typed", ["6022", "602211", "012 34", "6O2 21", "602-21"])
def test_it_refuses_a_postal_code_that_is_not_five_digits(norrkoping, typed):
    with pytest.raises(ValidationError) as excinfo:
        a_premises(norrkoping, postal_code=typed).full_clean()
    assert POSTAL_CODE_MESSAGE in excinfo.value.message_dict["postal_code"]


def test_the_database_refuses_a_postal_code_that_was_not_normalised(norrkoping):
    with pytest.raises(IntegrityError), transaction.atomic():
        a_premises(norrkoping, postal_code="60221").save()


def test_it_refuses_a_type_that_is_not_in_the_list(norrkoping):
    with pytest.raises(ValidationError) as excinfo:
        a_premises(norrkoping, premises_type="casino").full_clean()
    assert [error.code for error in excinfo.value.error_dict["premises_type"]] == ["invalid_choice"]


def test_the_database_refuses_a_type_that_is_not_in_the_list(norrkoping):
    with pytest.raises(IntegrityError), transaction.atomic():
        a_premises(norrkoping, premises_type="casino").save()
    assert not Premises.objects.exists()


def test_it_accepts_the_business_of_its_own_collaboration(norrkoping):
    premises = a_premises(norrkoping, business=BusinessFactory(collaboration=norrkoping))
    premises.full_clean()


def test_it_refuses_a_business_of_another_collaboration(norrkoping, linkoping):
    business_in_linkoping = BusinessFactory(collaboration=linkoping)
    with pytest.raises(ValidationError) as excinfo:
        a_premises(norrkoping, business=business_in_linkoping).full_clean()
    assert excinfo.value.message_dict["business"] == ["The business belongs to another collaboration."]


def test_it_refuses_the_same_premises_twice_at_one_address(norrkoping):
    PremisesFactory(collaboration=norrkoping, name="Hageby Bilservice", address="Kvarngatan 4", postal_code="602 21")
    with pytest.raises(ValidationError) as excinfo:
        a_premises(norrkoping, postal_code="60221").full_clean()
    assert excinfo.value.messages == ["These premises are already registered at this address."]
