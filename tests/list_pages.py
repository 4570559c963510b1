"""The project's list pages, for the query budget: who normally reads each, and how to give it rows.

A page's `add_rows(request, numbers)` makes one row of the page for each number; the numbers keep
names and dates apart across calls. The people and places come from tests/fixtures.py through
pytest's `request`, so each page makes only the fixtures it uses. `shown(response)` counts the
rows the page lists, per list when the page has more than one. The fixtures of this module
itself are for the test module to import.

The rows carry what the page shows of them (a business, a visit, a finding, a signal ...), so a
relation loaded once per row would show up as a difference between 1 row and 50.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse

from findings.models import FindingStatus
from inspections.models import VisitOutcome
from tests.factories import (
    AccessLogEntryFactory,
    FindingFactory,
    LegalGroundFactory,
    MembershipFactory,
    OperationFactory,
    PremisesFactory,
    PremisesImportFactory,
    ReferralFactory,
    SignalFactory,
    VisitFactory,
    local_time,
)
from tests.findings.factories import staff_ledger, tax_finding
from tests.findings.referral_factories import finding_of
from tests.matrix.summaries import make_summary

# The day the tests run on (they travel to it): the calendar shows its month, "My visits" and
# the follow-ups count from it.
TODAY = datetime.date(2025, 3, 12)


@dataclass(frozen=True)
class ListPage:
    name: str  # the URL name, and the test's id
    reader: str  # the fixture of the person who normally uses the page
    url: Callable
    add_rows: Callable
    shown: Callable


def fixtures(request, *names):
    return [request.getfixturevalue(name) for name in names]


def page_rows(response):
    return {"page": len(response.context["page"].object_list)}


def _static(name):
    return lambda request: reverse(name)


# --- Findings -----------------------------------------------------------------------------


def _findings(request, numbers):
    operation, skatteverket = fixtures(request, "operation", "skatteverket")
    for n in numbers:
        visit = VisitFactory(operation=operation, premises__name=f"Lokal {n:02d}")
        FindingFactory(visit=visit, agency=skatteverket, category=staff_ledger())


def _follow_ups(request, numbers):
    """Due every other day from ten days ago: overdue, due within 30 days and due later."""
    operation, skatteverket = fixtures(request, "operation", "skatteverket")
    for n in numbers:
        visit = VisitFactory(operation=operation, premises__name=f"Kiosken {n:02d}")
        due = TODAY - datetime.timedelta(days=10) + datetime.timedelta(days=2 * n)
        tax_finding(visit, skatteverket, FindingStatus.FOLLOW_UP_DUE, follow_up_date=due)


def _follow_up_rows(response):
    return {"groups": sum(len(group.rows) for group in response.context["groups"])}


def _referrals(request, numbers):
    """Each row both ways: the tax agency refers a finding to the police and receives one from
    the fire and rescue service."""
    operation, erik, farah, skatteverket, polisen, raddningstjansten = fixtures(
        request, "operation", "erik", "farah", "skatteverket", "polisen", "raddningstjansten"
    )
    for n in numbers:
        visit = VisitFactory(operation=operation, premises__name=f"Lokal {n:02d}")
        sent = finding_of(skatteverket, "undeclared-work", visit)
        ReferralFactory(finding=sent, to_agency=polisen, created_by=erik)
        received = finding_of(raddningstjansten, "flammable-goods", visit)
        ReferralFactory(finding=received, to_agency=skatteverket, created_by=farah)


def _referral_rows(response):
    return {name: len(response.context[name].object_list) for name in ("received", "sent")}


@pytest.fixture
def whole_march(norrkoping, skatteverket):
    """An operation of the whole month, with the tax agency taking part."""
    return OperationFactory(
        collaboration=norrkoping,
        start_date=datetime.date(2025, 3, 1),
        end_date=datetime.date(2025, 3, 31),
        agencies=[skatteverket],
    )


def _my_visits(request, numbers):
    """Each row in all three groups (today, coming, earlier), each visit with a finding."""
    march, skatteverket = fixtures(request, "whole_march", "skatteverket")
    for n in numbers:
        for day in (TODAY, TODAY + datetime.timedelta(days=5), TODAY - datetime.timedelta(days=5)):
            visit = VisitFactory(operation=march, scheduled_at=local_time(day, 18), premises__name=f"{day} {n:02d}")
            FindingFactory(visit=visit, agency=skatteverket, category=staff_ledger())


def _my_visit_rows(response):
    context = response.context
    return {"today": len(context["today"]), "coming": len(context["coming"]), "earlier": len(context["page"])}


# --- Planning -----------------------------------------------------------------------------


def _premises(request, numbers):
    """Premises with a business, a carried-out visit and an open finding each."""
    norrkoping, skatteverket = fixtures(request, "norrkoping", "skatteverket")
    operation = OperationFactory(collaboration=norrkoping)
    for n in numbers:
        premises = PremisesFactory(collaboration=norrkoping, name=f"Verkstad {n:02d}", with_business=True)
        visit = VisitFactory(operation=operation, premises=premises, outcome=VisitOutcome.CARRIED_OUT)
        FindingFactory(visit=visit, agency=skatteverket, category=staff_ledger())


def _operations(request, numbers):
    """Coming operations with two agencies and a visit each."""
    norrkoping, skatteverket, raddningstjansten = fixtures(request, "norrkoping", "skatteverket", "raddningstjansten")
    for n in numbers:
        day = TODAY + datetime.timedelta(days=n + 1)
        operation = OperationFactory(
            collaboration=norrkoping,
            name=f"Insats {n:02d}",
            start_date=day,
            end_date=day,
            agencies=[skatteverket, raddningstjansten],
        )
        VisitFactory(operation=operation)


def _candidates_url(request):
    (operation,) = fixtures(request, "operation")
    return reverse("operation_candidates", kwargs={"pk": operation.pk})


def _candidates(request, numbers):
    """Premises not on the operation, each with a tip and a visit last year, so each has a score."""
    (norrkoping,) = fixtures(request, "norrkoping")
    for n in numbers:
        premises = PremisesFactory(collaboration=norrkoping, name=f"Lokal {n:02d}")
        SignalFactory(premises=premises, received_on=datetime.date(2025, 2, 1))
        last_year = OperationFactory(collaboration=norrkoping, start_date=datetime.date(2024, 6, 1))
        VisitFactory(operation=last_year, premises=premises, outcome=VisitOutcome.CARRIED_OUT)


def _calendar(request, numbers):
    """Operations of this month with three agencies, spread over its days."""
    norrkoping, skatteverket, raddningstjansten, kommunen = fixtures(
        request, "norrkoping", "skatteverket", "raddningstjansten", "kommunen"
    )
    for n in numbers:
        OperationFactory(
            collaboration=norrkoping,
            name=f"Insats {n:02d}",
            start_date=datetime.date(2025, 3, 1 + n % 28),
            agencies=[skatteverket, raddningstjansten, kommunen],
        )


def _calendar_rows(response):
    weeks = response.context["calendar"].weeks
    return {"operations": len({operation.pk for week in weeks for day in week for operation in day.operations})}


@pytest.fixture
def kiosk_import(norrkoping):
    """An uploaded file awaiting confirmation; its lines are the rows of the preview."""
    return PremisesImportFactory(collaboration=norrkoping, rows=[])


def _import_url(request):
    (premises_import,) = fixtures(request, "kiosk_import")
    return reverse("premises_import_preview", kwargs={"pk": premises_import.pk})


def _import_rows(request, numbers):
    """Lines of the file, each a new kiosk."""
    (premises_import,) = fixtures(request, "kiosk_import")
    for n in numbers:
        values = {"name": f"Kiosk {n:02d}", "premises_type": "Kiosk", "address": f"Gatan {n}", "postal_code": "60221"}
        premises_import.rows.append({"line": n + 2, "values": values})
    premises_import.save(update_fields=["rows"])


# --- Summaries ----------------------------------------------------------------------------


def _summaries(request, numbers):
    """The spring of a year, one year back per row, each asking the tax agency to confirm."""
    norrkoping, skatteverket, raddningstjansten = fixtures(request, "norrkoping", "skatteverket", "raddningstjansten")
    for n in numbers:
        spring = (datetime.date(2025 - n, 1, 1), datetime.date(2025 - n, 6, 30))
        make_summary(norrkoping, spring, tax=skatteverket, fire=raddningstjansten, confirm=[skatteverket], pdf=False)


# --- The agency admin's pages -------------------------------------------------------------


def _access_log(request, numbers):
    """Reads by the tax agency's inspector. Row 0 is the admin's own sign-in, which signing the
    test client in writes to the log."""
    erik, skatteverket = fixtures(request, "erik", "skatteverket")
    for n in numbers:
        if n:
            AccessLogEntryFactory(user_id=erik.pk, username="erik", object_agency_id=skatteverket.pk, object_id=str(n))


def _access_log_rows(response):
    return {"rows": len(response.context["rows"])}


def _people(request, numbers):
    """The tax agency's people in Norrköping. Row 0 is the admin herself."""
    norrkoping, skatteverket = fixtures(request, "norrkoping", "skatteverket")
    for n in numbers:
        if n:
            MembershipFactory(collaboration=norrkoping, agency=skatteverket, user__last_name=f"Person {n:02d}")


