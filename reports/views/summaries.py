"""The half-year summaries: the list (and the request of a new one), the detail page with the
job's progress, and the files (PDF, press release) for the collaboration's readers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from agencies import audit, permissions
from agencies.models import AccessAction
from inspections.views._forms import add_service_errors, messages_of, posted

from .. import selectors, services
from ..forms_summaries import SummaryRequestForm
from ..models import JobStatus, SummaryConfirmation
from ..periods import half_year, period_title
from ..storage import summary_pdf_file
from ._summary_context import detail_context, progress_context, summaries, summary_for_reading

PAGE_SIZE = 50


def _may_see_any_summary(user):
    return bool(permissions.figures_collaboration_ids(user) or permissions.administered_agency_scopes(user))


def _with_my_confirmations(queryset, user):
    """Each summary's confirmations that the user answers for, as `my_confirmations`: one query."""
    mine = permissions.confirmations_answered_by(SummaryConfirmation.objects.select_related("agency"), user)
    return queryset.prefetch_related(Prefetch("confirmations", queryset=mine, to_attr="my_confirmations"))


def _request_summary(request, form):
    data = form.cleaned_data
    start, end = half_year(data["year"], data["half"])
    summary, created = services.summary_request(
        collaboration=form.chosen_collaboration(), period_start=start, period_end=end, by=request.user
    )
    title = period_title(summary.period_start, summary.period_end)
    # The job is handed to the workers once the request is saved; when that failed (the broker
    # is down) the summary is kept with a failed job, and saying "being counted" would be untrue.
    # A job that ran in this process (no broker) and failed has started; one never handed over has not.
    summary.refresh_from_db(fields=["job_status", "job_started_at"])
    if created and summary.job_status == JobStatus.FAILED and summary.job_started_at is None:
        messages.warning(
            request,
            _("The summary of the %(period)s is saved, but its job could not be started. Try again in a while.")
            % {"period": title},
        )
    elif created:
        messages.success(request, _("The summary of the %(period)s is being counted.") % {"period": title})
    else:
        already = _("A summary of the %(period)s is already being prepared: here it is.")
        messages.info(request, already % {"period": title})
    return summary


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def summary_list(request):
    """The summaries the user may see; press officers also request a new one here."""
    if not _may_see_any_summary(request.user):
        raise Http404
    managed = permissions.summary_manager_collaboration_ids(request.user)
    if request.method == "POST" and not managed:
        raise PermissionDenied
    form = SummaryRequestForm(posted(request), collaboration_ids=managed) if managed else None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                summary = _request_summary(request, form)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return redirect("summary_detail", pk=summary.pk)
    listed = _with_my_confirmations(selectors.summaries_for(request.user).select_related("collaboration"), request.user)
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("sida"))
    page.object_list = list(page.object_list)
    for summary in page.object_list:
        summary.title = period_title(summary.period_start, summary.period_end)
    context = {
        "page": page,
        "form": form,
        "error_messages": messages_of(form.errors) if form is not None and form.is_bound else [],
    }
    return render(request, "reports/summary_list.html", context, status=status)


@login_required
@require_GET
@never_cache
def summary_detail(request, pk):
    summary = permissions.get_summary(summaries(), request.user, pk)
    return render(request, "reports/summary_detail.html", detail_context(request, summary))


@login_required
@require_GET
@never_cache
def summary_progress(request, pk):
    """The job's progress, the part of the detail page that htmx polls while the job runs."""
    summary = summary_for_reading(request, pk)
    return render(request, "reports/_summary_progress.html", progress_context(request, summary))


def _file_name(summary, extension):
    # The slug and dates only: a header takes no arbitrary characters.
    period = f"{summary.period_start:%Y-%m-%d}-{summary.period_end:%Y-%m-%d}"
    return f"sammanstallning-{summary.collaboration.slug}-{period}.{extension}"


@login_required
@require_GET
def summary_pdf(request, pk):
    """The PDF the job wrote, as an attachment; every download is logged as an export. A
    published summary's only once typeset from its snapshot, never the draft's before it."""
    summary = summary_for_reading(request, pk)
    pdf = summary_pdf_file(summary) if selectors.pdf_may_be_served(summary) else None
    if pdf is None:
        raise Http404
    audit.record(AccessAction.EXPORT, request=request, obj=summary)
    name = _file_name(summary, "pdf")
    response = FileResponse(pdf, as_attachment=True, filename=name, content_type="application/pdf")
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def summary_press_release(request, pk):
    """The press release draft as plain text; logged as an export."""
    summary = summary_for_reading(request, pk)
    if not summary.press_release:
        raise Http404
    audit.record(AccessAction.EXPORT, request=request, obj=summary)
    response = HttpResponse(summary.press_release, content_type="text/plain; charset=utf-8")
    name = _file_name(summary, "txt").replace("sammanstallning-", "pressmeddelande-", 1)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
