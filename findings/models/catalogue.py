"""The catalogues each agency kind works from: categories of findings, the actions the agency
can take, and the indicators of human trafficking. Seeded by migrations, kept in the admin."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from agencies.models import AgencyKind


def _in_language(swedish, english):
    return english if (get_language() or "sv").startswith("en") else swedish


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
    # Countable categories ask for a number: persons arrested, potential victims referred.
    asks_count = models.BooleanField(
        _("asks for a number"),
        default=False,
        help_text=_("The inspector gives a number, e.g. persons arrested or potential victims referred."),
    )
    # The EMPACT checklist: the inspector ticks the trafficking indicators observed.
    uses_indicators = models.BooleanField(
        _("uses the trafficking indicator checklist"),
        default=False,
    )

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
        return _in_language(self.name, self.name_en)


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


class ActionOption(models.Model):
    """An action an agency kind may take, e.g. fire and rescue: prohibition of use."""

    agency_kind = models.CharField(_("agency kind"), max_length=32, choices=AgencyKind.choices)
    action = models.CharField(_("action"), max_length=24, choices=ActionKind.choices)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["agency_kind", "position", "action"]
        verbose_name = _("action of an agency kind")
        verbose_name_plural = _("actions of agency kinds")
        constraints = [
            models.UniqueConstraint(fields=["agency_kind", "action"], name="action_option_unique"),
            models.CheckConstraint(condition=models.Q(action__in=ActionKind.values), name="action_option_valid"),
        ]

    def __str__(self):
        return f"{self.get_agency_kind_display()}: {self.get_action_display()}"


class Indicator(models.Model):
    """One item of the EMPACT checklist of human-trafficking indicators."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name (Swedish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("trafficking indicator")
        verbose_name_plural = _("trafficking indicators")

    def __str__(self):
        return self.label

    @property
    def label(self):
        return _in_language(self.name, self.name_en)
