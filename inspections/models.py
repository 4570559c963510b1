import contextlib
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from agencies.models import Agency, Collaboration

from .orgnr import format_org_number, normalise_org_number, validate_org_number

MAX_PERSONS_CHECKED = 1000


def normalise_postal_code(raw):
    digits = re.sub(r"\s", "", raw or "")
    if not re.fullmatch(r"[1-9]\d{4}", digits):
        raise ValidationError(_("A postal code has five digits, for example 602 21."), code="postal_code")
    return f"{digits[:3]} {digits[3:]}"


def validate_postal_code(value):
    normalise_postal_code(value)


def _normalise_field(obj, name, normalise, exclude):
    """Store the normalised form of a typed value; a value that cannot be normalised is left
    as typed for the field's own validators to explain."""
    value = getattr(obj, name)
    if not value or (exclude and name in exclude):
        return
    with contextlib.suppress(ValidationError):
        setattr(obj, name, normalise(value))


class Business(models.Model):
    """The operator (verksamhetsutövare) running premises, known by its organisation number.

    Unique within a collaboration, not nationally: a national constraint would tell one
    municipality's coordinator that another LOS has the same business on its books.
    """

    collaboration = models.ForeignKey(
        Collaboration, on_delete=models.CASCADE, related_name="businesses", verbose_name=_("collaboration")
    )
    org_number = models.CharField(
        _("organisation number"), max_length=10, validators=[validate_org_number], help_text=_("Ten digits.")
    )
    name = models.CharField(_("name"), max_length=200)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("business")
        verbose_name_plural = _("businesses")
        constraints = [
            models.UniqueConstraint(
                fields=["collaboration", "org_number"],
                name="business_unique_org_number",
                violation_error_message=_("A business with this organisation number is already registered."),
            ),
            models.CheckConstraint(
                condition=models.Q(org_number__regex=r"^[0-9]{10}$"),
                name="business_org_number_ten_digits",
                violation_error_message=_("An organisation number has ten digits, for example 556677-8899."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.org_number_display})"

    @property
    def org_number_display(self):
        return format_org_number(self.org_number)

    def clean_fields(self, exclude=None):
        # Normalise before the field checks: "556677-8899" is eleven characters typed, ten stored.
        _normalise_field(self, "org_number", normalise_org_number, exclude)
        super().clean_fields(exclude=exclude)


class PremisesType(models.TextChoices):
    CAR_REPAIR = "car_repair", _("Car repair shop")
    CAR_WASH = "car_wash", _("Car wash")
    TATTOO = "tattoo", _("Tattoo parlour")
    RESTAURANT = "restaurant", _("Restaurant")
    FOOD_WHOLESALE = "food_wholesale", _("Food or meat wholesaler")
    KIOSK = "kiosk", _("Kiosk")
    BARBER = "barber", _("Hairdresser or barber")
    OTHER = "other", _("Other")


class Premises(models.Model):
    """A physical place that may be visited; its history is the visits made to it."""

    collaboration = models.ForeignKey(
        Collaboration, on_delete=models.CASCADE, related_name="premises", verbose_name=_("collaboration")
    )
    name = models.CharField(_("name"), max_length=200, help_text=_("What the place is called on its sign."))
    premises_type = models.CharField(_("type"), max_length=32, choices=PremisesType.choices)
    address = models.CharField(_("street address"), max_length=200)
    postal_code = models.CharField(_("postal code"), max_length=6, validators=[validate_postal_code])
    city = models.CharField(_("city"), max_length=100)
    business = models.ForeignKey(
        Business,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="premises",
        verbose_name=_("current business"),
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("premises")
        verbose_name_plural = _("premises")
        constraints = [
            models.UniqueConstraint(
                fields=["collaboration", "address", "postal_code", "name"],
                name="premises_unique_place",
                violation_error_message=_("These premises are already registered at this address."),
            ),
            models.CheckConstraint(
                condition=models.Q(premises_type__in=PremisesType.values),
                name="premises_type_valid",
                violation_error_message=_("Unknown type of premises."),
            ),
            models.CheckConstraint(
                condition=models.Q(postal_code__regex=r"^[1-9][0-9]{2} [0-9]{2}$"),
                name="premises_postal_code_format",
                violation_error_message=_("A postal code has five digits, for example 602 21."),
            ),
        ]

    def __str__(self):
        return f"{self.name}, {self.address}"

    def clean_fields(self, exclude=None):
        _normalise_field(self, "postal_code", normalise_postal_code, exclude)
        super().clean_fields(exclude=exclude)

    def clean(self):
        errors = {}
        if self.business_id and self.collaboration_id and self.business.collaboration_id != self.collaboration_id:
            errors["business"] = _("The business belongs to another collaboration.")
        if errors:
            raise ValidationError(errors)


class OperationKind(models.TextChoices):
    LOS = "los", _("LOS operation")
    EMPACT = "empact", _("EMPACT action day")
    NATIONAL = "national", _("National joint control")
    OTHER = "other", _("Other")


class OperationStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Carried out")
    CANCELLED = "cancelled", _("Cancelled")


class Operation(models.Model):
    """A coordinated action (insats) on one or more days, with its participating agencies."""

    collaboration = models.ForeignKey(
        Collaboration, on_delete=models.CASCADE, related_name="operations", verbose_name=_("collaboration")
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=OperationKind.choices, default=OperationKind.LOS)
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    status = models.CharField(
        _("status"), max_length=16, choices=OperationStatus.choices, default=OperationStatus.PLANNED
    )
    agencies = models.ManyToManyField(Agency, related_name="operations", verbose_name=_("participating agencies"))
    # Booked for the whole operation; a visit's own inspectors are those who actually came.
    inspectors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="operations", blank=True, verbose_name=_("booked inspectors")
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-start_date", "name"]
        verbose_name = _("operation")
        verbose_name_plural = _("operations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="operation_ends_after_start",
                violation_error_message=_("The last day cannot be before the first day."),
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=OperationKind.values),
                name="operation_kind_valid",
                violation_error_message=_("Unknown kind of operation."),
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=OperationStatus.values),
                name="operation_status_valid",
                violation_error_message=_("Unknown status."),
            ),
        ]
        indexes = [models.Index(fields=["collaboration", "start_date"], name="operation_collab_start")]

    def __str__(self):
        return f"{self.name} ({self.start_date:%Y-%m-%d})"

    def covers(self, day):
        return self.start_date <= day <= self.end_date


