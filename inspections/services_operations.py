"""Changes to operations and their visits. Keyword-only, one transaction each.

The rules live here and are checked again here even when a form checked them first: a
service can be called from a script, a task or a test without any form in front of it.
Permission to plan is checked by the callers (views fetch the operation through
agencies/permissions.py); operation_plan checks it itself, since there is no operation yet.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from agencies import permissions
from agencies.models import Membership, Role

from .dates import add_months
from .models import VISIT_ORDER, Operation, OperationStatus, Visit, VisitOutcome

# An operation is planned months ahead at most and recorded soon after; a date five years
# away is a typing error (2052 for 2025), not a plan.
MAX_YEARS_AWAY = 5
MAX_MINUTES_SPENT = 24 * 60
FIRST_VISIT_TIME = datetime.time(18, 0)  # LOS evenings start after office hours
MINUTES_PER_VISIT = 30
LAST_VISIT_TIME = datetime.time(23, 30)
UP, DOWN = "up", "down"


# --- Rules shared with the forms ---------------------------------------------------------


def _add(errors, field, message):
    errors.setdefault(field, []).append(message)


def operation_rule_errors(*, collaboration, start_date, end_date, agencies, inspectors, operation=None):
    """{field: [messages]} for an operation's dates, agencies and booked inspectors.

    When an existing `operation` is changed, only the agencies and inspectors it adds must
    belong to the collaboration now. Those it already has stay valid after an inspector's
    membership has ended or an agency has left the collaboration: they may be recorded at its
    visits, and the operation must remain possible to change.
    """
    errors = {}
    today = timezone.localdate()
    earliest, latest = add_months(today, -12 * MAX_YEARS_AWAY), add_months(today, 12 * MAX_YEARS_AWAY)
    for field, day in (("start_date", start_date), ("end_date", end_date)):
        if day and not earliest <= day <= latest:
            _add(errors, field, _("Enter a date within %(years)s years from today.") % {"years": MAX_YEARS_AWAY})
    if start_date and end_date and end_date < start_date:
        _add(errors, "end_date", _("The last day cannot be before the first day."))
    kept_agencies, kept_inspectors = _kept(operation)
    known = set(collaboration.agencies.values_list("pk", flat=True)) | kept_agencies
    outside = [a for a in agencies if a.pk not in known]
    if outside:
        names = ", ".join(sorted(a.name for a in outside))
        _add(errors, "agencies", _("Not an agency of this collaboration: %(names)s.") % {"names": names})
    if inspectors:
        _check_inspectors(errors, collaboration, inspectors, {a.pk for a in agencies}, kept_inspectors)
    return errors


def _kept(operation):
    """The pks of the agencies and the inspectors the operation has now (none for a new one)."""
    if operation is None or operation.pk is None:
        return set(), set()
    agencies = set(operation.agencies.values_list("pk", flat=True))
    return agencies, set(operation.inspectors.values_list("pk", flat=True))


def _check_inspectors(errors, collaboration, inspectors, agency_ids, kept):
    """Each inspector must be one of the collaboration and work for a participating agency.

    A newly booked inspector needs an active inspector membership; one already booked is
    judged by the memberships they had, active or not, and passes when none is left.
    """
    memberships = Membership.objects.filter(
        collaboration=collaboration, role=Role.INSPECTOR, user__in=[u.pk for u in inspectors]
    ).select_related("agency")
    active, any_state = {}, {}
    for membership in memberships:
        any_state.setdefault(membership.user_id, []).append(membership)
        if membership.is_active:
            active.setdefault(membership.user_id, []).append(membership)
    for user in inspectors:
        of_user = active.get(user.pk) or (any_state.get(user.pk) if user.pk in kept else None)
        if not of_user:
            if user.pk not in kept:
                message = _("%(person)s is not an inspector in this collaboration.") % {"person": user}
                _add(errors, "inspectors", message)
        elif not any(m.agency_id in agency_ids for m in of_user):
            agency = ", ".join(sorted(m.agency.name for m in of_user))
            _add(
                errors,
                "inspectors",
                _("%(person)s works for %(agency)s, which does not take part in the operation.")
                % {"person": user, "agency": agency},
            )


def outcome_rule_errors(*, operation, outcome, persons_checked, minutes_spent, inspectors, scheduled_at):
    """{field: [messages]} for a visit's recorded outcome."""
    errors = {}
    if outcome not in VisitOutcome.values:
        _add(errors, "outcome", _("Choose one of the outcomes."))
    happened = outcome in (VisitOutcome.CARRIED_OUT, VisitOutcome.CLOSED)
    if happened and scheduled_at and scheduled_at > timezone.now():
        _add(errors, "outcome", _("A visit whose time is still to come cannot be recorded as carried out or closed."))
    if persons_checked and outcome != VisitOutcome.CARRIED_OUT:
        _add(errors, "persons_checked", _("Persons can only have been checked at a visit that was carried out."))
    if minutes_spent is not None and not 0 <= minutes_spent <= MAX_MINUTES_SPENT:
        _add(errors, "minutes_spent", _("Enter between 0 and %(max)s minutes.") % {"max": MAX_MINUTES_SPENT})
    booked = set(operation.inspectors.values_list("pk", flat=True))
    strangers = [u for u in inspectors if u.pk not in booked]
    if strangers:
        names = ", ".join(sorted(str(u) for u in strangers))
        _add(errors, "inspectors", _("Not booked on this operation: %(names)s.") % {"names": names})
    if scheduled_at:
        for field, messages in _time_errors(operation, scheduled_at).items():
            errors.setdefault(field, []).extend(messages)
    return errors


