"""A spring of LOS Norrköping built by hand, small enough to count every figure on paper.

Use it from a test module with a fixture of its own:

    @pytest.fixture
    def spring(norrkoping, linkoping):
        return build_spring(norrkoping, linkoping)

`norrkoping` must have the four agencies of tests/fixtures.py (kommunen, polisen, skatteverket,
raddningstjansten). The period is the first half of 2026 (`SPRING`). What is in it:

Operations of Norrköping
  februari   LOS, 10 Feb 2026, carried out; kommunen, polisen, skatteverket
             verkstad 18:00 carried out (4 persons) · tvatt 18:45 carried out (3)
             kiosk_stangd 19:30 premises closed · tatuering 20:15 cancelled · pizzeria 21:00 still planned
  empact     EMPACT action day, 15 Apr 2026; polisen, skatteverket
             verkstad 10:00 carried out (5): the same premises a second time · krog 11:00 carried out (2)
  midsommar  LOS, 30 Jun – 1 Jul 2026; kommunen, raddningstjansten
             kiosk_sen 30 Jun 23:30 carried out (1): inside · pizzeria 1 Jul 00:30 carried out (6): outside
  installd   LOS, 20 May 2026, the operation CANCELLED; polisen, raddningstjansten
             grossist 18:00 recorded as carried out (7): not counted, the operation is cancelled
  nyar       LOS, 31 Dec 2025; kommunen: tvatt 23:30 carried out (9): before the period
  fjol       LOS, 12 Mar 2025; kommunen, skatteverket: krog carried out (2): the year before

Findings counted (at the five visits carried out in the period)
  skatteverket  staff-ledger at verkstad (Feb), sanction fee, closed; ledger: sanction fee 12 500
  skatteverket  cash-register at tvatt, injunction, follow-up due
  kommunen      food-hygiene at verkstad (Feb), advice; history … → corrected → closed
  kommunen      registration-missing at tvatt, injunction; history … → not corrected → follow-up due
                → corrected; ledger: wrongly paid 20 000
  polisen       trafficking-indicators at verkstad (Apr), police report: lives at workplace, excessive hours
  polisen       trafficking-referral at verkstad (Apr), referral, 2 potential victims
  polisen       trafficking-indicators at krog, police report: lives at workplace
  skatteverket  undeclared-work at verkstad (Apr), referral; ledger: wrongly paid 100 000 estimated,
                SUPERSEDED by 90 000 decided; stopped 50 000
  skatteverket  f-tax at krog, advice; ledger: wrongly paid 10 000
  raddningst.   fire-safety at kiosk_sen, injunction, not corrected

Findings not counted, each with money that would show if it were: at the closed visit (4 000
wrongly paid), at pizzeria on 1 July (999 stopped, corrected), in the cancelled operation
(5 000 wrongly paid, 3 victims), on New Year's Eve (8 000), and Linköping's (777 777, 5 victims,
an indicator). The year before: one staff-ledger finding with 30 000 wrongly paid.
"""

import dataclasses
import datetime
from decimal import Decimal

from agencies.models import AgencyKind
from findings.models import FindingStatus
from inspections.models import OperationKind, OperationStatus, PremisesType, VisitOutcome
from reports.figures import KeyFigures
from tests.factories import (
    FindingFactory,
    OperationFactory,
    PaymentEntryFactory,
    PremisesFactory,
    StatusChangeFactory,
    VisitFactory,
    local_time,
)
from tests.findings.factories import category, indicator

SPRING = (datetime.date(2026, 1, 1), datetime.date(2026, 6, 30))

# Counted by hand from the table above.
EXPECTED_KEY = KeyFigures(
    operations=3,  # februari, empact, midsommar (installd is cancelled, nyar and fjol are outside)
    empact_operations=1,
    visits=5,  # verkstad ×2, tvatt, krog, kiosk_sen
    premises=4,  # verkstad, tvatt, krog, kiosk_sen
    findings=10,  # kommunen 2 + polisen 3 + räddningstjänsten 1 + skatteverket 4
    persons_checked=15,  # 4 + 3 + 5 + 2 + 1
    wrongly_paid=Decimal("120000.00"),  # 20 000 + 90 000 (not the superseded 100 000) + 10 000
    stopped=Decimal("50000.00"),
    potential_victims=2,
    wrongly_paid_premises=3,  # tvatt, verkstad, krog
    stopped_premises=1,  # verkstad
)
EXPECTED_PREVIOUS = KeyFigures(
    operations=1,
    empact_operations=0,
    visits=1,
    premises=1,
    findings=1,
    persons_checked=2,
    wrongly_paid=Decimal("30000.00"),
    stopped=Decimal("0.00"),
    potential_victims=0,
    wrongly_paid_premises=1,
    stopped_premises=0,
)


@dataclasses.dataclass
class Spring:
    collaboration: object
    period: tuple
    agencies: dict  # kommunen, polisen, skatteverket, raddningstjansten
    operations: dict
    visits: dict
    findings: dict


def _history(finding, steps):
    before = FindingStatus.OPEN
    for step in steps:
        StatusChangeFactory(finding=finding, from_status=before, to_status=step)
        before = step


