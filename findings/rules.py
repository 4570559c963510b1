"""Rules that more than one part of a finding's life checks: the day of the visit, whether a
visit took place, and the actions an agency kind can take. Each is written once, here, so the
recording form, the status form and the money ledger cannot drift apart."""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inspections.models import OperationStatus, VisitOutcome

from .models import ActionKind, ActionOption

ACTION_NOT_OFFERED = _("Choose one of the actions your agency can take.")


# --- The visit ---------------------------------------------------------------------------


def visit_day(visit):
    """The day of the visit in Sweden, where it happens: 00:30 on 11 March is 11 March here."""
    return timezone.localdate(visit.scheduled_at)


def is_before_visit_day(visit, day):
    """True for a day before the visit's: what was found cannot be followed up or decided on
    before it was found."""
    return day is not None and day < visit_day(visit)


def visit_is_cancelled(visit):
    """A visit is off when it was cancelled or its whole operation was."""
    return visit.outcome == VisitOutcome.CANCELLED or visit.operation.status == OperationStatus.CANCELLED


def visit_has_taken_place(visit, now=None):
    """The visit's time has come and it was not called off."""
    return visit.scheduled_at <= (now or timezone.now()) and not visit_is_cancelled(visit)


def visits_taken_place(visits, now=None):
    """The visits of the queryset that have taken place: the same rule, for the database."""
    cancelled = Q(outcome=VisitOutcome.CANCELLED) | Q(operation__status=OperationStatus.CANCELLED)
    return visits.filter(scheduled_at__lte=now or timezone.now()).exclude(cancelled)


# --- The agency's actions ----------------------------------------------------------------


def actions_offered(agency_kind):
    """(value, label) of the actions the agency kind can take, in the catalogue's order."""
    options = ActionOption.objects.filter(agency_kind=agency_kind, is_active=True)
    labels = dict(ActionKind.choices)
    return [(action, labels[action]) for action in options.values_list("action", flat=True) if action in labels]


def action_offered(agency_kind, action):
    """True when the agency kind's catalogue holds `action` and it is in use."""
    return ActionOption.objects.filter(agency_kind=agency_kind, action=action, is_active=True).exists()
