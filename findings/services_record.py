"""Recording a finding at a visit and changing what was recorded. Keyword-only, one transaction each.

The rules are checked here even when a form checked them first: a service can be called from a
script, a task or a test without a form in front of it. The forms call the same rule functions,
so a person sees every message at once, at its field.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agencies import audit, permissions
from agencies.models import AccessAction

from . import lifecycle, rules
from .models import MAX_QUANTITY, ActionKind, Finding, FindingStatus, StatusChange
from .versioning import save_if_unchanged

MAX_NOTE_LENGTH = 4000
# Django's max_length check fills in limit_value; the service does the same.
NOTE_TOO_LONG = gettext_lazy("The note can be at most %(limit_value)s characters long.")


def recording_refusal(visit):
    """Why no finding can be recorded at this visit now, or None."""
    if rules.visit_is_cancelled(visit):
        return _("The visit is cancelled, so no finding can be recorded at it.")
    if rules.visit_day(visit) > timezone.localdate():
        return _("A finding can be recorded from the day of the visit.")
    return None


def category_error(category, agency, *, current=None):
    """Each authority records from its own catalogue; a retired entry stays only where it is."""
    if category.agency_kind != agency.kind:
        return _("This category belongs to another agency's catalogue.")
    if not category.is_active and (current is None or category.pk != current.pk):
        return _("This category is no longer in use. Choose another one.")
    return None


def action_error(action, agency):
    if not action or action == ActionKind.NONE or rules.action_offered(agency.kind, action):
        return None
    return str(rules.ACTION_NOT_OFFERED)


def details_errors(category, quantity, indicators, *, kept_indicators=()):
    """{field: message} for the number and the indicator checklist the category asks for."""
    errors = {}
    if category.asks_count:
        if quantity is None:
            errors["quantity"] = _("Enter the number for this category.")
        elif not 1 <= quantity <= MAX_QUANTITY:
            errors["quantity"] = _("The number must be between 1 and 1000.")
    if category.uses_indicators:
        if not indicators:
            errors["indicators"] = _("Tick at least one indicator that you observed.")
        elif any(not i.is_active and i.pk not in kept_indicators for i in indicators):
            errors["indicators"] = _("Choose indicators from the checklist.")
    return errors


def kept_details(category, quantity, indicators):
    """The number and the checklist kept for the category; a category without them clears them,
    so a number typed before the category was changed is not counted in a summary."""
    return (quantity if category.asks_count else None, list(indicators) if category.uses_indicators else [])


def follow_up_error(visit, follow_up_date):
    if rules.is_before_visit_day(visit, follow_up_date):
        return _("The follow-up cannot be before the visit.")
    return None


def note_error(note):
    if len(note or "") > MAX_NOTE_LENGTH:
        return str(NOTE_TOO_LONG) % {"limit_value": MAX_NOTE_LENGTH}
    return None


def recording_errors(*, visit, agency, category, action, quantity, indicators, follow_up_date, note=""):
    """{field: message} for a new finding, every rule at once."""
    errors = {}
    if category is not None:
        _put(errors, "category", category_error(category, agency))
        errors.update(details_errors(category, quantity, indicators))
    _put(errors, "action", action_error(action, agency))
    _put(errors, "follow_up_date", follow_up_error(visit, follow_up_date))
    _put(errors, "note", note_error(note))
    return errors


def change_errors(*, finding, category, quantity, indicators, note=""):
    """{field: message} for a change of a recorded finding."""
    errors = {}
    current_indicators = {i.pk for i in finding.indicators.all()} if finding.pk else set()
    _put(errors, "category", category_error(category, finding.agency, current=finding.category))
    errors.update(details_errors(category, quantity, indicators, kept_indicators=current_indicators))
    _put(errors, "note", note_error(note))
    return errors


def _put(errors, field, message):
    if message:
        errors[field] = message


@transaction.atomic
def finding_record(
    *,
    visit,
    agency,
    by,
    category,
    action,
    note,
    quantity,
    indicators,
    follow_up_date,
    submission_key=None,
    request=None,
):
    """Record what `agency` found at `visit`, with the steps of its lifecycle the form already covers.

    A `submission_key` already used by the same person at the same visit returns the finding it
    recorded instead of a second one."""
    if not permissions.may_record_finding(by, visit, agency):
        raise PermissionDenied
    if submission_key is not None:
        earlier = _recorded_with(submission_key, visit=visit, agency=agency, by=by)
        if earlier is not None:
            return earlier
    refusal = recording_refusal(visit)
    if refusal:
        raise ValidationError(refusal, code="not_recordable")
    action = action or ActionKind.NONE
    note = (note or "").strip()
    errors = recording_errors(
        visit=visit,
        agency=agency,
        category=category,
        action=action,
        quantity=quantity,
        indicators=indicators,
        follow_up_date=follow_up_date,
        note=note,
    )
    if errors:
        raise ValidationError(errors)
    quantity, indicators = kept_details(category, quantity, indicators)
    finding = Finding(
        collaboration_id=visit.operation.collaboration_id,
        visit=visit,
        agency=agency,
        category=category,
        action=action,
        note=note,
        quantity=quantity,
        follow_up_date=follow_up_date,
        created_by=by,
        status=lifecycle.status_after_recording(action=action, follow_up_date=follow_up_date),
        submission_key=submission_key,
    )
    finding.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            finding.save()
    except IntegrityError:
        # The same form sent twice at once: the other request recorded it first.
        earlier = _recorded_with(submission_key, visit=visit, agency=agency, by=by) if submission_key else None
        if earlier is None:
            raise
        return earlier
    finding.indicators.set(indicators)
    _write_first_steps(finding, by)
    audit.record(AccessAction.CREATE, request=request, user=by, obj=finding)
    permissions.ensure_still_readable(by, finding)
    return finding


def _recorded_with(submission_key, *, visit, agency, by):
    """The finding recorded with this form before, or None. A key sent by someone else or for
    another visit is refused: it was not this person's form."""
    earlier = Finding.objects.filter(submission_key=submission_key).first()
    if earlier is None:
        return None
    if (earlier.visit_id, earlier.agency_id, earlier.created_by_id) != (visit.pk, agency.pk, by.pk):
        raise ValidationError(_("This form was already used. Open the form again."), code="used_form")
    return earlier


