"""Reads for the premises register and the premises page. Callers pass querysets already
scoped by agencies.permissions; nothing here decides who may see what.

Findings sit one floor up, so their counts are reached through the reverse relation
premises → visits → findings, never by importing the findings app. Only counts: a
finding's details stay behind the findings app's own rules.
"""

import calendar
import datetime
import re

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from agencies import permissions
from agencies.models import Collaboration

from .models import Visit, VisitOutcome
from .open_findings import OPEN_FINDING_STATUSES, has_open_findings

# How people write an organisation number: "556677-8899", "556677 8899" or "5566778899".
_ORG_NUMBER_TYPED = re.compile(r"[0-9][0-9\s\-]*")


def planning_collaborations(user):
    """The collaborations whose premises register the user keeps."""
    return Collaboration.objects.filter(pk__in=sorted(permissions.planning_collaboration_ids(user))).order_by("name")


def months_before(day, months):
    """The same day of the month `months` months earlier (the month's last day if shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _last_carried_out_visit():
    visits = Visit.objects.filter(premises=OuterRef("pk"), outcome=VisitOutcome.CARRIED_OUT).order_by("-scheduled_at")
    return Subquery(visits.values("scheduled_at")[:1])


def _open_findings_count():
    per_premises = (
        Visit.objects.filter(premises=OuterRef("pk"))
        .order_by()
        .values("premises")
        .annotate(n=Count("findings", filter=Q(findings__status__in=OPEN_FINDING_STATUSES)))
        .values("n")
    )
    return Coalesce(Subquery(per_premises), 0)


def _search(premises, text):
    condition = Q(name__icontains=text) | Q(address__icontains=text) | Q(business__name__icontains=text)
    # Organisation numbers are stored as ten digits; people type them with or without the hyphen.
    if _ORG_NUMBER_TYPED.fullmatch(text):
        digits = re.sub(r"\D", "", text)
        condition |= Q(business__org_number__contains=digits)
    return premises.filter(condition)


def _visited_since(day):
    since = datetime.datetime.combine(day, datetime.time.min, tzinfo=timezone.get_default_timezone())
    return Exists(
        Visit.objects.filter(premises=OuterRef("pk"), outcome=VisitOutcome.CARRIED_OUT, scheduled_at__gte=since)
    )


def premises_register(
    premises, *, search="", premises_type="", area="", open_findings=False, not_visited_months=None, today=None
):
    """The register's rows, with the last carried-out visit and the number of open findings.

    `area` is a normalised postal code ("602 21") or its three-digit prefix ("602").
    `not_visited_months` keeps premises without a carried-out visit in that many months,
    never-visited ones included.
    """
    if search:
        premises = _search(premises, search)
    if premises_type:
        premises = premises.filter(premises_type=premises_type)
    if len(area) == 3:
        premises = premises.filter(postal_code__startswith=f"{area} ")
    elif area:
        premises = premises.filter(postal_code=area)
    if open_findings:
        premises = premises.filter(has_open_findings())
    if not_visited_months:
        cutoff = months_before(today or timezone.localdate(), not_visited_months)
        premises = premises.filter(~_visited_since(cutoff))
    return (
        premises.select_related("business")
        .annotate(last_visit=_last_carried_out_visit(), open_findings=_open_findings_count())
        .order_by("name", "pk")
    )


def premises_visits(premises):
    """Every visit to the premises, newest first, with its operation."""
    return Visit.objects.filter(premises=premises).select_related("operation").order_by("-scheduled_at", "-pk")


def premises_signals(premises):
    """The premises' signals, newest first."""
    return premises.signals.select_related("source_agency").order_by("-received_on", "-pk")


def premises_finding_counts(premises):
    """Findings at the premises per agency: [{"agency": name, "total": n, "open": n}], by name.

    Counted in the database; that a finding exists (agency and count) is known to every case
    role of the collaboration, its details are not, so nothing else is read.
    """
    rows = (
        Visit.objects.filter(premises=premises)
        .values("findings__agency__name")
        .annotate(
            total=Count("findings"),
            open=Count("findings", filter=Q(findings__status__in=OPEN_FINDING_STATUSES)),
        )
        .filter(total__gt=0)
        .order_by("findings__agency__name")
    )
    return [{"agency": row["findings__agency__name"], "total": row["total"], "open": row["open"]} for row in rows]
