"""Risk ranking of candidate premises for the next operation.

Which premises to visit is decided from "the local problem picture and what happened over the
summer". The ranking only proposes: it adds up points from four plain sources, shows each
premises' points with the reason for them, and the coordinator chooses.

The weights live in `RiskWeights` below; `WEIGHTS` is the one instance in use and its default
values are the current weights (docs/risk-ranking.md explains them for coordinators, and the
candidate page lists them from this same object).

1. Recent signals. Each signal received in the `signal_window_days` days before the reference
   day (that day included, later ones not) gives the points of its kind in `signal_points`:
   a police event or information from another agency weighs more than an anonymous tip.
   All signals together give at most `signal_cap` points.
2. Open findings. Every finding still open (inspections.open_findings.OPEN_FINDING_STATUSES),
   of any agency, adds its category's severity (1 minor, 2 serious, 3 very serious); the sum
   gives `points_per_severity` each, at most `findings_cap` points. Only that findings exist
   and their severity is used, never their details.
3. Time since the last visit. Only carried-out visits on or before the reference day count.
   Each full month since then gives `points_per_month`, at most `months_cap` points; premises
   never visited get `never_visited_points`.
4. Type of premises: `type_points` per PremisesType.

Candidates are ordered by score (highest first), then by the longest time since a visit (never
visited first), then by name. The reference day of an operation's list is its first day.
"""

import calendar
import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from django.db.models import Count, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, ngettext_lazy

from .dates import start_of_day
from .models import PremisesType, Signal, SignalKind
from .premises_facts import count_per_premises, last_carried_out_visit, open_findings_count, open_findings_severity


def _frozen(mapping):
    return field(default_factory=lambda: MappingProxyType(dict(mapping)))


@dataclass(frozen=True)
class RiskWeights:
    """The points of the risk ranking; see the module docstring for how they are used."""

    signal_window_days: int = 180
    signal_points: Mapping[str, int] = _frozen(
        {
            SignalKind.POLICE_EVENT: 10,
            SignalKind.OTHER_AGENCY: 8,
            SignalKind.COMPLAINT: 5,
            SignalKind.TIP: 3,
            SignalKind.MEDIA: 3,
        }
    )
    signal_cap: int = 30
    points_per_severity: int = 5
    findings_cap: int = 30
    points_per_month: int = 2
    months_cap: int = 24
    # Less than a year without a visit: premises nobody has visited are often newly
    # registered with nothing known against them; a signal lifts them when there is reason.
    never_visited_points: int = 20
    type_points: Mapping[str, int] = _frozen(
        {
            PremisesType.CAR_REPAIR: 8,
            PremisesType.CAR_WASH: 8,
            PremisesType.FOOD_WHOLESALE: 8,
            PremisesType.RESTAURANT: 6,
            PremisesType.KIOSK: 6,
            PremisesType.BARBER: 6,
            PremisesType.TATTOO: 4,
            PremisesType.OTHER: 0,
        }
    )

    def __post_init__(self):
        # Every kind and type must have a weight, so the documented table is complete.
        missing = (set(SignalKind.values) - set(self.signal_points)) | (
            set(PremisesType.values) - set(self.type_points)
        )
        if missing:
            raise ValueError(f"RiskWeights has no points for: {sorted(missing)}")
        for name in ("signal_points", "type_points"):
            plain = {str(key): points for key, points in getattr(self, name).items()}
            object.__setattr__(self, name, MappingProxyType(plain))


WEIGHTS = RiskWeights()


@dataclass(frozen=True)
class Reason:
    """One line of why a premises ranks where it does, with the points it gives."""

    label: str
    points: int


@dataclass(frozen=True)
class Candidate:
    premises: object
    score: int
    reasons: list
    last_visit: datetime.date | None = None


