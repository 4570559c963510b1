"""What may be published of a summary's figures: small counts hidden, and the cells hidden
with them so that no total gives a hidden one away. Everything printed for the public (the PDF,
the CSV, the press release, the press officer's dashboard) reads these, never `Figures`.

`hidden_map` decides which values to hide; it is stored with a published snapshot and given back
to `publish_figures`, so a published table never changes with the rules. `exact_figures` is the
same tables with nothing hidden, for coordinators.
"""

import dataclasses
import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from los.formatting import format_sek

from .definitions import FOLLOW_UP_LABELS, KEY_FIGURE_LABELS
from .figures import MoneyTotal, OperationLine
from .suppression import suppress

# Why a value is not shown.
PRIMARY = "primary"  # below the threshold: printed "fewer than N"
SECONDARY = "secondary"  # at or above it, hidden so that a total minus the shown cells cannot reveal a primary one


@dataclasses.dataclass(frozen=True)
class Shown:
    """One published value: the number (int or Decimal kronor), or None when hidden and why."""

    value: int | Decimal | None
    hidden: str = ""
    is_money: bool = False
    threshold: int = 3

    @property
    def is_hidden(self):
        return bool(self.hidden)

    @property
    def text(self):
        """What a reader sees, in the active language: "25", "1 500 000 kr", "fewer than 3", "hidden"."""
        if self.hidden == PRIMARY:
            # Translators: a published count too small to print, e.g. "färre än 3".
            return _("fewer than %(threshold)s") % {"threshold": self.threshold}
        if self.hidden:
            # Translators: a published figure left out so that a total cannot give a small one away.
            return _("hidden")
        if self.is_money:
            return format_sek(self.value)
        # A line never breaks inside a number ("1 234").
        return number_format(self.value, force_grouping=True).replace(" ", "\xa0")

    def __str__(self):
        return self.text


@dataclasses.dataclass(frozen=True)
class Row:
    key: str
    label: str
    shown: Shown


@dataclasses.dataclass(frozen=True)
class AgencyFindings:
    """One agency's findings: its total and its categories."""

    key: str
    label: str
    total: Shown
    categories: tuple[Row, ...]


@dataclasses.dataclass(frozen=True)
class AgencyLine:
    """One participating agency: operations and visits are the authorities' own work and
    always shown; the findings count is the same cell as in the findings table."""

    key: str
    label: str
    operations: int
    visits: int
    findings: Shown


@dataclasses.dataclass(frozen=True)
class MoneyKind:
    """One ledger kind: its total over all agencies, and each agency's part."""

    key: str
    label: str
    total: Shown
    agencies: tuple[Row, ...]


@dataclasses.dataclass(frozen=True)
class Change:
    """A key figure against the same period a year before; hidden when either side is."""

    name: str
    label: str
    current: Shown
    previous: Shown | None
    # The difference in per cent, rounded; None when hidden, unknown or from zero.
    percent: int | None


@dataclasses.dataclass(frozen=True)
class PublishedFigures:
    collaboration: str
    period_start: datetime.date
    period_end: datetime.date
    threshold: int
    # operations, empact_operations, visits, premises, findings, persons_checked,
    # wrongly_paid, stopped, potential_victims → Shown (the names of figures.KeyFigures)
    key: dict
    changes: tuple[Change, ...]
    operations_by_kind: tuple[Row, ...]
    operations: tuple[OperationLine, ...]
    premises_by_type: tuple[Row, ...]
    agencies: tuple[AgencyLine, ...]
    findings: tuple[AgencyFindings, ...]
    actions_by_kind: tuple[Row, ...]
    follow_ups: tuple[Row, ...]
    money: tuple[MoneyKind, ...]
    trafficking_indicators: tuple[Row, ...]

    @property
    def hidden_count(self):
        """How many values are hidden, for the method note."""
        # Each variable once: an agency line's findings is its findings total, and the money totals
        # of the two headline kinds are the key figures.
        values = [*self.key.values(), *(row.shown for row in self.premises_by_type)]
        for agency in self.findings:
            values += [agency.total, *(row.shown for row in agency.categories)]
        in_findings_table = {agency.key for agency in self.findings}
        values += [line.findings for line in self.agencies if line.key not in in_findings_table]
        values += [row.shown for row in (*self.actions_by_kind, *self.follow_ups, *self.trafficking_indicators)]
        for kind in self.money:
            if kind.key not in _MONEY_KEY_FIGURES:
                values.append(kind.total)
            values += [row.shown for row in kind.agencies]
        return sum(1 for shown in values if shown.is_hidden)


