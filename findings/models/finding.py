"""A finding: what one agency found at one visit, and the history of its lifecycle."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, Collaboration
from inspections.models import Visit

from .catalogue import ActionKind, Category, Indicator

# A count above this is a typo, not a LOS evening (persons arrested, victims referred).
MAX_QUANTITY = 1000


class FindingStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACTION_TAKEN = "action_taken", _("Action taken")
    FOLLOW_UP_DUE = "follow_up_due", _("Follow-up due")
    CORRECTED = "corrected", _("Corrected")
    NOT_CORRECTED = "not_corrected", _("Not corrected")
    ESCALATED = "escalated", _("Escalated")
    CLOSED = "closed", _("Closed")


# Still needing something from the agency; the rest are settled.
OPEN_STATUSES = frozenset(
    {
        FindingStatus.OPEN,
        FindingStatus.ACTION_TAKEN,
        FindingStatus.FOLLOW_UP_DUE,
        FindingStatus.NOT_CORRECTED,
        FindingStatus.ESCALATED,
    }
)


class Finding(models.Model):
    """What one agency found at one visit. The agency owns it; others see only that it exists."""

    # Copied from the visit's operation when recorded, so lists can be scoped by
    # (collaboration, agency) on one table with one index. It never changes afterwards: the
    # grants of a release copy it too (FindingGroupObjectPermission.collaboration).
    collaboration = models.ForeignKey(
        Collaboration, on_delete=models.CASCADE, related_name="findings", verbose_name=_("collaboration")
    )
    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="findings", verbose_name=_("visit"))
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="findings", verbose_name=_("agency"))
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="findings", verbose_name=_("category")
    )
    action = models.CharField(_("action taken"), max_length=24, choices=ActionKind.choices, default=ActionKind.NONE)
    status = models.CharField(_("status"), max_length=16, choices=FindingStatus.choices, default=FindingStatus.OPEN)
    follow_up_date = models.DateField(_("follow-up date"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    quantity = models.PositiveIntegerField(
        _("number"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_QUANTITY)],
        help_text=_("For countable categories: persons arrested, crimes reported, potential victims referred."),
    )
    indicators = models.ManyToManyField(
        Indicator, blank=True, related_name="findings", verbose_name=_("trafficking indicators observed")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    # Optimistic locking: a save carrying an older version is refused (no lost update).
    version = models.PositiveIntegerField(_("version"), default=1)
    # The recording form's key: the same form sent twice (a double tap, a resend on a poor
    # connection at the premises) records one finding, not two.
    submission_key = models.UUIDField(_("submission key"), null=True, blank=True, unique=True, editable=False)
    # Set by the retention purge (findings.retention) when the findings period has passed: the
    # note, the files and every link to a person are gone; what was found and done remains.
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(action__in=ActionKind.values),
                name="finding_action_valid",
                violation_error_message=_("Unknown action."),
            ),
            models.CheckConstraint(
                condition=models.Q(quantity__isnull=True) | models.Q(quantity__gte=1, quantity__lte=MAX_QUANTITY),
                name="finding_quantity_bounded",
                violation_error_message=_("The number must be between 1 and 1000."),
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=FindingStatus.values),
                name="finding_status_valid",
                violation_error_message=_("Unknown status."),
            ),
        ]
        permissions = [("view_finding_details", _("Can read the details of a finding"))]
        indexes = [
            # With the id alongside, a user's own findings are read from the index alone when
            # the list collects the ids it may show (an index-only scan, no table rows).
            models.Index(
                fields=["collaboration", "agency", "-created_at"], include=["id"], name="finding_scope_recent"
            ),
            models.Index(fields=["visit", "agency"], name="finding_visit_agency"),
            # Overdue follow-ups per agency: status and date on one index.
            models.Index(fields=["collaboration", "agency", "status", "follow_up_date"], name="finding_follow_up_due"),
        ]

    def __str__(self):
        return f"{self.agency}: {self.category.label} ({self.visit.premises.name})"

    def clean(self):
        errors = {}
        if self.category_id and self.agency_id and self.category.agency_kind != self.agency.kind:
            errors["category"] = _("This category belongs to another agency's catalogue.")
        if self.visit_id:
            operation = self.visit.operation
            if self.collaboration_id and self.collaboration_id != operation.collaboration_id:
                errors["visit"] = _("The visit belongs to another collaboration.")
            if self.agency_id and not operation.agencies.filter(pk=self.agency_id).exists():
                errors["agency"] = _("This agency did not take part in the operation.")
            if self.follow_up_date and self.follow_up_date < timezone.localdate(self.visit.scheduled_at):
                errors["follow_up_date"] = _("The follow-up cannot be before the visit.")
        if errors:
            raise ValidationError(errors)


class StatusChange(models.Model):
    """One step of a finding's lifecycle, kept for good: who moved it, when, and at which
    follow-up visit, so the way to a published "corrected" can be traced."""

    finding = models.ForeignKey(
        Finding, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("finding")
    )
    from_status = models.CharField(_("from"), max_length=16, choices=FindingStatus.choices)
    to_status = models.CharField(_("to"), max_length=16, choices=FindingStatus.choices)
    # The action in force after the step, so a change from advice to an injunction is traced.
    action = models.CharField(_("action taken"), max_length=24, choices=ActionKind.choices, blank=True)
    follow_up_date = models.DateField(_("follow-up date"), null=True, blank=True)
    # The later visit at which the follow-up was made: it links back to this finding.
    visit = models.ForeignKey(
        Visit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("follow-up visit"),
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)

    class Meta:
        ordering = ["changed_at", "id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(to_status__in=FindingStatus.values), name="status_change_to_valid"
            ),
        ]

    def __str__(self):
        return f"{self.finding_id}: {self.from_status} → {self.to_status}"
