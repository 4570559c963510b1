"""A follow-up visit's page lists the findings followed up there, linking back to each; the
finding's history links to the visit. Only findings the reader may open are listed."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agencies.models import LegalGround
from findings.models import FindingStatus, StatusChange
from findings.services import finding_release
from findings.services_lifecycle import finding_transition
from tests.clients import signed_in_client

from .factories import fire_finding, later_visit, tax_finding

pytestmark = pytest.mark.django_db

S = FindingStatus


@pytest.fixture
def follow_up_visit(visit, skatteverket, raddningstjansten):
    return later_visit(visit, [skatteverket, raddningstjansten], day=datetime.date(2025, 4, 14))


def _visit_page(user, visit):
    response = signed_in_client(user).get(reverse("visit_work", args=[visit.pk]))
    assert response.status_code == 200
    return response


def _followed_up(finding, by, visit, outcome=S.CORRECTED):
    finding_transition(finding=finding, by=by, expected_version=1, to_status=outcome, follow_up_visit=visit)


def test_the_visit_lists_the_finding_followed_up_there_with_its_outcome(erik, skatteverket, visit, follow_up_visit):
    finding = tax_finding(visit, skatteverket, S.FOLLOW_UP_DUE)
    _followed_up(finding, erik, follow_up_visit, S.NOT_CORRECTED)
    response = _visit_page(erik, follow_up_visit)
    assert [change.finding for change in response.context["followed_up_here"]] == [finding]
    page = response.content.decode()
    assert "Followed up at this visit" in page
    assert f'<a href="{reverse("finding_detail", args=[finding.pk])}">{finding.category.label}</a>' in page
    assert "Not corrected" in page
    assert "2025-03-10" in page  # found at the earlier visit


def test_the_link_runs_both_ways(erik, skatteverket, visit, follow_up_visit):
    finding = tax_finding(visit, skatteverket, S.FOLLOW_UP_DUE)
    _followed_up(finding, erik, follow_up_visit)
    client = signed_in_client(erik)
    finding_page = client.get(reverse("finding_detail", args=[finding.pk])).content.decode()
    visit_page = client.get(reverse("visit_work", args=[follow_up_visit.pk])).content.decode()
    assert reverse("visit_work", args=[follow_up_visit.pk]) in finding_page
    assert reverse("finding_detail", args=[finding.pk]) in visit_page


def test_a_visit_without_follow_ups_has_no_such_section(erik, skatteverket, visit, follow_up_visit):
    tax_finding(visit, skatteverket, S.FOLLOW_UP_DUE)
    assert "Followed up at this visit" not in _visit_page(erik, follow_up_visit).content.decode()


def test_another_agencys_follow_up_is_listed_only_once_released(
    erik, farah, skatteverket, raddningstjansten, visit, follow_up_visit
):
    fire = fire_finding(visit, raddningstjansten, S.FOLLOW_UP_DUE)
    _followed_up(fire, farah, follow_up_visit)
    assert list(_visit_page(erik, follow_up_visit).context["followed_up_here"]) == []
    assert reverse("finding_detail", args=[fire.pk]) not in _visit_page(erik, follow_up_visit).content.decode()
    ground = LegalGround.objects.create(agency=raddningstjansten, name="10 kap. 27 § OSL")
    finding_release(finding=fire, by=farah, legal_ground=ground)
    assert [change.finding for change in _visit_page(erik, follow_up_visit).context["followed_up_here"]] == [fire]


def test_a_follow_up_recorded_at_another_visit_is_not_listed(erik, skatteverket, visit, follow_up_visit):
    finding = tax_finding(visit, skatteverket, S.FOLLOW_UP_DUE)
    _followed_up(finding, erik, later_visit(visit, [skatteverket], day=datetime.date(2025, 4, 20)))
    assert list(_visit_page(erik, follow_up_visit).context["followed_up_here"]) == []


def _page_queries(client, visit):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("visit_work", args=[visit.pk]))
    assert response.status_code == 200
    return len(queries), len(response.context["followed_up_here"])


def test_the_section_costs_the_same_queries_for_1_and_50_follow_ups(erik, skatteverket, visit, follow_up_visit):
    client = signed_in_client(erik)

    def follow_up(count):
        for _ in range(count):
            finding = tax_finding(visit, skatteverket, S.FOLLOW_UP_DUE)
            StatusChange.objects.create(
                finding=finding,
                from_status=S.FOLLOW_UP_DUE,
                to_status=S.CORRECTED,
                visit=follow_up_visit,
                changed_by=erik,
            )

    follow_up(1)
    _page_queries(client, follow_up_visit)  # warms the per-process caches
    with_one = _page_queries(client, follow_up_visit)
    follow_up(49)
    with_fifty = _page_queries(client, follow_up_visit)
    assert with_one[1] == 1 and with_fifty[1] == 50
    assert with_fifty[0] == with_one[0]