# The key figures that are money, and the same variable as their ledger kind's total.
_MONEY_KEY_FIGURES = ("wrongly_paid", "stopped")
# The authorities' own work, never suppressed: the per-operation and per-agency counts of operations
# and visits are printed as they are, so hiding the totals would protect nothing.
_ALWAYS_SHOWN = ("operations", "empact_operations", "visits")
# Key figure name → its variable; the year before's are the same, prefixed.
_KEY_VARIABLES = {
    "operations": "operations",
    "empact_operations": "empact_operations",
    "visits": "visits",
    "premises": "premises.total",
    "findings": "findings.total",
    "persons_checked": "persons_checked",
    "wrongly_paid": "money.wrongly_paid",
    "stopped": "money.stopped",
    "potential_victims": "potential_victims",
}
_PREVIOUS = "previous."


class _Variables:
    """The values, weights and known sums of every published figure, across all tables."""

    def __init__(self):
        self.values, self.weights, self.money, self.sums = {}, {}, set(), []

    def add(self, key, value, weight=None, is_money=False, always_shown=False):
        self.values[key] = value
        if not always_shown:
            self.weights[key] = value if weight is None else weight
        if is_money:
            self.money.add(key)

    def relate(self, total, parts, *, counts):
        """Record total = Σ parts, but only when it holds: a relation that does not hold reveals nothing.
        `counts`: the weights are the values (not premises behind sums of money)."""
        if parts and sum(self.values[part] for part in parts) == self.values[total]:
            self.sums.append((total, list(parts), counts))

    def primaries(self, threshold):
        return {key for key, weight in self.weights.items() if 0 < weight < threshold}

    def shown(self, hidden, threshold):
        return {
            key: Shown(
                None if key in hidden else value, hidden.get(key, ""), is_money=key in self.money, threshold=threshold
            )
            for key, value in self.values.items()
        }


def _money_totals(figures):
    """Each ledger kind's total. A kind with cells but no total (not expected) gets one whose premises
    is its largest cell's: a lower bound of the distinct premises, so it is never shown too readily."""
    totals = {total.kind: total for total in figures.money_by_kind}
    orphans = {}
    for cell in figures.money:
        if cell.kind not in totals:
            orphans.setdefault(cell.kind, []).append(cell)
    for kind, cells in orphans.items():
        amount = sum((cell.amount for cell in cells), Decimal(0))
        totals[kind] = MoneyTotal(kind, cells[0].kind_label, amount, max(cell.premises for cell in cells))
    return totals


def _findings_by_agency(figures):
    """(agency key, label, count) of the findings table, plus any agency that has categories only."""
    agencies = {count.key: (count.key, count.label, count.value) for count in figures.findings_by_agency}
    labels = {line.key: line.label for line in figures.agencies}
    for category in figures.findings_by_category:
        if category.agency not in agencies:
            value = sum(c.value for c in figures.findings_by_category if c.agency == category.agency)
            agencies[category.agency] = (category.agency, labels.get(category.agency, category.agency), value)
    return list(agencies.values())


