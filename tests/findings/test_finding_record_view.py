"""The form for recording a finding at a visit: the agency's own catalogue and actions, every bad
input answered with 400 and a message at its field, nothing saved and the rest of the form kept."""

import datetime
import re

import pytest
from django.urls import reverse

from findings.models import Finding, FindingStatus
from inspections.models import VisitOutcome
from tests.clients import signed_in_client
from tests.factories import CategoryFactory, VisitFactory, local_time

from .factories import (
    VISIT_DAY,
    cash_register,
    fire_safety,
    indicator,
    persons_arrested,
    staff_ledger,
    trafficking_indicators,
)
from .record_factories import *  # noqa: F403

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("evening_of_the_visit")]


def url(visit):
    return reverse("finding_record", args=[visit.pk])


def valid(**overrides):
    data = {
        "category": str(cash_register().pk),
        "action": "advice",
        "note": "Kassaregistret saknades.",
        "follow_up_date": "2025-04-10",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def field_errors(response, field):
    return [str(e) for e in response.context["form"].errors.get(field, [])]


def test_the_form_offers_the_agencys_own_categories_and_actions(erik, visit):
    CategoryFactory(agency_kind="tax", name_en="Retired entry", is_active=False)
    response = signed_in_client(erik).get(url(visit))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Hageby Bilservice" in page
    assert staff_ledger().name_en in page and cash_register().name_en in page
    assert fire_safety().name_en not in page
    assert "Retired entry" not in page
    assert "No action yet" in page and "Injunction" in page
    assert "Prohibition" not in page  # the tax agency issues no prohibitions
    assert "Do not write personal identity numbers." in page
    # No tax category asks for a number or the checklist: those fields are not offered.
    assert 'name="quantity"' not in page and 'name="indicators"' not in page


def test_a_police_inspector_sees_which_categories_ask_for_a_number_or_the_checklist(omar, visit):
    page = signed_in_client(omar).get(url(visit)).content.decode()
    assert "Person arrested – asks for a number" in page
    assert "Human trafficking indicators – indicator checklist" in page
    assert 'name="quantity"' in page and 'name="indicators"' in page
    assert "Needed for: Crime reported, Person arrested" in page
    assert "Lives at the workplace" in page


def test_a_valid_finding_is_recorded_and_the_detail_page_is_shown(erik, skatteverket, visit):
    client = signed_in_client(erik)
    response = client.post(url(visit), valid())
    finding = Finding.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("finding_detail", args=[finding.pk])
    assert (finding.agency, finding.category, finding.action) == (skatteverket, cash_register(), "advice")
    assert finding.status == FindingStatus.FOLLOW_UP_DUE
    assert finding.follow_up_date == datetime.date(2025, 4, 10)
    assert "The finding is recorded." in client.get(response["Location"]).content.decode()


def test_an_empty_form_is_a_bad_request_with_a_message_at_the_category(erik, visit):
    response = signed_in_client(erik).post(url(visit), {})
    assert response.status_code == 400
    assert field_errors(response, "category") == ["Choose what your agency found."]
    assert 'href="#id_category_0"' in response.content.decode()
    assert Finding.objects.count() == 0


def test_a_category_of_another_agency_is_refused_at_the_field_and_the_rest_is_kept(erik, visit):
    response = signed_in_client(erik).post(url(visit), valid(category=str(fire_safety().pk)))
    page = response.content.decode()
    assert response.status_code == 400
    assert field_errors(response, "category") == ["This category belongs to another agency's catalogue."]
    assert "Kassaregistret saknades." in page
    assert 'value="2025-04-10"' in page
    assert Finding.objects.count() == 0


def test_a_follow_up_before_the_visit_is_refused_at_the_field_and_the_rest_is_kept(erik, visit):
    response = signed_in_client(erik).post(url(visit), valid(follow_up_date="2025-03-09"))
    page = response.content.decode()
    assert response.status_code == 400
    assert field_errors(response, "follow_up_date") == ["The follow-up cannot be before the visit."]
    assert "Kassaregistret saknades." in page
    assert re.search(rf'<input type="radio" name="category" value="{cash_register().pk}"[^>]* checked', page)
    assert Finding.objects.count() == 0


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"action": "prohibition"}, "action", "Choose one of the actions your agency can take."),
        ({"follow_up_date": "10/4"}, "follow_up_date", "Enter a date, for example 2025-03-10."),
        ({"note": "x" * 4001}, "note", "The note can be at most 4000 characters long."),
        ({"category": "999999"}, "category", "Choose one of your agency's categories."),
    ],
)
def test_other_bad_input_is_refused_at_its_field(erik, visit, overrides, field, message):
    response = signed_in_client(erik).post(url(visit), valid(**overrides))
    assert response.status_code == 400
    assert field_errors(response, field) == [message]
    assert Finding.objects.count() == 0


def test_a_count_category_without_its_number_is_refused(omar, visit):
    client = signed_in_client(omar)
    response = client.post(url(visit), valid(category=str(persons_arrested().pk), action="police_report"))
    assert response.status_code == 400
    assert field_errors(response, "quantity") == ["Enter the number for this category."]
    response = client.post(url(visit), valid(category=str(persons_arrested().pk), action="", quantity="abc"))
    assert field_errors(response, "quantity") == ["Enter a whole number, for example 3."]
    assert Finding.objects.count() == 0
    client.post(url(visit), valid(category=str(persons_arrested().pk), action="police_report", quantity="2"))
    assert Finding.objects.get().quantity == 2


def test_the_checklist_needs_an_indicator(omar, visit):
    client = signed_in_client(omar)
    data = valid(category=str(trafficking_indicators().pk), action="")
    response = client.post(url(visit), data)
    assert response.status_code == 400
    assert field_errors(response, "indicators") == ["Tick at least one indicator that you observed."]
    assert 'href="#id_indicators_0"' in response.content.decode()
    response = client.post(url(visit), {**data, "indicators": [indicator("excessive-hours").pk]})
    assert response.status_code == 302
    assert list(Finding.objects.get().indicators.values_list("code", flat=True)) == ["excessive-hours"]


def test_a_visit_on_a_later_day_cannot_be_recorded_yet(erik, operation):
    later = VisitFactory(operation=operation, scheduled_at=local_time(VISIT_DAY + datetime.timedelta(days=1), 9))
    client = signed_in_client(erik)
    page = client.get(url(later)).content.decode()
    assert "A finding can be recorded from the day of the visit." in page
    assert 'name="category"' not in page
    response = client.post(url(later), valid())
    assert response.status_code == 400
    assert "A finding can be recorded from the day of the visit." in response.content.decode()
    assert Finding.objects.count() == 0


def test_a_cancelled_visit_cannot_be_recorded(erik, visit):
    visit.outcome = VisitOutcome.CANCELLED
    visit.save()
    response = signed_in_client(erik).post(url(visit), valid())
    assert response.status_code == 400
    assert "The visit is cancelled, so no finding can be recorded at it." in response.content.decode()
    assert Finding.objects.count() == 0


def test_an_inspector_whose_agency_did_not_take_part_gets_404(farah, norrkoping, kommunen):
    # farah's fire and rescue service is not part of this operation, so she cannot see it.
    elsewhere = VisitFactory(operation__collaboration=norrkoping, operation__agencies=[kommunen])
    assert signed_in_client(farah).post(url(elsewhere), valid(category=str(fire_safety().pk))).status_code == 404
    assert Finding.objects.count() == 0
