"""Reads of premises, operations and visits. Callers pass querysets already scoped by permissions."""

from django.db.models import Count, Q
from django.utils import timezone

from .models import OperationStatus


def upcoming_operations(operations, *, limit=5):
    """The next planned operations, soonest first, with their number of visits."""
    today = timezone.localdate()
    return (
        operations.filter(end_date__gte=today, status=OperationStatus.PLANNED)
        .annotate(visit_count=Count("visits"))
        .order_by("start_date", "name")[:limit]
    )


def premises_counts(premises):
    return premises.aggregate(total=Count("id"), with_business=Count("id", filter=Q(business__isnull=False)))
