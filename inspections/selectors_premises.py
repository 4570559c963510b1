"""Reads for the premises register and the premises page. Callers pass querysets already
scoped by agencies.permissions; nothing here decides who may see what.

Findings sit one floor up, so their counts are reached through the reverse relation
premises → visits → findings, never by importing the findings app. Only counts: a
finding's details stay behind the findings app's own rules.
"""

import re

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from .dates import add_months, start_of_day
from .models import Visit, VisitOutcome
from .open_findings import OPEN_FINDING_STATUSES, has_open_findings
from .premises_facts import last_carried_out_visit, open_findings_count

# How people write an organisation number: "556677-8899", "556677 8899" or "5566778899".
_ORG_NUMBER_TYPED = re.compile(r"[0-9][0-9\s\-]*")


def search_premises(premises, text):
    """The premises matching every word typed, in their name, address, city or business name;
    a word of digits also matches part of the business's organisation number. The number may be
    typed with or without its hyphen ("556677-8899", "556677 8899", "5566778899")."""
    condition = Q()
    for word in text.split():
        condition &= _word_matches(word)
    if _ORG_NUMBER_TYPED.fullmatch(text.strip()):
        # "556677 - 8899" splits into words that do not all match; the number as a whole does.
        condition |= Q(business__org_number__contains=_digits(text))
    return premises.filter(condition)


def _word_matches(word):
    condition = (
        Q(name__icontains=word)
        | Q(address__icontains=word)
        | Q(city__icontains=word)
        | Q(business__name__icontains=word)
    )
    # Organisation numbers are stored as ten digits.
    if _ORG_NUMBER_TYPED.fullmatch(word):
        condition |= Q(business__org_number__contains=_digits(word))
    return condition


def _digits(text):
    return re.sub(r"[^0-9]", "", text)


def _visited_since(day):
    since = start_of_day(day)
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
        premises = search_premises(premises, search)
    if premises_type:
        premises = premises.filter(premises_type=premises_type)
    if len(area) == 3:
        premises = premises.filter(postal_code__startswith=f"{area} ")
    elif area:
        premises = premises.filter(postal_code=area)
    if open_findings:
        premises = premises.filter(has_open_findings())
    if not_visited_months:
        cutoff = add_months(today or timezone.localdate(), -not_visited_months)
        premises = premises.filter(~_visited_since(cutoff))
    return (
        premises.select_related("business")
        .annotate(last_visit=last_carried_out_visit(), open_findings=open_findings_count())
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
