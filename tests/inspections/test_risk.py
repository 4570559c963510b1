"""The risk score as pure arithmetic: hand-computed cases, no database."""

import datetime
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from inspections.models import PremisesType, SignalKind
from inspections.risk import (
    WEIGHTS,
    Candidate,
    RiskFacts,
    RiskWeights,
    full_months_between,
    ranking_order,
    score,
    weight_rows,
)

TODAY = datetime.date(2025, 3, 10)
DOCS = Path(__file__).resolve().parents[2] / "docs" / "risk-ranking.md"


def _reasons(reasons):
    return [(reason.label, reason.points) for reason in reasons]


def test_a_never_visited_kiosk_scores_the_never_visited_points_and_its_type():
    points, reasons = score(RiskFacts(premises_type=PremisesType.KIOSK), today=TODAY)
    assert points == 26
    assert _reasons(reasons) == [("Never visited", 20), ("Type: Kiosk", 6)]


def test_police_events_weigh_more_than_tips_and_months_since_the_visit_count():
    facts = RiskFacts(
        premises_type=PremisesType.CAR_REPAIR,
        signals={SignalKind.TIP: 1, SignalKind.POLICE_EVENT: 2, SignalKind.MEDIA: 0},
        last_visit=datetime.date(2024, 11, 15),  # three full months before 10 March
    )
    points, reasons = score(facts, today=TODAY)
    assert points == 2 * 10 + 3 + 3 * 2 + 8 == 37
    assert _reasons(reasons) == [
        ("3 signals in the last 180 days (2 police events, 1 tip)", 23),
        ("Last visited on 2024-11-15, 3 full months ago", 6),
        ("Type: Car repair shop", 8),
    ]


def test_open_findings_count_their_severity():
    facts = RiskFacts(
        premises_type=PremisesType.RESTAURANT, open_findings=1, open_severity=3, last_visit=datetime.date(2025, 2, 14)
    )
    points, reasons = score(facts, today=TODAY)
    assert points == 15 + 0 + 6 == 21
    assert _reasons(reasons) == [
        ("1 open finding, severity 3 in total", 15),
        # Shown with no points: the coordinator sees it was visited recently.
        ("Last visited on 2025-02-14, 0 full months ago", 0),
        ("Type: Restaurant", 6),
    ]


def test_every_part_stops_at_its_cap_and_says_so():
    facts = RiskFacts(
        premises_type=PremisesType.OTHER,
        signals={SignalKind.POLICE_EVENT: 4, SignalKind.OTHER_AGENCY: 1},  # 48 points before the cap
        open_findings=4,
        open_severity=9,  # 45 points before the cap
        last_visit=datetime.date(2022, 3, 10),  # 36 months, 72 points before the cap
    )
    points, reasons = score(facts, today=TODAY)
    assert points == 30 + 30 + 24 + 0 == 84
    assert _reasons(reasons) == [
        (
            "5 signals in the last 180 days (4 police events, 1 piece of information from another agency)"
            " (at most 30 points)",
            30,
        ),
        ("4 open findings, severity 9 in total (at most 30 points)", 30),
        ("Last visited on 2022-03-10, 36 full months ago (at most 24 points)", 24),
    ]


def test_other_weights_change_the_score():
    weights = RiskWeights(
        signal_points=dict.fromkeys(SignalKind.values, 1),
        never_visited_points=0,
        type_points=dict.fromkeys(PremisesType.values, 100),
    )
    facts = RiskFacts(premises_type=PremisesType.TATTOO, signals={SignalKind.POLICE_EVENT: 3})
    points, reasons = score(facts, today=TODAY, weights=weights)
    assert points == 3 + 0 + 100
    assert reasons[0].label == "3 signals in the last 180 days (3 police events)"


def test_weights_without_a_kind_or_type_are_refused():
    with pytest.raises(ValueError, match="media"):
        RiskWeights(signal_points={SignalKind.TIP: 1})
    with pytest.raises(ValueError, match="kiosk"):
        RiskWeights(type_points={PremisesType.CAR_WASH: 1})


