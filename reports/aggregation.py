"""The figures of a summary, counted in the database.

Pure: it only reads. Every figure is one aggregate query (Count, Sum, values().annotate(),
subqueries), so the number of queries is fixed (12 to 15) whatever the amount of data, and no
row is loaded into Python to be counted. What each figure means is written once in
`reports.definitions`; the comments below name the definition a query implements.
"""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import Count, DecimalField, Exists, F, Func, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from agencies.models import AgencyKind
from findings.models import (
    ActionKind,
    Category,
    Finding,
    FindingStatus,
    Indicator,
    PaymentEntry,
    PaymentKind,
    StatusChange,
)
from findings.selectors import current_entries
from inspections.models import Operation, OperationKind, OperationStatus, PremisesType, Visit, VisitOutcome

from .figures import (
    AgencyParticipation,
    CategoryCount,
    Figures,
    FollowUps,
    KeyFigures,
    MoneyCell,
    MoneyTotal,
    OperationLine,
)
from .figures import Count as Counted  # Django has a Count too
from .periods import same_period_a_year_before

# definitions "period": the operations happen in Sweden, so a visit's day is its Swedish date.
SWEDEN = ZoneInfo("Europe/Stockholm")

# definitions "potential_victims": the police catalogue's category for victims referred to support.
POTENTIAL_VICTIMS_CATEGORY = (AgencyKind.POLICE, "trafficking-referral")

# Sums over many findings can pass the 11 digits of one ledger entry.
MONEY = DecimalField(max_digits=20, decimal_places=2)
ZERO = Decimal("0.00")


def _kronor(amount):
    # Two decimals whatever the database returns (SQLite drops trailing zeros), so the figures
    # compare equal on every backend.
    return (amount or ZERO).quantize(ZERO)


def _swedish_midnight(day):
    return datetime.datetime.combine(day, datetime.time(0), tzinfo=SWEDEN)


def period_bounds(period_start, period_end):
    """definitions "period": from midnight of the first day to (not including) midnight after the
    last, Swedish time. The same as the local date falling in [start, end], and usable by an
    index on the time."""
    return _swedish_midnight(period_start), _swedish_midnight(period_end + datetime.timedelta(days=1))


def _of(collaborations, field):
    """Rows whose `field` is one of `collaborations`: a Collaboration, or a queryset of them.

    One collaboration stays a plain equality (collaboration_id = X), which the indexes that start
    with the collaboration serve; several are a subquery, not a list of ids as long as the country.
    """
    if isinstance(collaborations, QuerySet):
        return Q(**{f"{field}__in": collaborations.order_by().values("pk")})
    return Q(**{field: collaborations})


def visits_carried_out(collaborations, period_start, period_end):
    """The visits counted for a period (definitions "period" and "visits") of a Collaboration or of
    a queryset of them."""
    since, until = period_bounds(period_start, period_end)
    return Visit.objects.filter(
        _of(collaborations, "operation__collaboration"),
        outcome=VisitOutcome.CARRIED_OUT,
        scheduled_at__gte=since,
        scheduled_at__lt=until,
    ).exclude(operation__status=OperationStatus.CANCELLED)


def findings_of(collaborations, visits):
    """The findings of the collaboration(s) made at `visits` (definitions "findings")."""
    return Finding.objects.filter(_of(collaborations, "collaboration"), visit__in=visits.values("pk"))


def _count(queryset):
    """A correlated subquery: how many distinct rows `queryset` has (0 when none)."""
    counted = queryset.order_by().annotate(
        _n=Func(F("pk"), function="COUNT", template="%(function)s(DISTINCT %(expressions)s)")
    )
    return Coalesce(Subquery(counted.values("_n"), output_field=IntegerField()), 0)


def _reached(status):
    """The finding's history holds a step to `status` (definitions "follow_ups")."""
    return Exists(StatusChange.objects.filter(finding=OuterRef("pk"), to_status=status))


def _visit_totals(visits):
    # definitions "visits", "operations", "premises", "persons_checked".
    return visits.aggregate(
        visits=Count("pk"),
        premises=Count("premises", distinct=True),
        operations=Count("operation", distinct=True),
        empact_operations=Count("operation", distinct=True, filter=Q(operation__kind=OperationKind.EMPACT)),
        persons_checked=Coalesce(Sum("persons_checked"), 0),
    )


def _finding_totals(findings):
    # definitions "findings", "potential_victims", "follow_ups".
    kind, code = POTENTIAL_VICTIMS_CATEGORY
    corrected = _reached(FindingStatus.CORRECTED)
    return findings.aggregate(
        findings=Count("pk"),
        potential_victims=Coalesce(Sum("quantity", filter=Q(category__agency_kind=kind, category__code=code)), 0),
        corrected=Count("pk", filter=Q(corrected)),
        not_corrected=Count("pk", filter=Q(_reached(FindingStatus.NOT_CORRECTED)) & ~Q(corrected)),
        due=Count("pk", filter=Q(status=FindingStatus.FOLLOW_UP_DUE)),
    )


