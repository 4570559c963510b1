"""The CSV exports of the summary: the published (suppressed) figures, and an agency's own records
of a period. Rows only; `reports.views.exports` writes them through the formula guard.

Numbers in the "number" columns use a decimal comma and no grouping, as the Swedish spreadsheets
that read these files (with their ";" separator) expect; hidden values leave it empty.
"""

import csv
from decimal import Decimal

from django.db.models import F, OuterRef, Subquery, Sum
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from findings.models import PaymentEntry, PaymentKind
from findings.selectors import current_entries
from los.csv_safe import safe_row

from .aggregation import MONEY, SWEDEN, findings_of, visits_carried_out
from .definitions import KEY_FIGURE_LABELS


def number_cell(value):
    """A number for a spreadsheet: "25", "1500000,00"; empty for a hidden value."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    return str(value)


def _shown_row(table, key, label, shown):
    return [table, str(key), str(label), str(shown.text), number_cell(None if shown.is_hidden else shown.value)]


def _count_row(table, key, label, value):
    return [table, str(key), str(label), str(value), number_cell(value)]


def published_figures_rows(published):
    """The heading and one row per published value: table, key, label, value as printed, number.

    Table and key are stable codes for scripts; the label and the printed value ("färre än 3",
    "dold") are in the active language."""
    rows = [[_("Table"), _("Key"), _("Label"), _("Value"), _("Number")]]
    for name, shown in published.key.items():
        rows.append(_shown_row("key_figures", name, KEY_FIGURE_LABELS.get(name, name), shown))
    for change in published.changes:
        if change.previous is not None:
            rows.append(_shown_row("previous_year", change.name, change.label, change.previous))
    rows += [_shown_row("operations_by_kind", row.key, row.label, row.shown) for row in published.operations_by_kind]
    rows += [
        _count_row("operation_visits", f"{line.start.isoformat()}/{line.end.isoformat()}", line.kind_label, line.visits)
        for line in published.operations
    ]
    rows += [_shown_row("premises_by_type", row.key, row.label, row.shown) for row in published.premises_by_type]
    for line in published.agencies:
        rows.append(_count_row("agency_operations", line.key, line.label, line.operations))
        rows.append(_count_row("agency_visits", line.key, line.label, line.visits))
    for agency in published.findings:
        rows.append(_shown_row("findings_by_agency", agency.key, agency.label, agency.total))
        rows += [
            _shown_row("findings_by_category", f"{agency.key}/{row.key}", f"{agency.label}: {row.label}", row.shown)
            for row in agency.categories
        ]
    rows += [_shown_row("actions_by_kind", row.key, row.label, row.shown) for row in published.actions_by_kind]
    rows += [_shown_row("follow_ups", row.key, row.label, row.shown) for row in published.follow_ups]
    for kind in published.money:
        rows.append(_shown_row("money_by_kind", kind.key, kind.label, kind.total))
        rows += [
            _shown_row("money_by_agency", f"{kind.key}/{row.key}", f"{kind.label}: {row.label}", row.shown)
            for row in kind.agencies
        ]
    rows += [
        _shown_row("trafficking_indicators", row.key, row.label, row.shown) for row in published.trafficking_indicators
    ]
    return rows


# --- An agency's own records -------------------------------------------------------------


def _money_column(kind):
    return f"money_{kind}"


def _current_sum(kind):
    """The sum of the finding's current ledger entries of `kind` (None when it has none)."""
    entries = (
        current_entries(PaymentEntry.objects.filter(finding=OuterRef("pk"), kind=kind))
        .order_by()
        .values("finding")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return Subquery(entries, output_field=MONEY)


def own_records(*, collaboration, agency_id, period_start, period_end):
    """The agency's findings of the period, in one query: the same findings its figures in the
    summary count (visits carried out in the period), with their money per ledger kind summed
    in the database. No note is loaded."""
    findings = findings_of(collaboration, visits_carried_out(collaboration, period_start, period_end))
    return (
        findings.filter(agency_id=agency_id)
        .select_related("visit__premises", "category")
        .only(
            "collaboration_id",
            "agency_id",
            "action",
            "status",
            "quantity",
            "visit__scheduled_at",
            "visit__premises__name",
            "visit__premises__premises_type",
            "visit__premises__address",
            "visit__premises__postal_code",
            "visit__premises__city",
            "category__name",
            "category__name_en",
        )
        .annotate(
            # What audit.record_finding_reads expects of each exported finding.
            finding_id=F("pk"),
            **{_money_column(kind): _current_sum(kind) for kind in PaymentKind.values},
        )
        .order_by("visit__scheduled_at", "pk")
    )


def own_records_rows(records):
    """The heading and one row per finding of `records` (from `own_records`); no free text."""
    heading = [
        _("Visit date"),
        _("Premises"),
        _("Address"),
        _("Premises type"),
        _("Category"),
        pgettext("action taken on a finding", "Action"),
        _("Status"),
        _("Number"),
    ]
    heading += [_("%(kind)s (kr)") % {"kind": label} for _kind, label in PaymentKind.choices]
    rows = [heading]
    for finding in records:
        premises = finding.visit.premises
        rows.append(
            [
                timezone.localtime(finding.visit.scheduled_at, SWEDEN).date().isoformat(),
                premises.name,
                f"{premises.address}, {premises.postal_code} {premises.city}",
                premises.get_premises_type_display(),
                finding.category.label,
                finding.get_action_display(),
                finding.get_status_display(),
                number_cell(finding.quantity),
                *(number_cell(getattr(finding, _money_column(kind))) for kind in PaymentKind.values),
            ]
        )
    return rows


def csv_response(rows, *, filename):
    """An attachment of `rows` as CSV for Excel: UTF-8 with BOM, ";" separated, every cell
    through the formula guard. `filename` must be plain ASCII without quotes."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    response.write("\ufeff")  # Excel needs the byte order mark to read UTF-8.
    writer = csv.writer(response, delimiter=";")
    for row in rows:
        writer.writerow(safe_row(row))
    return response
