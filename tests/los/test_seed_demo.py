from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Count

from agencies.models import Agency, Collaboration, Membership, Role, User
from findings.models import Finding, PaymentEntry, PaymentKind, Referral
from findings.selectors import money_totals
from inspections.models import (
    Operation,
    OperationKind,
    OperationStatus,
    Premises,
    PremisesType,
    Signal,
    Visit,
    VisitOutcome,
)
from los.demo import scenario
from los.demo.seed import seed_demo

pytestmark = pytest.mark.django_db

SPRING = {"scheduled_at__date__gte": "2026-01-01", "scheduled_at__date__lte": "2026-06-30"}


@pytest.fixture
def demo():
    seed_demo(with_users=True)
    return Collaboration.objects.get(slug="norrkoping")


def _row_counts():
    models = [Collaboration, Agency, User, Membership, Premises, Operation, Visit, Signal, Finding, PaymentEntry]
    return {model.__name__: model.objects.count() for model in models}


def test_it_registers_25_premises_of_the_six_types_of_the_press_release(demo):
    assert Premises.objects.filter(collaboration=demo).count() == 25
    types = set(Premises.objects.values_list("premises_type", flat=True))
    assert types == {
        PremisesType.CAR_REPAIR,
        PremisesType.CAR_WASH,
        PremisesType.TATTOO,
        PremisesType.RESTAURANT,
        PremisesType.FOOD_WHOLESALE,
        PremisesType.KIOSK,
    }


def test_the_spring_has_about_forty_visits_to_all_25_premises(demo):
    spring = Visit.objects.filter(operation__collaboration=demo, **SPRING)
    carried_out = spring.filter(outcome=VisitOutcome.CARRIED_OUT)
    assert spring.count() == 41
    assert carried_out.count() == 40
    assert carried_out.values("premises").distinct().count() == 25


def test_the_spring_includes_an_empact_action_day_in_april(demo):
    empact = Operation.objects.get(collaboration=demo, kind=OperationKind.EMPACT)
    assert (empact.start_date.year, empact.start_date.month) == (2026, 4)


def test_the_six_agencies_of_the_press_release_take_part_and_each_records_findings(demo):
    active = {
        "Norrköpings kommun",
        "Polisen",
        "Arbetsmiljöverket",
        "Skatteverket",
        "Räddningstjänsten",
        "Arbetsförmedlingen",
    }
    participating = set(Agency.objects.filter(operations__collaboration=demo).values_list("name", flat=True))
    assert participating == active
    with_findings = dict(Finding.objects.filter(collaboration=demo).values_list("agency__name").annotate(n=Count("id")))
    assert set(with_findings) == active
    assert all(n > 0 for n in with_findings.values())


def test_wrongly_paid_support_is_exactly_1_5_million_and_about_as_much_was_stopped(demo):
    totals = money_totals(PaymentEntry.objects.filter(finding__collaboration=demo))
    assert totals[PaymentKind.WRONGLY_PAID] == Decimal("1500000.00")
    assert totals[PaymentKind.STOPPED] == scenario.EXPECTED_STOPPED
    assert abs(totals[PaymentKind.STOPPED] - totals[PaymentKind.WRONGLY_PAID]) <= Decimal("100000")


def test_the_superseded_estimate_is_kept_but_not_counted(demo):
    estimate = PaymentEntry.objects.get(amount=Decimal("250000"))
    assert estimate.superseded_by.amount == Decimal("244500")
    raw_sum = sum(PaymentEntry.objects.filter(kind=PaymentKind.WRONGLY_PAID).values_list("amount", flat=True))
    assert raw_sum == Decimal("1750000")


def test_there_is_a_demo_user_for_every_role(demo):
    roles = set(Membership.objects.filter(collaboration=demo).values_list("role", flat=True))
    assert roles == set(Role.values)
    inspector_agencies = Membership.objects.filter(role=Role.INSPECTOR).values("agency").distinct().count()
    assert inspector_agencies >= 2


def test_organisation_numbers_are_synthetic_but_valid(demo):
    for premises in Premises.objects.select_related("business"):
        premises.business.full_clean()
        assert premises.business.org_number.startswith("99")


def test_running_it_twice_changes_nothing(demo):
    before = _row_counts()
    assert seed_demo(with_users=True) == 0
    assert _row_counts() == before


def test_the_command_creates_no_users_when_debug_is_off(settings):
    settings.DEBUG = False
    call_command("seed_demo")
    assert not User.objects.exists()
    assert Premises.objects.count() == 25


def test_the_autumn_brings_signals_and_two_planned_operations_on_the_same_evening(demo):
    assert Signal.objects.filter(premises__collaboration=demo).count() == len(scenario.SIGNALS)
    planned = Operation.objects.filter(collaboration=demo, status=OperationStatus.PLANNED)
    assert sorted(planned.values_list("start_date", flat=True)) == [scenario.date(2026, 12, 10)] * 2
    # erik is booked on both: the planning page has a double booking to show.
    booked_on_both = set(planned[0].inspectors.all()) & set(planned[1].inspectors.all())
    assert {user.username for user in booked_on_both} == {"erik", "omar"}


def test_the_empact_day_records_trafficking_indicators_and_victims_referred(demo):
    indicators = Finding.objects.filter(collaboration=demo, category__code="trafficking-indicators")
    assert indicators.count() == len(scenario.TRAFFICKING_FINDINGS)
    ticked = sum(len(codes) for _op, _premises, codes in scenario.TRAFFICKING_FINDINGS)
    assert sum(finding.indicators.count() for finding in indicators) == ticked
    referral = Finding.objects.get(collaboration=demo, category__code="trafficking-referral")
    assert referral.quantity == scenario.VICTIMS_REFERRED


def test_every_finding_has_the_history_of_its_status(demo):
    for finding in Finding.objects.filter(collaboration=demo).prefetch_related("status_changes"):
        steps = [change.to_status for change in finding.status_changes.all()]
        assert steps == scenario.STATUS_PATHS[finding.status], finding


def test_agencies_have_referred_findings_to_each_other(demo):
    referrals = Referral.objects.filter(collaboration=demo).select_related("finding__agency", "to_agency")
    assert referrals.count() == len(scenario.REFERRALS)
    assert all(referral.to_agency != referral.finding.agency for referral in referrals)