class VisitOutcome(models.TextChoices):
    # A context of their own: Swedish inflects these by the noun (besöket är genomfört).
    PLANNED = "planned", pgettext_lazy("visit outcome", "Planned")
    CARRIED_OUT = "carried_out", pgettext_lazy("visit outcome", "Carried out")
    CLOSED = "closed", pgettext_lazy("visit outcome", "Premises closed")
    CANCELLED = "cancelled", pgettext_lazy("visit outcome", "Cancelled")


# The order of an operation's visits, the route of the evening: the coordinator's order, then
# the time, then the oldest first for a stable tie-break. The plan, the warnings, the briefing
# sheet and the renumbering after a change all read the visits in this order.
VISIT_ORDER = ("position", "scheduled_at", "pk")


class Visit(models.Model):
    """One premises visited within an operation, with the inspectors present."""

    operation = models.ForeignKey(
        Operation, on_delete=models.CASCADE, related_name="visits", verbose_name=_("operation")
    )
    premises = models.ForeignKey(Premises, on_delete=models.PROTECT, related_name="visits", verbose_name=_("premises"))
    scheduled_at = models.DateTimeField(_("time"))
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    outcome = models.CharField(_("outcome"), max_length=16, choices=VisitOutcome.choices, default=VisitOutcome.PLANNED)
    persons_checked = models.PositiveIntegerField(
        _("persons checked"), default=0, validators=[MaxValueValidator(MAX_PERSONS_CHECKED)]
    )
    minutes_spent = models.PositiveIntegerField(_("time spent (minutes)"), null=True, blank=True)
    inspectors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="visits", blank=True, verbose_name=_("inspectors present")
    )

    class Meta:
        ordering = ["operation", "position", "scheduled_at"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        constraints = [
            models.UniqueConstraint(
                fields=["operation", "premises"],
                name="visit_once_per_operation",
                violation_error_message=_("These premises are already on this operation."),
            ),
            models.CheckConstraint(
                condition=models.Q(outcome__in=VisitOutcome.values),
                name="visit_outcome_valid",
                violation_error_message=_("Unknown outcome."),
            ),
            models.CheckConstraint(
                condition=models.Q(persons_checked__lte=MAX_PERSONS_CHECKED),
                name="visit_persons_checked_bounded",
                violation_error_message=_("The number of persons checked is not plausible."),
            ),
        ]
        indexes = [models.Index(fields=["premises", "scheduled_at"], name="visit_premises_time")]

    def __str__(self):
        return f"{self.premises.name} – {self.operation.name}"

    def clean(self):
        errors = {}
        if self.operation_id and self.scheduled_at:
            day = timezone.localdate(self.scheduled_at)
            if not self.operation.covers(day):
                errors["scheduled_at"] = _("The visit must take place during the operation (%(start)s – %(end)s).") % {
                    "start": self.operation.start_date.isoformat(),
                    "end": self.operation.end_date.isoformat(),
                }
        same_collaboration = (
            not self.operation_id
            or not self.premises_id
            or self.premises.collaboration_id == self.operation.collaboration_id
        )
        if not same_collaboration:
            errors["premises"] = _("The premises belong to another collaboration.")
        if errors:
            raise ValidationError(errors)


class SignalKind(models.TextChoices):
    TIP = "tip", _("Tip")
    POLICE_EVENT = "police_event", _("Police event")
    COMPLAINT = "complaint", _("Complaint")
    MEDIA = "media", _("Media")
    OTHER_AGENCY = "other_agency", _("Information from another agency")


class Signal(models.Model):
    """Something that points at a premises (händelse): a tip, a police event, a complaint ...

    Recent signals weigh in the risk ranking of candidates for the next operation.
    """

    premises = models.ForeignKey(Premises, on_delete=models.CASCADE, related_name="signals", verbose_name=_("premises"))
    kind = models.CharField(_("kind"), max_length=16, choices=SignalKind.choices)
    received_on = models.DateField(_("date"))
    source_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="signals", verbose_name=_("source agency")
    )
    summary = models.CharField(
        _("summary"),
        max_length=300,
        blank=True,
        help_text=_("A few words on what it is about. No names of persons."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("signal")
        verbose_name_plural = _("signals")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=SignalKind.values),
                name="signal_kind_valid",
                violation_error_message=_("Unknown kind of signal."),
            ),
        ]
        indexes = [models.Index(fields=["premises", "-received_on"], name="signal_premises_recent")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.received_on:%Y-%m-%d}: {self.premises.name}"

    def clean(self):
        errors = {}
        if self.received_on and self.received_on > timezone.localdate():
            errors["received_on"] = _("The date cannot be in the future.")
        known_source = (
            not self.premises_id
            or not self.source_agency_id
            or self.premises.collaboration.agencies.filter(pk=self.source_agency_id).exists()
        )
        if not known_source:
            errors["source_agency"] = _("The agency does not take part in this collaboration.")
        if errors:
            raise ValidationError(errors)


