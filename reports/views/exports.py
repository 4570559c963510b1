"""CSV exports: a published summary's figures, and an agency's own records of a half-year.
Every export is written to the access log; the own records also as a read of each finding."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from agencies import audit, permissions
from agencies.models import AccessAction, Role

from .. import exports
from ..forms_exports import OwnRecordsForm
from ..models import Summary
from ..periods import half_year, last_completed_half
from ..selectors import published_figures_of


@login_required
@require_GET
def summary_figures_csv(request, pk):
    summary = permissions.get_summary(Summary.objects.select_related("collaboration", "snapshot"), request.user, pk)
    published = published_figures_of(summary) if summary.is_published else None
    if published is None:
        raise Http404
    audit.record(AccessAction.EXPORT, request=request, obj=summary)
    filename = f"sammanstallning-{summary.pk}-{summary.period_start:%Y%m%d}-{summary.period_end:%Y%m%d}.csv"
    return exports.csv_response(exports.published_figures_rows(published), filename=filename)


def _own_records_form(request):
    """The export's form over the user's agency-admin memberships; 404 for anyone else."""
    scopes = permissions.own_records_export_scopes(request.user)
    memberships = [
        m
        for m in permissions.active_memberships(request.user)
        if m.role == Role.AGENCY_ADMIN and m.agency_id in scopes.get(m.collaboration_id, ())
    ]
    if not memberships:
        raise Http404
    today = timezone.localdate()
    return OwnRecordsForm(request.GET, memberships=memberships, today=today, default_half=last_completed_half(today))


def _own_records_page(request, form, status=200):
    return render(request, "reports/own_records.html", {"form": form}, status=status)


@login_required
@require_GET
def own_records(request):
    form = _own_records_form(request)
    return _own_records_page(request, form, status=200 if form.is_valid() else 400)


@login_required
@require_GET
@never_cache
def own_records_csv(request):
    form = _own_records_form(request)
    if not form.is_valid():
        return _own_records_page(request, form, status=400)
    membership, year, half = form.chosen()
    start, end = half_year(year, half)
    records = list(
        exports.own_records(
            collaboration=membership.collaboration, agency_id=membership.agency_id, period_start=start, period_end=end
        )
    )
    # One row for the export, with the agency whose records left; one per finding, as its read.
    audit.record(
        AccessAction.EXPORT,
        request=request,
        object_type="findings.finding",
        object_id=f"egna-uppgifter-{year}-{half}",
        object_agency_id=membership.agency_id,
        agency_id=membership.agency_id,
        collaboration_id=membership.collaboration_id,
    )
    audit.record_finding_reads(AccessAction.EXPORT, request=request, findings=records)
    return exports.csv_response(
        exports.own_records_rows(records), filename=f"egna-uppgifter-{membership.agency_id}-{year}-{half}.csv"
    )
