"""Reads for the operation screens. Every list starts from what agencies/permissions.py allows;
the number of queries does not grow with the number of rows."""

from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Prefetch, Q, Value, When
from django.utils import timezone

from agencies import permissions
from agencies.models import Agency, Membership, Role

from .models import VISIT_ORDER, Operation, Premises, Visit, VisitOutcome
from .selectors_premises import search_premises

SEARCH_LIMIT = 25


def operations_for_list(user, *, status=""):
    """Operations the user may see: upcoming (soonest first), then past (latest first)."""
    today = timezone.localdate()
    operations = permissions.operations_visible_to(Operation.objects.all(), user)
    if status:
        operations = operations.filter(status=status)
    upcoming = Q(end_date__gte=today)
    return (
        operations.annotate(
            visit_count=Count("visits", distinct=True),
            is_past=Case(When(upcoming, then=Value(0)), default=Value(1), output_field=IntegerField()),
            upcoming_start=Case(When(upcoming, then=F("start_date"))),
            past_start=Case(When(~upcoming, then=F("start_date"))),
        )
        .select_related("collaboration")
        .prefetch_related(Prefetch("agencies", queryset=Agency.objects.order_by("name")))
        .order_by(
            "is_past",
            F("upcoming_start").asc(nulls_last=True),
            F("past_start").desc(nulls_last=True),
            "name",
            "pk",
        )
    )


def operation_visits(operation):
    """The operation's visits in their order, with what the plan shows and whether each may be removed."""
    has_findings = Visit.objects.filter(pk=OuterRef("pk"), findings__isnull=False)
    return (
        operation.visits.select_related("premises").annotate(has_findings=Exists(has_findings)).order_by(*VISIT_ORDER)
    )


def is_removable(visit):
    return visit.outcome == VisitOutcome.PLANNED and not visit.has_findings


def booked_inspectors(operation):
    """[(user, agency names)] of the operation's booked inspectors, by name."""
    users = list(operation.inspectors.order_by("last_name", "first_name", "username"))
    agencies = {}
    memberships = Membership.objects.filter(
        collaboration_id=operation.collaboration_id, user__in=[u.pk for u in users], role=Role.INSPECTOR
    ).select_related("agency")
    for membership in memberships:
        agencies.setdefault(membership.user_id, []).append(membership.agency.name)
    return [(user, ", ".join(sorted(agencies.get(user.pk, [])))) for user in users]


def premises_not_on(operation):
    """Premises of the operation's collaboration that are not on it yet: what may be added."""
    return Premises.objects.filter(collaboration_id=operation.collaboration_id).exclude(visits__operation=operation)


def premises_matching(operation, search):
    """Premises that may be added to the operation and match the search (see search_premises)."""
    premises = search_premises(premises_not_on(operation), search)
    return premises.select_related("business").order_by("name", "pk")[:SEARCH_LIMIT]
