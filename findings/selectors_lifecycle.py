"""Reads of the finding lifecycle: what may come next, the follow-ups that are due, the history."""

from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from agencies import permissions
from inspections.models import Operation, Visit

from . import lifecycle, rules
from .models import Finding, FindingStatus, StatusChange


def follow_up_visits_for(finding, user):
    """Later visits at the finding's premises that have taken place, of operations its agency
    took part in, that the user may see: where its follow-up can have been made."""
    visits = Visit.objects.filter(
        premises_id=finding.visit.premises_id,
        scheduled_at__gt=finding.visit.scheduled_at,
        operation__agencies=finding.agency_id,
    )
    visits = rules.visits_taken_place(visits)
    return permissions.visits_visible_to(visits, user).select_related("operation").order_by("scheduled_at", "pk")


def with_overdue(findings, today):
    """The findings as a list, each with `days_overdue` and `is_overdue` by lifecycle's rule."""
    rows = list(findings)
    for finding in rows:
        finding.days_overdue = lifecycle.days_overdue(finding.follow_up_date, today)
        finding.is_overdue = lifecycle.is_overdue(finding, today)
    return rows


def follow_ups_of(user):
    """Due follow-ups of the agencies the user works for, the earliest date first: the overdue
    ones (oldest first) lead, then those due soon, then later ones."""
    due = Finding.objects.filter(status=FindingStatus.FOLLOW_UP_DUE)
    findings = permissions.findings_owned_by(due, user).select_related("agency", "category", "visit__premises")
    return findings.order_by(F("follow_up_date").asc(nulls_last=True), "pk")


def overdue_count(user, today=None):
    today = today or timezone.localdate()
    overdue = Finding.objects.filter(lifecycle.overdue_condition(today))
    return permissions.findings_owned_by(overdue, user).count()


def follow_ups_due_at(visit, agency, today=None):
    """The agency's findings at the visit's premises whose follow-up is due, made at earlier
    visits: what the inspector can follow up while there. Nothing before the visit has taken
    place: a follow-up is recorded at a visit that was made."""
    if not rules.visit_has_taken_place(visit):
        return []
    findings = (
        Finding.objects.filter(
            agency=agency,
            status=FindingStatus.FOLLOW_UP_DUE,
            visit__premises_id=visit.premises_id,
            visit__scheduled_at__lt=visit.scheduled_at,
        )
        .exclude(visit_id=visit.pk)
        .select_related("agency", "category", "visit__operation", "visit__premises")
        .order_by(F("follow_up_date").asc(nulls_last=True), "pk")
    )
    return with_overdue(findings, today or timezone.localdate())


def follow_ups_made_at(visit, user):
    """The follow-ups recorded at this visit, of findings the user may read, oldest first: the
    visit's side of the link between a finding and the later visit where it was followed up.
    One query, however many."""
    readable = permissions.findings_visible_to(Finding.objects.all(), user)
    return (
        StatusChange.objects.filter(visit=visit, finding__in=readable)
        .select_related("finding__agency", "finding__category", "finding__visit", "changed_by")
        .order_by("changed_at", "pk")
    )


def status_history(finding, user):
    """The finding's steps, oldest first. A step made at a follow-up visit carries `visit_url`:
    the visit's page for an inspector who records there, else its operation's page when the user
    may see it, else nothing. At most three queries, however long the history."""
    changes = list(finding.status_changes.select_related("visit__operation", "changed_by"))
    visits = {change.visit for change in changes if change.visit_id}
    workable, visible = set(), set()
    if visits:
        visit_ids = sorted(visit.pk for visit in visits)
        workable = set(
            permissions.visits_for_inspector(Visit.objects.filter(pk__in=visit_ids), user).values_list("pk", flat=True)
        )
        operations = Operation.objects.filter(pk__in=sorted({visit.operation_id for visit in visits}))
        visible = set(permissions.operations_visible_to(operations, user).values_list("pk", flat=True))
    for change in changes:
        change.visit_url = None
        if change.visit_id in workable:
            change.visit_url = reverse("visit_work", args=[change.visit_id])
        elif change.visit_id and change.visit.operation_id in visible:
            change.visit_url = reverse("operation_detail", args=[change.visit.operation_id])
    return changes
