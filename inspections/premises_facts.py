"""What is known of each premises from its visits: when it was last visited and how many of its
findings are still open. The register lists these facts and the risk ranking weighs them, so
both read them from here, as per-premises subqueries of the one query that lists the premises.

Findings sit one floor up, so they are reached through the reverse relation
premises → visits → findings, never by importing the findings app; only counts and severities
are read, never a finding's details.
"""

from django.db.models import Count, IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from .models import Visit, VisitOutcome
from .open_findings import OPEN_FINDING_STATUSES


def last_carried_out_visit(*, before=None):
    """The time of the premises' latest carried-out visit (only visits before the moment
    `before`, when given), or None when there is none."""
    visits = Visit.objects.filter(premises=OuterRef("pk"), outcome=VisitOutcome.CARRIED_OUT)
    if before is not None:
        visits = visits.filter(scheduled_at__lt=before)
    return Subquery(visits.order_by("-scheduled_at").values("scheduled_at")[:1])


def count_per_premises(queryset, expression):
    """One number per premises from rows that point at it (`premises`), 0 when there are none."""
    rows = queryset.order_by().values("premises").annotate(value=expression).values("value")[:1]
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def _visits_with_open_findings():
    return Visit.objects.filter(premises=OuterRef("pk"), findings__status__in=OPEN_FINDING_STATUSES)


def open_findings_count():
    """How many findings of any agency are still open at the premises."""
    return count_per_premises(_visits_with_open_findings(), Count("findings"))


def open_findings_severity():
    """The open findings' severities added up (1 minor, 2 serious, 3 very serious each)."""
    return count_per_premises(_visits_with_open_findings(), Sum("findings__category__severity"))
