"""Visit actions on the plan page: add, move, remove, record the outcome. Coordinators only.

A refused action re-renders the plan page with the reason and HTTP 400; nothing is saved.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from agencies import permissions

from .. import services_operations as services
from ..forms_operations import VisitAddForm, VisitMoveForm, VisitOutcomeForm
from ..models import Operation, Visit
from ..warnings import operation_warnings, warnings_for_premises
from ._forms import add_service_errors, messages_of, posted
from .operations import render_plan, visit_list_context


def _safe_next(request):
    """A local path to return to (the candidate list passes its own), or None."""
    target = request.POST.get("next", "")
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if target and allowed and target.startswith("/") and not target.startswith("//") else None


@login_required
@require_POST
def visit_add(request, pk):
    operation = permissions.get_operation(
        Operation.objects.select_related("collaboration"), request.user, pk, for_planning=True
    )
    form = VisitAddForm(request.POST, operation=operation)
    if form.is_valid():
        premises = form.cleaned_data["premises"]
        try:
            services.visit_add(operation=operation, premises=premises)
        except ValidationError as exc:
            return render_plan(request, operation, status=400, action_errors=exc.messages)
        messages.success(request, _added_message(operation, premises))
        return redirect(_safe_next(request) or operation_url(operation))
    return render_plan(request, operation, status=400, action_errors=messages_of(form.errors))


def operation_url(operation):
    return reverse("operation_detail", args=[operation.pk])


def _added_message(operation, premises):
    text = _("%(premises)s is added to the operation.") % {"premises": premises.name}
    found = warnings_for_premises(operation_warnings(operation), premises)
    if found:
        text = " ".join([text, _("Check:"), *(w.message for w in found)])
    return text


def _visit_for_planning(request, pk):
    return permissions.get_visit(
        Visit.objects.select_related("operation__collaboration", "premises"), request.user, pk, for_planning=True
    )


@login_required
@require_POST
def visit_move(request, pk):
    """Move a visit one step up or down; with htmx the visit list comes back, else the page."""
    visit = _visit_for_planning(request, pk)
    operation = visit.operation
    form = VisitMoveForm(request.POST)
    errors = None
    if form.is_valid():
        try:
            services.visit_move(visit=visit, direction=form.cleaned_data["direction"])
        except ValidationError as exc:
            errors = exc.messages
    else:
        errors = messages_of(form.errors)
    if request.htmx:
        # A refused move comes back in the list's place (htmx swaps a 400), with its reason.
        context = {**visit_list_context(request, operation), "htmx_errors": errors}
        return render(request, "inspections/_visit_list.html", context, status=400 if errors else 200)
    if errors:
        return render_plan(request, operation, status=400, action_errors=errors)
    return redirect(f"{operation_url(operation)}#visit-{visit.pk}")


@login_required
@require_POST
def visit_remove(request, pk):
    visit = _visit_for_planning(request, pk)
    operation = visit.operation
    try:
        services.visit_remove(visit=visit)
    except ValidationError as exc:
        return render_plan(request, operation, status=400, action_errors=exc.messages)
    messages.success(request, _("%(premises)s is removed from the operation.") % {"premises": visit.premises.name})
    return redirect("operation_detail", pk=operation.pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def visit_outcome(request, pk):
    """The coordinator records how a visit went: outcome, persons checked, time spent, who was there."""
    visit = _visit_for_planning(request, pk)
    form = VisitOutcomeForm(posted(request), visit=visit)
    if request.method == "POST" and form.is_valid():
        try:
            services.visit_record_outcome(
                visit=visit,
                outcome=form.cleaned_data["outcome"],
                persons_checked=form.cleaned_data["persons_checked"],
                minutes_spent=form.cleaned_data["minutes_spent"],
                inspectors=form.cleaned_data["inspectors"],
                scheduled_at=form.cleaned_data["scheduled_at"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("The outcome of the visit to %(premises)s is recorded.") % {"premises": visit.premises.name}
            )
            return redirect("operation_detail", pk=visit.operation_id)
    context = {"form": form, "visit": visit, "operation": visit.operation}
    return render(request, "inspections/visit_outcome_form.html", context, status=400 if form.errors else 200)
