"""The steps of a summary's life: requested as a draft, sent to the agencies to confirm their
figures, approved, published with its figures frozen in a snapshot.

Each step locks the summary's row, checks that the step may be taken now, and saves it in one
transaction; nothing is saved when a step is refused. A step that needs a new PDF starts a new
job (the generation goes up) and enqueues it after the commit.
"""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agencies import permissions
from agencies.models import Agency

from .figures import checksum, figures_from_json
from .models import (
    MAX_COMMENT_LENGTH,
    MAX_TEXT_LENGTH,
    OPEN_SUMMARY_STATUSES,
    ConfirmationStatus,
    JobStage,
    JobStatus,
    PublishedSnapshot,
    Summary,
    SummaryConfirmation,
    SummaryStatus,
)
from .press_release import press_release_text
from .publication import hidden_map, publish_figures
from .selectors import job_seems_lost
from .tasks import job_failed, summary_compile

logger = logging.getLogger(__name__)

# The longest period a summary covers: a year, leap day included.
MAX_PERIOD_DAYS = 366

STALE_MESSAGE = gettext_lazy(
    "Someone else saved this summary after you opened it. Your changes are not saved; they are "
    "still in the form below. Check the summary as it is now and save again."
)


class StaleSummary(ValidationError):
    """The summary's texts were saved by someone else since the given version was read."""

    def __init__(self):
        super().__init__(STALE_MESSAGE, code="stale")


# --- Helpers ---------------------------------------------------------------------------


def _locked(summary):
    """The summary's row as it is now, locked until the transaction ends."""
    return Summary.objects.select_for_update().get(pk=summary.pk)


def _refuse(message, field=None):
    raise ValidationError({field: message} if field else message, code="refused")


def _require_status(summary, *statuses):
    if summary.status not in statuses:
        _refuse(
            _("This cannot be done while the summary is %(status)s.")
            % {"status": str(SummaryStatus(summary.status).label).lower()}
        )


def _require_manager(by, summary_or_collaboration_id):
    """The system (by=None: the schedule, the command) may; a person must be the press officer."""
    if by is None:
        return
    collaboration_id = getattr(summary_or_collaboration_id, "collaboration_id", summary_or_collaboration_id)
    if not permissions.may_manage_summaries(by, collaboration_id):
        raise PermissionDenied


def _enqueue(summary_id, generation):
    """Hand the job to the workers (or, without a broker, run it here and now).

    Runs after the commit: a failure to enqueue marks the job failed instead of failing the request."""
    try:
        summary_compile.delay(summary_id, generation)
    except Exception:  # noqa: BLE001 — the summary is saved; the job's page shows the failure and a retry
        logger.exception("Summary %s job %s could not be started", summary_id, generation)
        job_failed(summary_id, generation, _("The job could not be started. Try again in a while."))


def _new_job(summary, *, enqueue=True):
    """Start the next job of `summary` (saved by the caller): queued, waiting, nothing done yet."""
    summary.job_generation += 1
    summary.job_status = JobStatus.QUEUED
    summary.job_stage = JobStage.WAITING
    summary.job_progress = 0
    summary.job_error = ""
    summary.job_started_at = None
    summary.job_finished_at = None
    if enqueue:
        summary_id, generation = summary.pk, summary.job_generation
        transaction.on_commit(lambda: _enqueue(summary_id, generation))


JOB_FIELDS = [
    "job_generation",
    "job_status",
    "job_stage",
    "job_progress",
    "job_error",
    "job_started_at",
    "job_finished_at",
    "updated_at",
]


def _check_period(period_start, period_end):
    if period_start > period_end:
        _refuse(_("The last day cannot be before the first day."), "period_end")
    if (period_end - period_start).days + 1 > MAX_PERIOD_DAYS:
        _refuse(_("A summary covers at most a year (%(days)s days).") % {"days": MAX_PERIOD_DAYS}, "period_end")


def _check_text(text, field, limit=MAX_TEXT_LENGTH):
    if len(text) > limit:
        _refuse(_("Shorten the text to at most %(limit)s characters.") % {"limit": limit}, field)


