"""The lifecycle on the finding's page: the history, an overdue follow-up, the way to change it."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from agencies.models import LegalGround
from findings.models import FindingStatus, StatusChange
from findings.services import finding_release
from findings.services_lifecycle import finding_transition
from tests.clients import queries_of_get, signed_in_client
from tests.factories import local_time

from .factories import later_visit, tax_finding

pytestmark = pytest.mark.django_db

S = FindingStatus
DUE = datetime.date(2025, 4, 14)


def _page(user, finding):
    response = signed_in_client(user).get(reverse("finding_detail", kwargs={"pk": finding.pk}))
    assert response.status_code == 200
    return response.content.decode()


def test_the_history_shows_each_step_and_links_to_the_follow_up_visit(erik, skatteverket, visit):
    finding = tax_finding(visit, skatteverket, S.ACTION_TAKEN)
    finding_transition(finding=finding, by=erik, expected_version=1, to_status=S.FOLLOW_UP_DUE, follow_up_date=DUE)
    follow_up = later_visit(visit, [skatteverket])
    finding_transition(finding=finding, by=erik, expected_version=2, to_status=S.CORRECTED, follow_up_visit=follow_up)
    html = _page(erik, finding)
    assert "Action taken → Follow-up due" in html
    assert "Follow-up due → Corrected" in html
    assert "2025-04-14" in html
    # The inspector opens the follow-up visit's own page, which links back to the finding.
    visit_url = reverse("visit_work", kwargs={"pk": follow_up.pk})
    assert f'<a href="{visit_url}">{follow_up.operation.name}, 2025-04-14</a>' in html
    assert "Erik Johansson" in html


def test_the_agency_admin_is_led_to_the_follow_up_visits_operation(erik, sara, skatteverket, visit):
    # The admin reads the finding and sees the operation, but records nothing at visits.
    finding = tax_finding(visit, skatteverket, S.FOLLOW_UP_DUE)
    follow_up = later_visit(visit, [skatteverket])
    finding_transition(finding=finding, by=erik, expected_version=1, to_status=S.CORRECTED, follow_up_visit=follow_up)
    html = _page(sara, finding)
    operation_url = reverse("operation_detail", kwargs={"pk": follow_up.operation_id})
    assert f'<a href="{operation_url}">{follow_up.operation.name}, 2025-04-14</a>' in html
    assert reverse("visit_work", kwargs={"pk": follow_up.pk}) not in html


def test_each_step_shows_the_action_in_force_after_it(erik, skatteverket, visit):
    finding = tax_finding(visit, skatteverket)
    finding_transition(finding=finding, by=erik, expected_version=1, to_status=S.ACTION_TAKEN, action="advice")
    finding_transition(finding=finding, by=erik, expected_version=2, to_status=S.ESCALATED, action="injunction")
    html = _page(erik, finding)
    rows = html[html.index("Open → Action taken") :]
    assert rows.index("Advice or information") < rows.index("Action taken → Escalated") < rows.index("Injunction")


def test_the_inspector_is_offered_the_change_and_the_admin_is_not(erik, sara, skatteverket, visit):
    finding = tax_finding(visit, skatteverket)
    change_url = reverse("finding_transition", kwargs={"pk": finding.pk})
    assert f'href="{change_url}"' in _page(erik, finding)
    assert f'href="{change_url}"' not in _page(sara, finding)
    assert "No change of status yet." in _page(sara, finding)


def test_a_follow_up_past_its_date_is_marked_overdue(erik, skatteverket, visit):
    finding = tax_finding(visit, skatteverket, S.FOLLOW_UP_DUE, follow_up_date=DUE)
    with time_machine.travel(local_time(DUE, 12), tick=False):
        assert "Overdue" not in _page(erik, finding)
    with time_machine.travel(local_time(DUE + datetime.timedelta(days=3), 12), tick=False):
        html = _page(erik, finding)
    assert "Follow-up due by 14 April 2025." in html
    assert "Overdue by 3 days" in html


def test_a_settled_finding_is_not_overdue(erik, skatteverket, visit):
    finding = tax_finding(visit, skatteverket, S.CORRECTED, follow_up_date=DUE)
    with time_machine.travel(local_time(DUE + datetime.timedelta(days=30), 12), tick=False):
        assert "Overdue" not in _page(erik, finding)


def test_a_reader_of_another_agency_sees_no_link_to_an_operation_hidden_from_them(erik, farah, skatteverket, visit):
    finding = tax_finding(visit, skatteverket, S.FOLLOW_UP_DUE)
    # The follow-up was made on a tax-only operation, which the fire service does not see.
    follow_up = later_visit(visit, [skatteverket])
    finding_transition(finding=finding, by=erik, expected_version=1, to_status=S.CORRECTED, follow_up_visit=follow_up)
    ground = LegalGround.objects.create(agency=skatteverket, name="10 kap. 2 § OSL")
    finding_release(finding=finding, by=erik, legal_ground=ground)
    html = _page(farah, finding)
    assert "Follow-up due → Corrected" in html
    assert reverse("operation_detail", kwargs={"pk": follow_up.operation_id}) not in html
    assert reverse("visit_work", kwargs={"pk": follow_up.pk}) not in html
    assert follow_up.operation.name not in html


def test_the_history_costs_the_same_queries_for_1_and_50_steps(erik, skatteverket, visit):
    finding = tax_finding(visit, skatteverket, S.FOLLOW_UP_DUE)
    client, page = signed_in_client(erik), reverse("finding_detail", kwargs={"pk": finding.pk})

    def step(n):
        """A step at a follow-up visit of an operation of its own, each one more to look up."""
        day = datetime.date(2025, 5, 1) + datetime.timedelta(days=n)
        follow_up = later_visit(visit, [skatteverket], day=day)
        StatusChange.objects.create(
            finding=finding, from_status=S.FOLLOW_UP_DUE, to_status=S.NOT_CORRECTED, visit=follow_up, changed_by=erik
        )

    step(0)
    queries_of_get(client, page)  # warms the per-process caches
    with_one = queries_of_get(client, page)
    for n in range(1, 50):
        step(n)
    assert StatusChange.objects.filter(finding=finding).count() == 50
    assert queries_of_get(client, page) == with_one