def test_the_weights_cannot_be_changed_in_place():
    with pytest.raises(AttributeError):
        WEIGHTS.signal_cap = 100
    with pytest.raises(TypeError):
        WEIGHTS.signal_points[SignalKind.TIP] = 100


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (datetime.date(2025, 3, 10), datetime.date(2025, 3, 10), 0),
        (datetime.date(2025, 2, 10), datetime.date(2025, 3, 10), 1),
        (datetime.date(2025, 2, 11), datetime.date(2025, 3, 10), 0),
        (datetime.date(2025, 1, 31), datetime.date(2025, 2, 28), 1),  # the month's last day
        (datetime.date(2025, 1, 31), datetime.date(2025, 2, 27), 0),
        (datetime.date(2024, 3, 10), datetime.date(2025, 3, 10), 12),
        (datetime.date(2025, 4, 1), datetime.date(2025, 3, 10), 0),  # after the reference day
    ],
)
def test_full_months_are_counted_by_the_calendar(start, end, months):
    assert full_months_between(start, end) == months


def _candidate(name, points, last_visit, pk):
    return Candidate(premises=SimpleNamespace(name=name, pk=pk), score=points, reasons=[], last_visit=last_visit)


def test_equal_scores_put_the_longest_unvisited_first_then_the_name():
    candidates = [
        _candidate("Cafe", 30, datetime.date(2025, 1, 1), 1),
        _candidate("Bageri", 30, None, 2),
        _candidate("Verkstad", 40, datetime.date(2025, 3, 1), 3),
        _candidate("Atelje", 30, None, 4),
        _candidate("Kiosk", 30, datetime.date(2024, 6, 1), 5),
    ]
    ranked = sorted(candidates, key=ranking_order)
    assert [c.premises.name for c in ranked] == ["Verkstad", "Atelje", "Bageri", "Kiosk", "Cafe"]


def test_the_page_lists_every_weight_from_the_dataclass():
    rows = {row.label: row.points for row in weight_rows(WEIGHTS)}
    assert rows["Police event, per signal in the last 180 days"] == 10
    assert rows["Tip, per signal in the last 180 days"] == 3
    assert rows["Never visited"] == 20
    assert rows["Type: Tattoo parlour"] == 4
    assert len(rows) == len(SignalKind.values) + 6 + len(PremisesType.values)
    changed = {row.label: row.points for row in weight_rows(RiskWeights(never_visited_points=7))}
    assert changed["Never visited"] == 7


def test_the_coordinators_documentation_shows_the_weights_in_the_code():
    table = dict(re.findall(r"^\| (.+?) \| (\d+) \|$", DOCS.read_text(encoding="utf-8"), flags=re.MULTILINE))
    signal_names = {
        SignalKind.POLICE_EVENT: "Polishändelse",
        SignalKind.OTHER_AGENCY: "Information från annan myndighet",
        SignalKind.COMPLAINT: "Klagomål",
        SignalKind.TIP: "Tips",
        SignalKind.MEDIA: "Media",
    }
    type_names = {
        PremisesType.CAR_REPAIR: "Bilverkstad",
        PremisesType.CAR_WASH: "Biltvätt",
        PremisesType.FOOD_WHOLESALE: "Livsmedels- eller köttgrossist",
        PremisesType.RESTAURANT: "Restaurang",
        PremisesType.KIOSK: "Kiosk",
        PremisesType.BARBER: "Frisör eller barberare",
        PremisesType.TATTOO: "Tatueringsstudio",
        PremisesType.OTHER: "Annat",
    }
    expected = {f"{signal_names[kind]}, per händelse": points for kind, points in WEIGHTS.signal_points.items()}
    expected |= {type_names[value]: points for value, points in WEIGHTS.type_points.items()}
    expected |= {
        "Händelser sammanlagt, högst": WEIGHTS.signal_cap,
        "Fönster för händelser, dagar": WEIGHTS.signal_window_days,
        "Per allvarlighetsenhet hos öppna iakttagelser": WEIGHTS.points_per_severity,
        "Öppna iakttagelser sammanlagt, högst": WEIGHTS.findings_cap,
        "Per hel månad sedan senaste genomförda besöket": WEIGHTS.points_per_month,
        "Tid sedan besök, högst": WEIGHTS.months_cap,
        "Aldrig besökt": WEIGHTS.never_visited_points,
    }
    assert {label: int(points) for label, points in table.items()} == expected
