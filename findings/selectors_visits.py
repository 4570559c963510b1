"""Reads for the inspector's visits: "My visits" and the visit workspace. Every read starts
from what agencies/permissions.py allows."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from agencies import permissions
from inspections.models import Visit

from .models import Finding


def inspector_visits(user):
    """Visits of operations the user's agency took part in, with what a row shows and how many
    findings the user's agency recorded at each, counted in the same query."""
    visits = permissions.visits_for_inspector(Visit.objects.all(), user)
    recorded = permissions.findings_owned_by(
        Finding.objects.filter(visit=OuterRef("pk")), user, permissions.FINDING_WRITER_ROLES
    )
    count = recorded.order_by().values("visit").annotate(n=Count("pk")).values("n")
    return visits.select_related("premises", "operation").annotate(own_findings=Coalesce(Subquery(count), 0))


@dataclass(frozen=True)
class VisitGroups:
    today: object
    coming: object
    earlier: object


def my_visits(user, *, today=None):
    """Today's visits in route order, then the coming ones soonest first, then the earlier ones
    latest first. Days are the local days of Sweden, where the visits happen."""
    today = today or timezone.localdate()
    start = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    end = timezone.make_aware(datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time.min))
    visits = inspector_visits(user)
    return VisitGroups(
        today=visits.filter(scheduled_at__gte=start, scheduled_at__lt=end).order_by("scheduled_at", "position", "pk"),
        coming=visits.filter(scheduled_at__gte=end).order_by("scheduled_at", "position", "pk"),
        earlier=visits.filter(scheduled_at__lt=start).order_by("-scheduled_at", "-pk"),
    )


@dataclass(frozen=True)
class VisitFindings:
    own: list
    released: list
    others: list


def findings_at_visit(user, visit, agency):
    """The agency's own findings at the visit, those other agencies released to the user, and
    of the rest only agency, category and count."""
    here = Finding.objects.filter(visit=visit)
    readable = permissions.findings_visible_to(here, user)
    listed = readable.select_related("category", "agency").order_by("created_at", "pk")
    others = (
        permissions.findings_known_to(here, user)
        .exclude(pk__in=readable.values("pk"))
        .values("agency__name", "category__name", "category__name_en")
        .annotate(count=Count("id"))
        .order_by("agency__name", "category__name")
    )
    rows = list(listed)
    return VisitFindings(
        own=[f for f in rows if f.agency_id == agency.pk],
        released=[f for f in rows if f.agency_id != agency.pk],
        others=list(others),
    )