def _time_errors(operation, scheduled_at):
    """The model's own rule on a visit's time (inside the operation's days), as {field: [messages]},
    so a form shows it at the time field together with the other rules' messages."""
    try:
        Visit(operation=operation, scheduled_at=scheduled_at).clean()
    except ValidationError as exc:
        return exc.message_dict
    return {}


def _raise(errors):
    if errors:
        raise ValidationError(errors)


def _full_clean(obj, errors):
    """The model's own checks together with the rules' errors, all reported at once.

    When a rule already failed, the table constraints are left to the database: the rule
    says the same at the right field ("the last day cannot be before the first day").
    """
    try:
        obj.full_clean(validate_constraints=not errors)
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    _raise(errors)


# --- Operations --------------------------------------------------------------------------


@transaction.atomic
def operation_plan(*, collaboration, by, name, kind, start_date, end_date, agencies, inspectors, notes=""):
    """Create a planned operation with its participating agencies and booked inspectors."""
    if not permissions.may_plan(by, collaboration.pk):
        raise PermissionDenied
    agencies, inspectors = list(agencies), list(inspectors)
    operation = Operation(
        collaboration=collaboration, name=name, kind=kind, start_date=start_date, end_date=end_date, notes=notes
    )
    errors = operation_rule_errors(
        collaboration=collaboration,
        start_date=start_date,
        end_date=end_date,
        agencies=agencies,
        inspectors=inspectors,
    )
    _full_clean(operation, errors)
    operation.save()
    operation.agencies.set(agencies)
    operation.inspectors.set(inspectors)
    return operation


@transaction.atomic
def operation_update(*, operation, name, kind, start_date, end_date, agencies, inspectors, notes=""):
    """Change an operation's details; visits must stay inside its dates and nothing recorded may lose its ground."""
    operation = Operation.objects.select_for_update().get(pk=operation.pk)
    agencies, inspectors = list(agencies), list(inspectors)
    operation.name, operation.kind, operation.notes = name, kind, notes
    operation.start_date, operation.end_date = start_date, end_date
    errors = operation_rule_errors(
        collaboration=operation.collaboration,
        start_date=start_date,
        end_date=end_date,
        agencies=agencies,
        inspectors=inspectors,
        operation=operation,
    )
    _check_what_is_recorded(operation, agencies, inspectors, errors)
    _full_clean(operation, errors)
    operation.save()
    operation.agencies.set(agencies)
    operation.inspectors.set(inspectors)
    return operation


def _check_what_is_recorded(operation, agencies, inspectors, errors):
    # Only meaningful for a valid span; a last day before the first is reported on its own.
    dates_valid = operation.start_date <= operation.end_date
    times = operation.visits.values_list("scheduled_at", flat=True) if dates_valid else []
    outside = sum(1 for at in times if not operation.covers(timezone.localdate(at)))
    if outside:
        _add(
            errors,
            "start_date",
            ngettext(
                "%(count)s visit would fall outside the new dates; move or remove it first.",
                "%(count)s visits would fall outside the new dates; move or remove them first.",
                outside,
            )
            % {"count": outside},
        )
    kept_agencies = [a.pk for a in agencies]
    with_findings = (
        operation.agencies.exclude(pk__in=kept_agencies)
        .filter(findings__visit__operation=operation)
        .distinct()
        .values_list("name", flat=True)
    )
    if with_findings:
        names = ", ".join(sorted(with_findings))
        _add(errors, "agencies", _("Findings are recorded for %(names)s; the agency stays.") % {"names": names})
    kept_inspectors = [u.pk for u in inspectors]
    present = operation.inspectors.exclude(pk__in=kept_inspectors).filter(visits__operation=operation).distinct()
    if present:
        names = ", ".join(sorted(str(u) for u in present))
        _add(errors, "inspectors", _("Recorded as present at a visit: %(names)s.") % {"names": names})


def may_mark_carried_out(operation, *, today=None):
    """An operation may be marked carried out once its first day has come."""
    return operation.start_date <= (today or timezone.localdate())


