"""Referrals: a task for another agency that could act on what one agency found."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, Collaboration

from .finding import Finding


class ReferralStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Handled")


class Referral(models.Model):
    """A task for `to_agency`. It names the premises and the category, which every agency of
    the collaboration may know; the finding's details stay with its owner unless released."""

    # Copied from the finding, so the receiving agency's list is scoped on one table.
    collaboration = models.ForeignKey(
        Collaboration, on_delete=models.CASCADE, related_name="referrals", verbose_name=_("collaboration")
    )
    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="referrals", verbose_name=_("finding"))
    to_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="referrals_received", verbose_name=_("to agency")
    )
    status = models.CharField(_("status"), max_length=8, choices=ReferralStatus.choices, default=ReferralStatus.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("referred by"),
    )
    created_at = models.DateTimeField(_("referred"), default=timezone.now)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        constraints = [
            models.UniqueConstraint(fields=["finding", "to_agency"], name="referral_once_per_agency"),
            models.CheckConstraint(condition=models.Q(status__in=ReferralStatus.values), name="referral_status_valid"),
        ]
        indexes = [models.Index(fields=["collaboration", "to_agency", "status"], name="referral_inbox")]

    def __str__(self):
        return f"{self.finding_id} → {self.to_agency}"
