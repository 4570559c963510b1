"""The finding's money ledger: its section on the detail page, adding an amount, correcting one.

An amount is never edited: "correct" records a new entry that supersedes the old one. Only
the owning agency's inspectors add and correct (permissions.get_finding_for_change).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from agencies import audit, permissions
from agencies.models import AccessAction
from findings import selectors_ledger, services_ledger
from findings.forms_ledger import LedgerEntryForm
from findings.models import PaymentEntry
from inspections.views._forms import add_service_errors, posted

from ._common import finding_for_change

FORM_TEMPLATE = "findings/ledger_entry_form.html"


def detail_context(request, finding):
    """The ledger section of the finding's detail page, whose view has already checked that the
    user may read the finding: entries, totals and whether the user may add and correct."""
    return {
        "ledger_rows": selectors_ledger.ledger_rows(finding),
        "ledger_totals": selectors_ledger.ledger_totals(finding),
        "ledger_may_change": permissions.may_change_finding(request.user, finding),
    }


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def ledger_entry_add(request, pk):
    finding = finding_for_change(request, pk)
    form = LedgerEntryForm(posted(request), finding=finding)
    if request.method == "POST" and form.is_valid():
        try:
            services_ledger.ledger_entry_add(
                finding=finding, by=request.user, request=request, **form.service_arguments()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The amount is recorded."))
            return redirect("finding_detail", pk=finding.pk)
    context = {"finding": finding, "form": form}
    return render(request, FORM_TEMPLATE, context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def ledger_entry_correct(request, pk, entry_pk):
    finding = finding_for_change(request, pk)
    entry = get_object_or_404(PaymentEntry.objects.select_related("created_by"), pk=entry_pk, finding=finding)
    if selectors_ledger.newest_in_chain(entry) != entry:
        return _already_corrected(request, finding, entry)
    if request.method != "POST":
        # The page shows the entry's amount and dates: a read of the finding's details.
        audit.record(AccessAction.VIEW, request=request, obj=finding)
    form = LedgerEntryForm(posted(request), finding=finding, initial=LedgerEntryForm.initial_from(entry))
    if request.method == "POST" and form.is_valid():
        try:
            services_ledger.ledger_entry_correct(
                entry=entry, finding=finding, by=request.user, request=request, **form.service_arguments()
            )
        except services_ledger.AlreadyCorrected:
            # Someone corrected it between the page and the save: their correction stands.
            return _already_corrected(request, finding, entry)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The correction is recorded. The earlier amount stays in the history."))
            return redirect("finding_detail", pk=finding.pk)
    context = {"finding": finding, "form": form, "corrected": entry}
    return render(request, FORM_TEMPLATE, context, status=400 if form.errors else 200)


def _already_corrected(request, finding, entry):
    """409: `entry` has a correction already. The page shows the newest entry of its chain and
    a form that corrects that one instead, with what the user typed kept. Showing the newest
    entry is a read of the finding's details."""
    newest = selectors_ledger.newest_in_chain(entry)
    audit.record(AccessAction.VIEW, request=request, obj=finding)
    form = LedgerEntryForm(posted(request), finding=finding, initial=LedgerEntryForm.initial_from(newest))
    context = {
        "finding": finding,
        "form": form,
        "corrected": newest,
        "refusal": [services_ledger.ALREADY_CORRECTED],
    }
    return render(request, FORM_TEMPLATE, context, status=409)
