"""The press officer's steps of a summary: the texts, sending for confirmation, back to draft,
approving, publishing and counting again. Each step is one service call; a refused step shows
the detail page again with the reason."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from inspections.views._forms import add_service_errors, messages_of, posted

from .. import selectors, services
from ..forms_summaries import SummaryApproveForm, SummaryTextsForm
from ..models import SummaryStatus
from ..periods import period_title
from ._summary_context import refused, summary_for_managing


def _texts_form(data, summary):
    return SummaryTextsForm(data, summary=summary, narrative_editable=summary.status == SummaryStatus.DRAFT)


def _stale_form(request, pk, exc):
    """After someone else's save: the summary as it is now, the user's text kept, and the
    current version, so a second save after reading goes through."""
    summary = summary_for_managing(request, pk)
    data = request.POST.copy()
    data["version"] = str(summary.version)
    form = _texts_form(data, summary)
    form.is_valid()
    form.add_error(None, exc)
    return summary, form


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def summary_texts(request, pk):
    """The narrative (while a draft) and the press release, edited at the version opened."""
    summary = summary_for_managing(request, pk)
    form = _texts_form(posted(request), summary)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.summary_texts_save(
                    summary=summary,
                    narrative=form.cleaned_data["narrative"],
                    press_release=form.cleaned_data["press_release"],
                    version=form.cleaned_data["version"],
                    by=request.user,
                )
            except services.StaleSummary as exc:
                summary, form = _stale_form(request, pk, exc)
                status = 409
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The texts are saved."))
                return redirect("summary_detail", pk=summary.pk)
    context = {
        "summary": summary,
        "title": period_title(summary.period_start, summary.period_end),
        "form": form,
        "error_messages": messages_of(form.errors) if form.is_bound else [],
    }
    return render(request, "reports/summary_texts.html", context, status=status)


def _step(request, pk, run, done_message):
    """Run one lifecycle step; the detail page with the reason if the service refuses it.
    `done_message` is the message, or a function of the summary (after the step) giving it."""
    summary = summary_for_managing(request, pk)
    try:
        summary = run(summary)
    except ValidationError as exc:
        return refused(request, pk, exc)
    messages.success(request, done_message(summary) if callable(done_message) else done_message)
    return redirect("summary_detail", pk=pk)


@login_required
@require_POST
@never_cache
def summary_send(request, pk):
    return _step(
        request,
        pk,
        lambda summary: services.summary_send_for_confirmation(summary=summary, by=request.user),
        _("The figures are sent to the agencies to confirm."),
    )


@login_required
@require_POST
@never_cache
def summary_back_to_draft(request, pk):
    return _step(
        request,
        pk,
        lambda summary: services.summary_back_to_draft(summary=summary, by=request.user),
        _("The summary is a draft again: the narrative can be changed."),
    )


@login_required
@require_POST
@never_cache
def summary_approve(request, pk):
    """Approve; agencies that have not answered must be passed over on purpose."""
    summary = summary_for_managing(request, pk)
    form = SummaryApproveForm(request.POST, pending=selectors.pending_confirmations(summary))
    if not form.is_valid():
        return refused(request, pk, None, approve_form=form)
    try:
        services.summary_approve(summary=summary, by=request.user, without_answers=form.cleaned_data["without_answers"])
    except ValidationError as exc:
        return refused(request, pk, exc, approve_form=form)
    messages.success(request, _("The summary is approved and can be published."))
    return redirect("summary_detail", pk=pk)


@login_required
@require_POST
@never_cache
def summary_publish(request, pk):
    return _step(
        request,
        pk,
        lambda summary: services.summary_publish(summary=summary, by=request.user),
        _("The summary is published. Its figures are frozen."),
    )


@login_required
@require_POST
@never_cache
def summary_retry(request, pk):
    """Count the figures and typeset the PDF again: after a failure, or when records changed.
    A published summary only after its final PDF failed: it is typeset from its snapshot."""

    def done(summary):
        if summary.is_published:
            return _("The published summary's PDF is being typeset again.")
        return _("The figures are being counted again.")

    return _step(request, pk, lambda summary: services.summary_recount(summary=summary, by=request.user), done)
