from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


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

    class Meta:
        ordering = ["name"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self):
        return self.name


class Collaboration(models.Model):
    """One LOS: the municipality, the police and the agencies working together in one place."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    municipality = models.CharField(_("municipality"), max_length=100)
    agencies = models.ManyToManyField(Agency, related_name="collaborations", verbose_name=_("agencies"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("collaboration")
        verbose_name_plural = _("collaborations")

    def __str__(self):
        return self.name


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