# (name, visit, agency, category code, action, status, steps of its history, quantity, indicators)
COUNTED_FINDINGS = [
    ("personalliggare", "verkstad_feb", "skatteverket", "staff-ledger", "sanction_fee", "closed",
     ("action_taken", "closed"), None, ()),
    ("kassaregister", "tvatt", "skatteverket", "cash-register", "injunction", "follow_up_due",
     ("action_taken", "follow_up_due"), None, ()),
    ("hygien", "verkstad_feb", "kommunen", "food-hygiene", "advice", "closed",
     ("action_taken", "follow_up_due", "corrected", "closed"), None, ()),
    ("registrering", "tvatt", "kommunen", "registration-missing", "injunction", "corrected",
     ("action_taken", "follow_up_due", "not_corrected", "follow_up_due", "corrected"), None, ()),
    ("indikatorer_verkstad", "verkstad_apr", "polisen", "trafficking-indicators", "police_report", "closed",
     (), None, ("lives-at-workplace", "excessive-hours")),
    ("offer", "verkstad_apr", "polisen", "trafficking-referral", "referral", "closed", (), 2, ()),
    ("indikatorer_krog", "krog", "polisen", "trafficking-indicators", "police_report", "closed",
     (), None, ("lives-at-workplace",)),
    ("svartarbete", "verkstad_apr", "skatteverket", "undeclared-work", "referral", "action_taken",
     ("action_taken",), None, ()),
    ("fskatt", "krog", "skatteverket", "f-tax", "advice", "action_taken", (), None, ()),
    ("brand", "sista", "raddningstjansten", "fire-safety", "injunction", "not_corrected",
     ("action_taken", "follow_up_due", "not_corrected"), None, ()),
]  # fmt: skip
UNCOUNTED_FINDINGS = [
    ("stangd", "stangd", "kommunen", "registration-missing", "advice", "action_taken", (), None, ()),
    ("efter", "efter", "raddningstjansten", "escape-routes", "prohibition", "corrected",
     ("action_taken", "follow_up_due", "corrected"), None, ("debt-bondage",)),
    ("installd_insats", "installd_insats", "polisen", "trafficking-referral", "referral", "closed", (), 3, ()),
    ("nyar", "nyar", "kommunen", "food-hygiene", "advice", "follow_up_due", ("action_taken", "follow_up_due"),
     None, ()),
    ("fjol", "fjol", "skatteverket", "staff-ledger", "sanction_fee", "closed", (), None, ()),
]  # fmt: skip
# (finding, ledger kind, amount, kind of support); the 100 000 estimate is superseded by the 90 000.
LEDGER = [
    ("personalliggare", "sanction_fee", "12500", "other"),
    ("registrering", "wrongly_paid", "20000", "municipal_grant"),
    ("svartarbete", "stopped", "50000", "wage_subsidy"),
    ("fskatt", "wrongly_paid", "10000", "tax"),
    ("stangd", "wrongly_paid", "4000", "other"),
    ("efter", "stopped", "999", "other"),
    ("installd_insats", "wrongly_paid", "5000", "other"),
    ("nyar", "wrongly_paid", "8000", "other"),
    ("fjol", "wrongly_paid", "30000", "other"),
]


def _finding(visit, agency, code, action, status, history=(), quantity=None, indicators=()):
    finding = FindingFactory(
        visit=visit,
        agency=agency,
        category=category(agency.kind, code),
        action=action,
        status=status,
        quantity=quantity,
        agency_takes_part=False,  # the operations' agencies are exactly those listed above
    )
    finding.indicators.add(*(indicator(code) for code in indicators))
    _history(finding, history)
    return finding


def _money(finding, kind, amount, support_kind, supersedes=None):
    return PaymentEntryFactory(
        finding=finding, kind=kind, support_kind=support_kind, amount=Decimal(amount), supersedes=supersedes
    )


def _operation(collaboration, name, kind, start, end, agencies, status=OperationStatus.DONE):
    return OperationFactory(
        collaboration=collaboration, name=name, kind=kind, start_date=start, end_date=end, status=status,
        agencies=agencies,
    )  # fmt: skip


def _visit(operation, premises, at, outcome=VisitOutcome.CARRIED_OUT, persons=0):
    return VisitFactory(
        operation=operation, premises=premises, scheduled_at=at, outcome=outcome, persons_checked=persons
    )


def _premises(collaboration):
    types = [
        ("verkstad", PremisesType.CAR_REPAIR),
        ("tvatt", PremisesType.CAR_WASH),
        ("krog", PremisesType.RESTAURANT),
        ("kiosk_stangd", PremisesType.KIOSK),
        ("tatuering", PremisesType.TATTOO),
        ("kiosk_sen", PremisesType.KIOSK),
        ("pizzeria", PremisesType.RESTAURANT),
        ("grossist", PremisesType.FOOD_WHOLESALE),
    ]
    return {name: PremisesFactory(collaboration=collaboration, name=name, premises_type=kind) for name, kind in types}


