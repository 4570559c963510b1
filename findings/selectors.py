"""Reads of findings and money. Every read starts from what agencies/permissions.py allows."""

from decimal import Decimal

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, Sum

from agencies import permissions
from agencies.models import Agency

from .models import Category, Finding, PaymentEntry, PaymentKind


def current_entries(entries):
    """Ledger entries not corrected by a later one: the only ones that count in a sum."""
    return entries.filter(~Exists(PaymentEntry.objects.filter(supersedes=OuterRef("pk"))))


def money_totals(entries):
    """Sum of current entries per ledger kind, as Decimals (0 where there is none)."""
    rows = current_entries(entries).values("kind").annotate(total=Sum("amount")).order_by()
    totals = {kind: Decimal("0") for kind in PaymentKind.values}
    totals.update({row["kind"]: row["total"] for row in rows})
    return totals


def findings_readable(user, *, search="", premises_id=None):
    """Findings whose details the user may read, with what a list shows, newest first;
    only those made at one premises when `premises_id` is given."""
    findings = permissions.findings_visible_to(Finding.objects.all(), user)
    if premises_id is not None:
        findings = findings.filter(visit__premises_id=premises_id)
    if search:
        findings = findings.filter(
            Q(category__name__icontains=search)
            | Q(category__name_en__icontains=search)
            | Q(visit__premises__name__icontains=search)
            | Q(visit__premises__address__icontains=search)
            | Q(agency__name__icontains=search)
        )
    return findings.select_related(
        "agency", "category", "visit__premises", "visit__operation", "collaboration"
    ).order_by("-created_at", "-id")


def findings_readable_by_date(user):
    """Rows of the id and the date of the findings the user may read (None: not one); the
    columns are named permissions.READABLE_ID and READABLE_AT."""
    return permissions.readable_findings_by_date(Finding, user)


def findings_of_others_summary(user, *, premises_id=None):
    """What the user may know of findings they cannot read: agency, category and count only,
    as rows of agency__name, category__name, category__name_en and count."""
    known = permissions.findings_known_to(Finding.objects.all(), user)
    if premises_id is not None:
        known = known.filter(visit__premises_id=premises_id)
    readable = permissions.readable_finding_ids_subquery(Finding, user)
    if readable is not None:
        known = known.exclude(pk__in=readable)
    counted = known.order_by().values("agency_id", "category_id").annotate(count=Count("id"))
    return _with_names(counted)


def _with_names(counted):
    """The names joined to counts grouped by ids: counted first, joined after.

    The ORM would join the agency and the category to every finding and group by their names;
    for an inspector in 42 collaborations that is 130 000 rows joined to make 450 counts.
    """
    if counted.query.is_empty():
        return []
    sql, params = counted.query.sql_with_params()
    agencies, categories = Agency._meta.db_table, Category._meta.db_table
    # Django's own compiled query (its parameters apart) and our own table names: nothing typed in.
    named = (
        f"SELECT a.name, c.name, c.name_en, counted.count FROM ({sql}) AS counted "  # noqa: S608
        f"JOIN {agencies} AS a ON a.id = counted.agency_id JOIN {categories} AS c ON c.id = counted.category_id "
        "ORDER BY a.name, c.name"
    )
    with connection.cursor() as cursor:
        cursor.execute(named, params)
        columns = ("agency__name", "category__name", "category__name_en", "count")
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
