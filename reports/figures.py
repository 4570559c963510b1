"""The figures of a summary as plain frozen dataclasses, and their canonical JSON.

`reports.aggregation.summary_figures` fills them from the database; publication stores
`figures_to_json` in a snapshot and its SHA-256; the PDF, the CSV, the dashboard and the press
release read them back with `figures_from_json`. No names of premises, businesses or people and
no free text appear here: only counts, sums, dates and the labels of catalogues.

Keys are stable codes (a premises type, a ledger kind, a category code, an agency's id as a
string); labels are the Swedish (or current language) text shown beside them at counting time,
frozen with the figures so a renamed category does not change a published table.
"""

import dataclasses
import datetime
import hashlib
import json
import types
import typing
from decimal import Decimal


@dataclasses.dataclass(frozen=True)
class Count:
    """One labelled count: operations of a kind, premises of a type, findings of an agency."""

    key: str
    label: str
    value: int


@dataclasses.dataclass(frozen=True)
class CategoryCount:
    """Findings of one category of one agency's catalogue."""

    agency: str
    key: str
    label: str
    value: int


@dataclasses.dataclass(frozen=True)
class AgencyParticipation:
    """What one agency took part in: operations, visits carried out, findings it recorded."""

    key: str
    label: str
    operations: int
    visits: int
    findings: int


@dataclasses.dataclass(frozen=True)
class OperationLine:
    """One operation of the period, without its name (free text a coordinator wrote)."""

    start: datetime.date
    end: datetime.date
    kind: str
    kind_label: str
    visits: int
    agencies: int


@dataclasses.dataclass(frozen=True)
class MoneyCell:
    """The current ledger sum of one kind for one agency, and how many premises it comes from:
    a sum from one or two premises singles them out as surely as a count does."""

    kind: str
    kind_label: str
    agency: str
    agency_label: str
    amount: Decimal
    premises: int


@dataclasses.dataclass(frozen=True)
class MoneyTotal:
    """The current ledger sum of one kind over all agencies, and its distinct premises."""

    kind: str
    label: str
    amount: Decimal
    premises: int


@dataclasses.dataclass(frozen=True)
class KeyFigures:
    """The headline figures; also kept for the same period a year before, for the change."""

    operations: int
    empact_operations: int
    visits: int
    premises: int
    findings: int
    persons_checked: int
    wrongly_paid: Decimal
    stopped: Decimal
    potential_victims: int
    # The distinct premises behind each sum: a sum from one or two premises is as revealing as a
    # count of one or two. None (unknown) is treated as revealing.
    wrongly_paid_premises: int | None = None
    stopped_premises: int | None = None


@dataclasses.dataclass(frozen=True)
class FollowUps:
    """Follow-ups of the period: found corrected, found not corrected, still due."""

    corrected: int
    not_corrected: int
    due: int


@dataclasses.dataclass(frozen=True)
class Figures:
    collaboration: str
    period_start: datetime.date
    period_end: datetime.date
    key: KeyFigures
    # The same dates a year earlier; None when the collaboration made no visit then.
    previous: KeyFigures | None
    operations_by_kind: tuple[Count, ...]
    operations: tuple[OperationLine, ...]
    premises_by_type: tuple[Count, ...]
    agencies: tuple[AgencyParticipation, ...]
    findings_by_agency: tuple[Count, ...]
    findings_by_category: tuple[CategoryCount, ...]
    actions_by_kind: tuple[Count, ...]
    follow_ups: FollowUps
    money: tuple[MoneyCell, ...]
    money_by_kind: tuple[MoneyTotal, ...]
    trafficking_indicators: tuple[Count, ...]


# --- JSON ------------------------------------------------------------------------------


def _to_plain(value):
    if dataclasses.is_dataclass(value):
        return {f.name: _to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (tuple, list)):
        return [_to_plain(item) for item in value]
    if isinstance(value, Decimal):
        # Two decimals always, so equal amounts give equal JSON and equal checksums.
        return f"{value:.2f}"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _from_plain(kind, value):
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        if value is None:
            return None
        (inner,) = [arg for arg in typing.get_args(kind) if arg is not type(None)]
        return _from_plain(inner, value)
    if origin is tuple:
        (item_kind, _ellipsis) = typing.get_args(kind)
        return tuple(_from_plain(item_kind, item) for item in value)
    if dataclasses.is_dataclass(kind):
        hints = typing.get_type_hints(kind)
        return kind(**{f.name: _from_plain(hints[f.name], value[f.name]) for f in dataclasses.fields(kind)})
    if kind is Decimal:
        return Decimal(value)
    if kind is datetime.date:
        return datetime.date.fromisoformat(value)
    return kind(value)


def figures_to_json(figures):
    """A JSON-ready dict of the figures: amounts as strings with two decimals, dates ISO."""
    return _to_plain(figures)


def figures_from_json(data):
    return _from_plain(Figures, data)


def canonical_json(data):
    """The one byte string a snapshot's checksum is taken over: sorted keys, no spaces."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def checksum(data):
    return hashlib.sha256(canonical_json(data)).hexdigest()
