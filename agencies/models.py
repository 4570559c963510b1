import datetime

from django.contrib.auth.models import AbstractUser, Group
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from los.append_only import MIN_PURGE_AGE_DAYS, allowing_retention_purge


class User(AbstractUser):
    """A person who signs in. What they may do comes from their memberships."""

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.get_full_name() or self.username


class AgencyKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    POLICE = "police", _("Police")
    TAX = "tax", _("Tax agency")
    WORK_ENVIRONMENT = "work_environment", _("Work environment authority")
    FIRE_RESCUE = "fire_rescue", _("Fire and rescue service")
    EMPLOYMENT_SERVICE = "employment_service", _("Public employment service")
    ENFORCEMENT = "enforcement", _("Enforcement authority")
    OTHER = "other", _("Other agency")


class Agency(models.Model):
    """An authority that acts under its own law, e.g. Skatteverket; takes part in many collaborations."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=AgencyKind.choices)
    # Holds the agency's object permissions (grants go to the agency, never to one person).
    group = models.OneToOneField(Group, on_delete=models.PROTECT, null=True, blank=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self):
        return self.name


DEFAULT_SUPPRESSION_THRESHOLD = 3
# "Fewer than 2" can only mean 1: a threshold must leave at least two values behind its words.
MIN_SUPPRESSION_THRESHOLD = 3
MAX_SUPPRESSION_THRESHOLD = 20

# Retention (gallring): how many months records are kept before the nightly purge removes or
# anonymises them. Ten years bounds a typo, not the law: each collaboration sets its own.
MIN_RETENTION_MONTHS = 1
MAX_RETENTION_MONTHS = 120
DEFAULT_FINDINGS_RETENTION_MONTHS = 36
DEFAULT_NOTES_RETENTION_MONTHS = 12
DEFAULT_EVIDENCE_RETENTION_MONTHS = 12
DEFAULT_ACCESS_LOG_RETENTION_MONTHS = 24
RETENTION_MONTHS_MESSAGE = _("Enter a whole number of months, from 1 to 120.")
RETENTION_FIELDS = (
    "findings_retention_months",
    "notes_retention_months",
    "evidence_retention_months",
    "access_log_retention_months",
)


def _retention_months(verbose_name, default, help_text):
    # The database has the default too, so rows written in plain SQL (bulk loads, the benchmark)
    # get the same periods as rows made by the ORM.
    return models.PositiveSmallIntegerField(
        verbose_name,
        default=default,
        db_default=default,
        validators=[
            MinValueValidator(MIN_RETENTION_MONTHS, message=RETENTION_MONTHS_MESSAGE),
            MaxValueValidator(MAX_RETENTION_MONTHS, message=RETENTION_MONTHS_MESSAGE),
        ],
        help_text=help_text,
    )


def _retention_bounded(field):
    return models.CheckConstraint(
        condition=models.Q(**{f"{field}__gte": MIN_RETENTION_MONTHS, f"{field}__lte": MAX_RETENTION_MONTHS}),
        name=f"collaboration_{field}_bounded",
        violation_error_message=RETENTION_MONTHS_MESSAGE,
    )


class Collaboration(models.Model):
    """One LOS: the municipality, the police and the agencies working together in one place."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    municipality = models.CharField(_("municipality"), max_length=100)
    agencies = models.ManyToManyField(Agency, related_name="collaborations", verbose_name=_("agencies"))
    # Published figures below this many are shown as "fewer than N", so that no reader can
    # single out a business from a small count.
    suppression_threshold = models.PositiveSmallIntegerField(
        _("smallest published count"),
        default=DEFAULT_SUPPRESSION_THRESHOLD,
        validators=[MinValueValidator(MIN_SUPPRESSION_THRESHOLD), MaxValueValidator(MAX_SUPPRESSION_THRESHOLD)],
        help_text=_("Counts below this are published as “fewer than” the number."),
    )
    findings_retention_months = _retention_months(
        _("findings kept (months)"),
        DEFAULT_FINDINGS_RETENTION_MONTHS,
        _("After this, a finding keeps its category, action and amounts but loses its note and every name."),
    )
    notes_retention_months = _retention_months(
        _("notes kept (months)"),
        DEFAULT_NOTES_RETENTION_MONTHS,
        _("Free-text notes of findings, premises, operations and signals are emptied after this."),
    )
    evidence_retention_months = _retention_months(
        _("evidence files kept (months)"),
        DEFAULT_EVIDENCE_RETENTION_MONTHS,
        _("Photos and documents attached to findings are deleted after this."),
    )
    access_log_retention_months = _retention_months(
        _("access log kept (months)"),
        DEFAULT_ACCESS_LOG_RETENTION_MONTHS,
        _("Rows of the access log are deleted after this."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    suppression_threshold__gte=MIN_SUPPRESSION_THRESHOLD,
                    suppression_threshold__lte=MAX_SUPPRESSION_THRESHOLD,
                ),
                name="collaboration_threshold_bounded",
                violation_error_message=_("The smallest published count must be between 3 and 20."),
            ),
            *(_retention_bounded(field) for field in RETENTION_FIELDS),
            # A note or a file outliving its finding would be personal text on an anonymised record.
            models.CheckConstraint(
                condition=models.Q(
                    notes_retention_months__lte=models.F("findings_retention_months"),
                    evidence_retention_months__lte=models.F("findings_retention_months"),
                ),
                name="collaboration_retention_within_findings",
                violation_error_message=_("Notes and evidence cannot be kept longer than the findings."),
            ),
        ]
        verbose_name = _("collaboration")
        verbose_name_plural = _("collaborations")

    def __str__(self):
        return self.name

    def clean(self):
        # Said at the field that is too long, rather than by the constraint above the form.
        errors = {}
        findings = self.findings_retention_months
        for field in ("notes_retention_months", "evidence_retention_months"):
            months = getattr(self, field)
            if isinstance(months, int) and isinstance(findings, int) and months > findings:
                errors[field] = _("Cannot be kept longer than the findings.")
        if errors:
            raise ValidationError(errors)


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    INSPECTOR = "inspector", _("Inspector")
    PRESS_OFFICER = "press_officer", _("Press officer")
    AGENCY_ADMIN = "agency_admin", _("Agency administrator")


