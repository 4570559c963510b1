from datetime import date, timedelta

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from agencies import permissions
from agencies.models import Membership, Role
from findings.models import Finding, FindingStatus, PaymentEntry, PaymentKind, Referral, ReferralStatus
from findings.selectors import money_totals
from inspections.models import Operation, Premises, Visit
from inspections.selectors import premises_counts, upcoming_operations, visit_totals

from .health import health_report


@require_GET
@never_cache
def healthz(request):
    ok, report = health_report()
    return JsonResponse({"status": "ok" if ok else "unavailable", **report}, status=200 if ok else 503)


def current_half_year(today):
    if today.month <= 6:
        return date(today.year, 1, 1), date(today.year, 6, 30)
    return date(today.year, 7, 1), date(today.year, 12, 31)


def previous_half_year(today):
    start, _end = current_half_year(today)
    return current_half_year(start - timedelta(days=1))


def _half_year_figures(collaboration, start, end):
    """Aggregates only: no premises, business or person is named."""
    visits = Visit.objects.filter(operation__collaboration=collaboration)
    entries = PaymentEntry.objects.filter(
        finding__collaboration=collaboration,
        finding__visit__scheduled_at__date__gte=start,
        finding__visit__scheduled_at__date__lte=end,
    )
    totals = money_totals(entries)
    return {
        "start": start,
        "end": end,
        "visits": visit_totals(visits, start=start, end=end),
        "wrongly_paid": totals[PaymentKind.WRONGLY_PAID],
        "stopped": totals[PaymentKind.STOPPED],
    }


def _panel(membership, user):
    """What the start page shows for one of the user's roles, scoped to that membership."""
    collaboration = membership.collaboration
    panel = {"membership": membership}
    if membership.role == Role.COORDINATOR:
        panel["premises"] = premises_counts(Premises.objects.filter(collaboration=collaboration))
        panel["operations"] = upcoming_operations(Operation.objects.filter(collaboration=collaboration))
    elif membership.role in (Role.INSPECTOR, Role.AGENCY_ADMIN):
        mine = Operation.objects.filter(collaboration=collaboration, agencies=membership.agency)
        panel["operations"] = upcoming_operations(mine)
        panel["overdue"] = _overdue_follow_ups(membership, user)
        received = permissions.referrals_received_by(Referral.objects.all(), user)
        panel["referrals_open"] = received.filter(
            collaboration=collaboration, to_agency=membership.agency, status=ReferralStatus.OPEN
        ).count()
        if membership.role == Role.AGENCY_ADMIN:
            panel["colleagues"] = (
                Membership.objects.filter(collaboration=collaboration, agency=membership.agency, is_active=True)
                .select_related("user")
                .order_by("user__last_name", "user__first_name")
            )
    elif membership.role == Role.PRESS_OFFICER:
        today = timezone.localdate()
        panel["periods"] = [
            _half_year_figures(collaboration, *current_half_year(today)),
            _half_year_figures(collaboration, *previous_half_year(today)),
        ]
    return panel


def _overdue_follow_ups(membership, user):
    """How many of the agency's follow-ups in this collaboration are past their date."""
    owned = permissions.findings_owned_by(Finding.objects.all(), user)
    return owned.filter(
        collaboration=membership.collaboration,
        agency=membership.agency,
        status=FindingStatus.FOLLOW_UP_DUE,
        follow_up_date__lt=timezone.localdate(),
    ).count()


@login_required
@require_GET
def home(request):
    memberships = list(permissions.active_memberships(request.user))
    return render(request, "home.html", {"panels": [_panel(m, request.user) for m in memberships]})