def _current_entries_of(findings):
    # definitions "money": an entry superseded by a later one does not count.
    return current_entries(PaymentEntry.objects.filter(finding__in=findings.values("pk")))


def _money_by_kind(entries):
    """{kind: (amount, distinct premises)} for every ledger kind, zeros included."""
    rows = (
        entries.values("kind")
        .annotate(amount=Sum("amount", output_field=MONEY), premises=Count("finding__visit__premises", distinct=True))
        .order_by()
    )
    totals = dict.fromkeys(PaymentKind.values, (ZERO, 0))
    totals.update({row["kind"]: (_kronor(row["amount"]), row["premises"]) for row in rows})
    return totals


def _key_figures(visit_totals, finding_totals, money_by_kind):
    return KeyFigures(
        operations=visit_totals["operations"],
        empact_operations=visit_totals["empact_operations"],
        visits=visit_totals["visits"],
        premises=visit_totals["premises"],
        findings=finding_totals["findings"],
        persons_checked=visit_totals["persons_checked"],
        wrongly_paid=money_by_kind[PaymentKind.WRONGLY_PAID][0],
        stopped=money_by_kind[PaymentKind.STOPPED][0],
        potential_victims=finding_totals["potential_victims"],
        wrongly_paid_premises=money_by_kind[PaymentKind.WRONGLY_PAID][1],
        stopped_premises=money_by_kind[PaymentKind.STOPPED][1],
    )


def _previous_key_figures(collaborations, period_start, period_end):
    """definitions "change": the key figures a year before, or None when no visit was carried out then."""
    start, end = same_period_a_year_before(period_start, period_end)
    visits = visits_carried_out(collaborations, start, end)
    visit_totals = _visit_totals(visits)
    if not visit_totals["visits"]:
        return None
    findings = findings_of(collaborations, visits)
    return _key_figures(visit_totals, _finding_totals(findings), _money_by_kind(_current_entries_of(findings)))


def _zero_filled(choices, counts):
    """One Count per choice, in the choices' order, 0 where the database found none."""
    return tuple(Counted(key=value, label=str(label), value=counts.get(value, 0)) for value, label in choices)


def _operation_figures(collaborations, visits):
    """definitions "operations": by kind (all kinds) and one line per operation, by first day."""
    # Driven from the period's visits and the collaboration's index: a correlated EXISTS per
    # operation visited every operation in the country (6 000 at national scale) to find 60.
    operations = Operation.objects.filter(_of(collaborations, "collaboration"), pk__in=visits.values("operation"))
    by_kind = dict(operations.values("kind").annotate(n=Count("pk")).order_by().values_list("kind", "n"))
    # One GROUP BY over the visits: per operation, its visits in the period and all its agencies
    # (joined through the visits, hence DISTINCT), instead of two subqueries per operation.
    lines = (
        visits.values("operation", "operation__start_date", "operation__end_date", "operation__kind")
        .annotate(visits_in_period=Count("pk", distinct=True), agency_count=Count("operation__agencies", distinct=True))
        .order_by("operation__start_date", "operation")
    )
    return (
        _zero_filled(OperationKind.choices, by_kind),
        tuple(
            OperationLine(
                start=row["operation__start_date"],
                end=row["operation__end_date"],
                kind=row["operation__kind"],
                kind_label=str(OperationKind(row["operation__kind"]).label),
                visits=row["visits_in_period"],
                agencies=row["agency_count"],
            )
            for row in lines
        ),
    )


def _premises_by_type(visits):
    # definitions "premises": distinct premises per type, every type in the choices' order.
    rows = visits.values("premises__premises_type").annotate(n=Count("premises", distinct=True)).order_by()
    return _zero_filled(PremisesType.choices, dict(rows.values_list("premises__premises_type", "n")))


def _agencies(visits, findings_by_agency):
    """definitions "agencies": each agency of the operations with visits in the period, with how
    many of those operations and visits it took part in, and how many findings it made.

    One GROUP BY over the visits and their operations' agencies: counted per agency in
    correlated subqueries, the national roll-up asked 460 agencies three questions each (2.6 s).
    """
    rows = (
        visits.filter(operation__agencies__isnull=False)
        .values("operation__agencies", "operation__agencies__name")
        .annotate(operation_count=Count("operation", distinct=True), visit_count=Count("pk", distinct=True))
        .order_by("operation__agencies__name", "operation__agencies")
    )
    findings = {count.key: count.value for count in findings_by_agency}
    return tuple(
        AgencyParticipation(
            key=str(row["operation__agencies"]),
            label=row["operation__agencies__name"],
            operations=row["operation_count"],
            visits=row["visit_count"],
            findings=findings.get(str(row["operation__agencies"]), 0),
        )
        for row in rows
    )


