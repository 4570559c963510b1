from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from agencies import permissions
from agencies.models import Membership, Role
from findings.models import Finding, FindingStatus, Referral, ReferralStatus
from inspections.models import Operation, Premises
from inspections.selectors import premises_counts, upcoming_operations

from .health import health_report


@require_GET
@never_cache
def healthz(request):
    ok, report = health_report()
    return JsonResponse({"status": "ok" if ok else "unavailable", **report}, status=200 if ok else 503)


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
