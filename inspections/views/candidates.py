"""The candidate list: premises of the collaboration not yet on an operation, ranked by risk.

Planning only: coordinators of the operation's collaboration. Agency members who may read the
operation get 403, everyone else 404 (agencies.permissions.get_operation decides).
"""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from agencies import permissions

from .. import risk
from ..forms_candidates import CandidateFilterForm
from ..models import Operation
from ..selectors_operations import premises_not_on

PAGE_SIZE = 50


def _candidates(request, operation, premises_type):
    premises = permissions.scope_by_collaboration(premises_not_on(operation), request.user, permissions.PLANNING_ROLES)
    if premises_type:
        premises = premises.filter(premises_type=premises_type)
    # Measured to the operation's first day: "time since the last visit" is the time until it.
    return risk.rank_candidates(premises, today=operation.start_date)


@login_required
@require_GET
def operation_candidates(request, pk):
    operation = permissions.get_operation(Operation.objects.all(), request.user, pk, for_planning=True)
    form = CandidateFilterForm(request.GET)
    valid = form.is_valid()
    candidates = _candidates(request, operation, form.cleaned_data["premises_type"]) if valid else []
    # Ranked in Python after the one query, so the page is a slice of the ranked list.
    page = Paginator(candidates, PAGE_SIZE).get_page(request.GET.get("sida"))
    context = {
        "operation": operation,
        "form": form,
        "page": page,
        "weights": risk.WEIGHTS,
        "weight_rows": risk.weight_rows(risk.WEIGHTS),
        "this_page": request.get_full_path(),
    }
    return render(request, "inspections/operation_candidates.html", context, status=200 if valid else 400)
