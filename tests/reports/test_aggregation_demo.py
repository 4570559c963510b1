"""The demo spring (los/demo/scenario.py) gives the figures of the source press release."""

from decimal import Decimal

import pytest

from agencies.models import Collaboration
from los.demo.seed import seed_demo
from reports.aggregation import summary_figures
from reports.periods import half_year

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_figures(django_db_setup, django_db_blocker):
    # Seeding takes a while; one seed serves every test here and is rolled back afterwards.
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            seed_demo(with_users=False)
            figures = summary_figures(Collaboration.objects.get(slug="norrkoping"), *half_year(2026, 1))
            transaction.set_rollback(True)
    return figures


def test_the_demo_spring_has_about_forty_visits_to_25_premises(demo_figures):
    assert demo_figures.key.visits == 40  # 41 planned, the closed kiosk of June not counted
    assert demo_figures.key.premises == 25


def test_the_demo_spring_has_six_operations_of_which_one_empact_day(demo_figures):
    assert (demo_figures.key.operations, demo_figures.key.empact_operations) == (6, 1)
    assert [line.kind for line in demo_figures.operations].count("empact") == 1
    assert {count.key: count.value for count in demo_figures.operations_by_kind}["los"] == 5


def test_the_demo_spring_finds_1_5_million_wrongly_paid_and_1_46_million_stopped(demo_figures):
    assert demo_figures.key.wrongly_paid == Decimal("1500000.00")  # the superseded 250 000 estimate left out
    assert demo_figures.key.stopped == Decimal("1460000.00")


def test_the_demo_spring_refers_two_potential_victims(demo_figures):
    assert demo_figures.key.potential_victims == 2


def test_the_six_active_agencies_of_the_demo_take_part(demo_figures):
    assert len(demo_figures.agencies) == 6
    assert all(agency.findings > 0 for agency in demo_figures.agencies)


def test_the_demo_spring_has_no_figures_a_year_before(demo_figures):
    assert demo_figures.previous is None