class ImportStatus(models.TextChoices):
    PREVIEW = "preview", _("Awaiting confirmation")
    COMMITTED = "committed", _("Imported")


class PremisesImport(models.Model):
    """An uploaded premises file between preview and confirmation.

    The parsed rows wait here, not in the register: nothing is written to premises or
    businesses until the coordinator confirms.
    """

    collaboration = models.ForeignKey(
        Collaboration, on_delete=models.CASCADE, related_name="premises_imports", verbose_name=_("collaboration")
    )
    file_name = models.CharField(_("file name"), max_length=200)
    # [{"line": 2, "values": {"name": ..., "premises_type": ..., ...}}, ...] as read from the file.
    rows = models.JSONField(_("rows"), default=list)
    status = models.CharField(_("status"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.PREVIEW)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    committed_at = models.DateTimeField(_("imported"), null=True, blank=True)
    created_count = models.PositiveIntegerField(_("premises created"), default=0)
    updated_count = models.PositiveIntegerField(_("premises updated"), default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("premises import")
        verbose_name_plural = _("premises imports")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=ImportStatus.values),
                name="premises_import_status_valid",
                violation_error_message=_("Unknown status."),
            ),
        ]

    def __str__(self):
        return f"{self.file_name} ({self.created_at:%Y-%m-%d})"
