"""What each run of the retention purge (gallring) did: counts only, never what was removed."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Collaboration


class RetentionRun(models.Model):
    """One collaboration's part of a nightly purge, or (without a collaboration) the part for
    access-log rows that belong to none, such as sign-ins. Holds no personal data."""

    collaboration = models.ForeignKey(
        Collaboration,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="retention_runs",
        verbose_name=_("collaboration"),
    )
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    notes_blanked = models.PositiveIntegerField(_("notes emptied"), default=0)
    evidence_deleted = models.PositiveIntegerField(_("evidence files deleted"), default=0)
    findings_anonymised = models.PositiveIntegerField(_("findings anonymised"), default=0)
    access_log_deleted = models.PositiveIntegerField(_("access log rows deleted"), default=0)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")
        indexes = [models.Index(fields=["collaboration", "-started_at"], name="retention_run_recent")]

    def __str__(self):
        return f"{self.collaboration or '-'} {timezone.localtime(self.started_at):%Y-%m-%d %H:%M}"
