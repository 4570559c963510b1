"""The half-year summary (sammanställning): its lifecycle, its job, and the frozen figures.

A summary moves draft → awaiting confirmation → approved → published. Its figures are counted
by a background job; on publication they are frozen in a `PublishedSnapshot`, a row the
database never lets anyone change, so a published number can be reproduced years later.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, Collaboration

# The narrative and the press release are prose of a page or two, not a book.
MAX_TEXT_LENGTH = 20_000
MAX_COMMENT_LENGTH = 2_000


class SummaryStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    AWAITING_CONFIRMATION = "awaiting_confirmation", _("Awaiting confirmation")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")


# A summary in one of these may still change; one per collaboration and period at a time.
OPEN_SUMMARY_STATUSES = (SummaryStatus.DRAFT, SummaryStatus.AWAITING_CONFIRMATION, SummaryStatus.APPROVED)


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class JobStage(models.TextChoices):
    WAITING = "waiting", _("Waiting for its turn")
    COUNTING = "counting", _("Counting the figures")
    DRAWING = "drawing", _("Drawing the charts")
    RENDERING = "rendering", _("Typesetting the PDF")
    SAVING = "saving", _("Saving the PDF")
    FINISHED = "finished", _("Finished")


class Summary(models.Model):
    """One half-year (or other period) compilation of a collaboration's work."""

    collaboration = models.ForeignKey(
        Collaboration, on_delete=models.CASCADE, related_name="summaries", verbose_name=_("collaboration")
    )
    period_start = models.DateField(_("first day"))
    period_end = models.DateField(_("last day"))
    status = models.CharField(_("status"), max_length=24, choices=SummaryStatus.choices, default=SummaryStatus.DRAFT)
    narrative = models.TextField(_("narrative"), blank=True, max_length=MAX_TEXT_LENGTH)
    press_release = models.TextField(_("press release"), blank=True, max_length=MAX_TEXT_LENGTH)
    # The figures of the latest count (reports.figures.Figures as JSON): what the agencies
    # confirm, and what publication freezes.
    figures = models.JSONField(_("figures"), null=True, blank=True, editable=False)
    counted_at = models.DateTimeField(_("counted"), null=True, blank=True, editable=False)

    # The background job that counts the figures and typesets the PDF.
    job_status = models.CharField(_("job"), max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED)
    job_stage = models.CharField(_("stage"), max_length=16, choices=JobStage.choices, default=JobStage.WAITING)
    job_progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    job_error = models.TextField(_("error"), blank=True)
    # Each request of a job bumps the generation; a task carrying an older one does nothing,
    # so a redelivered or repeated message cannot produce a second PDF.
    job_generation = models.PositiveIntegerField(_("job number"), default=0)
    job_started_at = models.DateTimeField(_("job started"), null=True, blank=True)
    job_finished_at = models.DateTimeField(_("job finished"), null=True, blank=True)
    # The PDF in the "summaries" storage (never served directly), and its SHA-256.
    pdf_name = models.CharField(_("PDF file"), max_length=200, blank=True, editable=False)
    pdf_sha256 = models.CharField(_("PDF checksum"), max_length=64, blank=True, editable=False)

    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    created_at = models.DateTimeField(_("requested"), default=timezone.now)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    # Optimistic locking of the narrative and press release (no lost update between editors).
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        ordering = ["-period_start", "-id"]
        verbose_name = _("summary")
        verbose_name_plural = _("summaries")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="summary_period_ordered",
                violation_error_message=_("The last day cannot be before the first day."),
            ),
            models.CheckConstraint(condition=models.Q(status__in=SummaryStatus.values), name="summary_status_valid"),
            models.CheckConstraint(condition=models.Q(job_status__in=JobStatus.values), name="summary_job_valid"),
            models.CheckConstraint(condition=models.Q(job_progress__lte=100), name="summary_progress_percent"),
            models.UniqueConstraint(
                fields=["collaboration", "period_start", "period_end"],
                condition=models.Q(status__in=OPEN_SUMMARY_STATUSES),
                name="summary_one_open_per_period",
                violation_error_message=_("A summary of this period is already being prepared."),
            ),
        ]
        indexes = [models.Index(fields=["collaboration", "-period_start"], name="summary_collab_period")]

    def __str__(self):
        return f"{self.collaboration}: {self.period_start:%Y-%m-%d} – {self.period_end:%Y-%m-%d}"

    @property
    def is_published(self):
        return self.status == SummaryStatus.PUBLISHED

    @property
    def job_active(self):
        return self.job_status in (JobStatus.QUEUED, JobStatus.RUNNING)


class PublishedSnapshot(models.Model):
    """The figures as published, frozen: JSON plus its SHA-256. Append-only (a trigger on
    PostgreSQL refuses UPDATE and DELETE), so a published number never changes."""

    summary = models.OneToOneField(
        Summary, on_delete=models.PROTECT, related_name="snapshot", verbose_name=_("summary")
    )
    figures = models.JSONField(_("figures"))
    # The smallest published count in force at publication, and which values were hidden and
    # why ({variable: "primary" | "secondary"}): the published tables are rebuilt from these,
    # never by suppressing again, so a later change of the rules cannot change them.
    threshold = models.PositiveSmallIntegerField(_("smallest published count"))
    hidden = models.JSONField(_("hidden values"), default=dict)
    checksum = models.CharField(_("checksum (SHA-256)"), max_length=64)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(_("published"), default=timezone.now)

    class Meta:
        verbose_name = _("published snapshot")
        verbose_name_plural = _("published snapshots")

    def __str__(self):
        return f"{self.summary} ({self.checksum[:12]})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("A published snapshot never changes.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("A published snapshot never changes.")


class ConfirmationStatus(models.TextChoices):
    PENDING = "pending", _("Not answered")
    CONFIRMED = "confirmed", _("Confirmed")
    COMMENTED = "commented", _("Commented")


class SummaryConfirmation(models.Model):
    """A participating agency's answer on its own figures: confirmed, or a comment."""

    summary = models.ForeignKey(
        Summary, on_delete=models.CASCADE, related_name="confirmations", verbose_name=_("summary")
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("agency"))
    status = models.CharField(
        _("answer"), max_length=16, choices=ConfirmationStatus.choices, default=ConfirmationStatus.PENDING
    )
    comment = models.TextField(_("comment"), blank=True, max_length=MAX_COMMENT_LENGTH)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        ordering = ["summary", "agency__name"]
        verbose_name = _("confirmation")
        verbose_name_plural = _("confirmations")
        constraints = [
            models.UniqueConstraint(fields=["summary", "agency"], name="confirmation_once_per_agency"),
            models.CheckConstraint(
                condition=models.Q(status__in=ConfirmationStatus.values), name="confirmation_status_valid"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="commented") | ~models.Q(comment=""),
                name="confirmation_comment_given",
                violation_error_message=_("Write the comment."),
            ),
        ]

    def __str__(self):
        return f"{self.summary}: {self.agency} – {self.get_status_display()}"
