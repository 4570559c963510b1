"""What the summary views share: the summary as a reader or manager may have it, and the
context of the detail page, which the lifecycle steps also render when a step is refused."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _

from agencies import permissions

from .. import selectors
from ..definitions import KEY_FIGURE_LABELS
from ..forms_summaries import SummaryApproveForm
from ..models import ConfirmationStatus, Summary, SummaryStatus
from ..periods import period_title
from ..selectors import job_seems_lost
from ..services import StaleSummary

LIFECYCLE = (SummaryStatus.DRAFT, SummaryStatus.AWAITING_CONFIRMATION, SummaryStatus.APPROVED, SummaryStatus.PUBLISHED)


@dataclass(frozen=True)
class Step:
    label: str
    done: bool
    current: bool


def summaries():
    """The summaries with what every summary page shows beside them."""
    return Summary.objects.select_related("collaboration", "created_by", "approved_by", "snapshot")


def may_read(user, summary):
    """Press officers and coordinators of the collaboration read the figures and files."""
    return summary.collaboration_id in permissions.figures_collaboration_ids(user)


def summary_for_reading(request, pk):
    """The summary for its readers: 404 if not visible, 403 for an agency admin who only answers."""
    summary = permissions.get_summary(summaries(), request.user, pk)
    if not may_read(request.user, summary):
        raise PermissionDenied
    return summary


def summary_for_managing(request, pk):
    """The summary for its press officers: 404 if not visible, 403 for its other readers."""
    return permissions.get_summary(summaries(), request.user, pk, for_managing=True)


def steps_of(summary):
    index = LIFECYCLE.index(summary.status)
    return [Step(label=status.label, done=i < index, current=i == index) for i, status in enumerate(LIFECYCLE)]


def my_confirmations(user, summary):
    """The confirmations of `summary` that the user answers for, as an admin of the agency."""
    if not permissions.confirming_agency_ids(user, summary):
        return []  # no query for the summary's readers who answer for no agency
    mine = permissions.confirmations_answered_by(summary.confirmations.all(), user)
    return list(mine.select_related("agency", "answered_by"))


def progress_context(request, summary):
    """The job's part of the page: its progress, the retry, and the PDF once it may be served."""
    return {
        "summary": summary,
        "may_manage": permissions.may_manage_summaries(request.user, summary.collaboration_id),
        "pdf_ready": selectors.pdf_may_be_served(summary),
        # A job still "running" long after any worker would have stopped: its message was lost.
        "job_lost": job_seems_lost(summary),
    }


def _key_figures(published):
    if published is None:
        return []
    # The labels every page, the PDF and the CSV share, in their order.
    return [(label, published.key[name]) for name, label in KEY_FIGURE_LABELS.items() if name in published.key]


def _row_tables(published):
    """The plain label → value tables of the figures, in two groups: the work, and its outcome."""
    work = (
        (_("Operations by kind"), published.operations_by_kind),
        (_("Premises by type"), published.premises_by_type),
    )
    outcome = (
        (_("Actions taken"), published.actions_by_kind),
        (_("Follow-ups"), published.follow_ups),
        (_("Indicators of human trafficking"), published.trafficking_indicators),
    )
    return {
        "work_tables": [(caption, rows) for caption, rows in work if rows],
        "outcome_tables": [(caption, rows) for caption, rows in outcome if rows],
    }


def _reader_context(summary, approve_form):
    published = selectors.published_figures_of(summary)
    confirmations = list(summary.confirmations.select_related("agency", "answered_by"))
    pending = [c for c in confirmations if c.status == ConfirmationStatus.PENDING]
    context = {
        "published": published,
        "key_figures": _key_figures(published),
        # The comparison table only when a year before is known for some figure.
        "has_previous": bool(published) and any(change.previous is not None for change in published.changes),
        "confirmations": confirmations,
        "pending": pending,
        "approve_form": approve_form or SummaryApproveForm(pending=pending),
        **(_row_tables(published) if published else {}),
    }
    if summary.is_published:
        context["snapshot"] = summary.snapshot
        context["changed_since_publication"] = selectors.figures_changed_since_publication(summary)
    return context


def detail_context(request, summary, *, errors=(), approve_form=None):
    """The detail page: the lifecycle and the job for readers; only the status and the way to
    answer for an agency admin who is not one of them."""
    user = request.user
    context = {
        **progress_context(request, summary),
        "title": period_title(summary.period_start, summary.period_end),
        "steps": steps_of(summary),
        "may_read": may_read(user, summary),
        "my_confirmations": my_confirmations(user, summary),
        "errors": list(errors),
    }
    if context["may_read"]:
        context.update(_reader_context(summary, approve_form))
    return context


def refused(request, pk, exc, *, approve_form=None):
    """A step refused by the service (`exc`) or by the approve form: the detail page as it is
    now, with the reason; 409 when the summary changed under the user, 400 otherwise."""
    summary = summary_for_managing(request, pk)
    status = 409 if isinstance(exc, StaleSummary) else 400
    errors = exc.messages if exc is not None else ()
    context = detail_context(request, summary, errors=errors, approve_form=approve_form)
    return render(request, "reports/summary_detail.html", context, status=status)