def _people_rows(response):
    return {section.agency.name: len(section.people) for section in response.context["sections"]}


def _legal_grounds(request, numbers):
    (skatteverket,) = fixtures(request, "skatteverket")
    for n in numbers:
        LegalGroundFactory(agency=skatteverket, name=f"Grund {n:02d}")


def _legal_ground_rows(response):
    return {"grounds": len(response.context["grounds"])}


LIST_PAGES = [
    ListPage("finding_list", "erik", _static("finding_list"), _findings, page_rows),
    ListPage("follow_ups", "erik", _static("follow_ups"), _follow_ups, _follow_up_rows),
    ListPage("referral_list", "erik", _static("referral_list"), _referrals, _referral_rows),
    ListPage("my_visits", "erik", _static("my_visits"), _my_visits, _my_visit_rows),
    ListPage("premises_list", "anna", _static("premises_list"), _premises, page_rows),
    ListPage("operation_list", "anna", _static("operation_list"), _operations, page_rows),
    ListPage("operation_candidates", "anna", _candidates_url, _candidates, page_rows),
    ListPage("calendar", "anna", _static("calendar"), _calendar, _calendar_rows),
    ListPage("premises_import_preview", "anna", _import_url, _import_rows, page_rows),
    ListPage("summary_list", "petra", _static("summary_list"), _summaries, page_rows),
    ListPage("access_log", "sara", _static("access_log"), _access_log, _access_log_rows),
    ListPage("people", "sara", _static("people"), _people, _people_rows),
    ListPage("legal_ground_list", "sara", _static("legal_ground_list"), _legal_grounds, _legal_ground_rows),
]