# --- Steps -----------------------------------------------------------------------------


@transaction.atomic
def summary_request(*, collaboration, period_start, period_end, by, enqueue=True):
    """The open summary of the period if there is one (created False), else a new draft whose
    first job is enqueued after the commit (`enqueue=False`: the caller runs it)."""
    _require_manager(by, collaboration.pk)
    _check_period(period_start, period_end)
    open_summaries = Summary.objects.filter(
        collaboration=collaboration, period_start=period_start, period_end=period_end, status__in=OPEN_SUMMARY_STATUSES
    )
    existing = open_summaries.first()
    if existing is not None:
        return existing, False
    summary = Summary(collaboration=collaboration, period_start=period_start, period_end=period_end, created_by=by)
    _new_job(summary, enqueue=False)
    try:
        # A savepoint: a request made at the same moment may win the one-open-summary constraint.
        with transaction.atomic():
            summary.save()
    except IntegrityError:
        existing = open_summaries.first()
        if existing is None:
            raise
        return existing, False
    if enqueue:
        summary_id, generation = summary.pk, summary.job_generation
        transaction.on_commit(lambda: _enqueue(summary_id, generation))
    return summary, True


@transaction.atomic
def summary_recount(*, summary, by, enqueue=True):
    """A new job: counts a draft's figures again and typesets its PDF (also the retry after a
    failure). Refused while a job is queued or running, unless that job seems lost, and for a
    published summary whose final PDF is made: it never changes."""
    summary = _locked(summary)
    _require_manager(by, summary)
    if summary.is_published and summary.job_status == JobStatus.DONE:
        _refuse(_("The summary is published and its PDF is final: it is not made again."))
    if summary.job_active and not job_seems_lost(summary):
        _refuse(_("The summary is already being prepared. Wait until the job has finished."))
    _new_job(summary, enqueue=enqueue)
    summary.save(update_fields=JOB_FIELDS)
    return summary


@transaction.atomic
def summary_texts_save(*, summary, narrative, press_release, version, by):
    """Save the narrative (drafts only) and the press release (any status) if nobody saved them
    since `version`; a changed narrative starts a new job so the PDF shows it."""
    summary = _locked(summary)
    _require_manager(by, summary)
    if summary.version != version:
        raise StaleSummary()
    narrative_changed = narrative != summary.narrative
    if narrative_changed and summary.status != SummaryStatus.DRAFT:
        _refuse(_("The narrative can only be changed while the summary is a draft."), "narrative")
    _check_text(narrative, "narrative")
    _check_text(press_release, "press_release")
    summary.narrative = narrative
    summary.press_release = press_release
    summary.updated_at = timezone.now()
    # Conditional on the version, as findings/versioning.py does: the row lock does nothing on SQLite.
    updated = Summary.objects.filter(pk=summary.pk, version=version).update(
        narrative=narrative, press_release=press_release, updated_at=summary.updated_at, version=F("version") + 1
    )
    if updated != 1:
        raise StaleSummary()
    summary.version = version + 1
    if narrative_changed:
        _new_job(summary)
        summary.save(update_fields=JOB_FIELDS)
    return summary


@transaction.atomic
def summary_send_for_confirmation(*, summary, by):
    """Draft → awaiting confirmation: each agency in the figures is asked to confirm its own."""
    summary = _locked(summary)
    _require_manager(by, summary)
    _require_status(summary, SummaryStatus.DRAFT)
    if summary.job_status != JobStatus.DONE or summary.figures is None:
        _refuse(_("Wait until the figures have been counted and the PDF is ready."))
    agency_ids = sorted({int(line["key"]) for line in summary.figures.get("agencies", [])})
    summary.confirmations.all().delete()
    SummaryConfirmation.objects.bulk_create(
        SummaryConfirmation(summary=summary, agency_id=agency_id)
        for agency_id in Agency.objects.filter(pk__in=agency_ids).values_list("pk", flat=True)
    )
    summary.status = SummaryStatus.AWAITING_CONFIRMATION
    summary.save(update_fields=["status", "updated_at"])
    return summary


