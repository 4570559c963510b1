"""The roll-up of several collaborations: the figures of the hand-built springs of Norrköping and
Linköping (tests/reports/summary_data.py) counted as one, and nothing of a collaboration left out.

Linköping's spring: one EMPACT operation on 5 March 2026 with polisen and skatteverket, one visit
carried out (8 persons) at premises of type "other", skatteverket's staff-ledger finding with
777 777 wrongly paid, polisen's referral of 5 potential victims showing "lives at workplace".
"""

import dataclasses
import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agencies.models import AgencyKind, Collaboration
from findings.models import PaymentKind
from inspections.models import OperationKind, OperationStatus, VisitOutcome
from reports.aggregation import rollup_figures, summary_figures
from reports.figures import AgencyParticipation, KeyFigures
from tests.factories import (
    CollaborationFactory,
    FindingFactory,
    OperationFactory,
    PaymentEntryFactory,
    VisitFactory,
    local_time,
)
from tests.findings.factories import category

from .summary_data import EXPECTED_KEY, EXPECTED_PREVIOUS, SPRING, build_spring

pytestmark = pytest.mark.django_db

# Norrköping's EXPECTED_KEY plus Linköping's spring, counted by hand.
EXPECTED_ROLLUP_KEY = KeyFigures(
    operations=4,  # februari, empact, midsommar + Linköping mars
    empact_operations=2,  # empact + Linköping mars
    visits=6,  # 5 + 1
    premises=5,  # verkstad, tvatt, krog, kiosk_sen + Linköpings verkstad
    findings=12,  # 10 + 2
    persons_checked=23,  # 15 + 8
    wrongly_paid=Decimal("897777.00"),  # 120 000 + 777 777
    stopped=Decimal("50000.00"),  # Norrköping's only
    potential_victims=7,  # 2 + 5
    wrongly_paid_premises=4,  # tvatt, verkstad, krog + Linköpings verkstad
    stopped_premises=1,
)


@pytest.fixture
def spring(norrkoping, linkoping):
    return build_spring(norrkoping, linkoping)


@pytest.fixture
def motala(spring, skatteverket):
    """A third collaboration with a spring of its own: a visit carried out, a finding, 5 000 kr."""
    motala = CollaborationFactory(name="LOS Motala", slug="motala", agencies=[skatteverket])
    day = datetime.date(2026, 5, 6)
    operation = OperationFactory(
        collaboration=motala,
        kind=OperationKind.NATIONAL,
        start_date=day,
        end_date=day,
        status=OperationStatus.DONE,
        agencies=[skatteverket],
    )
    visit = VisitFactory(
        operation=operation, scheduled_at=local_time(day, 19), outcome=VisitOutcome.CARRIED_OUT, persons_checked=6
    )
    finding = FindingFactory(visit=visit, agency=skatteverket, category=category(AgencyKind.TAX, "staff-ledger"))
    PaymentEntryFactory(finding=finding, kind=PaymentKind.WRONGLY_PAID, amount=Decimal("5000.00"))
    return motala


@pytest.fixture
def both(spring, linkoping, motala):
    """Norrköping and Linköping, not Motala."""
    return Collaboration.objects.filter(pk__in=[spring.collaboration.pk, linkoping.pk])


@pytest.fixture
def figures(both):
    return rollup_figures(both, *SPRING, name="Norrköping och Linköping")


def _values(counts):
    return {count.key: count.value for count in counts}


def test_it_adds_up_the_key_figures_of_both_collaborations(figures):
    assert figures.key == EXPECTED_ROLLUP_KEY
    assert (figures.collaboration, figures.period_start, figures.period_end) == ("Norrköping och Linköping", *SPRING)


def test_the_year_before_is_rolled_up_too(figures):
    # Only Norrköping's fjol: Linköping made no visit in spring 2025.
    assert figures.previous == EXPECTED_PREVIOUS


