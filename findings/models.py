from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase

from agencies.models import Agency, AgencyKind, Collaboration, LegalGround
from inspections.models import Visit

# Amounts are bounded so that a typo (an extra zero or three) is caught at entry.
MIN_AMOUNT = Decimal("0.01")
MAX_AMOUNT = Decimal("100000000.00")


class Category(models.Model):
    """One entry of an agency kind's catalogue of findings, e.g. tax: staff ledger missing."""

    agency_kind = models.CharField(_("agency kind"), max_length=32, choices=AgencyKind.choices)
    code = models.SlugField(_("code"), max_length=60)
    name = models.CharField(_("name (Swedish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    severity = models.PositiveSmallIntegerField(
        _("severity"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(3)],
        help_text=_("1 minor, 2 serious, 3 very serious."),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["agency_kind", "position", "code"]
        verbose_name = _("finding category")
        verbose_name_plural = _("finding categories")
        constraints = [
            models.UniqueConstraint(fields=["agency_kind", "code"], name="category_unique_code"),
            models.CheckConstraint(condition=models.Q(severity__gte=1, severity__lte=3), name="category_severity_1_3"),
        ]

    def __str__(self):
        return f"{self.get_agency_kind_display()}: {self.label}"

    @property
    def label(self):
        return self.name_en if (get_language() or "sv").startswith("en") else self.name


class ActionKind(models.TextChoices):
    NONE = "none", _("No action")
    ADVICE = "advice", _("Advice or information")
    INJUNCTION = "injunction", _("Injunction")
    PROHIBITION = "prohibition", _("Prohibition")
    CONDITIONAL_FINE = "conditional_fine", _("Conditional fine")
    SANCTION_FEE = "sanction_fee", _("Sanction fee")
    POLICE_REPORT = "police_report", _("Police report")
    RECOVERY_CLAIM = "recovery_claim", _("Recovery claim")
    WITHDRAWN_LICENCE = "withdrawn_licence", _("Licence withdrawn")
    REFERRAL = "referral", _("Referral to another agency")


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
    # (collaboration, agency) on one table with one index.
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
                condition=models.Q(status__in=FindingStatus.values),
                name="finding_status_valid",
                violation_error_message=_("Unknown status."),
            ),
        ]
        permissions = [("view_finding_details", _("Can read the details of a finding"))]
        indexes = [
            models.Index(fields=["collaboration", "agency", "-created_at"], name="finding_scope_recent"),
            models.Index(fields=["visit", "agency"], name="finding_visit_agency"),
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


class FindingRelease(models.Model):
    """The owning agency releases a finding's details to the collaboration on a legal ground.

    Withdrawing keeps the row (who released, when, why) and hides the details again.
    """

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="releases", verbose_name=_("finding"))
    legal_ground = models.ForeignKey(
        LegalGround, on_delete=models.PROTECT, related_name="releases", verbose_name=_("legal ground")
    )
    explanation = models.TextField(_("explanation"), blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("released by")
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
            models.CheckConstraint(
                condition=models.Q(withdrawn_at__isnull=True, withdrawn_by__isnull=True)
                | models.Q(withdrawn_at__isnull=False, withdrawn_by__isnull=False),
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

    class Meta(GroupObjectPermissionBase.Meta):
        verbose_name = _("finding grant")
        verbose_name_plural = _("finding grants")