class Membership(models.Model):
    """A user works in one collaboration for one agency in one role."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user"))
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("agency"))
    collaboration = models.ForeignKey(
        Collaboration, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("collaboration")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["collaboration", "agency", "user__username"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "collaboration", "agency", "role"],
                name="membership_unique_role",
                violation_error_message=_("This user already has that role for that agency in this collaboration."),
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values),
                name="membership_role_valid",
                violation_error_message=_("Unknown role."),
            ),
        ]
        indexes = [models.Index(fields=["user", "is_active"], name="membership_user_active")]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()}, {self.agency} ({self.collaboration})"

    def clean(self):
        if (
            self.agency_id
            and self.collaboration_id
            and not self.collaboration.agencies.filter(pk=self.agency_id).exists()
        ):
            raise ValidationError({"agency": _("This agency does not take part in the collaboration.")})


class LegalGround(models.Model):
    """A provision an agency relies on to release a finding to the collaboration (kept by its admin)."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="legal_grounds", verbose_name=_("agency"))
    name = models.CharField(
        _("name"), max_length=200, help_text=_("For example: 10 kap. 2 § OSL (necessary disclosure).")
    )
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["agency", "name"]
        verbose_name = _("legal ground")
        verbose_name_plural = _("legal grounds")
        constraints = [models.UniqueConstraint(fields=["agency", "name"], name="legal_ground_unique_name")]

    def __str__(self):
        return f"{self.agency}: {self.name}"


class AccessAction(models.TextChoices):
    VIEW = "view", _("Read details")
    CREATE = "create", _("Created")
    CHANGE = "change", _("Changed")
    DELETE = "delete", _("Deleted")
    RELEASE = "release", _("Released")
    WITHDRAW = "withdraw", _("Release withdrawn")
    EXPORT = "export", _("Exported")
    DOWNLOAD = "download", _("File downloaded")
    DENIED = "denied", _("Access refused")
    LOGIN = "login", _("Signed in")
    LOGIN_FAILED = "login_failed", _("Failed sign-in")
    LOCKOUT = "lockout", _("Locked out")
    LOGOUT = "logout", _("Signed out")


class AccessLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The access log is append-only.")

    def delete(self):
        raise PermissionError("The access log is append-only.")

    def purge_older_than(self, cutoff):
        """Deletes this queryset's rows from before `cutoff`; returns how many. The retention
        purge's way past the guards (findings.retention), and nothing else's."""
        # Never rows of the last weeks, whatever the cutoff: the database's trigger refuses them too.
        cutoff = min(cutoff, timezone.now() - datetime.timedelta(days=MIN_PURGE_AGE_DAYS))
        with allowing_retention_purge(self.db):
            deleted, _by_model = super(AccessLogQuerySet, self.filter(at__lt=cutoff)).delete()
        return deleted


class AccessLogEntry(models.Model):
    """One append-only row per read of details, change, release, export, refusal and sign-in.

    Ids instead of foreign keys: a row must outlive the user or object it names, and no
    cascade may ever rewrite it. It holds no note text, personal identity or organisation number.
    """

    at = models.DateTimeField(_("time (UTC)"), default=timezone.now, db_index=True)
    user_id = models.BigIntegerField(_("user id"), null=True, blank=True)
    username = models.CharField(_("username"), max_length=150, blank=True)
    agency_id = models.BigIntegerField(_("agency id"), null=True, blank=True)
    collaboration_id = models.BigIntegerField(_("collaboration id"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=16, choices=AccessAction.choices)
    object_type = models.CharField(_("object type"), max_length=60, blank=True)
    object_id = models.CharField(_("object id"), max_length=40, blank=True)
    # The agency whose object it is, so each agency admin reads the rows about their own records.
    object_agency_id = models.BigIntegerField(_("owning agency id"), null=True, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    status_code = models.PositiveSmallIntegerField(_("answer"), null=True, blank=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        indexes = [
            models.Index(fields=["agency_id", "-at"], name="accesslog_agency_at"),
            models.Index(fields=["object_agency_id", "-at"], name="accesslog_object_agency_at"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.username or '-'} {self.action} {self.object_type} {self.object_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("The access log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The access log is append-only.")
