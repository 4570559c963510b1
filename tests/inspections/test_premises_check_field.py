"""Inline validation on the premises form: a field is checked as the coordinator leaves it."""

import pytest
from django.urls import reverse

from inspections.models import Business, Premises
from tests.clients import signed_in_client

pytestmark = pytest.mark.django_db

URL = "/lokaler/kontrollera-falt/"


def _check(user, field, value, **others):
    return signed_in_client(user).post(reverse("premises_check_field"), {"_field": field, field: value, **others})


def test_a_wrong_check_digit_is_shown_at_the_field(anna):
    response = _check(anna, "org_number", "556677-8890")
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="checked-org_number"' in body
    assert 'aria-invalid="true"' in body
    assert 'id="id_org_number_error"' in body
    assert 'value="556677-8890"' in body


def test_a_valid_number_clears_the_message(anna):
    body = _check(anna, "org_number", "556677-8899").content.decode()
    assert "aria-invalid" not in body
    assert "_error" not in body


def test_a_postal_code_of_four_digits_is_explained(anna):
    body = _check(anna, "postal_code", "6022").content.decode()
    assert "A postal code has five digits" in body


def test_only_the_checked_field_is_answered(anna):
    body = _check(anna, "city", "Norrköping", org_number="1").content.decode()
    assert 'name="org_number"' not in body
    assert 'name="city"' in body


def test_an_unknown_field_is_404(anna):
    assert _check(anna, "collaboration", "1").status_code == 404


def test_nothing_is_saved(anna):
    _check(anna, "name", "Kiosken", address="Gatan 1", postal_code="602 21", city="Norrköping")
    assert not Premises.objects.exists()
    assert not Business.objects.exists()


@pytest.mark.parametrize("person", ["erik", "petra"])
def test_only_coordinators_may_check(request, person):
    assert _check(request.getfixturevalue(person), "org_number", "1").status_code == 404


def test_the_route_is_where_the_form_posts(anna):
    assert reverse("premises_check_field") == URL
    page = signed_in_client(anna).get(reverse("premises_create")).content.decode()
    assert f'hx-post="{URL}"' in page
