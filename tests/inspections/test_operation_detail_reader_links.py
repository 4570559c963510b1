"""An inspector reading an operation gets the briefing sheet, not the planning tools."""

import pytest
from django.urls import reverse

from tests.clients import signed_in_client

pytestmark = pytest.mark.django_db


def test_an_inspector_of_a_participating_agency_finds_the_briefing_sheet(erik, operation):
    page = signed_in_client(erik).get(reverse("operation_detail", args=[operation.pk])).content.decode()
    assert f'href="{reverse("briefing_sheet", args=[operation.pk])}"' in page
    assert f'href="{reverse("briefing_pdf", args=[operation.pk])}"' in page
    assert reverse("operation_edit", args=[operation.pk]) not in page
    assert reverse("operation_candidates", args=[operation.pk]) not in page


def test_an_inspector_of_a_participating_agency_opens_each_visit_to_record_findings(erik, operation, visit):
    page = signed_in_client(erik).get(reverse("operation_detail", args=[operation.pk])).content.decode()
    assert f'href="{reverse("visit_work", args=[visit.pk])}"' in page


def test_a_coordinator_gets_no_recording_links(anna, operation, visit):
    page = signed_in_client(anna).get(reverse("operation_detail", args=[operation.pk])).content.decode()
    assert f'href="{reverse("visit_work", args=[visit.pk])}"' not in page
