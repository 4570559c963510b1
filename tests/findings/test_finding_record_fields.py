"""Picking a category on the recording or editing form asks, through htmx, for the fields that
category needs: the number, the indicator checklist, or neither. The form works without it."""

import re

import pytest
from django.urls import reverse

from agencies.models import AccessAction, AccessLogEntry
from findings.models import Indicator
from tests.clients import signed_in_client
from tests.factories import CategoryFactory, VisitFactory

from .factories import cash_register, fire_safety, indicator, persons_arrested, trafficking_indicators
from .record_factories import *  # noqa: F403
from .record_factories import record

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("evening_of_the_visit")]


def _fields(user, visit, **query):
    response = signed_in_client(user).get(reverse("finding_record_fields", args=[visit.pk]), query)
    assert response.status_code == 200
    return response.content.decode()


def _names(html):
    return set(re.findall(r'name="(\w+)"', html))


def test_a_category_that_asks_for_a_number_gets_the_number_only(omar, visit):
    html = _fields(omar, visit, category=persons_arrested().pk)
    assert _names(html) == {"quantity"}
    assert 'id="category-details"' in html
    assert 'inputmode="numeric"' in html


def test_the_checklist_category_gets_the_checklist_only(omar, visit):
    html = _fields(omar, visit, category=trafficking_indicators().pk)
    assert _names(html) == {"indicators"}
    assert "<legend>" in html and "Lives at the workplace" in html


def test_a_plain_category_gets_neither(omar, polisen, visit):
    plain = CategoryFactory(agency_kind=polisen.kind, name_en="Threat against an inspector")
    assert _names(_fields(omar, visit, category=plain.pk)) == set()


@pytest.mark.parametrize("category", ["", "abc", "999999", "fire"])
def test_no_category_of_the_catalogue_gets_every_field_the_catalogue_has(omar, visit, category):
    value = fire_safety().pk if category == "fire" else category
    assert _names(_fields(omar, visit, category=value)) == {"quantity", "indicators"}


def test_what_was_typed_and_ticked_comes_back(omar, visit):
    ticked = indicator("excessive-hours")
    html = _fields(omar, visit, category=trafficking_indicators().pk, indicators=[ticked.pk], quantity="3")
    assert re.search(rf'value="{ticked.pk}"[^>]*checked', html)
    html = _fields(omar, visit, category=persons_arrested().pk, quantity="3")
    assert 'value="3"' in html


def test_a_tax_inspector_has_no_number_or_checklist_to_get(erik, visit):
    assert _names(_fields(erik, visit, category=cash_register().pk)) == set()


def test_the_route_has_the_forms_own_permission_check(farah, anna, norrkoping, kommunen, visit):
    elsewhere = VisitFactory(operation__collaboration=norrkoping, operation__agencies=[kommunen])
    url = reverse("finding_record_fields", args=[elsewhere.pk])
    assert signed_in_client(farah).get(url).status_code == 404
    assert signed_in_client(anna).get(reverse("finding_record_fields", args=[visit.pk])).status_code == 403


def test_the_form_asks_for_the_fields_when_a_category_is_picked_and_sends_no_note(omar, visit):
    page = signed_in_client(omar).get(reverse("finding_record", args=[visit.pk])).content.decode()
    url = reverse("finding_record_fields", args=[visit.pk])
    block = page[page.index(f'hx-get="{url}"') : page.index('id="category-details"')]
    assert 'hx-trigger="change"' in block
    assert 'hx-target="#category-details"' in block
    include = re.search(r'hx-include="([^"]*)"', block).group(1)
    assert "category" in include and "note" not in include and "form" not in include
    # Without JavaScript every field of the catalogue is on the page.
    assert 'name="quantity"' in page and 'name="indicators"' in page


# --- Changing a finding ----------------------------------------------------------------------


@pytest.fixture
def counted(omar, polisen, visit):
    return record(visit=visit, agency=polisen, by=omar, category=persons_arrested(), quantity=2)


def _edit_fields(user, finding, **query):
    return signed_in_client(user).get(reverse("finding_edit_fields", args=[finding.pk]), query)


def test_the_edit_form_asks_its_own_route(omar, counted):
    page = signed_in_client(omar).get(reverse("finding_edit", args=[counted.pk])).content.decode()
    assert f'hx-get="{reverse("finding_edit_fields", args=[counted.pk])}"' in page


def test_the_edit_fields_keep_a_retired_indicator_the_finding_carries(omar, polisen, visit):
    kept = indicator("excessive-hours")
    finding = record(visit=visit, agency=polisen, by=omar, category=trafficking_indicators(), indicators=[kept])
    Indicator.objects.filter(pk=kept.pk).update(is_active=False)
    response = _edit_fields(omar, finding, category=trafficking_indicators().pk, indicators=[kept.pk])
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(rf'value="{kept.pk}"[^>]*checked', html)
    assert _names(html) == {"indicators"}


def test_the_edit_fields_are_a_logged_read_for_the_owner_only(omar, farah, counted):
    assert _edit_fields(omar, counted, category=persons_arrested().pk).status_code == 200
    row = AccessLogEntry.objects.get(action=AccessAction.VIEW)
    assert (row.username, row.object_id) == ("omar", str(counted.pk))
    assert _edit_fields(farah, counted, category=persons_arrested().pk).status_code == 403
