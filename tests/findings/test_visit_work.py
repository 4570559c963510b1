"""The visit workspace: where the inspector sees the visit, their agency's findings there, only
counts of other agencies' findings, and the way to record a new one."""

import datetime

import pytest
from django.urls import reverse

from findings import selectors_lifecycle
from findings.services import finding_release
from tests.clients import signed_in_client
from tests.factories import BusinessFactory, FindingFactory, LegalGroundFactory, VisitFactory, local_time

from .factories import VISIT_DAY, cash_register, fire_safety, staff_ledger
from .record_factories import *  # noqa: F403

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("evening_of_the_visit")]


def url(visit):
    return reverse("visit_work", args=[visit.pk])


def test_it_shows_the_premises_business_operation_and_time(erik, visit, norrkoping):
    visit.premises.business = BusinessFactory(collaboration=norrkoping, name="Hageby Bil AB")
    visit.premises.save()
    response = signed_in_client(erik).get(url(visit))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Hageby Bilservice" in page and "Kvarngatan 4" in page
    assert "Hageby Bil AB" in page and visit.premises.business.org_number_display in page
    assert "Vårinsats Hageby" in page and reverse("operation_detail", args=[visit.operation_id]) in page
    assert "10 March 2025 10:00" in page
    assert "Skatteverket" in page


def test_it_offers_to_record_a_finding(erik, visit):
    page = signed_in_client(erik).get(url(visit)).content.decode()
    assert "Record a finding" in page
    assert reverse("finding_record", args=[visit.pk]) in page


def test_own_findings_are_listed_with_links_and_others_only_counted(erik, visit, skatteverket, raddningstjansten):
    own = FindingFactory(visit=visit, agency=skatteverket, category=staff_ledger(), note="EGEN-ANTECKNING")
    FindingFactory.create_batch(2, visit=visit, agency=raddningstjansten, category=fire_safety(), note="BRANDENS")
    hidden = FindingFactory(visit=visit, agency=raddningstjansten, category=fire_safety())
    response = signed_in_client(erik).get(url(visit))
    page = response.content.decode()
    assert [f.pk for f in response.context["findings"].own] == [own.pk]
    assert reverse("finding_detail", args=[own.pk]) in page
    assert staff_ledger().name_en in page
    assert list(response.context["findings"].others) == [
        {
            "agency__name": "Räddningstjänsten Östra Götaland",
            "category__name": fire_safety().name,
            "category__name_en": fire_safety().name_en,
            "count": 3,
        }
    ]
    assert reverse("finding_detail", args=[hidden.pk]) not in page
    assert "BRANDENS" not in page
    assert "EGEN-ANTECKNING" not in page  # the workspace lists, the detail page tells


def test_a_finding_released_by_another_agency_is_linked_not_counted(erik, farah, visit, raddningstjansten):
    fire = FindingFactory(visit=visit, agency=raddningstjansten, category=fire_safety())
    finding_release(finding=fire, by=farah, legal_ground=LegalGroundFactory(agency=raddningstjansten))
    response = signed_in_client(erik).get(url(visit))
    assert [f.pk for f in response.context["findings"].released] == [fire.pk]
    assert list(response.context["findings"].others) == []
    assert reverse("finding_detail", args=[fire.pk]) in response.content.decode()


def test_a_finding_at_another_visit_is_not_listed(erik, visit, skatteverket):
    other = VisitFactory(operation=visit.operation)
    FindingFactory(visit=other, agency=skatteverket, category=cash_register())
    response = signed_in_client(erik).get(url(visit))
    assert response.context["findings"].own == []
    assert "Your agency has recorded nothing at this visit yet." in response.content.decode()


def test_a_later_visit_says_when_it_can_be_recorded_and_offers_no_button(erik, operation):
    later = VisitFactory(operation=operation, scheduled_at=local_time(VISIT_DAY + datetime.timedelta(days=1), 9))
    page = signed_in_client(erik).get(url(later)).content.decode()
    assert "A finding can be recorded from the day of the visit." in page
    assert reverse("finding_record", args=[later.pk]) not in page


def test_the_follow_ups_due_here_are_asked_for_the_visit_and_the_agency(erik, visit, skatteverket, monkeypatch):
    asked = []

    def follow_ups_due_at(v, agency):
        asked.append((v.pk, agency.pk))
        return []

    monkeypatch.setattr(selectors_lifecycle, "follow_ups_due_at", follow_ups_due_at)
    response = signed_in_client(erik).get(url(visit))
    assert asked == [(visit.pk, skatteverket.pk)]
    assert response.context["follow_ups_here"] == []
