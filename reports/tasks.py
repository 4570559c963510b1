"""The background jobs of summaries: counting and typesetting a summary's PDF, and the drafts
the schedule makes when a half-year ends.

`summary_compile` is safe to run twice: each request of a job bumps the summary's generation,
and a task does nothing unless it carries the current one and the job is not finished. A task
whose worker was killed is delivered again (late acknowledgement, rejected on worker loss) and
the new delivery takes the job over. The PDF is written to a temporary file, flushed to disk
and renamed into place, so a file under its final name is always whole.
"""

import errno
import hashlib
import logging
import os
import tempfile
import time

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from agencies.models import Collaboration
from los.durable import fsync_folder

from . import storage
from .aggregation import summary_figures
from .figures import figures_from_json, figures_to_json
from .models import JobStage, JobStatus, PublishedSnapshot, Summary, SummaryStatus
from .periods import half_year, last_completed_half, period_title
from .publication import publish_figures
from .summary_pdf import render_summary_pdf

logger = logging.getLogger(__name__)

# The stored error is for the person who reads the job's page: one short line.
MAX_ERROR_LENGTH = 300

COUNTING_PERCENT = 5
SAVING_PERCENT = 90

# TEST ONLY: seconds to pause once the PDF is in its temporary file and before it is moved
# into place, so that the real-worker test (tests/reports/test_summary_worker.py) can kill a
# worker in the middle of a job and leave a half-done file behind. Never set it in production.
TEST_DELAY_VARIABLE = "LOS_SUMMARY_TEST_DELAY"


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
)
def summary_compile(self, summary_id, generation):
    """Count (for a draft) and typeset the PDF of job `generation` of summary `summary_id`.

    A failure is the job's result: it is kept on the summary, not raised."""
    claimed = _claim(summary_id, generation)
    if claimed is None:
        return "skipped"
    progress = _progress_reporter(summary_id, generation)
    temporary = None
    try:
        data, threshold, hidden, counted_at = _figures_to_print(claimed, progress)
        pdf = _typeset(claimed, data, threshold, hidden, progress)
        _report(summary_id, generation, JobStage.SAVING, SAVING_PERCENT)
        temporary = _write_temporary(summary_id, generation, pdf)
        _test_only_pause()
        finished = _finish(claimed, generation, temporary, pdf, data if counted_at else None, counted_at)
    except Exception as exc:  # noqa: BLE001 — any failure ends the job as failed, with its reason kept
        logger.exception("Summary %s job %s failed (task %s)", summary_id, generation, self.request.id)
        if temporary is not None:
            storage.remove_quietly(temporary)
        job_failed(summary_id, generation, failure_reason(exc))
        return "failed"
    return "done" if finished else "superseded"


def job_failed(summary_id, generation, reason):
    """Mark job `generation` failed with `reason`, unless it has been replaced or has finished."""
    Summary.objects.filter(pk=summary_id, job_generation=generation).exclude(job_status=JobStatus.DONE).update(
        job_status=JobStatus.FAILED, job_error=reason[:MAX_ERROR_LENGTH], job_finished_at=timezone.now()
    )


def failure_reason(exc):
    """One short line for the job's page: what went wrong, without a traceback."""
    if isinstance(exc, SoftTimeLimitExceeded):
        return gettext("The job took longer than %(seconds)s seconds and was stopped. Try again.") % {
            "seconds": settings.CELERY_TASK_SOFT_TIME_LIMIT
        }
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return gettext(
            "The PDF could not be saved because the disk is full. Ask the system administrator to free "
            "space, then try again."
        )
    detail = (str(exc).strip().splitlines() or [""])[0]
    reason = f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
    return gettext("The PDF could not be made (%(reason)s).") % {"reason": reason[:200]}


def _claim(summary_id, generation):
    """The summary, now marked running, if this task should do its job; None if not."""
    with transaction.atomic():
        summary = Summary.objects.select_for_update().filter(pk=summary_id).first()
        if summary is None or summary.job_generation != generation:
            return None
        if summary.job_status in (JobStatus.DONE, JobStatus.FAILED):
            return None
        if summary.job_status == JobStatus.RUNNING:
            # Delivered again: the worker that ran it died. Its half-written file goes.
            logger.warning("Summary %s job %s taken over from a lost worker", summary_id, generation)
            for leftover in storage.leftover_temporary_files(summary_id, generation):
                storage.remove_quietly(leftover)
        stage = JobStage.COUNTING if summary.status == SummaryStatus.DRAFT else JobStage.DRAWING
        changes = {
            "job_status": JobStatus.RUNNING,
            "job_stage": stage,
            "job_progress": 0,
            "job_error": "",
            "job_started_at": timezone.now(),
        }
        Summary.objects.filter(pk=summary_id).update(**changes)
        for name, value in changes.items():
            setattr(summary, name, value)
        return summary


