"""The benchmark's hand-written SQL (bench/figures_sql.py) counts the same numbers as the ORM
figures, on the hand-built spring of tests/reports/summary_data.py: the baseline the ORM is timed
against computes the same thing, for one collaboration and for a roll-up."""

import dataclasses
import datetime
from decimal import Decimal

import pytest
from django.db import connection

from agencies.models import Collaboration
from bench.figures_sql import figures_by_sql, numbers_of
from reports.aggregation import rollup_figures, summary_figures

from .summary_data import EXPECTED_KEY, EXPECTED_PREVIOUS, SPRING, build_spring

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the hand-written figures are SQL for PostgreSQL only"
    ),
]

day = datetime.date


@pytest.fixture
def spring(norrkoping, linkoping):
    return build_spring(norrkoping, linkoping)


def _by_sql(collaborations, start, end):
    with connection.cursor() as cursor:
        return figures_by_sql(cursor, [collaboration.pk for collaboration in collaborations], start, end)


def test_the_sql_counts_the_spring_by_hand(spring):
    numbers = _by_sql([spring.collaboration], *SPRING)
    assert numbers["key"] == dataclasses.asdict(EXPECTED_KEY)
    assert numbers["previous"] == dataclasses.asdict(EXPECTED_PREVIOUS)
    assert numbers["follow_ups"] == {"corrected": 2, "not_corrected": 1, "due": 1}
    assert numbers["money_by_kind"]["sanction_fee"] == (Decimal("12500.00"), 1)


def test_the_sql_counts_every_figure_of_the_spring_as_the_orm_does(spring):
    assert _by_sql([spring.collaboration], *SPRING) == numbers_of(summary_figures(spring.collaboration, *SPRING))


@pytest.mark.parametrize(
    "period",
    [
        pytest.param((day(2025, 1, 1), day(2025, 6, 30)), id="no-visit-a-year-before"),
        pytest.param((day(2026, 6, 30), day(2026, 6, 30)), id="half-past-eleven-on-the-last-day"),
        pytest.param((day(2026, 7, 1), day(2026, 7, 1)), id="half-past-midnight-the-next-day"),
        pytest.param((day(2025, 1, 1), day(2026, 12, 31)), id="overlapping-the-year-before"),
    ],
)
def test_the_sql_agrees_with_the_orm_on_other_periods(spring, period):
    assert _by_sql([spring.collaboration], *period) == numbers_of(summary_figures(spring.collaboration, *period))


def test_the_sql_rolls_up_two_collaborations_as_the_orm_does(spring, linkoping):
    both = Collaboration.objects.filter(pk__in=[spring.collaboration.pk, linkoping.pk])
    numbers = _by_sql([spring.collaboration, linkoping], *SPRING)
    assert numbers == numbers_of(rollup_figures(both, *SPRING, name="Norrköping och Linköping"))
    assert (numbers["key"]["visits"], numbers["key"]["wrongly_paid"]) == (6, Decimal("897777.00"))


def test_the_sql_of_one_collaboration_leaves_the_other_out(spring, linkoping):
    numbers = _by_sql([linkoping], *SPRING)
    assert numbers == numbers_of(summary_figures(linkoping, *SPRING))
    assert (numbers["key"]["visits"], numbers["key"]["findings"], numbers["previous"]) == (1, 2, None)