def _current_variables(figures, money_totals, findings_by_agency):
    variables = _Variables()
    for name, key in _KEY_VARIABLES.items():
        if name not in _MONEY_KEY_FIGURES:
            variables.add(key, getattr(figures.key, name), always_shown=name in _ALWAYS_SHOWN)
    for name in _MONEY_KEY_FIGURES:
        # The headline amount is its ledger kind's total: one variable, weighed by its premises.
        amount, total = getattr(figures.key, name), money_totals.get(name)
        weight = total.premises if total else _unknown_weight(amount)
        variables.add(_KEY_VARIABLES[name], amount, weight=weight, is_money=True)
    for kind, total in money_totals.items():
        if kind not in _MONEY_KEY_FIGURES:
            variables.add(f"money.{kind}", total.amount, weight=total.premises, is_money=True)
    for cell in figures.money:
        variables.add(f"money.{cell.kind}.{cell.agency}", cell.amount, weight=cell.premises, is_money=True)
    for kind in money_totals:
        parts = [f"money.{c.kind}.{c.agency}" for c in figures.money if c.kind == kind]
        variables.relate(f"money.{kind}", parts, counts=False)

    for count in figures.premises_by_type:
        variables.add(f"premises.type.{count.key}", count.value)
    parts = [f"premises.type.{count.key}" for count in figures.premises_by_type]
    variables.relate("premises.total", parts, counts=True)

    for agency, _label, value in findings_by_agency:
        variables.add(f"findings.agency.{agency}", value)
    for line in figures.agencies:
        if f"findings.agency.{line.key}" not in variables.values:
            variables.add(f"findings.agency.{line.key}", line.findings)
    for category in figures.findings_by_category:
        variables.add(f"findings.cat.{category.agency}.{category.key}", category.value)
    agencies = [f"findings.agency.{agency}" for agency, _label, _value in findings_by_agency]
    variables.relate("findings.total", agencies, counts=True)
    for agency, _label, _value in findings_by_agency:
        parts = [f"findings.cat.{agency}.{c.key}" for c in figures.findings_by_category if c.agency == agency]
        variables.relate(f"findings.agency.{agency}", parts, counts=True)

    for count in figures.actions_by_kind:
        variables.add(f"actions.{count.key}", count.value)
    variables.relate("findings.total", [f"actions.{count.key}" for count in figures.actions_by_kind], counts=True)

    # A finding can show several indicators, and follow-ups are not parts of a published total.
    for count in figures.trafficking_indicators:
        variables.add(f"trafficking.{count.key}", count.value)
    for name in FOLLOW_UP_LABELS:
        variables.add(f"follow_ups.{name}", getattr(figures.follow_ups, name))
    return variables


def _unknown_weight(amount):
    """An amount whose premises are not counted: shown only when it is zero."""
    return 0 if amount == 0 else 1


def _previous_variables(previous):
    """The year before's key figures, under their own names: they are published beside this year's."""
    variables = _Variables()
    for name, key in _KEY_VARIABLES.items():
        is_money = name in _MONEY_KEY_FIGURES
        variables.add(_PREVIOUS + key, getattr(previous, name), is_money=is_money, always_shown=name in _ALWAYS_SHOWN)
    return variables


def _previous_hidden(previous, threshold):
    """The year before's key figures to hide, each on its own: a small count, and a sum of money from
    fewer premises than the threshold (from premises not counted: hidden, unless the sum is zero)."""
    hidden = {}
    for name, key in _KEY_VARIABLES.items():
        value = getattr(previous, name)
        if name in _ALWAYS_SHOWN or not value:
            continue
        if name in _MONEY_KEY_FIGURES:
            premises = getattr(previous, f"{name}_premises")
            if not premises:
                hidden[_PREVIOUS + key] = SECONDARY
            elif premises < threshold:
                hidden[_PREVIOUS + key] = PRIMARY
        elif value < threshold:
            hidden[_PREVIOUS + key] = PRIMARY
    return hidden


def _key_shown(shown, prefix=""):
    """Key figure name → Shown, in the order of KeyFigures."""
    return {name: shown[prefix + key] for name, key in _KEY_VARIABLES.items()}


def _changes(key, previous):
    changes = []
    for name in key:
        if name == "empact_operations":
            continue
        current, before = key[name], (previous or {}).get(name)
        percent = None
        if before is not None and not current.is_hidden and not before.is_hidden and before.value > 0:
            ratio = (Decimal(current.value) - Decimal(before.value)) * 100 / Decimal(before.value)
            percent = int(ratio.to_integral_value(rounding=ROUND_HALF_UP))
        changes.append(Change(name, str(KEY_FIGURE_LABELS[name]), current, before, percent))
    return tuple(changes)


class _Tables:
    """The variables of one set of figures, made once for suppressing and for building the tables."""

    def __init__(self, figures):
        self.money_totals = _money_totals(figures)
        self.findings_by_agency = _findings_by_agency(figures)
        self.current = _current_variables(figures, self.money_totals, self.findings_by_agency)
        self.previous = _previous_variables(figures.previous) if figures.previous else None


