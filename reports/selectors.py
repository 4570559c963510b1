"""Reading summaries: which a user may see, their publishable figures, whether a recount today
would differ from what was published, and whether their PDF may be handed out."""

import datetime

from django.conf import settings
from django.utils import timezone, translation

from agencies import permissions

from .aggregation import summary_figures
from .figures import canonical_json, figures_from_json, figures_to_json
from .models import ConfirmationStatus, JobStatus, PublishedSnapshot, Summary
from .publication import publish_figures


def summaries_for(user):
    """The summaries the user may see, with what their list shows in the same query."""
    queryset = Summary.objects.select_related("collaboration", "snapshot")
    return permissions.summaries_visible_to(queryset, user)


def _snapshot_of(summary):
    if not summary.is_published:
        return None
    try:
        return summary.snapshot
    except PublishedSnapshot.DoesNotExist:
        return None


def published_figures_of(summary):
    """What may be published of the summary's figures: the snapshot's once published (with the
    values hidden at publication), else the latest count at the collaboration's threshold;
    None before the first count."""
    snapshot = _snapshot_of(summary)
    if snapshot is not None:
        return publish_figures(figures_from_json(snapshot.figures), snapshot.threshold, hidden=snapshot.hidden)
    if summary.figures is None:
        return None
    return publish_figures(figures_from_json(summary.figures), summary.collaboration.suppression_threshold)


# Names and labels are frozen with the figures as they were written at counting time; a
# renamed category or agency is not a changed figure.
_NOT_VALUES = frozenset({"collaboration"})


def _values_only(data):
    """The figures' JSON without its labels: the keys (codes) and the numbers. Lists are sorted,
    as some are ordered by a name: a renamed agency may come first without any number changing."""
    if isinstance(data, dict):
        return {
            name: _values_only(value)
            for name, value in data.items()
            if name not in _NOT_VALUES and name != "label" and not name.endswith("_label")
        }
    if isinstance(data, list):
        return sorted((_values_only(item) for item in data), key=canonical_json)
    return data


def figures_changed_since_publication(summary):
    """Whether the records, counted again now, give other numbers than the published snapshot
    (labels aside). Counts the whole period again: for the detail page of a published summary only."""
    snapshot = _snapshot_of(summary)
    if snapshot is None:
        return False
    with translation.override("sv"):
        now = summary_figures(summary.collaboration, summary.period_start, summary.period_end)
    published = figures_to_json(figures_from_json(snapshot.figures))
    return _values_only(figures_to_json(now)) != _values_only(published)


def pdf_may_be_served(summary):
    """Whether the summary's stored PDF may be handed out. A published summary's only once the
    job that typeset it from the snapshot is done: until then the file is the draft's."""
    if not summary.pdf_name:
        return False
    if not summary.is_published:
        return True
    # Publishing starts a new job in the same transaction, and a job is done only when it is the
    # latest: so a done job of a published summary is one that typeset the snapshot.
    return summary.job_status == JobStatus.DONE


def pending_confirmations(summary):
    """The agencies' confirmations of the summary not answered yet, agency loaded."""
    return summary.confirmations.filter(status=ConfirmationStatus.PENDING).select_related("agency")


def job_seems_lost(summary):
    """A job still queued or running long after any worker would have finished or been stopped:
    its message was lost (a broker emptied), so a new job may replace it."""
    if not summary.job_active:
        return False
    since = summary.job_started_at or summary.updated_at
    return since < timezone.now() - datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT * 2)