@dataclass(frozen=True)
class RiskFacts:
    """What the ranking knows of one premises, as annotated by the database."""

    premises_type: str
    signals: Mapping[str, int] = field(default_factory=dict)  # kind → count inside the window
    open_findings: int = 0
    open_severity: int = 0
    last_visit: datetime.date | None = None


# Plural forms per signal kind, for "2 signals in the last 180 days (1 police event, 1 tip)".
SIGNAL_KIND_COUNTS = {
    SignalKind.POLICE_EVENT: ngettext_lazy("%(n)d police event", "%(n)d police events", "n"),
    SignalKind.OTHER_AGENCY: ngettext_lazy(
        "%(n)d piece of information from another agency", "%(n)d pieces of information from other agencies", "n"
    ),
    SignalKind.COMPLAINT: ngettext_lazy("%(n)d complaint", "%(n)d complaints", "n"),
    SignalKind.TIP: ngettext_lazy("%(n)d tip", "%(n)d tips", "n"),
    SignalKind.MEDIA: ngettext_lazy("%(n)d media report", "%(n)d media reports", "n"),
}


def full_months_between(start, end):
    """Whole calendar months from `start` to `end` (0 when `end` is not later).

    A month is full when the same day of the month is reached, or the month's last day when
    it is shorter: 31 January → 28 February is one month.
    """
    if end <= start:
        return 0
    months = (end.year - start.year) * 12 + end.month - start.month
    end_is_month_end = end.day == calendar.monthrange(end.year, end.month)[1]
    if end.day < start.day and not end_is_month_end:
        months -= 1
    return max(months, 0)


def _capped(label, points, cap):
    if points <= cap:
        return Reason(label, points)
    return Reason(_("%(reason)s (at most %(cap)d points)") % {"reason": label, "cap": cap}, cap)


def _signal_reason(signals, weights):
    counted = {kind: n for kind, n in signals.items() if n > 0}
    total = sum(counted.values())
    if not total:
        return None
    points = sum(weights.signal_points[kind] * n for kind, n in counted.items())
    # Heaviest kinds first, so the part that explains the points is read first.
    kinds = sorted(counted, key=lambda kind: (-weights.signal_points[kind], kind))
    parts = ", ".join(SIGNAL_KIND_COUNTS[kind] % {"n": counted[kind]} for kind in kinds)
    label = ngettext(
        "%(n)d signal in the last %(days)d days (%(parts)s)",
        "%(n)d signals in the last %(days)d days (%(parts)s)",
        total,
    ) % {"n": total, "days": weights.signal_window_days, "parts": parts}
    return _capped(label, points, weights.signal_cap)


def _findings_reason(count, severity, weights):
    if not count:
        return None
    label = ngettext(
        "%(n)d open finding, severity %(severity)d in total",
        "%(n)d open findings, severity %(severity)d in total",
        count,
    ) % {"n": count, "severity": severity}
    return _capped(label, severity * weights.points_per_severity, weights.findings_cap)


def _visit_reason(last_visit, today, weights):
    if last_visit is None:
        return Reason(_("Never visited"), weights.never_visited_points)
    months = full_months_between(last_visit, today)
    label = ngettext(
        "Last visited on %(date)s, %(n)d full month ago",
        "Last visited on %(date)s, %(n)d full months ago",
        months,
    ) % {"date": last_visit.isoformat(), "n": months}
    return _capped(label, months * weights.points_per_month, weights.months_cap)


def score(facts, *, today, weights=WEIGHTS):
    """The score of one premises and the reasons for it: pure arithmetic, no database."""
    type_points = weights.type_points.get(facts.premises_type, 0)
    type_label = _("Type: %(type)s") % {"type": _type_label(facts.premises_type)}
    reasons = [
        _signal_reason(facts.signals, weights),
        _findings_reason(facts.open_findings, facts.open_severity, weights),
        _visit_reason(facts.last_visit, today, weights),
        Reason(type_label, type_points) if type_points else None,
    ]
    reasons = [reason for reason in reasons if reason is not None]
    return sum(reason.points for reason in reasons), reasons


