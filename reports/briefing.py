"""The briefing sheet of an operation: where the team goes, and what each agency already knows.

A printed sheet travels, so it carries no free text: no finding notes, no premises or
operation notes. Of earlier findings the reader gets what the ownership rules allow: the
details (agency, category, action, status, date) of findings they may read, and of the others
only a count per agency and category.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import get_language

from agencies import permissions
from findings.models import ActionKind, Finding, FindingStatus
from inspections.models import VISIT_ORDER


@dataclass(frozen=True)
class EarlierFinding:
    """A finding of an earlier visit that the reader may read: no note, by design."""

    date: datetime.date
    agency: str
    category: str
    action: str
    status: str
    # For the access log: each finding shown on a sheet is a read of its details.
    finding_id: int
    agency_id: int
    collaboration_id: int


@dataclass(frozen=True)
class KnownCount:
    """Findings the reader may only know of: how many, of which agency and category."""

    agency: str
    category: str
    count: int


@dataclass(frozen=True)
class VisitBriefing:
    visit: object
    premises: object
    findings: tuple  # EarlierFinding, newest first
    known: tuple  # KnownCount, by agency and category


@dataclass(frozen=True)
class Briefing:
    operation: object
    agencies: tuple
    visits: tuple  # VisitBriefing, in the order of the route

    def findings_shown(self):
        """The findings whose details the sheet shows, each once (a premises may recur)."""
        shown = {}
        for visit in self.visits:
            for finding in visit.findings:
                shown[finding.finding_id] = finding
        return list(shown.values())


def _category_label(name, name_en):
    return name_en if (get_language() or "sv").startswith("en") else name


def briefing_for(operation, user):
    """The briefing of an operation the user may read (the caller has checked that), in a
    fixed number of queries however many visits it has."""
    agencies = tuple(operation.agencies.order_by("name"))
    visits = list(operation.visits.select_related("premises__business").order_by(*VISIT_ORDER))
    if not visits:
        return Briefing(operation=operation, agencies=agencies, visits=())
    earlier = Finding.objects.filter(
        visit__premises_id__in=sorted({v.premises_id for v in visits}),
        visit__scheduled_at__lt=max(v.scheduled_at for v in visits),
    ).exclude(visit__operation=operation)
    readable = _readable_rows(earlier, user)
    known = _known_rows(earlier, user)
    return Briefing(
        operation=operation,
        agencies=agencies,
        visits=tuple(_visit_briefing(visit, readable, known) for visit in visits),
    )


def _readable_rows(earlier, user):
    # values(): the note is never fetched, so no template can print it by mistake.
    return list(
        permissions.findings_visible_to(earlier, user)
        .values(
            "pk",
            "agency_id",
            "collaboration_id",
            "visit__premises_id",
            "visit__scheduled_at",
            "agency__name",
            "category__name",
            "category__name_en",
            "action",
            "status",
        )
        .order_by("-visit__scheduled_at", "agency__name", "category__position", "pk")
    )


def _known_rows(earlier, user):
    readable_ids = permissions.findings_visible_to(Finding.objects.all(), user).values("pk")
    # Grouped per earlier visit so that each visit on the sheet counts only what came before it.
    return list(
        permissions.findings_known_to(earlier, user)
        .exclude(pk__in=readable_ids)
        .values("visit__premises_id", "visit__scheduled_at", "agency__name", "category__name", "category__name_en")
        .annotate(count=Count("id"))
        .order_by("agency__name", "category__name")
    )


def _before(row, visit):
    return row["visit__premises_id"] == visit.premises_id and row["visit__scheduled_at"] < visit.scheduled_at


def _visit_briefing(visit, readable, known):
    findings = tuple(
        EarlierFinding(
            date=timezone.localdate(row["visit__scheduled_at"]),
            agency=row["agency__name"],
            category=_category_label(row["category__name"], row["category__name_en"]),
            action=ActionKind(row["action"]).label,
            status=FindingStatus(row["status"]).label,
            finding_id=row["pk"],
            agency_id=row["agency_id"],
            collaboration_id=row["collaboration_id"],
        )
        for row in readable
        if _before(row, visit)
    )
    counts = defaultdict(int)
    for row in known:
        if _before(row, visit):
            counts[(row["agency__name"], _category_label(row["category__name"], row["category__name_en"]))] += row[
                "count"
            ]
    return VisitBriefing(
        visit=visit,
        premises=visit.premises,
        findings=findings,
        known=tuple(KnownCount(agency=a, category=c, count=n) for (a, c), n in sorted(counts.items())),
    )
