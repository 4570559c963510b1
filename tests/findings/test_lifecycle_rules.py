"""finding_transition: what a step needs (an action of the agency's catalogue, a date not
before the visit, a later visit to the same premises), who may take it, and no lost update."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from agencies.models import Role
from findings.models import ActionKind, ActionOption, Finding, FindingStatus, StatusChange
from findings.services_lifecycle import finding_transition
from findings.versioning import StaleFinding
from inspections.models import OperationStatus, VisitOutcome
from tests.factories import MembershipFactory, PremisesFactory, UserFactory, VisitFactory, local_time

from .factories import VISIT_DAY, later_visit, tax_finding

pytestmark = pytest.mark.django_db

S = FindingStatus


def _refusal(finding, by, **step):
    with pytest.raises(ValidationError) as excinfo:
        finding_transition(finding=finding, by=by, expected_version=finding.version, **step)
    stored = Finding.objects.get(pk=finding.pk)
    assert (stored.status, stored.version) == (finding.status, 1), "a refused step must change nothing"
    assert not StatusChange.objects.exists()
    return excinfo.value.message_dict


# --- The action ---------------------------------------------------------------------------


def test_action_taken_needs_an_action(erik, skatteverket, visit):
    finding = tax_finding(visit, skatteverket)
    errors = _refusal(finding, erik, to_status=S.ACTION_TAKEN)
    assert errors == {"action": ["Choose the action your agency took."]}


def test_an_action_of_another_agencys_catalogue_is_refused(erik, skatteverket, visit):
    # A prohibition of use is the fire and rescue service's; the tax agency cannot take it.
    assert ActionOption.objects.filter(agency_kind="fire_rescue", action=ActionKind.PROHIBITION).exists()
    finding = tax_finding(visit, skatteverket)
    errors = _refusal(finding, erik, to_status=S.ACTION_TAKEN, action=ActionKind.PROHIBITION)
    assert errors == {"action": ["Choose one of the actions your agency can take."]}


def test_an_action_taken_out_of_use_is_refused(erik, skatteverket, visit):
    ActionOption.objects.filter(agency_kind="tax", action=ActionKind.SANCTION_FEE).update(is_active=False)
    finding = tax_finding(visit, skatteverket)
    errors = _refusal(finding, erik, to_status=S.ACTION_TAKEN, action=ActionKind.SANCTION_FEE)
    assert errors == {"action": ["Choose one of the actions your agency can take."]}


def test_no_action_is_not_an_action_taken(erik, skatteverket, visit):
    finding = tax_finding(visit, skatteverket)
    errors = _refusal(finding, erik, to_status=S.ACTION_TAKEN, action=ActionKind.NONE)
    assert errors == {"action": ["Choose one of the actions your agency can take."]}


def test_an_escalation_may_record_the_harder_action(erik, skatteverket, visit):
    finding = tax_finding(visit, skatteverket, S.FOLLOW_UP_DUE)
    finding_transition(
        finding=finding, by=erik, expected_version=1, to_status=S.ESCALATED, action=ActionKind.CONDITIONAL_FINE
    )
    assert Finding.objects.get(pk=finding.pk).action == ActionKind.CONDITIONAL_FINE


# --- The follow-up date -------------------------------------------------------------------


def test_follow_up_due_needs_a_date(erik, skatteverket, visit):
    finding = tax_finding(visit, skatteverket, S.ACTION_TAKEN)
    errors = _refusal(finding, erik, to_status=S.FOLLOW_UP_DUE)
    assert errors == {"follow_up_date": ["Enter the date of the follow-up."]}


def test_a_follow_up_before_the_visit_is_refused(erik, skatteverket, visit):
    finding = tax_finding(visit, skatteverket, S.ACTION_TAKEN)
    day_before = VISIT_DAY - datetime.timedelta(days=1)
    errors = _refusal(finding, erik, to_status=S.FOLLOW_UP_DUE, follow_up_date=day_before)
    assert errors == {"follow_up_date": ["The follow-up cannot be before the visit."]}
    assert Finding.objects.get(pk=finding.pk).follow_up_date is None


def test_a_follow_up_on_the_day_of_the_visit_is_accepted(erik, skatteverket, visit):
    finding = tax_finding(visit, skatteverket, S.ACTION_TAKEN)
    finding_transition(
        finding=finding, by=erik, expected_version=1, to_status=S.FOLLOW_UP_DUE, follow_up_date=VISIT_DAY
    )
    assert Finding.objects.get(pk=finding.pk).follow_up_date == VISIT_DAY


# --- The follow-up visit ------------------------------------------------------------------


def test_a_follow_up_visit_to_other_premises_is_refused(erik, skatteverket, norrkoping, visit):
    finding = tax_finding(visit, skatteverket, S.FOLLOW_UP_DUE)
    elsewhere = later_visit(visit, [skatteverket], premises=PremisesFactory(collaboration=norrkoping))
    errors = _refusal(finding, erik, to_status=S.CORRECTED, follow_up_visit=elsewhere)
    assert errors == {"follow_up_visit": ["The follow-up visit must be to the same premises."]}


def test_an_earlier_follow_up_visit_is_refused(erik, skatteverket, visit):
    finding = tax_finding(visit, skatteverket, S.FOLLOW_UP_DUE)
    earlier = later_visit(visit, [skatteverket], day=datetime.date(2025, 2, 3))
    errors = _refusal(finding, erik, to_status=S.CORRECTED, follow_up_visit=earlier)
    assert errors == {"follow_up_visit": ["The follow-up visit must come after the visit of the finding."]}


def test_the_visit_of_the_finding_is_not_its_own_follow_up(erik, skatteverket, visit):
    finding = tax_finding(visit, skatteverket, S.FOLLOW_UP_DUE)
    errors = _refusal(finding, erik, to_status=S.CORRECTED, follow_up_visit=visit)
    assert errors == {"follow_up_visit": ["The follow-up visit must come after the visit of the finding."]}


def test_a_follow_up_visit_the_inspector_may_not_see_is_refused(erik, skatteverket, linkoping, visit):
    finding = tax_finding(visit, skatteverket, S.FOLLOW_UP_DUE)
    # The tax agency visits in Linköping too, but erik works in Norrköping only.
    unseen = later_visit(
        visit, [skatteverket], collaboration=linkoping, premises=PremisesFactory(collaboration=linkoping)
    )
    errors = _refusal(finding, erik, to_status=S.CORRECTED, follow_up_visit=unseen)
    assert errors == {"follow_up_visit": ["Choose one of the later visits to the premises."]}


def test_a_follow_up_visit_without_the_agency_is_refused(skatteverket, raddningstjansten, norrkoping, visit):
    # An inspector of both agencies sees the fire service's operation, but the tax agency was not there.
    both = UserFactory(username="kim")
    MembershipFactory(user=both, collaboration=norrkoping, agency=skatteverket, role=Role.INSPECTOR)
    MembershipFactory(user=both, collaboration=norrkoping, agency=raddningstjansten, role=Role.INSPECTOR)
    finding = tax_finding(visit, skatteverket, S.FOLLOW_UP_DUE)
    fire_only = later_visit(visit, [raddningstjansten])
    errors = _refusal(finding, both, to_status=S.CORRECTED, follow_up_visit=fire_only)
    assert errors == {"follow_up_visit": ["Your agency did not take part in that visit's operation."]}


def test_a_follow_up_visit_still_to_come_is_refused(erik, skatteverket, visit):
    finding = tax_finding(visit, skatteverket, S.FOLLOW_UP_DUE)
    follow_up = later_visit(visit, [skatteverket], day=datetime.date(2025, 4, 14))  # at 18:00
    with time_machine.travel(local_time(datetime.date(2025, 4, 14), 12), tick=False):
        errors = _refusal(finding, erik, to_status=S.CORRECTED, follow_up_visit=follow_up)
    assert errors == {"follow_up_visit": ["That visit has not taken place yet."]}


def test_a_follow_up_visit_is_accepted_once_its_time_has_come(erik, skatteverket, visit):
    finding = tax_finding(visit, skatteverket, S.FOLLOW_UP_DUE)
    follow_up = later_visit(visit, [skatteverket], day=datetime.date(2025, 4, 14))
    with time_machine.travel(local_time(datetime.date(2025, 4, 14), 18), tick=False):
        change = finding_transition(
            finding=finding, by=erik, expected_version=1, to_status=S.CORRECTED, follow_up_visit=follow_up
        )
    assert change.visit == follow_up


def test_a_cancelled_follow_up_visit_is_refused(erik, skatteverket, visit):
    finding = tax_finding(visit, skatteverket, S.FOLLOW_UP_DUE)
    follow_up = later_visit(visit, [skatteverket])
    follow_up.outcome = VisitOutcome.CANCELLED
    follow_up.save()
    errors = _refusal(finding, erik, to_status=S.CORRECTED, follow_up_visit=follow_up)
    assert errors == {"follow_up_visit": ["That visit was cancelled, so nothing was followed up at it."]}


def test_a_visit_of_a_cancelled_operation_is_no_follow_up_visit(erik, skatteverket, visit):
    finding = tax_finding(visit, skatteverket, S.FOLLOW_UP_DUE)
    follow_up = later_visit(visit, [skatteverket])
    follow_up.operation.status = OperationStatus.CANCELLED
    follow_up.operation.save()
    errors = _refusal(finding, erik, to_status=S.NOT_CORRECTED, follow_up_visit=follow_up)
    assert errors == {"follow_up_visit": ["That visit was cancelled, so nothing was followed up at it."]}


def test_a_follow_up_visit_goes_only_with_an_outcome(erik, skatteverket, visit):
    finding = tax_finding(visit, skatteverket, S.FOLLOW_UP_DUE)
    errors = _refusal(finding, erik, to_status=S.CLOSED, follow_up_visit=later_visit(visit, [skatteverket]))
    assert list(errors) == ["follow_up_visit"]


def test_the_follow_up_visit_links_back_to_the_finding(erik, skatteverket, visit):
    finding = tax_finding(visit, skatteverket, S.FOLLOW_UP_DUE)
    follow_up = later_visit(visit, [skatteverket])
    finding_transition(
        finding=finding, by=erik, expected_version=1, to_status=S.NOT_CORRECTED, follow_up_visit=follow_up
    )
    assert [change.finding for change in follow_up.follow_ups.all()] == [finding]


# --- Who may ------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["farah", "anna", "sara", "petra"])
def test_only_the_owning_agencys_inspector_changes_the_status(request, who, skatteverket, visit):
    user = request.getfixturevalue(who)
    finding = tax_finding(visit, skatteverket)
    with pytest.raises(PermissionDenied):
        finding_transition(finding=finding, by=user, expected_version=1, to_status=S.CLOSED)
    assert Finding.objects.get(pk=finding.pk).status == S.OPEN
    assert not StatusChange.objects.exists()


# --- No lost update -----------------------------------------------------------------------


def test_of_two_saves_from_the_same_version_the_second_is_refused(erik, skatteverket, visit):
    colleague = UserFactory(username="ebba")
    MembershipFactory(user=colleague, collaboration=visit.operation.collaboration, agency=skatteverket)
    finding = tax_finding(visit, skatteverket, S.FOLLOW_UP_DUE)
    # Both opened the finding at version 1.
    eriks, ebbas = Finding.objects.get(pk=finding.pk), Finding.objects.get(pk=finding.pk)
    finding_transition(finding=eriks, by=erik, expected_version=1, to_status=S.CORRECTED)
    with pytest.raises(StaleFinding):
        finding_transition(finding=ebbas, by=colleague, expected_version=1, to_status=S.NOT_CORRECTED)
    stored = Finding.objects.get(pk=finding.pk)
    assert (stored.status, stored.version) == (S.CORRECTED, 2)
    assert list(StatusChange.objects.values_list("to_status", "changed_by__username")) == [(S.CORRECTED, "erik")]
    # The refused caller's object still shows the finding as it was, not the refused step.
    assert ebbas.status == S.FOLLOW_UP_DUE


def test_a_save_from_an_old_version_is_refused(erik, skatteverket, visit):
    finding = tax_finding(visit, skatteverket, S.FOLLOW_UP_DUE)
    Finding.objects.filter(pk=finding.pk).update(version=2)
    finding.refresh_from_db()
    with pytest.raises(StaleFinding):
        finding_transition(finding=finding, by=erik, expected_version=1, to_status=S.CORRECTED)
    assert Finding.objects.get(pk=finding.pk).status == S.FOLLOW_UP_DUE
    assert not StatusChange.objects.exists()


def test_the_follow_up_compares_dates_in_sweden(erik, skatteverket, operation, premises):
    # 00:30 on 11 March in Stockholm is still 10 March in UTC: the visit day is the Swedish one.
    late = VisitFactory(
        operation=operation, premises=premises, scheduled_at=local_time(datetime.date(2025, 3, 11), 0, 30)
    )
    finding = tax_finding(late, skatteverket, S.ACTION_TAKEN)
    errors = _refusal(finding, erik, to_status=S.FOLLOW_UP_DUE, follow_up_date=VISIT_DAY)
    assert errors == {"follow_up_date": ["The follow-up cannot be before the visit."]}
