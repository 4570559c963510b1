"""Evidence: photos and PDFs attached to a finding, kept outside every public folder."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .finding import Finding

MAX_EVIDENCE_BYTES = 20 * 1024 * 1024


class EvidenceKind(models.TextChoices):
    JPEG = "image/jpeg", _("Photo (JPEG)")
    PNG = "image/png", _("Picture (PNG)")
    PDF = "application/pdf", _("PDF document")


class Evidence(models.Model):
    """One file. `stored_name` is generated; the uploader's file name is kept only to show."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("finding"))
    stored_name = models.CharField(_("stored as"), max_length=100, unique=True, editable=False)
    content_type = models.CharField(_("kind of file"), max_length=40, choices=EvidenceKind.choices)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    original_name = models.CharField(_("file name"), max_length=120, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(content_type__in=EvidenceKind.values), name="evidence_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(size__gt=0, size__lte=MAX_EVIDENCE_BYTES), name="evidence_size_bounded"
            ),
        ]

    def __str__(self):
        return f"{self.finding_id}: {self.original_name or self.stored_name}"
