"""The finding's lifecycle: change its status, its history on the detail page, and the list of
follow-ups that are due for the agency's inspectors and admin."""

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from agencies import audit, permissions
from agencies.models import AccessAction
from findings import lifecycle, selectors_lifecycle, services_lifecycle
from findings.forms_lifecycle import TransitionForm
from findings.models import FindingStatus
from findings.versioning import StaleFinding
from inspections.views._forms import add_service_errors, messages_of, posted

from ._common import conflict_form, finding_for_change

PAGE_SIZE = 50

GROUP_TITLES = {
    "overdue": gettext_lazy("Overdue"),
    "soon": gettext_lazy("Due within 30 days"),
    "later": gettext_lazy("Due later"),
}


def _initial(request, eligible_visits):
    """?besok=<visit> preselects the visit the inspector came from, if it is one to choose."""
    wanted = request.GET.get("besok", "")
    if wanted.isascii() and wanted.isdigit() and eligible_visits.filter(pk=int(wanted)).exists():
        return {"follow_up_visit": int(wanted)}
    return {}


def _transition(request, finding, form):
    data = form.cleaned_data
    return services_lifecycle.finding_transition(
        finding=finding,
        by=request.user,
        expected_version=data["version"],
        to_status=data["to_status"],
        action=data["action"] or None,
        follow_up_date=data["follow_up_date"],
        follow_up_visit=data["follow_up_visit"],
        request=request,
    )


def _form_for(request):
    return lambda data, finding: TransitionForm(data, finding=finding, user=request.user)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def finding_transition(request, pk):
    """The owning agency's inspector moves the finding to its next status."""
    finding = finding_for_change(request, pk)
    form = TransitionForm(posted(request), finding=finding, user=request.user)
    if request.method != "POST":
        form.initial.update(_initial(request, form.fields["follow_up_visit"].queryset))
        # The page shows the finding's action and follow-up: a read of its details.
        audit.record(AccessAction.VIEW, request=request, obj=finding)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                _transition(request, finding, form)
            except StaleFinding:
                finding, form = conflict_form(request, pk, _form_for(request))
                status = 409
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                label = FindingStatus(finding.status).label
                messages.success(request, _("The finding's status is now: %(status)s.") % {"status": label})
                return redirect("finding_detail", pk=finding.pk)
    context = {
        "finding": finding,
        "form": form,
        "error_messages": messages_of(form.errors) if form.is_bound else [],
        "overdue": lifecycle.is_overdue(finding, timezone.localdate()),
    }
    return render(request, "findings/finding_transition.html", context, status=status)


@dataclass
class LifecycleSection:
    history: list
    may_change: bool
    is_due: bool
    overdue: bool
    days_overdue: int = 0


def detail_context(request, finding):
    """What the finding's detail page shows of its lifecycle: the history, the due date, and a
    link to change the status for those who may. Two queries, however long the history."""
    today = timezone.localdate()
    is_due = finding.status == FindingStatus.FOLLOW_UP_DUE and finding.follow_up_date is not None
    section = LifecycleSection(
        history=selectors_lifecycle.status_history(finding, request.user),
        may_change=permissions.may_change_finding(request.user, finding),
        is_due=is_due,
        overdue=is_due and lifecycle.is_overdue(finding, today),
        days_overdue=lifecycle.days_overdue(finding.follow_up_date, today) if is_due else 0,
    )
    return {"lifecycle": section}


@dataclass
class DueGroup:
    key: str
    title: str
    rows: list = field(default_factory=list)


def _groups(findings, user, today):
    groups = []
    for finding in selectors_lifecycle.with_overdue(findings, today):
        finding.may_change = permissions.may_change_finding(user, finding)
        key = lifecycle.due_group(finding.follow_up_date, today)
        if not groups or groups[-1].key != key:
            groups.append(DueGroup(key=key, title=GROUP_TITLES[key]))
        groups[-1].rows.append(finding)
    return groups


@login_required
@require_GET
def follow_ups(request):
    """Due follow-ups of the user's agencies: overdue first, oldest first."""
    if not permissions.access_of(request.user).collaboration_ids(permissions.FINDING_OWNER_ROLES):
        raise Http404
    today = timezone.localdate()
    findings = selectors_lifecycle.follow_ups_of(request.user)
    page = Paginator(findings, PAGE_SIZE).get_page(request.GET.get("sida"))
    context = {
        "page": page,
        "groups": _groups(page.object_list, request.user, today),
        "overdue_count": selectors_lifecycle.overdue_count(request.user, today),
        "today": today,
    }
    return render(request, "findings/follow_ups.html", context)
