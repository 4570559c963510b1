"""finding_transition: every step the lifecycle allows is taken and kept in the history; every
other step is refused and changes nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from agencies.models import AccessAction, AccessLogEntry
from findings.lifecycle import FOLLOW_UP_OUTCOMES, TRANSITIONS
from findings.models import ActionKind, Finding, FindingStatus, StatusChange
from findings.services_lifecycle import finding_transition

from .factories import later_visit, tax_finding

pytestmark = pytest.mark.django_db

S = FindingStatus
ALLOWED = [(current, new) for current, nexts in TRANSITIONS.items() for new in nexts]
REFUSED = [(current, new) for current in S for new in S if new not in TRANSITIONS[current]]
FOLLOW_UP_DAY = datetime.date(2025, 4, 20)


def test_the_lifecycle_runs_from_open_through_follow_up_to_closed():
    assert set(TRANSITIONS) == set(S)
    assert S.ACTION_TAKEN in TRANSITIONS[S.OPEN]
    assert S.FOLLOW_UP_DUE in TRANSITIONS[S.ACTION_TAKEN]
    assert {S.CORRECTED, S.NOT_CORRECTED, S.ESCALATED, S.CLOSED} <= set(TRANSITIONS[S.FOLLOW_UP_DUE])
    assert TRANSITIONS[S.CLOSED] == ()
    assert all(S.OPEN not in nexts for nexts in TRANSITIONS.values())


def _needs(new, visit, skatteverket):
    """What the step to `new` needs, or may bring: an action, a date, the follow-up visit."""
    if new == S.ACTION_TAKEN:
        return {"action": ActionKind.INJUNCTION}
    if new == S.FOLLOW_UP_DUE:
        return {"follow_up_date": FOLLOW_UP_DAY}
    if new in FOLLOW_UP_OUTCOMES:
        return {"follow_up_visit": later_visit(visit, [skatteverket])}
    return {}


@pytest.mark.parametrize(("current", "new"), ALLOWED, ids=[f"{c}-{n}" for c, n in ALLOWED])
def test_erik_takes_every_allowed_step(erik, skatteverket, visit, current, new):
    finding = tax_finding(visit, skatteverket, current)
    needs = _needs(new, visit, skatteverket)
    change = finding_transition(finding=finding, by=erik, expected_version=1, to_status=new, **needs)
    stored = Finding.objects.get(pk=finding.pk)
    assert (stored.status, stored.version) == (new, 2)
    assert (change.from_status, change.to_status, change.changed_by) == (current, new, erik)
    # The step keeps the action in force after it, whether the step changed it or not.
    assert StatusChange.objects.get(pk=change.pk).action == stored.action
    assert change.visit == needs.get("follow_up_visit")
    assert StatusChange.objects.filter(finding=finding).count() == 1
    if new == S.ACTION_TAKEN:
        assert stored.action == ActionKind.INJUNCTION
    if new == S.FOLLOW_UP_DUE:
        assert stored.follow_up_date == change.follow_up_date == FOLLOW_UP_DAY
    else:
        assert change.follow_up_date is None
    log = AccessLogEntry.objects.get(action=AccessAction.CHANGE)
    assert (log.username, log.object_id, log.object_agency_id) == ("erik", str(finding.pk), skatteverket.pk)


@pytest.mark.parametrize(("current", "new"), REFUSED, ids=[f"{c}-{n}" for c, n in REFUSED])
def test_a_step_outside_the_lifecycle_is_refused(erik, skatteverket, visit, current, new):
    finding = tax_finding(visit, skatteverket, current)
    with pytest.raises(ValidationError) as excinfo:
        finding_transition(
            finding=finding,
            by=erik,
            expected_version=1,
            to_status=new,
            action=ActionKind.INJUNCTION,
            follow_up_date=FOLLOW_UP_DAY,
        )
    current_label, new_label = (str(S(s).label).lower() for s in (current, new))
    expected = f"A finding that is {current_label} cannot become {new_label}."
    assert excinfo.value.message_dict == {"to_status": [expected]}
    stored = Finding.objects.get(pk=finding.pk)
    assert (stored.status, stored.version) == (current, 1)
    assert not StatusChange.objects.exists()
    assert not AccessLogEntry.objects.filter(action=AccessAction.CHANGE).exists()


def test_every_status_refuses_some_step():
    refused_from = {current for current, _new in REFUSED}
    assert refused_from == set(S)


def test_a_finding_is_followed_up_along_the_whole_way(erik, skatteverket, visit):
    finding = tax_finding(visit, skatteverket)
    steps = [
        {"to_status": S.ACTION_TAKEN, "action": ActionKind.ADVICE},
        {"to_status": S.FOLLOW_UP_DUE, "follow_up_date": FOLLOW_UP_DAY},
        {"to_status": S.CORRECTED, "follow_up_visit": later_visit(visit, [skatteverket])},
        {"to_status": S.CLOSED},
    ]
    for version, step in enumerate(steps, start=1):
        finding_transition(finding=finding, by=erik, expected_version=version, **step)
    history = list(StatusChange.objects.filter(finding=finding).values_list("from_status", "to_status", "action"))
    assert history == [
        (S.OPEN, S.ACTION_TAKEN, ActionKind.ADVICE),
        (S.ACTION_TAKEN, S.FOLLOW_UP_DUE, ActionKind.ADVICE),
        (S.FOLLOW_UP_DUE, S.CORRECTED, ActionKind.ADVICE),
        (S.CORRECTED, S.CLOSED, ActionKind.ADVICE),
    ]
    stored = Finding.objects.get(pk=finding.pk)
    # Advice counts as an action, and the finding keeps the date it was last due.
    assert (stored.status, stored.action, stored.follow_up_date, stored.version) == (
        S.CLOSED,
        ActionKind.ADVICE,
        FOLLOW_UP_DAY,
        5,
    )


def test_an_escalation_with_a_harder_action_keeps_it_in_the_step(erik, skatteverket, visit):
    finding = tax_finding(visit, skatteverket, S.FOLLOW_UP_DUE, action=ActionKind.ADVICE)
    change = finding_transition(
        finding=finding, by=erik, expected_version=1, to_status=S.ESCALATED, action=ActionKind.CONDITIONAL_FINE
    )
    assert StatusChange.objects.get(pk=change.pk).action == ActionKind.CONDITIONAL_FINE
    later = finding_transition(finding=finding, by=erik, expected_version=2, to_status=S.CLOSED)
    assert StatusChange.objects.get(pk=later.pk).action == ActionKind.CONDITIONAL_FINE
