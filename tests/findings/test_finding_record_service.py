"""finding_record: an inspector records what their agency found at a visit, from their own
catalogue, with the first steps of its lifecycle written down."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from agencies.models import AccessAction, AccessLogEntry, Role
from findings.models import ActionKind, Finding, FindingStatus, StatusChange
from inspections.models import OperationStatus, VisitOutcome
from tests.factories import CategoryFactory, MembershipFactory, UserFactory, VisitFactory, local_time

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
from .record_factories import record

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("evening_of_the_visit")]

S = FindingStatus


def steps(finding):
    """Each step with the action in force after it and the follow-up date it set."""
    changes = StatusChange.objects.filter(finding=finding)
    return [(c.from_status, c.to_status, c.action, c.follow_up_date) for c in changes]


FOLLOW_UP = datetime.date(2025, 4, 10)


@pytest.mark.parametrize(
    ("action", "follow_up_date", "status", "history"),
    [
        (ActionKind.NONE, None, S.OPEN, []),
        (ActionKind.ADVICE, None, S.ACTION_TAKEN, [(S.OPEN, S.ACTION_TAKEN, ActionKind.ADVICE, None)]),
        (
            ActionKind.NONE,
            FOLLOW_UP,
            S.FOLLOW_UP_DUE,
            [(S.OPEN, S.FOLLOW_UP_DUE, ActionKind.NONE, FOLLOW_UP)],
        ),
        (
            ActionKind.INJUNCTION,
            FOLLOW_UP,
            S.FOLLOW_UP_DUE,
            [
                (S.OPEN, S.ACTION_TAKEN, ActionKind.INJUNCTION, None),
                (S.ACTION_TAKEN, S.FOLLOW_UP_DUE, ActionKind.INJUNCTION, FOLLOW_UP),
            ],
        ),
    ],
)
def test_the_status_and_its_history_follow_the_action_and_the_follow_up(
    erik, skatteverket, visit, action, follow_up_date, status, history
):
    finding = record(visit=visit, agency=skatteverket, by=erik, action=action, follow_up_date=follow_up_date)
    finding.refresh_from_db()
    assert (finding.status, finding.action, finding.follow_up_date) == (status, action, follow_up_date)
    assert steps(finding) == history
    assert all(c.changed_by == erik for c in finding.status_changes.all())


def test_a_finding_belongs_to_the_visits_collaboration_and_says_who_recorded_it(erik, skatteverket, visit, norrkoping):
    finding = record(visit=visit, agency=skatteverket, by=erik, category=cash_register(), note="  Ingen kassa.  ")
    finding.refresh_from_db()
    assert finding.collaboration == norrkoping
    assert (finding.visit, finding.agency, finding.category) == (visit, skatteverket, cash_register())
    assert finding.created_by == erik
    assert finding.note == "Ingen kassa."
    assert finding.version == 1


def test_recording_is_written_to_the_access_log_without_the_note(erik, skatteverket, visit):
    finding = record(visit=visit, agency=skatteverket, by=erik, note="hemligt")
    row = AccessLogEntry.objects.get(action=AccessAction.CREATE)
    assert (row.username, row.object_id, row.object_agency_id) == ("erik", str(finding.pk), skatteverket.pk)
    assert "hemligt" not in str(row.__dict__)


def _refused(field, **kwargs):
    with pytest.raises(ValidationError) as caught:
        record(**kwargs)
    assert Finding.objects.count() == 0
    assert StatusChange.objects.count() == 0
    messages = caught.value.message_dict[field] if field != "__all__" else caught.value.messages
    return " ".join(messages)


def test_a_category_of_another_agencys_catalogue_is_refused(erik, skatteverket, visit):
    message = _refused("category", visit=visit, agency=skatteverket, by=erik, category=fire_safety())
    assert message == "This category belongs to another agency's catalogue."


def test_a_retired_category_is_refused(erik, skatteverket, visit):
    retired = CategoryFactory(agency_kind="tax", is_active=False)
    message = _refused("category", visit=visit, agency=skatteverket, by=erik, category=retired)
    assert message == "This category is no longer in use. Choose another one."


@pytest.mark.parametrize("action", [ActionKind.PROHIBITION, ActionKind.WITHDRAWN_LICENCE, "bribe"])
def test_an_action_the_agency_cannot_take_is_refused(erik, skatteverket, visit, action):
    message = _refused("action", visit=visit, agency=skatteverket, by=erik, action=action)
    assert message == "Choose one of the actions your agency can take."


def test_a_count_category_needs_its_number(omar, polisen, visit):
    message = _refused("quantity", visit=visit, agency=polisen, by=omar, category=persons_arrested())
    assert message == "Enter the number for this category."
    finding = record(visit=visit, agency=polisen, by=omar, category=persons_arrested(), quantity=3)
    assert Finding.objects.get(pk=finding.pk).quantity == 3


@pytest.mark.parametrize("quantity", [0, 1001])
def test_a_number_outside_1_to_1000_is_refused(omar, polisen, visit, quantity):
    message = _refused("quantity", visit=visit, agency=polisen, by=omar, category=persons_arrested(), quantity=quantity)
    assert message == "The number must be between 1 and 1000."


def test_a_number_given_for_a_category_without_one_is_cleared(erik, skatteverket, visit):
    finding = record(visit=visit, agency=skatteverket, by=erik, category=staff_ledger(), quantity=5)
    assert Finding.objects.get(pk=finding.pk).quantity is None


def test_the_checklist_category_needs_at_least_one_indicator(omar, polisen, visit):
    message = _refused("indicators", visit=visit, agency=polisen, by=omar, category=trafficking_indicators())
    assert message == "Tick at least one indicator that you observed."
    ticked = [indicator("lives-at-workplace"), indicator("no-id-documents")]
    finding = record(visit=visit, agency=polisen, by=omar, category=trafficking_indicators(), indicators=ticked)
    assert set(finding.indicators.all()) == set(ticked)


def test_indicators_ticked_for_another_category_are_cleared(omar, polisen, visit):
    finding = record(
        visit=visit,
        agency=polisen,
        by=omar,
        category=persons_arrested(),
        quantity=1,
        indicators=[indicator("lives-at-workplace")],
    )
    assert finding.indicators.count() == 0


def test_a_follow_up_before_the_visit_is_refused(erik, skatteverket, visit):
    day_before = VISIT_DAY - datetime.timedelta(days=1)
    message = _refused("follow_up_date", visit=visit, agency=skatteverket, by=erik, follow_up_date=day_before)
    assert message == "The follow-up cannot be before the visit."


def test_a_follow_up_on_the_day_of_the_visit_is_allowed(erik, skatteverket, visit):
    finding = record(visit=visit, agency=skatteverket, by=erik, follow_up_date=VISIT_DAY)
    assert finding.status == S.FOLLOW_UP_DUE


def test_a_note_longer_than_4000_characters_is_refused(erik, skatteverket, visit):
    message = _refused("note", visit=visit, agency=skatteverket, by=erik, note="x" * 4001)
    assert message == "The note can be at most 4000 characters long."


def test_a_visit_on_a_later_day_is_refused(erik, skatteverket, operation):
    tomorrow = VisitFactory(operation=operation, scheduled_at=local_time(VISIT_DAY + datetime.timedelta(days=1), 9))
    message = _refused("__all__", visit=tomorrow, agency=skatteverket, by=erik)
    assert message == "A finding can be recorded from the day of the visit."


def test_a_visit_later_today_may_already_be_recorded(erik, skatteverket, operation):
    tonight = VisitFactory(operation=operation, scheduled_at=local_time(VISIT_DAY, 23))
    assert record(visit=tonight, agency=skatteverket, by=erik).visit == tonight


def test_a_cancelled_visit_is_refused(erik, skatteverket, visit):
    visit.outcome = VisitOutcome.CANCELLED
    visit.save()
    message = _refused("__all__", visit=visit, agency=skatteverket, by=erik)
    assert message == "The visit is cancelled, so no finding can be recorded at it."


def test_a_visit_of_a_cancelled_operation_is_refused(erik, skatteverket, visit):
    visit.operation.status = OperationStatus.CANCELLED
    visit.operation.save()
    message = _refused("__all__", visit=visit, agency=skatteverket, by=erik)
    assert message == "The visit is cancelled, so no finding can be recorded at it."


def test_an_inspector_of_an_agency_that_did_not_take_part_is_refused(norrkoping, polisen, visit):
    # The police is a member of the collaboration but not of this operation.
    omar = UserFactory(username="omar")
    MembershipFactory(user=omar, collaboration=norrkoping, agency=polisen, role=Role.INSPECTOR)
    with pytest.raises(PermissionDenied):
        record(visit=visit, agency=polisen, by=omar, category=persons_arrested(), quantity=1)
    assert Finding.objects.count() == 0


def test_an_inspector_cannot_record_for_another_agency(erik, raddningstjansten, visit):
    with pytest.raises(PermissionDenied):
        record(visit=visit, agency=raddningstjansten, by=erik, category=fire_safety())
    assert Finding.objects.count() == 0


def test_an_agency_admin_does_not_record(sara, skatteverket, visit):
    with pytest.raises(PermissionDenied):
        record(visit=visit, agency=skatteverket, by=sara)
    assert Finding.objects.count() == 0