@transaction.atomic
def summary_answer(*, summary, agency, by, confirmed, comment):
    """An agency's admin confirms its figures, or comments on them (a comment is then required)."""
    summary = _locked(summary)
    if agency.pk not in permissions.confirming_agency_ids(by, summary):
        raise PermissionDenied
    _require_status(summary, SummaryStatus.AWAITING_CONFIRMATION)
    confirmation = summary.confirmations.filter(agency=agency).first()
    if confirmation is None:
        _refuse(_("Your agency is not asked to confirm figures in this summary."))
    comment = (comment or "").strip()
    if not confirmed and not comment:
        _refuse(_("Write what is wrong with your agency's figures."), "comment")
    _check_text(comment, "comment", MAX_COMMENT_LENGTH)
    confirmation.status = ConfirmationStatus.CONFIRMED if confirmed else ConfirmationStatus.COMMENTED
    confirmation.comment = comment
    confirmation.answered_by = by
    confirmation.answered_at = timezone.now()
    confirmation.save(update_fields=["status", "comment", "answered_by", "answered_at"])
    return confirmation


@transaction.atomic
def summary_back_to_draft(*, summary, by):
    """Awaiting confirmation or approved → draft: the answers are dropped and the figures counted again."""
    summary = _locked(summary)
    _require_manager(by, summary)
    _require_status(summary, SummaryStatus.AWAITING_CONFIRMATION, SummaryStatus.APPROVED)
    summary.confirmations.all().delete()
    summary.status = SummaryStatus.DRAFT
    summary.approved_by = None
    summary.approved_at = None
    _new_job(summary)
    summary.save(update_fields=[*JOB_FIELDS, "status", "approved_by", "approved_at"])
    return summary


@transaction.atomic
def summary_approve(*, summary, by, without_answers=False):
    """Awaiting confirmation → approved; refused while an agency has not answered, unless
    `without_answers` (the summary's page shows who did not)."""
    summary = _locked(summary)
    _require_manager(by, summary)
    _require_status(summary, SummaryStatus.AWAITING_CONFIRMATION)
    if not without_answers and summary.confirmations.filter(status=ConfirmationStatus.PENDING).exists():
        _refuse(_("Some agencies have not answered yet. Wait for them, or approve without their answers."))
    summary.status = SummaryStatus.APPROVED
    summary.approved_by = by
    summary.approved_at = timezone.now()
    summary.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    return summary


def snapshot_checksum(*, figures, threshold, hidden):
    """The SHA-256 a snapshot carries: over everything the published tables are rebuilt from."""
    return checksum({"figures": figures, "threshold": threshold, "hidden": hidden})


def _press_release_draft(snapshot, municipality):
    """The press release text generated from the published figures (always Swedish)."""
    with translation.override("sv"):
        published = publish_figures(figures_from_json(snapshot.figures), snapshot.threshold, hidden=snapshot.hidden)
        return press_release_text(published, municipality=municipality)


@transaction.atomic
def summary_publish(*, summary, by):
    """Approved → published: the figures, the threshold and the values hidden at it are frozen
    in a snapshot with their checksum, the press release is drafted if empty, and a new job
    typesets the final PDF."""
    summary = _locked(summary)
    _require_manager(by, summary)
    _require_status(summary, SummaryStatus.APPROVED)
    if summary.figures is None:
        _refuse(_("The summary has no counted figures to publish."))
    collaboration = summary.collaboration
    threshold = collaboration.suppression_threshold
    # Frozen, not worked out again on each reading: a later change of the suppression rules
    # cannot change a published table.
    hidden = hidden_map(figures_from_json(summary.figures), threshold)
    snapshot = PublishedSnapshot.objects.create(
        summary=summary,
        figures=summary.figures,
        threshold=threshold,
        hidden=hidden,
        checksum=snapshot_checksum(figures=summary.figures, threshold=threshold, hidden=hidden),
        published_by=by,
    )
    summary.status = SummaryStatus.PUBLISHED
    if not summary.press_release:
        summary.press_release = _press_release_draft(snapshot, collaboration.municipality)
    _new_job(summary)
    summary.save(update_fields=[*JOB_FIELDS, "status", "press_release"])
    return summary
