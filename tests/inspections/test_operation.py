"""Operations: one or more days, the last not before the first."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from inspections.models import Operation

MARCH_10 = datetime.date(2025, 3, 10)
MARCH_11 = datetime.date(2025, 3, 11)


def an_operation(collaboration, start_date, end_date):
    return Operation(collaboration=collaboration, name="Vårinsats Hageby", start_date=start_date, end_date=end_date)


def test_it_accepts_an_operation_of_one_day(norrkoping):
    an_operation(norrkoping, MARCH_10, MARCH_10).full_clean()


def test_it_refuses_an_operation_that_ends_before_it_starts(norrkoping):
    with pytest.raises(ValidationError) as excinfo:
        an_operation(norrkoping, MARCH_11, MARCH_10).full_clean()
    assert excinfo.value.messages == ["The last day cannot be before the first day."]


def test_the_database_refuses_an_operation_that_ends_before_it_starts(norrkoping):
    with pytest.raises(IntegrityError), transaction.atomic():
        an_operation(norrkoping, MARCH_11, MARCH_10).save()
    assert not Operation.objects.exists()


def test_it_covers_its_first_and_last_day_and_nothing_else(norrkoping):
    operation = an_operation(norrkoping, MARCH_10, MARCH_11)
    assert operation.covers(MARCH_10)
    assert operation.covers(MARCH_11)
    assert not operation.covers(datetime.date(2025, 3, 9))
    assert not operation.covers(datetime.date(2025, 3, 12))
