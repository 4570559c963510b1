"""Every figure of `summary_figures` against the hand-built spring of tests/reports/summary_data.py.

The comments count each expected number from the dataset's table; "(not …)" names what a
wrong rule would have let in.
"""

import datetime
from decimal import Decimal

import pytest

from reports.aggregation import summary_figures
from reports.figures import AgencyParticipation, FollowUps, MoneyCell, OperationLine

from .summary_data import EXPECTED_KEY, EXPECTED_PREVIOUS, SPRING, build_spring

pytestmark = pytest.mark.django_db


@pytest.fixture
def spring(norrkoping, linkoping):
    return build_spring(norrkoping, linkoping)


@pytest.fixture
def figures(spring):
    return summary_figures(spring.collaboration, *SPRING)


def _values(counts):
    return {count.key: count.value for count in counts}


def test_it_counts_the_key_figures_of_the_spring(figures):
    assert figures.key == EXPECTED_KEY
    assert figures.collaboration == "LOS Norrköping"
    assert (figures.period_start, figures.period_end) == SPRING


def test_it_counts_the_same_period_a_year_before(figures):
    # fjol, 12 March 2025: one operation, one visit of 2 persons at krog, one finding with 30 000
    # wrongly paid (not nyar, 31 December 2025, which is in neither spring).
    assert figures.previous == EXPECTED_PREVIOUS


def test_it_has_no_previous_figures_when_nothing_was_carried_out_a_year_before(spring):
    figures = summary_figures(spring.collaboration, datetime.date(2025, 1, 1), datetime.date(2025, 6, 30))
    assert figures.key.visits == 1  # fjol
    assert figures.previous is None  # 2024 had no visit


def test_a_visit_at_half_past_eleven_on_the_last_evening_belongs_to_the_period(spring):
    last_day = summary_figures(spring.collaboration, datetime.date(2026, 6, 30), datetime.date(2026, 6, 30))
    assert (last_day.key.visits, last_day.key.persons_checked) == (1, 1)  # kiosk_sen at 23:30


def test_a_visit_at_half_past_midnight_belongs_to_the_next_day(spring):
    next_day = summary_figures(spring.collaboration, datetime.date(2026, 7, 1), datetime.date(2026, 7, 1))
    assert (next_day.key.visits, next_day.key.persons_checked) == (1, 6)  # pizzeria at 00:30


def test_it_counts_operations_by_kind_with_every_kind_listed(figures):
    # LOS: februari, midsommar (not installd, cancelled; not nyar, fjol, outside); EMPACT: empact.
    assert _values(figures.operations_by_kind) == {"los": 2, "empact": 1, "national": 0, "other": 0}
    assert [count.key for count in figures.operations_by_kind] == ["los", "empact", "national", "other"]
    assert figures.operations_by_kind[1].label == "EMPACT action day"


def test_it_lists_the_operations_by_first_day_without_their_names(figures):
    assert figures.operations == (
        # verkstad, tvatt (not the closed kiosk, the cancelled tattoo visit, the planned pizzeria)
        OperationLine(datetime.date(2026, 2, 10), datetime.date(2026, 2, 10), "los", "LOS operation", 2, 3),
        OperationLine(datetime.date(2026, 4, 15), datetime.date(2026, 4, 15), "empact", "EMPACT action day", 2, 2),
        # kiosk_sen only: pizzeria at 00:30 on 1 July is after the period
        OperationLine(datetime.date(2026, 6, 30), datetime.date(2026, 7, 1), "los", "LOS operation", 1, 2),
    )


def test_it_counts_premises_visited_twice_once_and_by_type(figures):
    # verkstad (twice), tvatt, krog, kiosk_sen; not kiosk_stangd (closed), tatuering (cancelled),
    # grossist (cancelled operation), pizzeria (planned, then after the period).
    assert _values(figures.premises_by_type) == {
        "car_repair": 1,
        "car_wash": 1,
        "tattoo": 0,
        "restaurant": 1,
        "food_wholesale": 0,
        "kiosk": 1,
        "barber": 0,
        "other": 0,
    }
    assert figures.premises_by_type[0].label == "Car repair shop"


def test_it_lists_every_participating_agency_with_its_work(spring, figures):
    a = spring.agencies
    assert figures.agencies == (
        # februari, midsommar; their visits 2 + 1; hygien, registrering
        AgencyParticipation(str(a["kommunen"].pk), "Norrköpings kommun", 2, 3, 2),
        # februari, empact (not installd, cancelled); 2 + 2; the two indicator findings and offer
        AgencyParticipation(str(a["polisen"].pk), "Polismyndigheten", 2, 4, 3),
        # midsommar (not installd); kiosk_sen; brand
        AgencyParticipation(str(a["raddningstjansten"].pk), "Räddningstjänsten Östra Götaland", 1, 1, 1),
        # februari, empact; 2 + 2; personalliggare, kassaregister, svartarbete, fskatt (not fjol)
        AgencyParticipation(str(a["skatteverket"].pk), "Skatteverket", 2, 4, 4),
    )


