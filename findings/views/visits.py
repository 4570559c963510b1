"""The inspector's visits: "My visits" and the workspace of one visit, where the inspector
records what their agency found. Visits reach the views through agencies/permissions.py."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from agencies import permissions
from findings import selectors_lifecycle, selectors_visits, services_record
from inspections.models import Visit

PAGE_SIZE = 50


@login_required
@require_GET
def my_visits(request):
    """Visits of operations the inspector's agency took part in: today, coming, earlier."""
    if not permissions.access_of(request.user).collaboration_ids(permissions.FINDING_WRITER_ROLES):
        raise Http404
    groups = selectors_visits.my_visits(request.user)
    page = Paginator(groups.earlier, PAGE_SIZE).get_page(request.GET.get("sida"))
    context = {"today": list(groups.today), "coming": list(groups.coming), "page": page}
    return render(request, "findings/my_visits.html", context)


def visit_for_recording(request, pk):
    """(visit, agency): 404 if the user may not see the visit, 403 if no agency they inspect for took part."""
    visits = Visit.objects.select_related("premises__business", "operation__collaboration")
    return permissions.get_visit_for_recording(visits, request.user, pk)


@login_required
@require_GET
def visit_work(request, pk):
    visit, agency = visit_for_recording(request, pk)
    context = {
        "visit": visit,
        "agency": agency,
        "findings": selectors_visits.findings_at_visit(request.user, visit, agency),
        "refusal": services_record.recording_refusal(visit),
        "follow_ups_here": selectors_lifecycle.follow_ups_due_at(visit, agency),
        "followed_up_here": selectors_lifecycle.follow_ups_made_at(visit, request.user),
    }
    return render(request, "findings/visit_work.html", context)
