"""An agency admin answers for the agency's own figures in a summary: confirms them or comments.
The page shows that agency's lines of the counted figures only, exact: they are its own data."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from agencies import permissions
from inspections.views._forms import add_service_errors, messages_of, posted

from .. import services
from ..figures import figures_from_json
from ..forms_summaries import SummaryAnswerForm
from ..models import ConfirmationStatus, SummaryStatus
from ..periods import period_title
from ._summary_context import my_confirmations, summaries

# The query parameter (and posted field) that picks the agency, for an admin of several.
AGENCY_PARAMETER = "myndighet"


@dataclass(frozen=True)
class OwnFigures:
    """One agency's lines of a summary's figures."""

    participation: object  # figures.AgencyParticipation, or None when the agency took no part
    findings: int
    categories: tuple
    money: tuple


def own_figures(summary, agency_id):
    """The agency's participation, findings by category and money cells; None before the count."""
    if summary.figures is None:
        return None
    figures = figures_from_json(summary.figures)
    key = str(agency_id)
    return OwnFigures(
        participation=next((line for line in figures.agencies if line.key == key), None),
        findings=sum(count.value for count in figures.findings_by_agency if count.key == key),
        categories=tuple(row for row in figures.findings_by_category if row.agency == key),
        money=tuple(cell for cell in figures.money if cell.agency == key),
    )


def _chosen(request, confirmations):
    """The confirmation the page is about: the agency asked for, else the first unanswered one."""
    wanted = (request.POST if request.method == "POST" else request.GET).get(AGENCY_PARAMETER, "")
    for confirmation in confirmations:
        if str(confirmation.agency_id) == wanted:
            return confirmation
    pending = [c for c in confirmations if c.status == ConfirmationStatus.PENDING]
    return (pending or confirmations)[0]


def _confirm_url(summary, confirmation, several):
    url = reverse("summary_confirm", kwargs={"pk": summary.pk})
    return f"{url}?{AGENCY_PARAMETER}={confirmation.agency_id}" if several else url


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def summary_confirm(request, pk):
    """404 if the summary is not visible; 403 if it asks none of the user's agencies."""
    summary = permissions.get_summary(summaries(), request.user, pk)
    confirmations = my_confirmations(request.user, summary)
    if not confirmations:
        raise PermissionDenied
    confirmation = _chosen(request, confirmations)
    several = len(confirmations) > 1
    form = SummaryAnswerForm(posted(request))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.summary_answer(
                    summary=summary,
                    agency=confirmation.agency,
                    by=request.user,
                    confirmed=form.confirmed,
                    comment=form.cleaned_data["comment"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Your answer is saved. Thank you."))
                return redirect(_confirm_url(summary, confirmation, several))
    context = {
        "summary": summary,
        "title": period_title(summary.period_start, summary.period_end),
        "confirmation": confirmation,
        "others": [c for c in confirmations if c.pk != confirmation.pk],
        "several": several,
        "agency_parameter": AGENCY_PARAMETER,
        "own": own_figures(summary, confirmation.agency_id),
        "answerable": summary.status == SummaryStatus.AWAITING_CONFIRMATION,
        "form": form,
        "error_messages": messages_of(form.errors) if form.is_bound else [],
    }
    return render(request, "reports/summary_confirm.html", context, status=status)
