"""Reads of a finding's money ledger: its entries as readable chains of corrections, and the
totals that count. The sums come from `selectors.money_totals`, the one rule for what counts."""

from dataclasses import dataclass

from .models import PaymentEntry, PaymentKind
from .selectors import money_totals


@dataclass(frozen=True)
class LedgerRow:
    """One entry with its neighbours in its chain: what it corrects, and what corrected it."""

    entry: PaymentEntry
    corrects: PaymentEntry | None
    corrected_by: PaymentEntry | None

    @property
    def is_current(self):
        return self.corrected_by is None


@dataclass(frozen=True)
class LedgerTotal:
    kind: str
    label: str
    total: object


def ledger_rows(finding):
    """The finding's entries in one query, each chain together: the first entry, then each
    correction of it in turn, so the way from an estimate to the figure that stands reads
    from top to bottom. Chains are ordered by when they began."""
    entries = list(
        PaymentEntry.objects.filter(finding=finding).select_related("created_by").order_by("created_at", "id")
    )
    by_pk = {entry.pk: entry for entry in entries}
    # The reverse side of `supersedes`, built here rather than joined for every row.
    successor = {entry.supersedes_id: entry for entry in entries if entry.supersedes_id}
    rows = []
    for root in (entry for entry in entries if entry.supersedes_id not in by_pk):
        entry, previous = root, None
        while entry is not None:
            following = successor.get(entry.pk)
            rows.append(LedgerRow(entry=entry, corrects=previous, corrected_by=following))
            entry, previous = following, entry
    return rows


def ledger_totals(finding):
    """The sum of the current entries per ledger kind, for the kinds the finding has money in."""
    totals = money_totals(PaymentEntry.objects.filter(finding=finding))
    labels = dict(PaymentKind.choices)
    return [LedgerTotal(kind=kind, label=labels[kind], total=total) for kind, total in totals.items() if total]


def newest_in_chain(entry):
    """The entry that stands in the chain `entry` belongs to: the one no later entry corrects."""
    corrections = PaymentEntry.objects.select_related("created_by")
    following = corrections.filter(supersedes=entry).first()
    while following is not None:
        entry = following
        following = corrections.filter(supersedes=entry).first()
    return entry
