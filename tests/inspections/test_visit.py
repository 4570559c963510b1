"""Visits: during their operation (in Swedish time), to premises of the same collaboration, once each."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from inspections.models import MAX_PERSONS_CHECKED, Visit
from tests.factories import PremisesFactory, VisitFactory, local_time

UTC = datetime.UTC
OUTSIDE_MESSAGE = "The visit must take place during the operation (2025-03-10 – 2025-03-11)."


def a_visit(operation, premises, scheduled_at, **fields):
    return Visit(operation=operation, premises=premises, scheduled_at=scheduled_at, **fields)


@pytest.mark.parametrize(
    "scheduled_at",
    [
        local_time(datetime.date(2025, 3, 10), 0, 0),  # the first minute of the first day
        datetime.datetime(2025, 3, 9, 23, 30, tzinfo=UTC),  # still the 9th in UTC, the 10th in Sweden
        local_time(datetime.date(2025, 3, 11), 23, 59),  # the last minute of the last day
    ],
    ids=["first-minute", "first-day-in-sweden-not-in-utc", "last-minute"],
)
def test_it_accepts_a_visit_on_any_day_of_the_operation_in_swedish_time(operation, premises, scheduled_at):
    a_visit(operation, premises, scheduled_at).full_clean()


@pytest.mark.parametrize(
    "scheduled_at",
    [
        local_time(datetime.date(2025, 3, 9), 23, 59),  # the evening before
        datetime.datetime(2025, 3, 11, 23, 30, tzinfo=UTC),  # still the 11th in UTC, the 12th in Sweden
        local_time(datetime.date(2025, 3, 12), 0, 0),  # the morning after
    ],
    ids=["evening-before", "day-after-in-sweden-not-in-utc", "morning-after"],
)
def test_it_refuses_a_visit_outside_the_operation_in_swedish_time(operation, premises, scheduled_at):
    with pytest.raises(ValidationError) as excinfo:
        a_visit(operation, premises, scheduled_at).full_clean()
    assert excinfo.value.message_dict == {"scheduled_at": [OUTSIDE_MESSAGE]}


def test_it_refuses_premises_of_another_collaboration(operation, linkoping):
    premises_in_linkoping = PremisesFactory(collaboration=linkoping)
    with pytest.raises(ValidationError) as excinfo:
        a_visit(operation, premises_in_linkoping, local_time(operation.start_date)).full_clean()
    assert excinfo.value.message_dict["premises"] == ["The premises belong to another collaboration."]


def test_it_refuses_the_same_premises_twice_in_one_operation(visit):
    again = a_visit(visit.operation, visit.premises, local_time(visit.operation.end_date, 14))
    with pytest.raises(ValidationError) as excinfo:
        again.full_clean()
    assert excinfo.value.messages == ["These premises are already on this operation."]


def test_the_database_refuses_the_same_premises_twice_in_one_operation(visit):
    with pytest.raises(IntegrityError), transaction.atomic():
        a_visit(visit.operation, visit.premises, local_time(visit.operation.end_date, 14)).save()


def test_the_same_premises_may_be_visited_again_in_another_operation(visit):
    later = VisitFactory(operation__collaboration=visit.operation.collaboration, premises=visit.premises)
    later.full_clean()


def test_it_accepts_up_to_a_thousand_persons_checked(operation, premises):
    a_visit(operation, premises, local_time(operation.start_date), persons_checked=MAX_PERSONS_CHECKED).full_clean()


def test_it_refuses_more_than_a_thousand_persons_checked(operation, premises):
    visit = a_visit(operation, premises, local_time(operation.start_date), persons_checked=1001)
    with pytest.raises(ValidationError) as excinfo:
        visit.full_clean()
    assert [error.code for error in excinfo.value.error_dict["persons_checked"]] == ["max_value"]


def test_the_database_refuses_more_than_a_thousand_persons_checked(operation, premises):
    with pytest.raises(IntegrityError), transaction.atomic():
        a_visit(operation, premises, local_time(operation.start_date), persons_checked=1001).save()
    assert not Visit.objects.exists()