@transaction.atomic
def operation_set_status(*, operation, status):
    """Mark an operation carried out (once it has started), cancelled (any time) or planned again."""
    operation = Operation.objects.select_for_update().get(pk=operation.pk)
    if status not in OperationStatus.values:
        raise ValidationError({"status": _("Choose one of the statuses.")})
    if status == OperationStatus.DONE and not may_mark_carried_out(operation):
        raise ValidationError({"status": _("An operation that has not started yet cannot be marked as carried out.")})
    operation.status = status
    operation.full_clean()
    operation.save(update_fields=["status"])
    return operation


# --- Visits ------------------------------------------------------------------------------


def _lock(operation):
    """Lock the operation's row: changes to its list of visits then happen one at a time."""
    return Operation.objects.select_for_update().get(pk=operation.pk)


def _ordered(operation):
    return list(operation.visits.order_by(*VISIT_ORDER))


def _renumber(visits):
    changed = []
    for position, visit in enumerate(visits, start=1):
        if visit.position != position:
            visit.position = position
            changed.append(visit)
    Visit.objects.bulk_update(changed, ["position"])


def default_visit_time(operation, visits_so_far):
    """18:00 on the first day, half an hour per visit already planned, never past the last evening."""
    first = timezone.make_aware(datetime.datetime.combine(operation.start_date, FIRST_VISIT_TIME))
    last = timezone.make_aware(datetime.datetime.combine(operation.end_date, LAST_VISIT_TIME))
    return min(first + datetime.timedelta(minutes=MINUTES_PER_VISIT * visits_so_far), last)


@transaction.atomic
def visit_add(*, operation, premises, scheduled_at=None):
    """Put a premises last on the operation's list."""
    operation = _lock(operation)
    if premises.collaboration_id != operation.collaboration_id:
        raise ValidationError({"premises": _("The premises belong to another collaboration.")})
    if operation.status == OperationStatus.CANCELLED:
        raise ValidationError({"premises": _("The operation is cancelled; reopen it to add visits.")})
    if operation.visits.filter(premises=premises).exists():
        raise ValidationError({"premises": _("%(premises)s is already on this operation.") % {"premises": premises}})
    existing = operation.visits.aggregate(last=Max("position"), count=Count("pk"))
    visit = Visit(
        operation=operation,
        premises=premises,
        scheduled_at=scheduled_at or default_visit_time(operation, existing["count"]),
        position=(existing["last"] or 0) + 1,
    )
    visit.full_clean()
    visit.save()
    return visit


@transaction.atomic
def visit_move(*, visit, direction):
    """Swap the visit with its neighbour in the order and number the list 1..n.

    The time slots stay in order: two planned visits swap their times too, so the list
    still reads from the first time to the last. A visit already recorded keeps its time.
    """
    if direction not in (UP, DOWN):
        raise ValidationError({"direction": _("Move a visit up or down.")})
    operation = _lock(visit.operation)
    visits = _ordered(operation)
    index = next((i for i, v in enumerate(visits) if v.pk == visit.pk), None)
    if index is None:
        raise ValidationError(_("The visit is no longer on this operation."))
    other = index - 1 if direction == UP else index + 1
    if 0 <= other < len(visits):
        moved, neighbour = visits[index], visits[other]
        if moved.outcome == neighbour.outcome == VisitOutcome.PLANNED:
            moved.scheduled_at, neighbour.scheduled_at = neighbour.scheduled_at, moved.scheduled_at
            Visit.objects.bulk_update([moved, neighbour], ["scheduled_at"])
        visits[index], visits[other] = neighbour, moved
    _renumber(visits)
    return visits


@transaction.atomic
def visit_remove(*, visit):
    """Take a planned visit without findings off the list; the rest are numbered 1..n again."""
    operation = _lock(visit.operation)
    visit = Visit.objects.get(pk=visit.pk)
    if visit.outcome != VisitOutcome.PLANNED:
        raise ValidationError(_("Only a planned visit can be removed; this one has an outcome recorded."))
    if visit.findings.exists():
        raise ValidationError(_("Findings are recorded at this visit, so it cannot be removed."))
    visit.delete()
    _renumber(_ordered(operation))


@transaction.atomic
def visit_record_outcome(*, visit, outcome, persons_checked, minutes_spent, inspectors, scheduled_at):
    """Record how the visit went: outcome, persons checked, time spent and who was there."""
    operation = _lock(visit.operation)
    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    inspectors = list(inspectors)
    _raise(
        outcome_rule_errors(
            operation=operation,
            outcome=outcome,
            persons_checked=persons_checked,
            minutes_spent=minutes_spent,
            inspectors=inspectors,
            scheduled_at=scheduled_at,
        )
    )
    visit.operation = operation
    visit.outcome = outcome
    visit.persons_checked = persons_checked
    visit.minutes_spent = minutes_spent
    visit.scheduled_at = scheduled_at
    visit.full_clean()
    visit.save()
    visit.inspectors.set(inspectors)
    return visit
