"""The money ledger: amounts tied to a finding. History is never edited; a new entry
supersedes the one it corrects, so a figure that was published can still be traced."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .finding import Finding

# Amounts are bounded so that a typo (an extra zero or three) is caught at entry.
MIN_AMOUNT = Decimal("0.01")
MAX_AMOUNT = Decimal("100000000.00")


class PaymentKind(models.TextChoices):
    WRONGLY_PAID = "wrongly_paid", _("Wrongfully paid out")
    STOPPED = "stopped", _("Stopped before payout")
    RECOVERY_CLAIMED = "recovery_claimed", _("Recovery claimed")
    RECOVERED = "recovered", _("Recovered")
    SANCTION_FEE = "sanction_fee", _("Sanction fee decided")
    TAX_REASSESSED = "tax_reassessed", _("Tax reassessed")
    DISTRAINT = "distraint", _("Distraint")


class SupportKind(models.TextChoices):
    WAGE_SUBSIDY = "wage_subsidy", _("Wage subsidy")
    NEW_START_JOB = "new_start_job", _("New-start job")
    INTRODUCTION_JOB = "introduction_job", _("Introduction job")
    SICK_PAY = "sick_pay", _("Sick pay")
    MUNICIPAL_GRANT = "municipal_grant", _("Municipal grant")
    TAX = "tax", _("Tax")
    OTHER = "other", _("Other")


class EntryStatus(models.TextChoices):
    ESTIMATED = "estimated", _("Estimated")
    DECIDED = "decided", _("Decided")


class PaymentEntry(models.Model):
    """Money tied to a finding. Corrected by a new entry that supersedes it, never edited."""

    finding = models.ForeignKey(Finding, on_delete=models.PROTECT, related_name="payments", verbose_name=_("finding"))
    kind = models.CharField(_("kind"), max_length=20, choices=PaymentKind.choices)
    support_kind = models.CharField(_("kind of support"), max_length=20, choices=SupportKind.choices)
    amount = models.DecimalField(
        _("amount (SEK)"),
        max_digits=11,
        decimal_places=2,
        validators=[MinValueValidator(MIN_AMOUNT), MaxValueValidator(MAX_AMOUNT)],
    )
    status = models.CharField(_("status"), max_length=16, choices=EntryStatus.choices, default=EntryStatus.ESTIMATED)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("corrects entry"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("payment entry")
        verbose_name_plural = _("payment entries")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=MIN_AMOUNT, amount__lte=MAX_AMOUNT),
                name="payment_amount_positive_bounded",
                violation_error_message=_("The amount must be more than 0 kr and at most 100 000 000 kr."),
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=PaymentKind.values),
                name="payment_kind_valid",
                violation_error_message=_("Unknown kind of entry."),
            ),
            models.CheckConstraint(
                condition=models.Q(support_kind__in=SupportKind.values),
                name="payment_support_kind_valid",
                violation_error_message=_("Unknown kind of support."),
            ),
            models.CheckConstraint(
                condition=~models.Q(supersedes=models.F("id")),
                name="payment_not_superseding_itself",
            ),
        ]
        indexes = [models.Index(fields=["finding", "kind"], name="payment_finding_kind")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.amount} kr ({self.get_support_kind_display()})"

    def clean(self):
        errors = {}
        if self.decision_date and self.decision_date > timezone.localdate():
            errors["decision_date"] = _("The decision date cannot be in the future.")
        if self.supersedes_id and self.finding_id and self.supersedes.finding_id != self.finding_id:
            errors["supersedes"] = _("An entry can only correct an entry of the same finding.")
        if errors:
            raise ValidationError(errors)
