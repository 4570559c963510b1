"""Hand-built `Figures` for the tests of everything that reads them (publication, PDF, CSV, press
release, charts, dashboard): one demo-like spring and one quiet half-year, so every test reads the
same numbers. Database-built figures are in `tests/reports/summary_data.py`.

The demo spring, as the source document tells it: six operations with one EMPACT action day in
April, 40 visits to 25 premises, six agencies, 1 500 000 kr wrongly paid out from 7 premises and
1 460 000 kr stopped before payout. At threshold 3 it hides, among others, the two kiosks, the two
cash-register findings of Skatteverket and Arbetsmiljöverket's two findings.
"""

import dataclasses
import datetime
from decimal import Decimal

from reports.figures import (
    AgencyParticipation,
    CategoryCount,
    Count,
    Figures,
    FollowUps,
    KeyFigures,
    MoneyCell,
    MoneyTotal,
    OperationLine,
)

SPRING_2026 = (datetime.date(2026, 1, 1), datetime.date(2026, 6, 30))

# Agency keys (their ids as strings) and names, in the order the figures list them.
KOMMUNEN, POLISEN, SKATT, AMV, RADD, AF = "1", "2", "3", "4", "5", "6"
AGENCIES = (
    (KOMMUNEN, "Norrköpings kommun"),
    (POLISEN, "Polisen"),
    (SKATT, "Skatteverket"),
    (AMV, "Arbetsmiljöverket"),
    (RADD, "Räddningstjänsten"),
    (AF, "Arbetsförmedlingen"),
)
_NAMES = dict(AGENCIES)

WRONGLY_PAID, STOPPED = "Felaktigt utbetalt", "Stoppad utbetalning"


def _operation(month, day, kind="los", visits=7, agencies=5):
    date = datetime.date(2026, month, day)
    label = "EMPACT-aktionsdag" if kind == "empact" else "LOS-insats"
    return OperationLine(date, date, kind, label, visits, agencies)


def _categories(agency, *counts):
    return tuple(CategoryCount(agency, key, label, value) for key, label, value in counts)


def demo_figures(**changes):
    """The demo-like spring of 2026 (see the module); `changes` replace whole fields of `Figures`."""
    figures = Figures(
        collaboration="LOS Norrköping",
        period_start=SPRING_2026[0],
        period_end=SPRING_2026[1],
        key=KeyFigures(
            operations=6,
            empact_operations=1,
            visits=40,
            premises=25,
            findings=44,
            persons_checked=80,
            wrongly_paid=Decimal("1500000"),
            stopped=Decimal("1460000"),
            potential_victims=4,
            wrongly_paid_premises=7,
            stopped_premises=5,
        ),
        # Persons checked "fewer than 3"; the stopped payouts' premises were not counted then.
        previous=KeyFigures(
            operations=4,
            empact_operations=0,
            visits=30,
            premises=20,
            findings=40,
            persons_checked=2,
            wrongly_paid=Decimal("0"),
            stopped=Decimal("250000"),
            potential_victims=0,
        ),
        operations_by_kind=(Count("los", "LOS-insats", 5), Count("empact", "EMPACT-aktionsdag", 1)),
        operations=(
            _operation(2, 5),
            _operation(3, 5),
            _operation(4, 15, kind="empact", visits=5, agencies=6),
            _operation(4, 28),
            _operation(5, 7),
            _operation(6, 4),
        ),
        premises_by_type=(
            Count("car_repair", "Bilverkstad", 8),
            Count("car_wash", "Biltvätt", 5),
            Count("tattoo", "Tatueringsstudio", 3),
            Count("restaurant", "Restaurang", 4),
            Count("food_wholesale", "Grossist", 3),
            # Two kiosks: few enough to single one out.
            Count("kiosk", "Kiosk", 2),
            Count("barber", "Frisör", 0),
            Count("other", "Annat", 0),
        ),
        agencies=(
            AgencyParticipation(KOMMUNEN, _NAMES[KOMMUNEN], 6, 40, 8),
            AgencyParticipation(POLISEN, _NAMES[POLISEN], 6, 40, 6),
            AgencyParticipation(SKATT, _NAMES[SKATT], 5, 33, 12),
            AgencyParticipation(AMV, _NAMES[AMV], 2, 9, 2),
            AgencyParticipation(RADD, _NAMES[RADD], 4, 25, 10),
            AgencyParticipation(AF, _NAMES[AF], 3, 18, 6),
        ),
        findings_by_agency=tuple(
            Count(key, _NAMES[key], value)
            for key, value in ((KOMMUNEN, 8), (POLISEN, 6), (SKATT, 12), (AMV, 2), (RADD, 10), (AF, 6))
        ),
        findings_by_category=(
            *_categories(KOMMUNEN, ("alcohol", "Alkohol", 5), ("food", "Livsmedel", 3)),
            *_categories(POLISEN, ("crime_reported", "Anmält brott", 6)),
            *_categories(SKATT, ("staff_ledger", "Personalliggare", 10), ("cash_register", "Kassaregister", 2)),
            *_categories(AMV, ("work_environment", "Arbetsmiljö", 2)),
            *_categories(RADD, ("fire_safety", "Brandskydd", 10)),
            *_categories(AF, ("employment_support", "Anställningsstöd", 6)),
        ),
        actions_by_kind=(
            Count("advice", "Råd", 15),
            Count("injunction", "Föreläggande", 11),
            Count("prohibition", "Förbud", 3),
            Count("police_report", "Polisanmälan", 6),
            Count("none", "Ingen åtgärd", 9),
        ),
        follow_ups=FollowUps(corrected=4, not_corrected=1, due=6),
        money=(
            MoneyCell("wrongly_paid", WRONGLY_PAID, AF, _NAMES[AF], Decimal("1400000"), 6),
            # Economic assistance paid by the municipality to one business.
            MoneyCell("wrongly_paid", WRONGLY_PAID, KOMMUNEN, _NAMES[KOMMUNEN], Decimal("100000"), 1),
            MoneyCell("stopped", STOPPED, AF, _NAMES[AF], Decimal("1460000"), 5),
        ),
        money_by_kind=(
            MoneyTotal("wrongly_paid", WRONGLY_PAID, Decimal("1500000"), 7),
            MoneyTotal("stopped", STOPPED, Decimal("1460000"), 5),
        ),
        trafficking_indicators=(
            Count("debt_bondage", "Skuldslaveri", 2),
            Count("no_papers", "Saknar id-handlingar", 4),
        ),
    )
    return dataclasses.replace(figures, **changes)


