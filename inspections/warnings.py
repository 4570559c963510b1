"""What a coordinator should check before an operation. Warnings inform; they never block.

Three checks, each one query whatever the number of visits or inspectors:
(a) a booked inspector is also booked on another operation on overlapping days;
(b) a premises on the list was visited in another operation shortly before this one;
(c) no participating agency has a mandate at a premises' type (see agency_reach).

Another collaboration's operation is never named: its existence on those days is all a
coordinator needs to call the inspector, and its name belongs to that collaboration.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from .agency_reach import agencies_able_to_act
from .dates import start_of_day
from .models import VISIT_ORDER, Operation, OperationStatus, Visit, VisitOutcome

# Visiting the same place again within about a quarter is usually wasted effort (nothing has
# had time to change) and may look like harassment; the coordinator decides.
RECENT_VISIT_DAYS = 90

DOUBLE_BOOKING = "double_booking"
RECENT_VISIT = "recent_visit"
NO_AGENCY = "no_agency"


@dataclass(frozen=True)
class PlanningWarning:
    kind: str
    message: str
    visit: Visit | None = None
    premises: object = None
    inspector: object = None


def operation_warnings(operation, *, recent_days=RECENT_VISIT_DAYS):
    """Every warning for the operation's plan, visits in their order; a constant number of queries."""
    visits = list(operation.visits.select_related("premises").order_by(*VISIT_ORDER))
    return [
        *_double_bookings(operation),
        *_recent_visits(operation, visits, recent_days),
        *_uncovered_premises(operation, visits),
    ]


def _double_bookings(operation):
    if operation.status == OperationStatus.CANCELLED:
        return []
    booking = Operation.inspectors.through
    booked_here = booking.objects.filter(operation_id=operation.pk).values("user_id")
    clashes = (
        booking.objects.filter(
            user_id__in=booked_here,
            operation__start_date__lte=operation.end_date,
            operation__end_date__gte=operation.start_date,
        )
        .exclude(operation_id=operation.pk)
        .exclude(operation__status=OperationStatus.CANCELLED)
        .select_related("user", "operation")
        .order_by("user__last_name", "user__first_name", "operation__start_date", "operation_id")
    )
    warnings = []
    for clash in clashes:
        other = clash.operation
        if other.collaboration_id == operation.collaboration_id:
            message = _("%(person)s is also booked on “%(operation)s” (%(dates)s).") % {
                "person": clash.user,
                "operation": other.name,
                "dates": _dates(other),
            }
        else:
            message = _("%(person)s is also booked on another collaboration's operation on the same days.") % {
                "person": clash.user
            }
        warnings.append(PlanningWarning(kind=DOUBLE_BOOKING, message=message, inspector=clash.user))
    return warnings


def _dates(operation):
    if operation.end_date == operation.start_date:
        return operation.start_date.isoformat()
    return f"{operation.start_date.isoformat()} – {operation.end_date.isoformat()}"


def _recent_visits(operation, visits, recent_days):
    if not visits:
        return []
    since = start_of_day(operation.start_date - datetime.timedelta(days=recent_days))
    earlier = (
        Visit.objects.filter(
            premises_id__in=[v.premises_id for v in visits],
            outcome=VisitOutcome.CARRIED_OUT,
            scheduled_at__gte=since,
            scheduled_at__lt=start_of_day(operation.start_date),
        )
        .exclude(operation_id=operation.pk)
        .order_by("premises_id", "-scheduled_at")
        .values("premises_id", "scheduled_at", "operation__name")
    )
    latest = {}
    for row in earlier:
        latest.setdefault(row["premises_id"], row)
    warnings = []
    for visit in visits:
        row = latest.get(visit.premises_id)
        if row is None:
            continue
        message = _(
            "%(premises)s was visited on %(date)s in “%(operation)s”, less than %(days)s days before this operation."
        ) % {
            "premises": visit.premises.name,
            "date": timezone.localdate(row["scheduled_at"]).isoformat(),
            "operation": row["operation__name"],
            "days": recent_days,
        }
        warnings.append(PlanningWarning(kind=RECENT_VISIT, message=message, visit=visit, premises=visit.premises))
    return warnings


def _uncovered_premises(operation, visits):
    if not visits:
        return []
    kinds = set(operation.agencies.values_list("kind", flat=True))
    warnings = []
    for visit in visits:
        premises = visit.premises
        if kinds & agencies_able_to_act(premises.premises_type):
            continue
        message = _("No participating agency can act at %(premises)s (%(type)s).") % {
            "premises": premises.name,
            "type": premises.get_premises_type_display().lower(),
        }
        warnings.append(PlanningWarning(kind=NO_AGENCY, message=message, visit=visit, premises=premises))
    return warnings


def warnings_for_premises(warnings, premises):
    """The warnings about one premises, e.g. to tell the coordinator right after adding it."""
    return [w for w in warnings if w.premises is not None and w.premises.pk == premises.pk]
