"""Reads of findings and money. Callers pass querysets already scoped by permissions."""

from decimal import Decimal

from django.db.models import Exists, OuterRef, Sum

from .models import PaymentEntry, PaymentKind


def current_entries(entries):
    """Ledger entries not corrected by a later one: the only ones that count in a sum."""
    return entries.filter(~Exists(PaymentEntry.objects.filter(supersedes=OuterRef("pk"))))


def money_totals(entries):
    """Sum of current entries per ledger kind, as Decimals (0 where there is none)."""
    rows = current_entries(entries).values("kind").annotate(total=Sum("amount")).order_by()
    totals = {kind: Decimal("0") for kind in PaymentKind.values}
    totals.update({row["kind"]: row["total"] for row in rows})
    return totals
