"""The status form: the next steps only, a refused step answered at its field with the input
kept, and a save from an outdated form refused with 409."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from agencies.models import AccessAction, AccessLogEntry
from findings.models import ActionKind, Finding, FindingStatus, StatusChange
from inspections.models import OperationStatus, VisitOutcome
from tests.clients import signed_in_client
from tests.factories import PremisesFactory, local_time

from .factories import later_visit, tax_finding

pytestmark = pytest.mark.django_db

S = FindingStatus


def _url(finding, query=""):
    return reverse("finding_transition", kwargs={"pk": finding.pk}) + query


def _radios(response):
    return [choice.data["value"] for choice in response.context["form"]["to_status"]]


def test_the_form_offers_only_the_next_statuses(erik, skatteverket, visit):
    finding = tax_finding(visit, skatteverket, S.ACTION_TAKEN)
    response = signed_in_client(erik).get(_url(finding))
    assert response.status_code == 200
    assert _radios(response) == [S.FOLLOW_UP_DUE, S.ESCALATED, S.CLOSED]
    html = response.content.decode()
    assert 'value="follow_up_due"' in html and 'value="corrected"' not in html
    assert 'name="version" value="1"' in html


def test_the_actions_offered_are_the_agencys_own(erik, skatteverket, visit):
    finding = tax_finding(visit, skatteverket)
    response = signed_in_client(erik).get(_url(finding))
    offered = {value for value, _label in response.context["form"].fields["action"].choices if value}
    assert ActionKind.INJUNCTION in offered
    assert ActionKind.PROHIBITION not in offered  # the fire and rescue service's


def test_a_closed_finding_has_nothing_more_to_do(erik, skatteverket, visit):
    finding = tax_finding(visit, skatteverket, S.CLOSED)
    response = signed_in_client(erik).get(_url(finding))
    assert response.status_code == 200
    html = response.content.decode()
    assert "there is nothing more to do" in html
    assert 'name="to_status"' not in html


def test_a_post_to_a_closed_finding_is_refused_with_the_reason(erik, skatteverket, visit):
    finding = tax_finding(visit, skatteverket, S.CLOSED)
    response = signed_in_client(erik).post(_url(finding), {"to_status": S.OPEN, "version": "1"})
    assert response.status_code == 400
    assert "A finding that is closed cannot become open." in response.content.decode()
    assert Finding.objects.get(pk=finding.pk).status == S.CLOSED


def test_the_visit_in_the_address_is_preselected(erik, skatteverket, visit):
    finding = tax_finding(visit, skatteverket, S.FOLLOW_UP_DUE)
    follow_up = later_visit(visit, [skatteverket])
    response = signed_in_client(erik).get(_url(finding, f"?besok={follow_up.pk}"))
    assert response.status_code == 200
    assert response.context["form"]["follow_up_visit"].value() == follow_up.pk
    assert f'<option value="{follow_up.pk}" selected>' in response.content.decode()


@pytest.mark.parametrize("besok", ["own-visit", "other-premises", "abc", "٣", ""])
def test_a_visit_in_the_address_that_cannot_be_chosen_is_ignored(erik, skatteverket, norrkoping, visit, besok):
    finding = tax_finding(visit, skatteverket, S.FOLLOW_UP_DUE)
    eligible = later_visit(visit, [skatteverket])
    elsewhere = later_visit(visit, [skatteverket], premises=PremisesFactory(collaboration=norrkoping))
    value = {"own-visit": visit.pk, "other-premises": elsewhere.pk}.get(besok, besok)
    response = signed_in_client(erik).get(_url(finding, f"?besok={value}"))
    assert response.status_code == 200
    assert response.context["form"]["follow_up_visit"].value() is None
    assert [v.pk for v in response.context["form"].fields["follow_up_visit"].queryset] == [eligible.pk]


def test_only_later_visits_that_took_place_are_offered(erik, skatteverket, visit):
    finding = tax_finding(visit, skatteverket, S.FOLLOW_UP_DUE)
    made = later_visit(visit, [skatteverket], day=datetime.date(2025, 4, 1))
    cancelled = later_visit(visit, [skatteverket], day=datetime.date(2025, 4, 2))
    cancelled.outcome = VisitOutcome.CANCELLED
    cancelled.save()
    called_off = later_visit(visit, [skatteverket], day=datetime.date(2025, 4, 3))
    called_off.operation.status = OperationStatus.CANCELLED
    called_off.operation.save()
    tonight = later_visit(visit, [skatteverket], day=datetime.date(2025, 4, 14))  # at 18:00
    with time_machine.travel(local_time(datetime.date(2025, 4, 14), 12), tick=False):
        response = signed_in_client(erik).get(_url(finding, f"?besok={tonight.pk}"))
    assert [v.pk for v in response.context["form"].fields["follow_up_visit"].queryset] == [made.pk]
    assert response.context["form"]["follow_up_visit"].value() is None


def test_the_later_visits_are_named_by_their_swedish_day(erik, skatteverket, visit):
    finding = tax_finding(visit, skatteverket, S.FOLLOW_UP_DUE)
    # 00:30 on 15 April in Stockholm is 14 April in UTC.
    follow_up = later_visit(visit, [skatteverket], day=datetime.date(2025, 4, 15))
    follow_up.scheduled_at = local_time(datetime.date(2025, 4, 15), 0, 30)
    follow_up.save()
    response = signed_in_client(erik).get(_url(finding))
    assert f"2025-04-15 – {follow_up.operation.name}" in response.content.decode()


def test_erik_records_the_follow_up_made_at_a_later_visit(erik, skatteverket, visit):
    finding = tax_finding(visit, skatteverket, S.FOLLOW_UP_DUE)
    follow_up = later_visit(visit, [skatteverket])
    client = signed_in_client(erik)
    data = {"to_status": S.CORRECTED, "follow_up_visit": follow_up.pk, "version": "1"}
    response = client.post(_url(finding), data)
    assert response.status_code == 302
    assert response.url == reverse("finding_detail", kwargs={"pk": finding.pk})
    change = StatusChange.objects.get(finding=finding)
    assert (change.to_status, change.visit, change.changed_by) == (S.CORRECTED, follow_up, erik)
    page = client.get(response.url).content.decode()
    assert "The finding&#x27;s status is now: Corrected." in page


def test_a_follow_up_date_before_the_visit_is_answered_at_the_field(erik, skatteverket, visit):
    finding = tax_finding(visit, skatteverket, S.ACTION_TAKEN)
    data = {"to_status": S.FOLLOW_UP_DUE, "follow_up_date": "2025-03-09", "action": "advice", "version": "1"}
    response = signed_in_client(erik).post(_url(finding), data)
    assert response.status_code == 400
    assert response.context["form"].errors == {"follow_up_date": ["The follow-up cannot be before the visit."]}
    html = response.content.decode()
    assert 'value="2025-03-09"' in html  # the input is kept
    assert 'value="follow_up_due" id="id_to_status_0" required checked' in html
    assert '<option value="advice" selected>' in html
    assert '<a href="#id_follow_up_date">The follow-up cannot be before the visit.</a>' in html
    stored = Finding.objects.get(pk=finding.pk)
    assert (stored.status, stored.follow_up_date, stored.version) == (S.ACTION_TAKEN, None, 1)
    assert not StatusChange.objects.exists()


def test_an_action_outside_the_catalogue_is_answered_at_the_field(erik, skatteverket, visit):
    finding = tax_finding(visit, skatteverket)
    data = {"to_status": S.ACTION_TAKEN, "action": ActionKind.PROHIBITION, "version": "1"}
    response = signed_in_client(erik).post(_url(finding), data)
    assert response.status_code == 400
    assert response.context["form"].errors == {"action": ["Choose one of the actions your agency can take."]}
    assert Finding.objects.get(pk=finding.pk).status == S.OPEN


def test_a_step_the_lifecycle_refuses_is_answered_at_the_status(erik, skatteverket, visit):
    finding = tax_finding(visit, skatteverket)
    response = signed_in_client(erik).post(_url(finding), {"to_status": S.CORRECTED, "version": "1"})
    assert response.status_code == 400
    assert response.context["form"].errors == {"to_status": ["A finding that is open cannot become corrected."]}


def test_a_date_that_is_not_a_date_is_answered_at_the_field(erik, skatteverket, visit):
    finding = tax_finding(visit, skatteverket, S.ACTION_TAKEN)
    data = {"to_status": S.FOLLOW_UP_DUE, "follow_up_date": "31/02/2025", "version": "1"}
    response = signed_in_client(erik).post(_url(finding), data)
    assert response.status_code == 400
    assert response.context["form"].errors == {"follow_up_date": ["Enter a date, for example 2025-03-10."]}
    assert 'value="31/02/2025"' in response.content.decode()


@pytest.mark.parametrize("version", ["", "abc", "0", "-1", "١", "99999999999", "2147483648", " "])
def test_a_missing_or_broken_version_is_told_in_the_summary_never_a_server_error(erik, skatteverket, visit, version):
    finding = tax_finding(visit, skatteverket)
    data = {"to_status": S.CLOSED, "version": version}
    response = signed_in_client(erik).post(_url(finding), data)
    assert response.status_code == 400
    message = "The form does not say which version of the finding you opened. Open it again."
    assert response.context["form"].errors == {"__all__": [message]}
    assert Finding.objects.get(pk=finding.pk).status == S.OPEN


def test_opening_the_status_form_is_a_logged_read(erik, skatteverket, visit):
    finding = tax_finding(visit, skatteverket)
    signed_in_client(erik).get(_url(finding))
    row = AccessLogEntry.objects.get(action=AccessAction.VIEW)
    assert (row.username, row.object_type, row.object_id) == ("erik", "findings.finding", str(finding.pk))
    assert row.object_agency_id == skatteverket.pk


def test_a_save_is_a_change_not_a_read(erik, skatteverket, visit):
    finding = tax_finding(visit, skatteverket)
    response = signed_in_client(erik).post(_url(finding), {"to_status": S.CLOSED, "version": "1"})
    assert response.status_code == 302
    assert not AccessLogEntry.objects.filter(action=AccessAction.VIEW).exists()
    assert AccessLogEntry.objects.filter(action=AccessAction.CHANGE, object_id=str(finding.pk)).count() == 1


def test_an_empty_form_is_answered_with_its_messages(erik, skatteverket, visit):
    finding = tax_finding(visit, skatteverket)
    response = signed_in_client(erik).post(_url(finding), {})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["to_status"] == ["Choose the finding's new status."]
    assert errors["__all__"] == ["The form does not say which version of the finding you opened. Open it again."]
    assert Finding.objects.get(pk=finding.pk).version == 1


def test_a_save_from_an_outdated_form_is_refused_with_the_input_kept(erik, skatteverket, visit):
    finding = tax_finding(visit, skatteverket, S.ACTION_TAKEN)
    # A colleague closed the finding after erik opened the form at version 1.
    Finding.objects.filter(pk=finding.pk).update(status=S.CLOSED, version=2)
    data = {"to_status": S.FOLLOW_UP_DUE, "follow_up_date": "2025-04-20", "version": "1"}
    response = signed_in_client(erik).post(_url(finding), data)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else saved this finding after you opened it." in html
    assert 'class="error-summary"' in html
    stored = Finding.objects.get(pk=finding.pk)
    assert (stored.status, stored.follow_up_date, stored.version) == (S.CLOSED, None, 2)
    assert not StatusChange.objects.exists()
    # The page shows the finding as it is now; a finding still open keeps the typed input.
    assert response.context["finding"].status == S.CLOSED
    # Showing it anew is a read.
    assert AccessLogEntry.objects.filter(action=AccessAction.VIEW, object_id=str(finding.pk)).count() == 1


def test_after_a_conflict_the_form_carries_the_new_version_and_the_input(erik, skatteverket, visit):
    finding = tax_finding(visit, skatteverket, S.ACTION_TAKEN)
    Finding.objects.filter(pk=finding.pk).update(version=2)
    client = signed_in_client(erik)
    data = {"to_status": S.FOLLOW_UP_DUE, "follow_up_date": "2025-04-20", "action": "advice", "version": "1"}
    response = client.post(_url(finding), data)
    assert response.status_code == 409
    html = response.content.decode()
    assert 'name="version" value="2"' in html
    assert 'value="2025-04-20"' in html
    assert '<option value="advice" selected>' in html
    assert not StatusChange.objects.exists()
    # Saving again after checking goes through.
    assert client.post(_url(finding), {**data, "version": "2"}).status_code == 302
    stored = Finding.objects.get(pk=finding.pk)
    assert (stored.status, stored.follow_up_date) == (S.FOLLOW_UP_DUE, datetime.date(2025, 4, 20))
