"""Importing premises from a spreadsheet: upload, preview, confirm, and the error report.

Coordinators keep the premises register, so only they see these screens; to everyone else the
routes do not exist (404).
"""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agencies import permissions
from los.csv_safe import safe_row

from .. import services_import
from ..forms_import import PremisesImportForm
from ..models import ImportStatus, PremisesImport
from ..services_import import RowStatus

PAGE_SIZE = 50
RECENT_IMPORTS = 5


def _import_or_404(request, pk):
    return permissions.get_in_collaboration(
        PremisesImport.objects.select_related("collaboration", "created_by"),
        request.user,
        pk,
        roles=permissions.PLANNING_ROLES,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def premises_import_upload(request):
    if not permissions.planning_collaboration_ids(request.user):
        raise Http404
    posted = request.method == "POST"
    form = PremisesImportForm(request.POST if posted else None, request.FILES if posted else None, user=request.user)
    if posted and form.is_valid():
        try:
            premises_import = services_import.premises_import_create(
                collaboration=form.chosen_collaboration(), by=request.user, uploaded_file=form.cleaned_data["file"]
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            return redirect("premises_import_preview", pk=premises_import.pk)
    recent = permissions.scope_by_collaboration(
        PremisesImport.objects.select_related("collaboration"), request.user, permissions.PLANNING_ROLES
    ).defer("rows")[:RECENT_IMPORTS]
    context = {"form": form, "recent": recent}
    return render(request, "inspections/import_upload.html", context, status=400 if form.errors else 200)


def _preview_context(request, premises_import):
    rows = services_import.premises_import_preview(premises_import)
    counts = services_import.status_counts(rows)
    shown_status = request.GET.get("visa")
    shown = [row for row in rows if row.status == shown_status] if shown_status in RowStatus.ALL else rows
    if shown_status not in RowStatus.ALL:
        shown_status = ""
    return {
        "premises_import": premises_import,
        "committed": premises_import.status == ImportStatus.COMMITTED,
        "counts": [(status, RowStatus.LABELS[status], counts[status]) for status in RowStatus.ALL],
        "total": len(rows),
        "to_write": counts[RowStatus.NEW] + counts[RowStatus.UPDATE],
        "error_count": counts[RowStatus.ERROR],
        "duplicate_count": counts[RowStatus.DUPLICATE],
        "shown_status": shown_status,
        "page": Paginator(shown, PAGE_SIZE).get_page(request.GET.get("sida")),
    }


@login_required
@require_GET
def premises_import_preview(request, pk):
    premises_import = _import_or_404(request, pk)
    return render(request, "inspections/import_preview.html", _preview_context(request, premises_import))


@login_required
@require_POST
def premises_import_commit(request, pk):
    premises_import = _import_or_404(request, pk)
    try:
        result = services_import.premises_import_commit(premises_import=premises_import, by=request.user)
    except ValidationError as exc:
        context = _preview_context(request, premises_import) | {"commit_errors": exc.messages}
        # Confirming twice is a conflict with the import's state, not a bad request.
        already = premises_import.status == ImportStatus.COMMITTED
        return render(request, "inspections/import_preview.html", context, status=409 if already else 400)
    messages.success(request, _result_message(result))
    return redirect(reverse("premises_list"))


def _result_message(result):
    created = ngettext("%(n)s premises created", "%(n)s premises created", result.created) % {"n": result.created}
    updated = ngettext("%(n)s updated", "%(n)s updated", result.updated) % {"n": result.updated}
    written = f"{created}, {updated}"
    if not result.errors:
        return written + "."
    left_out = ngettext("%(n)s row with errors was left out", "%(n)s rows with errors were left out", result.errors) % {
        "n": result.errors
    }
    return f"{written}; {left_out}."


@login_required
@require_GET
@never_cache
def premises_import_errors(request, pk):
    premises_import = _import_or_404(request, pk)
    report = services_import.premises_import_error_report(premises_import)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="importfel-{premises_import.pk}.csv"'
    response.write("\ufeff")  # Excel needs the BOM to read UTF-8
    writer = csv.writer(response, delimiter=";")
    for row in report:
        writer.writerow(safe_row(row))
    return response