def hidden_map(figures, threshold):
    """Variable → "primary" or "secondary" for every value of `figures` to hide at `threshold`:
    stored at publication, so the published tables are rebuilt from it, never suppressed again."""
    return _hidden(_Tables(figures), figures, threshold)


def _hidden(tables, figures, threshold):
    hidden = suppress(tables.current.weights, tables.current.sums, threshold)
    if figures.previous:
        hidden |= _previous_hidden(figures.previous, threshold)
    return dict(sorted(hidden.items()))


def _checked(tables, figures, threshold, hidden):
    """`hidden` if it may stand for these figures: it hides every small count and names only their
    variables. Its secondary values may differ from today's rule: a published table stays as it was."""
    if not isinstance(hidden, dict) or set(hidden.values()) - {PRIMARY, SECONDARY}:
        raise ValueError("a hidden map is {variable: 'primary' | 'secondary'}")
    known = set(tables.current.values) | set(tables.previous.values if tables.previous else ())
    unknown = sorted(set(hidden) - known)
    if unknown:
        raise ValueError(f"the hidden map names variables these figures do not have: {', '.join(unknown)}")
    small = tables.current.primaries(threshold)
    if figures.previous:
        small |= {key for key, why in _previous_hidden(figures.previous, threshold).items() if why == PRIMARY}
    shown = sorted(small - set(hidden))
    if shown:
        raise ValueError(f"the hidden map shows small counts: {', '.join(shown)}")
    return hidden


def publish_figures(figures, threshold, hidden=None):
    """The publishable view of `figures` at `threshold` (counts 1 … threshold−1 hidden). With `hidden`
    (from `hidden_map`, as stored at publication) exactly those values are hidden; ValueError if it
    would show a small count or names variables the figures do not have."""
    tables = _Tables(figures)
    hidden = _hidden(tables, figures, threshold) if hidden is None else _checked(tables, figures, threshold, hidden)
    return _build(figures, tables, threshold, hidden)


def exact_figures(figures):
    """`figures` with nothing hidden, in the shape of the published ones: for those who may see
    exact counts (coordinators), so one template serves both."""
    return _build(figures, _Tables(figures), 1, {})


def _build(figures, tables, threshold, hidden):
    shown = tables.current.shown(hidden, threshold)
    key = _key_shown(shown)
    previous = _key_shown(tables.previous.shown(hidden, threshold), _PREVIOUS) if tables.previous else None

    def rows(counts, prefix):
        return tuple(Row(count.key, count.label, shown[f"{prefix}.{count.key}"]) for count in counts)

    return PublishedFigures(
        collaboration=figures.collaboration,
        period_start=figures.period_start,
        period_end=figures.period_end,
        threshold=threshold,
        key=key,
        changes=_changes(key, previous),
        operations_by_kind=tuple(
            Row(count.key, count.label, Shown(count.value, threshold=threshold)) for count in figures.operations_by_kind
        ),
        operations=figures.operations,
        premises_by_type=rows(figures.premises_by_type, "premises.type"),
        agencies=tuple(
            AgencyLine(line.key, line.label, line.operations, line.visits, shown[f"findings.agency.{line.key}"])
            for line in figures.agencies
        ),
        findings=tuple(
            AgencyFindings(
                agency,
                label,
                shown[f"findings.agency.{agency}"],
                rows([c for c in figures.findings_by_category if c.agency == agency], f"findings.cat.{agency}"),
            )
            for agency, label, _value in tables.findings_by_agency
        ),
        actions_by_kind=rows(figures.actions_by_kind, "actions"),
        follow_ups=tuple(
            Row(name, str(label), shown[f"follow_ups.{name}"]) for name, label in FOLLOW_UP_LABELS.items()
        ),
        money=tuple(
            MoneyKind(
                kind,
                total.label,
                shown[f"money.{kind}"],
                tuple(
                    Row(c.agency, c.agency_label, shown[f"money.{kind}.{c.agency}"])
                    for c in figures.money
                    if c.kind == kind
                ),
            )
            for kind, total in tables.money_totals.items()
        ),
        trafficking_indicators=rows(figures.trafficking_indicators, "trafficking"),
    )