def _type_label(value):
    try:
        return PremisesType(value).label
    except ValueError:
        return value


# --- The one query -----------------------------------------------------------------------


def _signal_field(kind):
    return f"risk_signals_{kind}"


def _shift(day, days):
    """`day` moved by `days`, held at the ends of the calendar instead of overflowing."""
    try:
        return day + datetime.timedelta(days=days)
    except OverflowError:
        return datetime.date.max if days > 0 else datetime.date.min


def annotate_risk(premises, *, today, weights=WEIGHTS):
    """The premises with what the ranking needs, as annotations of one query."""
    window_start = _shift(today, -weights.signal_window_days)
    recent = Signal.objects.filter(premises=OuterRef("pk"), received_on__gte=window_start, received_on__lte=today)
    # Visits are stored as moments; the reference day ends at local midnight.
    day_after = start_of_day(_shift(today, 1))
    signal_counts = {
        _signal_field(kind): count_per_premises(recent.filter(kind=kind), Count("pk")) for kind in SignalKind.values
    }
    return premises.annotate(
        **signal_counts,
        risk_open_findings=open_findings_count(),
        risk_open_severity=open_findings_severity(),
        risk_last_visit_at=last_carried_out_visit(before=day_after),
    )


def facts_of(premises):
    """RiskFacts from a premises annotated by `annotate_risk`."""
    last_visit_at = premises.risk_last_visit_at
    return RiskFacts(
        premises_type=premises.premises_type,
        signals={kind: getattr(premises, _signal_field(kind)) for kind in SignalKind.values},
        open_findings=premises.risk_open_findings,
        open_severity=premises.risk_open_severity,
        last_visit=timezone.localdate(last_visit_at) if last_visit_at else None,
    )


def ranking_order(candidate):
    """Sort key: highest score, then longest since a visit (never visited first), then name."""
    never = candidate.last_visit is None
    return (
        -candidate.score,
        not never,
        candidate.last_visit or datetime.date.min,
        candidate.premises.name.casefold(),
        candidate.premises.pk,
    )


def rank_candidates(premises_queryset, *, today, weights=WEIGHTS):
    """Premises ranked by risk score, each with the reasons for its score (one query)."""
    candidates = []
    for premises in annotate_risk(premises_queryset, today=today, weights=weights):
        facts = facts_of(premises)
        points, reasons = score(facts, today=today, weights=weights)
        candidates.append(Candidate(premises=premises, score=points, reasons=reasons, last_visit=facts.last_visit))
    return sorted(candidates, key=ranking_order)


# --- The weights, as a coordinator reads them ---------------------------------------------


@dataclass(frozen=True)
class WeightRow:
    label: str
    points: int


def weight_rows(weights=WEIGHTS):
    """The weights as labelled rows, for the page that explains the score."""
    days = weights.signal_window_days
    rows = [
        WeightRow(
            _("%(kind)s, per signal in the last %(days)d days") % {"kind": SignalKind(kind).label, "days": days},
            points,
        )
        for kind, points in sorted(weights.signal_points.items(), key=lambda item: (-item[1], item[0]))
    ]
    rows += [
        WeightRow(_("Signals together, at most"), weights.signal_cap),
        WeightRow(_("Each severity unit of open findings (severity 1–3 per finding)"), weights.points_per_severity),
        WeightRow(_("Open findings together, at most"), weights.findings_cap),
        WeightRow(_("Each full month since the last carried-out visit"), weights.points_per_month),
        WeightRow(_("Time since the last visit, at most"), weights.months_cap),
        WeightRow(_("Never visited"), weights.never_visited_points),
    ]
    rows += [
        WeightRow(_("Type: %(type)s") % {"type": PremisesType(value).label}, weights.type_points[value])
        for value in PremisesType.values
    ]
    return rows