def _operations(norrkoping, a):
    day, los = datetime.date, OperationKind.LOS
    return {
        "februari": _operation(norrkoping, "Februari", los, day(2026, 2, 10), day(2026, 2, 10),
                               [a["kommunen"], a["polisen"], a["skatteverket"]]),
        "empact": _operation(norrkoping, "EMPACT", OperationKind.EMPACT, day(2026, 4, 15), day(2026, 4, 15),
                             [a["polisen"], a["skatteverket"]]),
        "midsommar": _operation(norrkoping, "Midsommar", los, day(2026, 6, 30), day(2026, 7, 1),
                                [a["kommunen"], a["raddningstjansten"]]),
        "installd": _operation(norrkoping, "Inställd", los, day(2026, 5, 20), day(2026, 5, 20),
                               [a["polisen"], a["raddningstjansten"]], status=OperationStatus.CANCELLED),
        "nyar": _operation(norrkoping, "Nyår", los, day(2025, 12, 31), day(2025, 12, 31), [a["kommunen"]]),
        "fjol": _operation(norrkoping, "I fjol", los, day(2025, 3, 12), day(2025, 3, 12),
                           [a["kommunen"], a["skatteverket"]]),
    }  # fmt: skip


def _visits(ops, places):
    day, feb, apr = datetime.date, datetime.date(2026, 2, 10), datetime.date(2026, 4, 15)
    closed, cancelled, planned = VisitOutcome.CLOSED, VisitOutcome.CANCELLED, VisitOutcome.PLANNED
    return {
        "verkstad_feb": _visit(ops["februari"], places["verkstad"], local_time(feb, 18), persons=4),
        "tvatt": _visit(ops["februari"], places["tvatt"], local_time(feb, 18, 45), persons=3),
        "stangd": _visit(ops["februari"], places["kiosk_stangd"], local_time(feb, 19, 30), closed),
        "installt": _visit(ops["februari"], places["tatuering"], local_time(feb, 20, 15), cancelled),
        "planerad": _visit(ops["februari"], places["pizzeria"], local_time(feb, 21), planned),
        "verkstad_apr": _visit(ops["empact"], places["verkstad"], local_time(apr, 10), persons=5),
        "krog": _visit(ops["empact"], places["krog"], local_time(apr, 11), persons=2),
        "sista": _visit(ops["midsommar"], places["kiosk_sen"], local_time(day(2026, 6, 30), 23, 30), persons=1),
        "efter": _visit(ops["midsommar"], places["pizzeria"], local_time(day(2026, 7, 1), 0, 30), persons=6),
        "installd_insats": _visit(ops["installd"], places["grossist"], local_time(day(2026, 5, 20), 18), persons=7),
        "nyar": _visit(ops["nyar"], places["tvatt"], local_time(day(2025, 12, 31), 23, 30), persons=9),
        "fjol": _visit(ops["fjol"], places["krog"], local_time(day(2025, 3, 12), 18), persons=2),
    }


def build_spring(norrkoping, linkoping):
    """Creates the dataset described above and returns its objects by the names used there."""
    kinds = {
        AgencyKind.MUNICIPALITY: "kommunen",
        AgencyKind.POLICE: "polisen",
        AgencyKind.TAX: "skatteverket",
        AgencyKind.FIRE_RESCUE: "raddningstjansten",
    }
    agencies = {kinds[agency.kind]: agency for agency in norrkoping.agencies.all() if agency.kind in kinds}
    ops = _operations(norrkoping, agencies)
    visits = _visits(ops, _premises(norrkoping))
    findings = {
        name: _finding(visits[visit], agencies[agency], *details)
        for name, visit, agency, *details in COUNTED_FINDINGS + UNCOUNTED_FINDINGS
    }
    for name, kind, amount, support_kind in LEDGER:
        _money(findings[name], kind, amount, support_kind)
    estimate = _money(findings["svartarbete"], "wrongly_paid", "100000", "wage_subsidy")
    _money(findings["svartarbete"], "wrongly_paid", "90000", "wage_subsidy", supersedes=estimate)
    _linkoping(linkoping)
    return Spring(norrkoping, SPRING, agencies, ops, visits, findings)


def _linkoping(linkoping):
    """Linköping's spring: visits and findings that must never reach Norrköping's figures."""
    by_kind = {agency.kind: agency for agency in linkoping.agencies.all()}
    day = datetime.date(2026, 3, 5)
    operation = _operation(linkoping, "Linköping mars", OperationKind.EMPACT, day, day, list(by_kind.values()))
    premises = PremisesFactory(collaboration=linkoping, name="Linköpings verkstad", premises_type=PremisesType.OTHER)
    visit = _visit(operation, premises, local_time(day, 18), persons=8)
    ledger = _finding(visit, by_kind[AgencyKind.TAX], "staff-ledger", "sanction_fee", "closed")
    _money(ledger, "wrongly_paid", "777777", "other")
    _finding(visit, by_kind[AgencyKind.POLICE], "trafficking-referral", "referral", "closed", (), 5,
             ("lives-at-workplace",))  # fmt: skip
