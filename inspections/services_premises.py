"""Changes to the premises register: premises, their business, and signals about them.

Keyword-only, one transaction each; every object is full_clean()ed before it is saved, so
the models' rules (postal code, business of the same collaboration, signal date and source)
hold whoever calls.
"""

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from agencies import permissions

from .models import Business, Premises, Signal
from .orgnr import normalise_org_number

# A business's own field names, as the premises form calls them.
_BUSINESS_FIELDS = {"org_number": "org_number", "name": "business_name"}


@transaction.atomic
def premises_create(
    *, collaboration, by, name, premises_type, address, postal_code, city, notes="", org_number="", business_name=""
):
    """Register premises in the collaboration, with their business (found or created) when an
    organisation number is given."""
    _require_planner(by, collaboration.pk)
    premises = Premises(collaboration=collaboration)
    return _fill_and_save(
        premises,
        values={
            "name": name,
            "premises_type": premises_type,
            "address": address,
            "postal_code": postal_code,
            "city": city,
            "notes": notes,
        },
        org_number=org_number,
        business_name=business_name,
    )


@transaction.atomic
def premises_update(
    *, premises, by, name, premises_type, address, postal_code, city, notes="", org_number="", business_name=""
):
    """Change the premises' details and business; an empty organisation number unlinks the business."""
    _require_planner(by, premises.collaboration_id)
    premises = Premises.objects.select_for_update().get(pk=premises.pk)
    return _fill_and_save(
        premises,
        values={
            "name": name,
            "premises_type": premises_type,
            "address": address,
            "postal_code": postal_code,
            "city": city,
            "notes": notes,
        },
        org_number=org_number,
        business_name=business_name,
    )


@transaction.atomic
def signal_record(*, premises, by, kind, received_on, source_agency, summary=""):
    """Record a signal (tip, police event, complaint ...) about the premises."""
    _require_planner(by, premises.collaboration_id)
    signal = Signal(
        premises=premises,
        kind=kind,
        received_on=received_on,
        source_agency=source_agency,
        summary=summary,
        created_by=by,
    )
    signal.full_clean()
    signal.save()
    return signal


def _require_planner(user, collaboration_id):
    if not permissions.may_plan(user, collaboration_id):
        raise PermissionDenied


def _fill_and_save(premises, *, values, org_number, business_name):
    """Validate the premises and their business together, so every error is reported at once,
    then save the business (if new) and the premises."""
    for field, value in values.items():
        setattr(premises, field, value)
    errors = {}
    business = None
    try:
        business = _business_for(premises.collaboration, premises.business, org_number, business_name)
    except ValidationError as exc:
        _collect(errors, exc)
    try:
        # The business may not be saved yet; it is checked on its own above.
        premises.full_clean(exclude=["business"])
    except ValidationError as exc:
        _collect(errors, exc)
    if errors:
        raise ValidationError(errors)
    if business is not None and business.pk is None:
        _save(business, _("A business with this organisation number is already registered."))
    premises.business = business
    premises.full_clean()
    _save(premises, _("These premises are already registered at this address."))
    return premises


def _business_for(collaboration, current, org_number, business_name):
    """The business the premises should point at: none, an existing one (its registered name
    kept), or a new, unsaved one with the typed name."""
    org_number = (org_number or "").strip()
    business_name = (business_name or "").strip()
    if not org_number:
        if business_name:
            raise ValidationError(
                {"org_number": _("Enter the business's organisation number, or leave the business name empty.")}
            )
        return None
    try:
        digits = normalise_org_number(org_number)
    except ValidationError as exc:
        raise ValidationError({"org_number": exc.messages}) from exc
    if current is not None and current.org_number == digits:
        return current
    existing = Business.objects.filter(collaboration=collaboration, org_number=digits).first()
    if existing is not None:
        return existing
    if not business_name:
        raise ValidationError(
            {"business_name": _("Enter the business name: no business with this number is registered.")}
        )
    business = Business(collaboration=collaboration, org_number=digits, name=business_name)
    try:
        business.full_clean()
    except ValidationError as exc:
        raise ValidationError(_renamed(exc)) from exc
    return business


def _renamed(exc):
    """A business's errors under the premises form's field names."""
    errors = {}
    for field, messages in exc.message_dict.items():
        errors.setdefault(_BUSINESS_FIELDS.get(field, NON_FIELD_ERRORS), []).extend(messages)
    return errors


def _collect(errors, exc):
    for field, messages in exc.message_dict.items():
        errors.setdefault(field, []).extend(messages)


def _save(obj, conflict_message):
    # full_clean() checked the unique constraints; a concurrent save can still win the race,
    # which the database refuses: report it like the check would have.
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as exc:
        raise ValidationError(conflict_message) from exc