def small_figures(**changes):
    """A quiet half-year of the same collaboration: hardly anything reaches a threshold of 3."""
    figures = demo_figures(
        key=KeyFigures(
            operations=4,
            empact_operations=1,
            visits=4,
            premises=2,
            findings=3,
            persons_checked=5,
            wrongly_paid=Decimal("80000"),
            stopped=Decimal("0"),
            potential_victims=0,
            wrongly_paid_premises=1,
            stopped_premises=0,
        ),
        operations_by_kind=(Count("los", "LOS-insats", 3), Count("empact", "EMPACT-aktionsdag", 1)),
        operations=(
            _operation(2, 5, visits=1, agencies=2),
            _operation(3, 5, visits=1, agencies=2),
            _operation(4, 15, kind="empact", visits=1, agencies=4),
            _operation(5, 7, visits=1, agencies=4),
        ),
        premises_by_type=(Count("car_wash", "Biltvätt", 2), Count("kiosk", "Kiosk", 0)),
        agencies=(
            AgencyParticipation(KOMMUNEN, _NAMES[KOMMUNEN], 4, 4, 0),
            AgencyParticipation(POLISEN, _NAMES[POLISEN], 4, 4, 0),
            AgencyParticipation(SKATT, _NAMES[SKATT], 2, 2, 1),
            AgencyParticipation(RADD, _NAMES[RADD], 2, 2, 2),
        ),
        findings_by_agency=(Count(SKATT, _NAMES[SKATT], 1), Count(RADD, _NAMES[RADD], 2)),
        findings_by_category=(
            *_categories(SKATT, ("cash_register", "Kassaregister", 1)),
            *_categories(RADD, ("fire_safety", "Brandskydd", 2)),
        ),
        actions_by_kind=(Count("advice", "Råd", 3), Count("none", "Ingen åtgärd", 0)),
        follow_ups=FollowUps(corrected=1, not_corrected=0, due=2),
        money=(MoneyCell("wrongly_paid", WRONGLY_PAID, AF, _NAMES[AF], Decimal("80000"), 1),),
        money_by_kind=(MoneyTotal("wrongly_paid", WRONGLY_PAID, Decimal("80000"), 1),),
        trafficking_indicators=(),
    )
    return dataclasses.replace(figures, **changes)


def with_key(figures, **key_changes):
    """`figures` with some key figures replaced."""
    return dataclasses.replace(figures, key=dataclasses.replace(figures.key, **key_changes))
