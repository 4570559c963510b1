"""Operation screens: the list, planning a new one, the plan page and its planning actions.

Coordinators plan; inspectors and agency admins of a participating agency read the plan.
Every operation is reached through agencies/permissions.py: not visible → 404, visible
but not the user's to plan → 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agencies import permissions

from .. import selectors_operations as selectors
from .. import services_operations as services
from ..forms_operations import OperationFilterForm, OperationForm, PremisesSearchForm, StatusForm
from ..models import Operation, OperationStatus
from ..warnings import operation_warnings
from ._forms import add_service_errors, messages_of, posted

PAGE_SIZE = 50


@login_required
@require_GET
def operation_list(request):
    """Operations the user may see, upcoming first; coordinators may plan a new one."""
    if not permissions.access_of(request.user).collaboration_ids(permissions.CASE_ROLES):
        raise Http404
    form = OperationFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    operations = selectors.operations_for_list(request.user, status=status)
    page = Paginator(operations, PAGE_SIZE).get_page(request.GET.get("sida"))
    planning_ids = permissions.planning_collaboration_ids(request.user)
    context = {
        "form": form,
        "page": page,
        "may_plan": bool(planning_ids),
        "several_collaborations": len(permissions.access_of(request.user).collaboration_ids()) > 1,
    }
    return render(request, "inspections/operation_list.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def operation_create(request):
    if not permissions.planning_collaboration_ids(request.user):
        raise Http404
    form = OperationForm(posted(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            operation = services.operation_plan(
                collaboration=form.chosen_collaboration(), by=request.user, **form.service_arguments()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The operation is planned. Add the premises to visit."))
            return redirect("operation_detail", pk=operation.pk)
    context = {"form": form, "title": _("Plan a new operation")}
    return render(request, "inspections/operation_form.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def operation_edit(request, pk):
    operation = permissions.get_operation(Operation.objects.all(), request.user, pk, for_planning=True)
    form = OperationForm(posted(request), user=request.user, operation=operation)
    if request.method == "POST" and form.is_valid():
        try:
            services.operation_update(operation=operation, **form.service_arguments())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The operation is changed."))
            return redirect("operation_detail", pk=operation.pk)
    context = {"form": form, "operation": operation, "title": _("Change the operation")}
    return render(request, "inspections/operation_form.html", context, status=400 if form.errors else 200)


def visit_list_context(request, operation):
    """What the visit list (a partial of the plan page) needs."""
    visits = list(selectors.operation_visits(operation))
    for visit in visits:
        visit.removable = selectors.is_removable(visit)
    is_planner = permissions.may_plan(request.user, operation.collaboration_id)
    # Inspectors of a taking-part agency open each visit to record their findings.
    records_here = permissions.recording_agency_at(request.user, operation) is not None
    return {"operation": operation, "visits": visits, "is_planner": is_planner, "records_here": records_here}


def plan_context(request, operation, **extra):
    """What the plan page shows; coordinators get the planning tools, readers the plan only."""
    context = visit_list_context(request, operation)
    is_planner = context["is_planner"]
    context = {
        **context,
        "agencies": list(operation.agencies.order_by("name")),
        "inspectors": selectors.booked_inspectors(operation),
        "may_mark_carried_out": services.may_mark_carried_out(operation),
    }
    if is_planner:
        context["warnings"] = operation_warnings(operation)
        context["search_form"] = PremisesSearchForm()
    context.update(extra)
    return context


def render_plan(request, operation, *, status=200, **extra):
    return render(
        request, "inspections/operation_detail.html", plan_context(request, operation, **extra), status=status
    )


@login_required
@require_GET
def operation_detail(request, pk):
    operation = permissions.get_operation(
        Operation.objects.select_related("collaboration"), request.user, pk, for_planning=False
    )
    return render_plan(request, operation)


@login_required
@require_POST
def operation_status(request, pk):
    operation = permissions.get_operation(Operation.objects.all(), request.user, pk, for_planning=True)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            operation = services.operation_set_status(operation=operation, status=form.cleaned_data["status"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _status_message(operation.status))
            return redirect("operation_detail", pk=operation.pk)
    return render_plan(request, operation, status=400, action_errors=messages_of(form.errors))


def _status_message(status):
    return {
        OperationStatus.DONE: _("The operation is marked as carried out."),
        OperationStatus.CANCELLED: _("The operation is cancelled."),
        OperationStatus.PLANNED: _("The operation is planned again."),
    }[status]


@login_required
@require_GET
def operation_premises_search(request, pk):
    """Premises to add; the results alone for htmx, else the whole plan page with them."""
    operation = permissions.get_operation(
        Operation.objects.select_related("collaboration"), request.user, pk, for_planning=True
    )
    form = PremisesSearchForm(request.GET)
    search = form.cleaned_data["q"] if form.is_valid() else ""
    results = list(selectors.premises_matching(operation, search)) if search else []
    errors = messages_of(form.errors)
    status = 400 if errors else 200
    extra = {"search_form": form, "results": results, "searched": bool(search)}
    if request.htmx:
        # A refused search comes back in the results' place (htmx swaps a 400), with its reason.
        context = {"operation": operation, "next_url": "", "htmx_errors": errors, **extra}
        return render(request, "inspections/_premises_search_results.html", context, status=status)
    return render_plan(
        request, operation, status=status, next_url=request.get_full_path(), action_errors=errors, **extra
    )