def _write_first_steps(finding, by):
    steps = lifecycle.steps_when_recorded(action=finding.action, follow_up_date=finding.follow_up_date)
    StatusChange.objects.bulk_create(
        StatusChange(
            finding=finding,
            from_status=from_status,
            to_status=to_status,
            # The action in force after each step: the one taken at the visit, for both steps.
            action=finding.action,
            follow_up_date=finding.follow_up_date if to_status == FindingStatus.FOLLOW_UP_DUE else None,
            changed_by=by,
            changed_at=finding.created_at,
        )
        for from_status, to_status in steps
    )


@transaction.atomic
def finding_update(*, finding, by, expected_version, category, note, quantity, indicators, request=None):
    """Change what was recorded, if nobody saved the finding since `expected_version` was read.

    Raises versioning.StaleFinding otherwise, and nothing is written. The lifecycle (status,
    action, follow-up) is changed by its own steps, never here.
    """
    if not permissions.may_change_finding(by, finding):
        raise PermissionDenied
    note = (note or "").strip()
    errors = change_errors(finding=finding, category=category, quantity=quantity, indicators=indicators, note=note)
    if errors:
        raise ValidationError(errors)
    quantity, indicators = kept_details(category, quantity, indicators)
    finding.category, finding.note, finding.quantity = category, note, quantity
    finding.full_clean(exclude=["version"])
    save_if_unchanged(finding, expected_version=expected_version, fields=["category", "note", "quantity"])
    # After the conditional UPDATE: a stale save has raised and the set below never runs.
    finding.indicators.set(indicators)
    audit.record(AccessAction.CHANGE, request=request, user=by, obj=finding)
    permissions.ensure_still_readable(by, finding)
    return finding
