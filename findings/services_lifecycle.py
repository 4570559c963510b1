"""Steps of a finding's lifecycle. The rules of which step may follow which live in
findings.lifecycle; this module checks a step's needs, saves it and keeps its history."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from agencies import audit, permissions
from agencies.models import AccessAction
from inspections.models import Visit

from . import lifecycle, rules
from .models import FindingStatus, StatusChange
from .versioning import StaleFinding, save_if_unchanged


def _status_label(status):
    return str(FindingStatus(status).label).lower()


def _check_action(finding, action, errors):
    if action and not rules.action_offered(finding.agency.kind, action):
        errors["action"] = str(rules.ACTION_NOT_OFFERED)


def _check_follow_up_date(finding, follow_up_date, errors):
    if follow_up_date is None:
        errors["follow_up_date"] = _("Enter the date of the follow-up.")
    elif rules.is_before_visit_day(finding.visit, follow_up_date):
        errors["follow_up_date"] = _("The follow-up cannot be before the visit.")


def _check_follow_up_visit(finding, by, visit, errors):
    # Visibility first: a visit the user may not see gets no more specific answer.
    if not permissions.visits_visible_to(Visit.objects.filter(pk=visit.pk), by).exists():
        errors["follow_up_visit"] = _("Choose one of the later visits to the premises.")
    elif visit.premises_id != finding.visit.premises_id:
        errors["follow_up_visit"] = _("The follow-up visit must be to the same premises.")
    elif visit.scheduled_at <= finding.visit.scheduled_at:
        errors["follow_up_visit"] = _("The follow-up visit must come after the visit of the finding.")
    elif rules.visit_is_cancelled(visit):
        errors["follow_up_visit"] = _("That visit was cancelled, so nothing was followed up at it.")
    elif not rules.visit_has_taken_place(visit):
        errors["follow_up_visit"] = _("That visit has not taken place yet.")
    elif not visit.operation.agencies.filter(pk=finding.agency_id).exists():
        errors["follow_up_visit"] = _("Your agency did not take part in that visit's operation.")


def _check_step(finding, by, to_status, action, follow_up_date, follow_up_visit):
    """Every reason the step cannot be taken, by field."""
    if not lifecycle.may_follow(finding.status, to_status):
        message = _("A finding that is %(current)s cannot become %(new)s.") % {
            "current": _status_label(finding.status),
            "new": _status_label(to_status),
        }
        return {"to_status": message}
    errors = {}
    if to_status in lifecycle.NEEDS_ACTION and not action:
        errors["action"] = _("Choose the action your agency took.")
    _check_action(finding, action, errors)
    if to_status in lifecycle.NEEDS_FOLLOW_UP_DATE:
        _check_follow_up_date(finding, follow_up_date, errors)
    if follow_up_visit is not None:
        if to_status not in lifecycle.FOLLOW_UP_OUTCOMES:
            errors["follow_up_visit"] = _(
                "A follow-up visit goes with the outcome of a follow-up: corrected, not corrected or escalated."
            )
        else:
            _check_follow_up_visit(finding, by, follow_up_visit, errors)
    return errors


@transaction.atomic
def finding_transition(
    *,
    finding,
    by,
    expected_version,
    to_status,
    action=None,
    follow_up_date=None,
    follow_up_visit=None,
    request=None,
):
    """Move the finding one step along its lifecycle and record the step in its history.

    Raises PermissionDenied for anyone but the owning agency's inspectors, ValidationError by
    field for a step the lifecycle or its needs refuse, StaleFinding if someone saved first.
    """
    if not permissions.may_change_finding(by, finding):
        raise PermissionDenied
    if finding.version != expected_version:
        raise StaleFinding()
    errors = _check_step(finding, by, to_status, action, follow_up_date, follow_up_visit)
    if errors:
        raise ValidationError(errors)
    from_status = finding.status
    before = (finding.status, finding.action, finding.follow_up_date, finding.updated_at)
    finding.status = to_status
    if action:
        finding.action = action
    if to_status in lifecycle.NEEDS_FOLLOW_UP_DATE:
        finding.follow_up_date = follow_up_date
    try:
        save_if_unchanged(finding, expected_version=expected_version, fields=["status", "action", "follow_up_date"])
    except StaleFinding:
        # The caller still holds this object: it must show the finding as it was, not our step.
        finding.status, finding.action, finding.follow_up_date, finding.updated_at = before
        raise
    change = StatusChange.objects.create(
        finding=finding,
        from_status=from_status,
        to_status=to_status,
        # The action in force after the step, so the way from advice to an injunction is kept.
        action=finding.action,
        follow_up_date=follow_up_date if to_status in lifecycle.NEEDS_FOLLOW_UP_DATE else None,
        visit=follow_up_visit,
        changed_by=by,
    )
    permissions.ensure_still_readable(by, finding)
    audit.record(AccessAction.CHANGE, request=request, user=by, obj=finding)
    return change