def test_it_counts_each_shared_agency_once_with_the_work_of_both(spring, linkoping, figures):
    a = spring.agencies
    assert figures.agencies == (
        AgencyParticipation(str(a["kommunen"].pk), "Norrköpings kommun", 2, 3, 2),
        # Norrköping's 2 operations, 4 visits, 3 findings + Linköping mars, its visit, the referral
        AgencyParticipation(str(a["polisen"].pk), "Polismyndigheten", 3, 5, 4),
        AgencyParticipation(str(a["raddningstjansten"].pk), "Räddningstjänsten Östra Götaland", 1, 1, 1),
        # Norrköping's 2, 4, 4 + Linköping mars, its visit, the staff-ledger finding
        AgencyParticipation(str(a["skatteverket"].pk), "Skatteverket", 3, 5, 5),
    )


def test_it_sums_the_money_of_both_with_their_premises(spring, figures):
    skatteverket = str(spring.agencies["skatteverket"].pk)
    cells = {(cell.kind, cell.agency): (cell.amount, cell.premises) for cell in figures.money}
    # 90 000 at verkstad + 10 000 at krog + Linköping's 777 777 at its verkstad
    assert cells[("wrongly_paid", skatteverket)] == (Decimal("877777.00"), 3)
    totals = {total.kind: (total.amount, total.premises) for total in figures.money_by_kind}
    assert totals["wrongly_paid"] == (Decimal("897777.00"), 4)
    assert totals["stopped"] == (Decimal("50000.00"), 1)


def test_it_counts_kinds_types_and_indicators_across_both(figures):
    assert _values(figures.operations_by_kind) == {"los": 2, "empact": 2, "national": 0, "other": 0}
    premises = _values(figures.premises_by_type)
    assert (premises["car_repair"], premises["restaurant"], premises["other"]) == (1, 1, 1)
    # indikatorer_verkstad, indikatorer_krog + Linköping's referral
    assert _values(figures.trafficking_indicators)["lives-at-workplace"] == 3
    assert [line.start for line in figures.operations] == [
        datetime.date(2026, 2, 10),
        datetime.date(2026, 3, 5),  # Linköping mars, between Norrköping's operations
        datetime.date(2026, 4, 15),
        datetime.date(2026, 6, 30),
    ]


def test_a_collaboration_outside_the_set_is_not_counted(figures, motala):
    assert figures.key.visits == 6  # not Motala's visit
    assert figures.key.wrongly_paid == Decimal("897777.00")  # not its 5 000
    assert _values(figures.operations_by_kind)["national"] == 0


def test_the_national_rollup_counts_every_collaboration(spring, motala):
    national = rollup_figures(Collaboration.objects.all(), *SPRING, name="Sverige")
    assert (national.key.visits, national.key.operations, national.key.persons_checked) == (7, 5, 29)
    assert national.key.wrongly_paid == Decimal("902777.00")  # 897 777 + Motala's 5 000
    assert _values(national.operations_by_kind)["national"] == 1


def test_a_rollup_of_one_collaboration_is_its_summary(spring):
    one = Collaboration.objects.filter(pk=spring.collaboration.pk)
    rolled_up = rollup_figures(one, *SPRING, name=spring.collaboration.name)
    assert rolled_up == summary_figures(spring.collaboration, *SPRING)
    assert dataclasses.asdict(rolled_up.key) == dataclasses.asdict(EXPECTED_KEY)


def test_the_rollup_costs_as_many_queries_as_one_collaboration(spring, both):
    with CaptureQueriesContext(connection) as one:
        summary_figures(spring.collaboration, *SPRING)
    with CaptureQueriesContext(connection) as rolled_up:
        rollup_figures(both, *SPRING, name="Norrköping och Linköping")
    with CaptureQueriesContext(connection) as national:
        rollup_figures(Collaboration.objects.all(), *SPRING, name="Sverige")
    assert len(one) == 15  # with the year before
    assert len(rolled_up) == len(national) == len(one)
