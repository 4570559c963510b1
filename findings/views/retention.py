"""The retention page (gallring), for coordinators: how long their collaboration keeps
findings, notes, evidence files and access-log rows, and what the latest nightly purges did.

To anyone who coordinates no collaboration the page does not exist (404). A coordinator of
several chooses which one with `?samverkan=<id>`; an id they do not coordinate is not found.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from agencies import permissions
from agencies.models import Collaboration
from findings import retention
from findings.forms_retention import RetentionPeriodsForm
from inspections.views._forms import add_service_errors, posted

CHOICE_PARAMETER = "samverkan"


def coordinated_collaborations(user):
    """The collaborations the user coordinates, by name; 404 for anyone who coordinates none."""
    collaborations = permissions.scope_by_collaboration(
        Collaboration.objects.order_by("name"), user, permissions.PLANNING_ROLES, field="pk"
    )
    collaborations = list(collaborations)
    if not collaborations:
        raise Http404
    return collaborations


def _chosen(request, collaborations):
    raw = request.GET.get(CHOICE_PARAMETER)
    if raw is None:
        return collaborations[0]
    for collaboration in collaborations:
        if str(collaboration.pk) == raw:
            return collaboration
    raise Http404


def _page_url(collaboration, collaborations):
    url = reverse("retention")
    if len(collaborations) == 1:
        return url
    return f"{url}?{urlencode({CHOICE_PARAMETER: collaboration.pk})}"


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def retention_periods(request):
    collaborations = coordinated_collaborations(request.user)
    collaboration = _chosen(request, collaborations)
    form = RetentionPeriodsForm(posted(request), initial=retention.retention_periods_initial(collaboration))
    if request.method == "POST" and form.is_valid():
        try:
            retention.retention_periods_save(
                collaboration=collaboration, by=request.user, request=request, **form.periods()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The retention periods are saved."))
            return redirect(_page_url(collaboration, collaborations))
    context = {
        "form": form,
        "collaboration": collaboration,
        "choices": [
            {"collaboration": other, "url": _page_url(other, collaborations), "current": other == collaboration}
            for other in collaborations
        ]
        if len(collaborations) > 1
        else [],
        "action": _page_url(collaboration, collaborations),
        "runs": retention.retention_runs_of(collaboration),
    }
    return render(request, "findings/retention.html", context, status=400 if form.errors else 200)