def _findings_by_agency(findings):
    rows = findings.values("agency", "agency__name").annotate(n=Count("pk")).order_by("agency__name", "agency")
    return tuple(Counted(key=str(row["agency"]), label=row["agency__name"], value=row["n"]) for row in rows)


def _findings_by_category(findings):
    rows = (
        findings.values("agency", "category__code", "category__name", "category__name_en")
        .annotate(n=Count("pk"))
        .order_by("agency__name", "agency", "category__position", "category__code")
    )
    return tuple(
        CategoryCount(
            agency=str(row["agency"]),
            key=row["category__code"],
            # The catalogue's own rule picks the name in the active language.
            label=Category(name=row["category__name"], name_en=row["category__name_en"]).label,
            value=row["n"],
        )
        for row in rows
    )


def _actions_by_kind(findings):
    # definitions "actions": the action in force, every kind including "none".
    rows = findings.values("action").annotate(n=Count("pk")).order_by()
    return _zero_filled(ActionKind.choices, dict(rows.values_list("action", "n")))


def _money_cells(entries):
    # definitions "money": per kind and agency, only where something was entered.
    rows = (
        entries.values("kind", "finding__agency", "finding__agency__name")
        .annotate(amount=Sum("amount", output_field=MONEY), premises=Count("finding__visit__premises", distinct=True))
        .filter(amount__gt=0)
        .order_by("finding__agency__name", "finding__agency")
    )
    kind_order = {kind: position for position, kind in enumerate(PaymentKind.values)}
    cells = (
        MoneyCell(
            kind=row["kind"],
            kind_label=str(PaymentKind(row["kind"]).label),
            agency=str(row["finding__agency"]),
            agency_label=row["finding__agency__name"],
            amount=_kronor(row["amount"]),
            premises=row["premises"],
        )
        for row in rows
    )
    return tuple(sorted(cells, key=lambda cell: kind_order[cell.kind]))


def _trafficking_indicators(findings):
    # definitions "trafficking_indicators": every indicator in use, in the checklist's order.
    indicators = (
        Indicator.objects.filter(is_active=True)
        .annotate(n=_count(findings.filter(indicators=OuterRef("pk"))))
        .order_by("position", "code")
    )
    return tuple(Counted(key=indicator.code, label=indicator.label, value=indicator.n) for indicator in indicators)


def summary_figures(collaboration, period_start, period_end):
    """The figures of `collaboration` for the days `period_start`–`period_end`, labels in the active language."""
    return _figures(collaboration, period_start, period_end, name=collaboration.name)


def rollup_figures(collaborations, period_start, period_end, *, name):
    """The figures of a queryset of collaborations counted as one, under `name`: the national
    roll-up is all of them. Same definitions and same number of queries as one collaboration.
    No page shows a roll-up yet; the benchmark measures it (P4) for the day one does."""
    return _figures(collaborations, period_start, period_end, name=name)


def _figures(collaborations, period_start, period_end, *, name):
    visits = visits_carried_out(collaborations, period_start, period_end)
    findings = findings_of(collaborations, visits)
    entries = _current_entries_of(findings)

    visit_totals = _visit_totals(visits)
    finding_totals = _finding_totals(findings)
    money_by_kind = _money_by_kind(entries)
    operations_by_kind, operation_lines = _operation_figures(collaborations, visits)
    findings_by_agency = _findings_by_agency(findings)

    return Figures(
        collaboration=name,
        period_start=period_start,
        period_end=period_end,
        key=_key_figures(visit_totals, finding_totals, money_by_kind),
        previous=_previous_key_figures(collaborations, period_start, period_end),
        operations_by_kind=operations_by_kind,
        operations=operation_lines,
        premises_by_type=_premises_by_type(visits),
        agencies=_agencies(visits, findings_by_agency),
        findings_by_agency=findings_by_agency,
        findings_by_category=_findings_by_category(findings),
        actions_by_kind=_actions_by_kind(findings),
        follow_ups=FollowUps(
            corrected=finding_totals["corrected"],
            not_corrected=finding_totals["not_corrected"],
            due=finding_totals["due"],
        ),
        money=_money_cells(entries),
        money_by_kind=tuple(
            MoneyTotal(kind=kind, label=str(label), amount=money_by_kind[kind][0], premises=money_by_kind[kind][1])
            for kind, label in PaymentKind.choices
        ),
        trafficking_indicators=_trafficking_indicators(findings),
    )
