import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agencies import audit, permissions
from agencies.models import AccessAction
from findings import selectors, services
from findings.forms import FindingSearchForm, ReleaseForm
from findings.models import Finding, FindingRelease
from los.csv_safe import safe_row
from los.pagination import RowsFirstPaginator, SortThenJoinPaginator

from .detail_sections import sections_context

PAGE_SIZE = 50
# What a row of the list shows, joined for the page's rows only.
LIST_RELATIONS = ("agency", "category", "visit__premises")
# What the detail page and its sections show of the finding, loaded with it.
DETAIL_RELATIONS = ("agency", "category", "visit__premises", "visit__operation", "collaboration")
RELEASE_RELATIONS = ("legal_ground", "released_by", "withdrawn_by")


def _search(request):
    """The form and the selector's filters; an invalid filter is left out (and the form says why)."""
    form = FindingSearchForm(request.GET or None)
    if not form.is_valid():
        return form, {}
    return form, {"search": form.cleaned_data["q"], "premises_id": form.cleaned_data["lokal"]}


def _paginator(user, filters):
    """The whole list is counted and cut from the rows of what the user may read alone; a search
    or one premises needs the findings' own columns, so it pages over the findings themselves."""
    if not any(filters.values()):
        rows = selectors.findings_readable_by_date(user)
        if rows is not None:
            return RowsFirstPaginator(
                rows,
                PAGE_SIZE,
                model=Finding,
                row_ordering=(f"-{permissions.READABLE_AT}", f"-{permissions.READABLE_ID}"),
                ordering=("-created_at", "-id"),
                relations=LIST_RELATIONS,
            )
    return SortThenJoinPaginator(selectors.findings_readable(user, **filters), PAGE_SIZE, relations=LIST_RELATIONS)


@login_required
@require_GET
def finding_list(request):
    if not permissions.access_of(request.user).collaboration_ids(permissions.CASE_ROLES):
        raise Http404
    form, filters = _search(request)
    page = _paginator(request.user, filters).get_page(request.GET.get("sida"))
    context = {
        "form": form,
        "page": page,
        "others": selectors.findings_of_others_summary(request.user, premises_id=filters.get("premises_id")),
    }
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "findings/finding_list.html", context, status=status)


@login_required
@require_GET
def finding_detail(request, pk):
    releases = Prefetch("releases", FindingRelease.objects.select_related(*RELEASE_RELATIONS))
    findings = Finding.objects.select_related(*DETAIL_RELATIONS).prefetch_related("indicators", releases)
    finding = permissions.get_finding_for_details(findings, request.user, pk)
    audit.record(AccessAction.VIEW, request=request, obj=finding)
    context = {
        "finding": finding,
        "releases": finding.releases.all(),
        "may_release": permissions.may_release_finding(request.user, finding),
        "release_form": ReleaseForm(finding=finding),
        "may_change": permissions.may_change_finding(request.user, finding),
        **sections_context(request, finding),
    }
    return render(request, "findings/finding_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def finding_release(request, pk):
    finding = permissions.get_finding_for_details(Finding.objects.all(), request.user, pk)
    if not permissions.may_release_finding(request.user, finding):
        raise PermissionDenied
    form = ReleaseForm(request.POST if request.method == "POST" else None, finding=finding)
    if request.method == "POST" and form.is_valid():
        try:
            services.finding_release(
                finding=finding,
                by=request.user,
                legal_ground=form.cleaned_data["legal_ground"],
                explanation=form.cleaned_data["explanation"],
                request=request,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The finding is released to the collaboration."))
            return redirect("finding_detail", pk=finding.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "findings/finding_release.html", {"finding": finding, "form": form}, status=status)


@login_required
@require_POST
def finding_withdraw(request, pk):
    finding = permissions.get_finding_for_details(Finding.objects.all(), request.user, pk)
    try:
        services.finding_release_withdraw(finding=finding, by=request.user, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("finding_detail", pk=finding.pk)
    messages.success(request, _("The release is withdrawn; only your agency reads the details now."))
    return redirect("finding_detail", pk=finding.pk)


@login_required
@require_GET
def finding_export(request):
    if not permissions.access_of(request.user).collaboration_ids(permissions.CASE_ROLES):
        raise Http404
    _form, filters = _search(request)
    findings = selectors.findings_readable(request.user, **filters)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="iakttagelser-{stamp}.csv"'
    response.write("\ufeff")  # Excel needs the BOM to read UTF-8
    writer = csv.writer(response, delimiter=";")
    action = pgettext("action taken on a finding", "Action")
    writer.writerow([_("Date"), _("Agency"), _("Category"), _("Premises"), action, _("Status"), _("Note")])
    for finding in findings.iterator(chunk_size=500):
        writer.writerow(
            safe_row(
                [
                    timezone.localdate(finding.visit.scheduled_at).isoformat(),
                    finding.agency.name,
                    finding.category.label,
                    finding.visit.premises.name,
                    finding.get_action_display(),
                    finding.get_status_display(),
                    finding.note,
                ]
            )
        )
    audit.record(AccessAction.EXPORT, request=request, object_type="findings.finding", object_id="csv")
    return response
