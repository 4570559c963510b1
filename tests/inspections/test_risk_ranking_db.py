"""rank_candidates on real rows: what the database annotates is what the score counts."""

import datetime

import pytest

from findings.models import Category, FindingStatus
from inspections.models import Premises, PremisesType, SignalKind, VisitOutcome
from inspections.risk import rank_candidates
from tests.factories import FindingFactory, OperationFactory, PremisesFactory, SignalFactory, VisitFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 3, 10)


def _visit(premises, day, outcome=VisitOutcome.CARRIED_OUT):
    operation = OperationFactory(collaboration=premises.collaboration, start_date=day)
    return VisitFactory(operation=operation, premises=premises, outcome=outcome)


@pytest.fixture
def register(norrkoping, linkoping, polisen, kommunen, skatteverket, raddningstjansten):
    def place(name, premises_type):
        return PremisesFactory(collaboration=norrkoping, name=name, premises_type=premises_type)

    signalled = place("Alfa Bilverkstad", PremisesType.CAR_REPAIR)
    SignalFactory(premises=signalled, kind=SignalKind.POLICE_EVENT, received_on=datetime.date(2025, 2, 1))
    SignalFactory(premises=signalled, kind=SignalKind.TIP, received_on=datetime.date(2024, 9, 11))  # 180 days
    SignalFactory(premises=signalled, kind=SignalKind.POLICE_EVENT, received_on=datetime.date(2024, 9, 10))  # 181
    SignalFactory(premises=signalled, kind=SignalKind.POLICE_EVENT, received_on=datetime.date(2025, 3, 11))  # later
    _visit(signalled, datetime.date(2024, 12, 1))

    with_findings = place("Beta Biltvätt", PremisesType.CAR_WASH)
    visit = _visit(with_findings, datetime.date(2024, 9, 20))
    undeclared_work = Category.objects.get(agency_kind="tax", code="undeclared-work")
    fire_safety = Category.objects.get(agency_kind="fire_rescue", code="fire-safety")
    FindingFactory(visit=visit, agency=skatteverket, category=undeclared_work, status=FindingStatus.OPEN)
    FindingFactory(visit=visit, agency=raddningstjansten, category=fire_safety, status=FindingStatus.CORRECTED)

    never_visited = place("Ceta Kiosk", PremisesType.KIOSK)
    _visit(never_visited, datetime.date(2024, 10, 1), outcome=VisitOutcome.PLANNED)
    _visit(never_visited, datetime.date(2024, 11, 1), outcome=VisitOutcome.CANCELLED)
    _visit(never_visited, datetime.date(2024, 12, 1), outcome=VisitOutcome.CLOSED)
    _visit(never_visited, datetime.date(2025, 4, 1))  # after the reference day

    visited_last_month = place("Delta Restaurang", PremisesType.RESTAURANT)
    _visit(visited_last_month, datetime.date(2025, 2, 14))

    # Two more at 26 points, for the order among equal scores.
    place("Gamma Kiosk", PremisesType.KIOSK)
    _visit(place("Foxtrot Tatuering", PremisesType.TATTOO), datetime.date(2024, 4, 1))  # 11 months: 22 + 4

    PremisesFactory(collaboration=linkoping, name="Linköpings Verkstad")
    return norrkoping


def _ranked(norrkoping):
    return rank_candidates(Premises.objects.filter(collaboration=norrkoping), today=TODAY)


def test_the_candidates_are_ranked_by_score_then_time_since_a_visit_then_name(register):
    ranked = _ranked(register)
    assert [(c.premises.name, c.score) for c in ranked] == [
        ("Beta Biltvätt", 15 + 10 + 8),
        ("Alfa Bilverkstad", 10 + 3 + 6 + 8),
        ("Ceta Kiosk", 20 + 6),
        ("Gamma Kiosk", 20 + 6),
        ("Foxtrot Tatuering", 22 + 4),
        ("Delta Restaurang", 0 + 6),
    ]


def test_the_reasons_say_why(register):
    reasons = {c.premises.name: [(r.label, r.points) for r in c.reasons] for c in _ranked(register)}
    assert reasons["Alfa Bilverkstad"] == [
        ("2 signals in the last 180 days (1 police event, 1 tip)", 13),
        ("Last visited on 2024-12-01, 3 full months ago", 6),
        ("Type: Car repair shop", 8),
    ]
    # Only the open finding counts; the corrected one is settled.
    assert reasons["Beta Biltvätt"] == [
        ("1 open finding, severity 3 in total", 15),
        ("Last visited on 2024-09-20, 5 full months ago", 10),
        ("Type: Car wash", 8),
    ]
    # Planned, cancelled, closed and later visits are not visits that happened before the operation.
    assert reasons["Ceta Kiosk"] == [("Never visited", 20), ("Type: Kiosk", 6)]
    assert reasons["Delta Restaurang"] == [
        ("Last visited on 2025-02-14, 0 full months ago", 0),
        ("Type: Restaurant", 6),
    ]


def test_the_ranking_is_one_query(register, django_assert_num_queries):
    with django_assert_num_queries(1):
        ranked = _ranked(register)
        assert [c.premises.name for c in ranked][0] == "Beta Biltvätt"


def test_several_open_findings_add_their_severity_over_visits(register, skatteverket, kommunen):
    premises = Premises.objects.get(name="Delta Restaurang")
    first = premises.visits.get()
    second = _visit(premises, datetime.date(2024, 5, 5))
    food = Category.objects.get(agency_kind="municipality", code="food-hygiene")  # severity 2
    cash = Category.objects.get(agency_kind="tax", code="cash-register")  # severity 2
    FindingFactory(visit=first, agency=kommunen, category=food, status=FindingStatus.FOLLOW_UP_DUE)
    FindingFactory(visit=first, agency=skatteverket, category=cash, status=FindingStatus.NOT_CORRECTED)
    FindingFactory(visit=second, agency=skatteverket, category=cash, status=FindingStatus.ESCALATED)
    FindingFactory(visit=second, agency=skatteverket, category=cash, status=FindingStatus.CLOSED)
    delta = next(c for c in _ranked(register) if c.premises.name == "Delta Restaurang")
    assert delta.score == 30 + 0 + 6  # severity 6 → 30 points, exactly at the cap
    assert delta.reasons[0].label == "3 open findings, severity 6 in total"