def _report(summary_id, generation, stage, percent):
    # A plain UPDATE committed at once, so the browser's polling sees the stage move.
    Summary.objects.filter(pk=summary_id, job_generation=generation, job_status=JobStatus.RUNNING).update(
        job_stage=stage, job_progress=max(0, min(100, int(percent)))
    )


def _progress_reporter(summary_id, generation):
    def progress(stage, percent):
        _report(summary_id, generation, stage, percent)

    return progress


def _test_only_pause():
    seconds = os.environ.get(TEST_DELAY_VARIABLE)
    if seconds:
        time.sleep(float(seconds))


def _figures_to_print(summary, progress):
    """(figures JSON, threshold, hidden, counted_at): a draft is counted now (counted_at set);
    later statuses print the figures the agencies confirmed, suppressed now (hidden None); a
    published summary its snapshot, with the values hidden at publication."""
    if summary.status == SummaryStatus.PUBLISHED:
        snapshot = PublishedSnapshot.objects.get(summary_id=summary.pk)
        return snapshot.figures, snapshot.threshold, snapshot.hidden, None
    threshold = summary.collaboration.suppression_threshold
    if summary.status == SummaryStatus.DRAFT:
        progress(JobStage.COUNTING, COUNTING_PERCENT)
        # Labels are frozen with the figures, in the language of the PDF.
        with translation.override("sv"):
            figures = summary_figures(summary.collaboration, summary.period_start, summary.period_end)
        return figures_to_json(figures), threshold, None, timezone.now()
    if summary.figures is None:
        raise ValueError("the summary has no counted figures")
    return summary.figures, threshold, None, None


def _typeset(summary, data, threshold, hidden, progress):
    published = publish_figures(figures_from_json(data), threshold, hidden=hidden)
    with translation.override("sv"):
        title = gettext("Summary: %(collaboration)s, %(period)s") % {
            "collaboration": summary.collaboration.name,
            "period": period_title(summary.period_start, summary.period_end),
        }
        return render_summary_pdf(
            published=published,
            narrative=summary.narrative,
            draft=summary.status != SummaryStatus.PUBLISHED,
            title=title,
            progress=progress,
        )


def _write_temporary(summary_id, generation, pdf):
    """The PDF in a temporary file of the summaries folder, flushed to disk; returns its path."""
    handle, path = tempfile.mkstemp(
        dir=storage.summaries_folder(),
        prefix=storage.temporary_prefix(summary_id, generation),
        suffix=storage.TEMPORARY_SUFFIX,
    )
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(pdf)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        storage.remove_quietly(path)
        raise
    return path


def _finish(claimed, generation, temporary, pdf, counted, counted_at):
    """Move the PDF into place and mark the job done, if it is still this task's job.

    The rename happens under the row lock, so of two deliveries of one job only one file is kept."""
    folder = storage.summaries_folder()
    name = storage.pdf_name(claimed.pk, generation)
    with transaction.atomic():
        summary = Summary.objects.select_for_update().filter(pk=claimed.pk).first()
        if summary is None or summary.job_generation != generation or summary.job_status != JobStatus.RUNNING:
            storage.remove_quietly(temporary)
            return False
        os.replace(temporary, folder / name)
        try:
            fsync_folder(folder)
            _mark_done(summary.pk, name, pdf, counted, counted_at)
        except BaseException:
            # The row stays as it was, so the file it does not name must go too.
            storage.remove_quietly(folder / name)
            raise
        previous = summary.pdf_name
    if previous and previous != name:
        storage.remove_quietly(folder / previous)
    return True


def _mark_done(summary_id, name, pdf, counted, counted_at):
    changes = {
        "pdf_name": name,
        "pdf_sha256": hashlib.sha256(pdf).hexdigest(),
        "job_status": JobStatus.DONE,
        "job_stage": JobStage.FINISHED,
        "job_progress": 100,
        "job_error": "",
        "job_finished_at": timezone.now(),
    }
    if counted is not None:
        changes.update(figures=counted, counted_at=counted_at)
    Summary.objects.filter(pk=summary_id).update(**changes)


@shared_task(acks_late=True)
def summary_drafts_for_ended_half():
    """On 1 July and 1 January: a draft of the half-year that just ended, for every collaboration.

    A collaboration that already has a summary of that half-year (open or published) gets none."""
    from .services import summary_request  # the services enqueue this module's job

    year, half = last_completed_half(timezone.localdate())
    start, end = half_year(year, half)
    created = 0
    for collaboration in Collaboration.objects.order_by("pk"):
        if Summary.objects.filter(collaboration=collaboration, period_start=start, period_end=end).exists():
            continue
        summary_request(collaboration=collaboration, period_start=start, period_end=end, by=None)
        created += 1
    return created
