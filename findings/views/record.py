"""Recording a finding at a visit and changing what was recorded.

A refused save re-renders the form with every message at its field and HTTP 400; a save over
someone else's newer save is refused with HTTP 409, the person's input kept and the finding as
it is now shown beside it. Picking a category asks the server, through htmx, for the number or
checklist fields that category needs; without JavaScript the form offers every one the
agency's catalogue has.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from agencies import audit
from agencies.models import AccessAction
from findings import services_record as services
from findings.forms_record import FindingDetailsForm, FindingEditForm, FindingRecordForm
from findings.versioning import StaleFinding
from inspections.views._forms import add_service_errors, posted

from ._common import conflict_form, finding_for_change
from .visits import visit_for_recording

DETAILS_TEMPLATE = "findings/_finding_details_fields.html"


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def finding_record(request, pk):
    visit, agency = visit_for_recording(request, pk)
    refusal = services.recording_refusal(visit)
    context = {"visit": visit, "agency": agency, "refusal": refusal}
    if refusal:
        # Nothing to fill in yet (or any more): the page says why.
        return render(request, "findings/finding_form.html", context, status=400 if request.method == "POST" else 200)
    form = FindingRecordForm(posted(request), visit=visit, agency=agency)
    if request.method == "POST" and form.is_valid():
        try:
            finding = services.finding_record(
                visit=visit, agency=agency, by=request.user, request=request, **form.service_arguments()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The finding is recorded."))
            return redirect("finding_detail", pk=finding.pk)
    context["form"] = form
    return render(request, "findings/finding_form.html", context, status=400 if form.errors else 200)


@login_required
@require_GET
def finding_record_fields(request, pk):
    """The number and checklist fields for the category picked on the recording form."""
    _visit, agency = visit_for_recording(request, pk)
    form = FindingDetailsForm(agency=agency, initial=_typed_details(request))
    form.keep_details_for(request.GET.get("category", ""))
    return render(request, DETAILS_TEMPLATE, {"form": form})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def finding_edit(request, pk):
    finding = finding_for_change(request, pk)
    form = FindingEditForm(posted(request), finding=finding)
    if request.method != "POST":
        # The form shows the finding's details.
        audit.record(AccessAction.VIEW, request=request, obj=finding)
    elif form.is_valid():
        try:
            services.finding_update(finding=finding, by=request.user, request=request, **form.service_arguments())
        except StaleFinding:
            current, form = conflict_form(request, pk, lambda data, current: FindingEditForm(data, finding=current))
            return _render_edit(request, current, form, status=409, saved_now=current)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The finding is saved."))
            return redirect("finding_detail", pk=finding.pk)
    return _render_edit(request, finding, form, status=400 if form.errors else 200)


@login_required
@require_GET
def finding_edit_fields(request, pk):
    """The number and checklist fields for the category picked on the form that changes a
    finding. The checklist keeps the finding's own indicators, even retired ones: a read."""
    finding = finding_for_change(request, pk)
    form = FindingDetailsForm(agency=finding.agency, current=finding, initial=_typed_details(request))
    form.keep_details_for(request.GET.get("category", ""))
    audit.record(AccessAction.VIEW, request=request, obj=finding)
    return render(request, DETAILS_TEMPLATE, {"form": form})


def _typed_details(request):
    """What the person has typed or ticked so far, shown again in the fields that come back."""
    return {"quantity": request.GET.get("quantity", ""), "indicators": request.GET.getlist("indicators")}


def _render_edit(request, finding, form, *, status, saved_now=None):
    context = {
        "finding": finding,
        "visit": finding.visit,
        "agency": finding.agency,
        "form": form,
        "editing": True,
        "saved_now": saved_now,
    }
    return render(request, "findings/finding_form.html", context, status=status)