def test_it_counts_findings_by_agency_and_category(spring, figures):
    a = {name: str(agency.pk) for name, agency in spring.agencies.items()}
    assert _values(figures.findings_by_agency) == {
        a["kommunen"]: 2,  # not stangd (closed visit) or nyar (before the period)
        a["polisen"]: 3,  # not installd_insats (cancelled operation) or Linköping's
        a["raddningstjansten"]: 1,  # not efter (1 July)
        a["skatteverket"]: 4,  # not fjol or Linköping's
    }
    assert {(c.agency, c.key, c.label, c.value) for c in figures.findings_by_category} == {
        (a["kommunen"], "food-hygiene", "Food hygiene deficiencies", 1),
        (a["kommunen"], "registration-missing", "Registration missing", 1),
        (a["polisen"], "trafficking-indicators", "Human trafficking indicators", 2),
        (a["polisen"], "trafficking-referral", "Potential victim referred to support", 1),
        (a["raddningstjansten"], "fire-safety", "Fire safety deficiencies", 1),
        (a["skatteverket"], "staff-ledger", "Staff ledger missing or faulty", 1),
        (a["skatteverket"], "cash-register", "Cash register missing or faulty", 1),
        (a["skatteverket"], "undeclared-work", "Undeclared work", 1),
        (a["skatteverket"], "f-tax", "No F-tax registration", 1),
    }
    agencies_in_order = [c.agency for c in figures.findings_by_category]
    assert agencies_in_order == sorted(agencies_in_order, key=[c.key for c in figures.findings_by_agency].index)


def test_it_names_categories_in_the_active_language(spring, settings):
    from django.utils import translation

    with translation.override("sv"):
        figures = summary_figures(spring.collaboration, *SPRING)
    labels = {c.key: c.label for c in figures.findings_by_category}
    assert labels["staff-ledger"] == "Personalliggare saknas eller är bristfällig"
    assert {c.key: c.label for c in figures.trafficking_indicators}["lives-at-workplace"] == "Bor på arbetsplatsen"


def test_it_counts_the_action_in_force_of_every_kind(figures):
    assert _values(figures.actions_by_kind) == {
        "none": 0,
        "advice": 2,  # hygien, fskatt
        "injunction": 3,  # kassaregister, registrering, brand
        "prohibition": 0,  # efter is after the period
        "conditional_fine": 0,
        "sanction_fee": 1,  # personalliggare
        "police_report": 2,  # the two indicator findings
        "recovery_claim": 0,
        "withdrawn_licence": 0,
        "referral": 2,  # offer, svartarbete
    }


def test_it_counts_follow_ups_by_the_history_of_each_finding(figures):
    # corrected: hygien (corrected, then closed), registrering (not corrected first, then corrected);
    # not corrected: brand only; due: kassaregister (not nyar, before the period; not efter, after).
    assert figures.follow_ups == FollowUps(corrected=2, not_corrected=1, due=1)


def test_it_sums_current_ledger_entries_per_kind_and_agency(spring, figures):
    a = spring.agencies
    kommunen, skatteverket = (str(a["kommunen"].pk), "Norrköpings kommun"), (str(a["skatteverket"].pk), "Skatteverket")
    wrongly, stopped, fee = "Wrongfully paid out", "Stopped before payout", "Sanction fee decided"
    assert figures.money == (
        MoneyCell("wrongly_paid", wrongly, *kommunen, Decimal("20000.00"), 1),  # registrering at tvatt
        # svartarbete's 90 000 (not the superseded 100 000) at verkstad + fskatt's 10 000 at krog
        MoneyCell("wrongly_paid", wrongly, *skatteverket, Decimal("100000.00"), 2),
        MoneyCell("stopped", stopped, *skatteverket, Decimal("50000.00"), 1),  # not efter's 999
        MoneyCell("sanction_fee", fee, *skatteverket, Decimal("12500.00"), 1),
    )


def test_it_totals_every_ledger_kind_with_its_premises(figures):
    totals = {total.kind: (total.amount, total.premises) for total in figures.money_by_kind}
    assert totals == {
        "wrongly_paid": (Decimal("120000.00"), 3),  # tvatt, verkstad, krog
        "stopped": (Decimal("50000.00"), 1),
        "recovery_claimed": (Decimal("0.00"), 0),
        "recovered": (Decimal("0.00"), 0),
        "sanction_fee": (Decimal("12500.00"), 1),
        "tax_reassessed": (Decimal("0.00"), 0),
        "distraint": (Decimal("0.00"), 0),
    }


def test_it_counts_findings_per_trafficking_indicator_in_checklist_order(figures):
    counts = _values(figures.trafficking_indicators)
    # lives at workplace: indicatorer_verkstad, indicatorer_krog (not Linköping's);
    # excessive hours: indicatorer_verkstad; debt bondage: only efter, after the period.
    assert counts == {
        "lives-at-workplace": 2,
        "no-id-documents": 0,
        "excessive-hours": 1,
        "little-or-no-pay": 0,
        "controlled-by-others": 0,
        "debt-bondage": 0,
        "restricted-movement": 0,
        "fear-of-authorities": 0,
    }
    assert list(counts) == [
        "lives-at-workplace",
        "no-id-documents",
        "excessive-hours",
        "little-or-no-pay",
        "controlled-by-others",
        "debt-bondage",
        "restricted-movement",
        "fear-of-authorities",
    ]


def test_it_leaves_out_indicators_no_longer_in_use(spring):
    from findings.models import Indicator

    Indicator.objects.filter(code="excessive-hours").update(is_active=False)
    figures = summary_figures(spring.collaboration, *SPRING)
    assert "excessive-hours" not in _values(figures.trafficking_indicators)


def test_another_collaboration_counts_only_its_own(spring, linkoping):
    figures = summary_figures(linkoping, *SPRING)
    assert (figures.key.visits, figures.key.findings, figures.key.persons_checked) == (1, 2, 8)
    assert (figures.key.wrongly_paid, figures.key.potential_victims) == (Decimal("777777.00"), 5)
