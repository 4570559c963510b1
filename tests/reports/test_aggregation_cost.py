"""The figures cost a fixed number of queries, and survive the JSON a snapshot stores."""

import datetime
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from findings.models import PaymentKind
from inspections.models import OperationStatus, VisitOutcome
from reports.aggregation import summary_figures
from reports.figures import canonical_json, figures_from_json, figures_to_json
from tests.factories import FindingFactory, OperationFactory, PaymentEntryFactory, VisitFactory, local_time
from tests.findings.factories import indicator, trafficking_indicators

from .summary_data import SPRING, build_spring

pytestmark = pytest.mark.django_db

MOST_QUERIES = 20


@pytest.fixture
def spring(norrkoping, linkoping):
    return build_spring(norrkoping, linkoping)


def _operations_with_visits(collaboration, agencies, visits):
    """`visits` visits carried out over three operations, each with a finding, an indicator and money."""
    operations = [
        OperationFactory(
            collaboration=collaboration,
            start_date=datetime.date(2026, 3, day),
            end_date=datetime.date(2026, 3, day),
            status=OperationStatus.DONE,
            agencies=agencies,
        )
        for day in (3, 4, 5)
    ]
    for number in range(visits):
        operation = operations[number % 3]
        visit = VisitFactory(
            operation=operation,
            scheduled_at=local_time(operation.start_date, 18),
            outcome=VisitOutcome.CARRIED_OUT,
            persons_checked=2,
        )
        finding = FindingFactory(visit=visit, agency=agencies[number % 2], category=trafficking_indicators())
        finding.indicators.add(indicator("lives-at-workplace"))
        PaymentEntryFactory(finding=finding, kind=PaymentKind.WRONGLY_PAID, amount=Decimal("1000"))
        estimate = PaymentEntryFactory(finding=finding, kind=PaymentKind.STOPPED, amount=Decimal("900"))
        PaymentEntryFactory(finding=finding, kind=PaymentKind.STOPPED, amount=Decimal("800"), supersedes=estimate)


def _queries_for(collaboration):
    with CaptureQueriesContext(connection) as queries:
        figures = summary_figures(collaboration, *SPRING)
    return len(queries), figures


def test_the_number_of_queries_does_not_grow_with_the_data(norrkoping, linkoping, polisen, skatteverket):
    _operations_with_visits(linkoping, [polisen, skatteverket], 1)
    _operations_with_visits(norrkoping, [polisen, skatteverket], 30)

    one_visit, small = _queries_for(linkoping)
    thirty_visits, large = _queries_for(norrkoping)

    assert (small.key.visits, large.key.visits) == (1, 30)
    assert large.key.stopped == Decimal("24000.00")  # 30 × the 800 in force, not the 900 estimates
    assert one_visit == thirty_visits
    assert thirty_visits <= MOST_QUERIES


def test_it_counts_the_previous_year_in_a_fixed_number_of_queries_too(spring):
    count, figures = _queries_for(spring.collaboration)
    assert figures.previous is not None
    assert count <= MOST_QUERIES


def test_the_figures_survive_a_round_trip_through_json(spring):
    figures = summary_figures(spring.collaboration, *SPRING)

    stored = json.loads(canonical_json(figures_to_json(figures)))

    assert figures_from_json(stored) == figures
    assert stored["key"]["wrongly_paid"] == "120000.00"
