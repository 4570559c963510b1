"""Releases: the owning agency lets the collaboration read a finding's details."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase

from agencies.models import Collaboration, LegalGround

from .finding import Finding


class FindingRelease(models.Model):
    """The owning agency releases a finding's details to the collaboration on a legal ground.

    Withdrawing keeps the row (who released, when, why) and hides the details again.
    """

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="releases", verbose_name=_("finding"))
    legal_ground = models.ForeignKey(
        LegalGround, on_delete=models.PROTECT, related_name="releases", verbose_name=_("legal ground")
    )
    explanation = models.TextField(_("explanation"), blank=True)
    # Empty once the finding is anonymised (findings.retention): the release stays, not who made it.
    # Empty only once the retention purge has anonymised the finding; deleting a user never
    # erases who released a finding that is still kept.
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("released by"),
    )
    released_at = models.DateTimeField(_("released"), default=timezone.now)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("withdrawn by"),
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        ordering = ["-released_at"]
        verbose_name = _("release")
        verbose_name_plural = _("releases")
        constraints = [
            # At most one release in force per finding.
            models.UniqueConstraint(
                fields=["finding"], condition=models.Q(withdrawn_at__isnull=True), name="release_one_active"
            ),
            # A withdrawal has its time; who withdrew is cleared when the finding is anonymised.
            models.CheckConstraint(
                condition=models.Q(withdrawn_at__isnull=True, withdrawn_by__isnull=True)
                | models.Q(withdrawn_at__isnull=False),
                name="release_withdrawal_complete",
            ),
        ]

    def __str__(self):
        return f"{self.finding_id}: {self.legal_ground.name}"

    @property
    def is_active(self):
        return self.withdrawn_at is None


class FindingGroupObjectPermission(GroupObjectPermissionBase):
    """django-guardian's grants on findings, with a real foreign key (cheap joins, cascades)."""

    content_object = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="group_grants")
    # The finding's collaboration, copied when the grant is made (a finding never moves): the
    # list of what a user may read keeps a grant only in the collaborations where the user acts
    # for the agency, and reads that here instead of in every granted finding.
    collaboration = models.ForeignKey(
        Collaboration, on_delete=models.CASCADE, related_name="+", editable=False, verbose_name=_("collaboration")
    )

    class Meta(GroupObjectPermissionBase.Meta):
        verbose_name = _("finding grant")
        verbose_name_plural = _("finding grants")
        indexes = [
            models.Index(
                fields=["group", "permission", "collaboration"], include=["content_object"], name="grant_scope"
            )
        ]
