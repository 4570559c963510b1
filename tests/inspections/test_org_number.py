"""Organisation numbers: ten digits with a Luhn check digit, stored without separators."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from inspections.models import Business
from inspections.orgnr import format_org_number, luhn_ok, normalise_org_number, with_check_digit
from tests.factories import BusinessFactory

FORMAT_MESSAGE = "An organisation number has ten digits, for example 556677-8899."
CHECKSUM_MESSAGE = "The organisation number's check digit does not match; please check the number."
DUPLICATE_MESSAGE = "A business with this organisation number is already registered."

# Synthetic numbers, worked out by hand with the Luhn algorithm (not taken from the code under test).
VALID_NUMBERS = ["5566778899", "5599000006", "8024000005", "9690000006"]


def a_business(collaboration, org_number, name="Hageby Bilservice AB"):
    return Business(collaboration=collaboration, org_number=org_number, name=name)


@pytest.mark.parametrize("number", VALID_NUMBERS)
def test_it_accepts_synthetic_numbers_with_a_correct_check_digit(number):
    assert luhn_ok(number)
    assert normalise_org_number(number) == number


@pytest.mark.parametrize("number", VALID_NUMBERS)
def test_it_refuses_every_other_check_digit(number):
    for wrong in set("0123456789") - {number[-1]}:
        with pytest.raises(ValidationError) as excinfo:
            normalise_org_number(number[:-1] + wrong)
        assert excinfo.value.code == "org_number_checksum"


def test_it_refuses_an_org_number_with_a_wrong_check_digit():
    with pytest.raises(ValidationError) as excinfo:
        normalise_org_number("556677-8898")
    assert excinfo.value.code == "org_number_checksum"
    assert excinfo.value.messages == [CHECKSUM_MESSAGE]


def test_it_completes_nine_digits_with_the_check_digit_for_test_data():
    assert with_check_digit("556677889") == "5566778899"
    assert with_check_digit("559900000") == "5599000006"


@pytest.mark.parametrize("typed", ["5566778899", "556677-8899", "556677 8899", " 556677-8899 ", "55 66 77-88 99"])
def test_it_accepts_the_number_with_or_without_hyphen_or_spaces(typed):
    assert normalise_org_number(typed) == "5566778899"


@pytest.mark.parametrize(
    "typed",
    [
        "55667788AB",  # letters
        "556677_8899",  # a separator that is not a hyphen or space
        "５５６６７７８８９９",  # full-width digits are digits to Python, not to us
        "556677-889",  # nine digits
        "55667788990",  # eleven digits
        "",
    ],
)
def test_it_refuses_non_digits_and_a_wrong_length(typed):
    with pytest.raises(ValidationError) as excinfo:
        normalise_org_number(typed)
    assert excinfo.value.code == "org_number_format"
    assert excinfo.value.messages == [FORMAT_MESSAGE]


def test_it_shows_the_number_with_a_hyphen_after_six_digits():
    assert format_org_number("5566778899") == "556677-8899"


def test_full_clean_keeps_ten_digits_as_they_are(norrkoping):
    business = a_business(norrkoping, "5566778899")
    business.full_clean()
    assert business.org_number == "5566778899"


@pytest.mark.parametrize(
    "typed",
    [
        "556677-8899",
        "556677 8899",
    ],
)
def test_full_clean_stores_a_number_typed_with_a_separator_as_ten_digits(norrkoping, typed):
    business = a_business(norrkoping, typed)
    business.full_clean()
    business.save()
    business.refresh_from_db()
    assert business.org_number == "5566778899"
    assert business.org_number_display == "556677-8899"


def test_full_clean_refuses_a_wrong_check_digit_on_the_field(norrkoping):
    with pytest.raises(ValidationError) as excinfo:
        a_business(norrkoping, "5566778898").full_clean()
    assert CHECKSUM_MESSAGE in excinfo.value.message_dict["org_number"]


@pytest.mark.parametrize("typed", ["55667788AB", "556677889"])
def test_full_clean_refuses_non_digits_and_a_wrong_length_on_the_field(norrkoping, typed):
    with pytest.raises(ValidationError) as excinfo:
        a_business(norrkoping, typed).full_clean()
    assert FORMAT_MESSAGE in excinfo.value.message_dict["org_number"]


def test_it_refuses_the_same_org_number_twice_in_one_collaboration(norrkoping):
    BusinessFactory(collaboration=norrkoping, org_number="5566778899")
    with pytest.raises(ValidationError) as excinfo:
        a_business(norrkoping, "5566778899", name="Same company, new name").full_clean()
    assert excinfo.value.messages == [DUPLICATE_MESSAGE]


def test_it_refuses_the_same_org_number_typed_with_a_hyphen_as_a_duplicate(norrkoping):
    BusinessFactory(collaboration=norrkoping, org_number="5566778899")
    with pytest.raises(ValidationError) as excinfo:
        a_business(norrkoping, "556677-8899").full_clean()
    assert excinfo.value.messages == [DUPLICATE_MESSAGE]


def test_the_database_refuses_the_same_org_number_twice_in_one_collaboration(norrkoping):
    BusinessFactory(collaboration=norrkoping, org_number="5566778899")
    with pytest.raises(IntegrityError), transaction.atomic():
        a_business(norrkoping, "5566778899").save()


def test_two_collaborations_may_have_the_same_business(norrkoping, linkoping):
    for collaboration in (norrkoping, linkoping):
        business = a_business(collaboration, "5566778899")
        business.full_clean()
        business.save()
    assert Business.objects.filter(org_number="5566778899").count() == 2


@pytest.mark.parametrize("stored", ["556677889", "556677-889", "55667788AB", ""])
def test_the_database_refuses_an_org_number_that_is_not_ten_digits(norrkoping, stored):
    # save() skips validation, as a bulk import or a careless script would.
    with pytest.raises(IntegrityError), transaction.atomic():
        a_business(norrkoping, stored).save()
    assert not Business.objects.exists()
