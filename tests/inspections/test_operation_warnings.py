"""Warnings before an operation: double-booked inspectors, premises visited lately, premises
no participating agency may act at. They inform and never block."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agencies.models import AgencyKind, Role
from inspections.models import OperationStatus, PremisesType, VisitOutcome
from inspections.services_operations import visit_add
from inspections.warnings import (
    DOUBLE_BOOKING,
    NO_AGENCY,
    RECENT_VISIT,
    RECENT_VISIT_DAYS,
    operation_warnings,
)
from tests.factories import (
    AgencyFactory,
    MembershipFactory,
    OperationFactory,
    PremisesFactory,
    UserFactory,
    VisitFactory,
    local_time,
)

MARCH_10 = datetime.date(2025, 3, 10)


@pytest.fixture
def raid(norrkoping, skatteverket, raddningstjansten, erik):
    """Norrköping's operation on 10–11 March with erik booked."""
    operation = OperationFactory(
        collaboration=norrkoping,
        name="Vårinsats Hageby",
        start_date=MARCH_10,
        end_date=MARCH_10 + datetime.timedelta(days=1),
        agencies=[skatteverket, raddningstjansten],
    )
    operation.inspectors.add(erik)
    return operation


@pytest.fixture(autouse=True)
def _english_pages(client):
    # Pages are asserted in the source language, whatever the .po files hold.
    client.cookies["django_language"] = "en"


def kinds(warnings):
    return [w.kind for w in warnings]


def test_the_recent_visit_window_is_ninety_days():
    assert RECENT_VISIT_DAYS == 90


def test_a_plan_without_problems_has_no_warnings(raid, premises):
    VisitFactory(operation=raid, premises=premises)
    assert operation_warnings(raid) == []


# --- (a) double booking ---------------------------------------------------------------------


def test_it_warns_when_an_inspector_is_booked_on_another_operation_on_overlapping_days(raid, norrkoping, erik):
    other = OperationFactory(
        collaboration=norrkoping, name="Kvällsinsats Navestad", start_date=datetime.date(2025, 3, 11)
    )
    other.inspectors.add(erik)
    warnings = operation_warnings(raid)
    assert kinds(warnings) == [DOUBLE_BOOKING]
    assert warnings[0].inspector == erik
    assert warnings[0].message == "Erik Johansson is also booked on “Kvällsinsats Navestad” (2025-03-11 – 2025-03-12)."


def test_it_does_not_name_another_collaborations_operation(raid, linkoping, erik):
    elsewhere = OperationFactory(collaboration=linkoping, name="Hemlig insats Linköping", start_date=MARCH_10)
    elsewhere.inspectors.add(erik)
    warnings = operation_warnings(raid)
    assert kinds(warnings) == [DOUBLE_BOOKING]
    assert warnings[0].message == "Erik Johansson is also booked on another collaboration's operation on the same days."
    assert "Hemlig" not in warnings[0].message


@pytest.mark.parametrize(
    ("start", "end"),
    [(datetime.date(2025, 3, 8), datetime.date(2025, 3, 9)), (datetime.date(2025, 3, 12), datetime.date(2025, 3, 12))],
)
def test_operations_on_other_days_are_no_double_booking(raid, norrkoping, erik, start, end):
    other = OperationFactory(collaboration=norrkoping, start_date=start, end_date=end)
    other.inspectors.add(erik)
    assert operation_warnings(raid) == []


def test_a_cancelled_operation_is_no_double_booking(raid, norrkoping, erik):
    other = OperationFactory(collaboration=norrkoping, start_date=MARCH_10, status=OperationStatus.CANCELLED)
    other.inspectors.add(erik)
    assert operation_warnings(raid) == []


def test_another_inspector_on_the_other_operation_is_no_double_booking(raid, norrkoping, farah):
    other = OperationFactory(collaboration=norrkoping, start_date=MARCH_10)
    other.inspectors.add(farah)
    assert operation_warnings(raid) == []


# --- (b) recent visits ----------------------------------------------------------------------


def carried_out_visit(norrkoping, premises, day, outcome=VisitOutcome.CARRIED_OUT, name="Vinterinsats"):
    earlier = OperationFactory(collaboration=norrkoping, name=name, start_date=day, end_date=day)
    return VisitFactory(operation=earlier, premises=premises, scheduled_at=local_time(day, 19), outcome=outcome)


def test_it_warns_when_a_premises_was_visited_in_the_last_ninety_days(raid, norrkoping, premises):
    visit = VisitFactory(operation=raid, premises=premises)
    carried_out_visit(norrkoping, premises, datetime.date(2025, 1, 20))
    carried_out_visit(norrkoping, premises, datetime.date(2025, 2, 14), name="Alla hjärtans insats")
    warnings = operation_warnings(raid)
    assert kinds(warnings) == [RECENT_VISIT]
    assert warnings[0].visit == visit
    assert warnings[0].premises == premises
    assert warnings[0].message == (
        "Hageby Bilservice was visited on 2025-02-14 in “Alla hjärtans insats”, "
        "less than 90 days before this operation."
    )


def test_a_visit_ninety_one_days_before_the_start_is_not_recent(raid, norrkoping, premises):
    VisitFactory(operation=raid, premises=premises)
    carried_out_visit(norrkoping, premises, MARCH_10 - datetime.timedelta(days=91))
    assert operation_warnings(raid) == []


def test_a_visit_exactly_ninety_days_before_the_start_is_recent(raid, norrkoping, premises):
    VisitFactory(operation=raid, premises=premises)
    carried_out_visit(norrkoping, premises, MARCH_10 - datetime.timedelta(days=90))
    assert kinds(operation_warnings(raid)) == [RECENT_VISIT]


@pytest.mark.parametrize("outcome", [VisitOutcome.PLANNED, VisitOutcome.CLOSED, VisitOutcome.CANCELLED])
def test_only_a_carried_out_visit_counts_as_recent(raid, norrkoping, premises, outcome):
    VisitFactory(operation=raid, premises=premises)
    carried_out_visit(norrkoping, premises, datetime.date(2025, 2, 14), outcome=outcome)
    assert operation_warnings(raid) == []


def test_the_window_can_be_narrowed(raid, norrkoping, premises):
    VisitFactory(operation=raid, premises=premises)
    carried_out_visit(norrkoping, premises, datetime.date(2025, 2, 14))
    assert operation_warnings(raid, recent_days=14) == []
    assert kinds(operation_warnings(raid, recent_days=30)) == [RECENT_VISIT]


# --- (c) no agency can act --------------------------------------------------------------------


def test_it_warns_when_no_participating_agency_can_act_at_the_premises_type(norrkoping, raddningstjansten):
    fire_only = OperationFactory(collaboration=norrkoping, start_date=MARCH_10, agencies=[raddningstjansten])
    kiosk = PremisesFactory(collaboration=norrkoping, name="Kiosken Torget", premises_type=PremisesType.KIOSK)
    restaurant = PremisesFactory(collaboration=norrkoping, name="Krogen", premises_type=PremisesType.RESTAURANT)
    VisitFactory(operation=fire_only, premises=restaurant)
    visit = VisitFactory(operation=fire_only, premises=kiosk)
    warnings = operation_warnings(fire_only)
    assert kinds(warnings) == [NO_AGENCY]
    assert warnings[0].visit == visit
    assert warnings[0].message == "No participating agency can act at Kiosken Torget (kiosk)."


def test_an_enforcement_authority_alone_covers_no_premises(norrkoping):
    kronofogden = AgencyFactory(name="Kronofogden", kind=AgencyKind.ENFORCEMENT)
    operation = OperationFactory(collaboration=norrkoping, start_date=MARCH_10, agencies=[kronofogden])
    VisitFactory(operation=operation, premises=PremisesFactory(collaboration=norrkoping))
    assert kinds(operation_warnings(operation)) == [NO_AGENCY]


# --- cost and effect --------------------------------------------------------------------------


def _queries(operation):
    with CaptureQueriesContext(connection) as captured:
        operation_warnings(operation)
    return len(captured.captured_queries)


def test_the_warnings_cost_the_same_queries_for_one_and_for_thirty_visits(norrkoping, raddningstjansten, erik, farah):
    small = OperationFactory(collaboration=norrkoping, start_date=MARCH_10, agencies=[raddningstjansten])
    large = OperationFactory(collaboration=norrkoping, start_date=MARCH_10, agencies=[raddningstjansten])
    for operation, count in ((small, 1), (large, 30)):
        operation.inspectors.add(erik, farah)
        for _ in range(count):
            premises = PremisesFactory(collaboration=norrkoping, premises_type=PremisesType.KIOSK)
            VisitFactory(operation=operation, premises=premises)
            carried_out_visit(norrkoping, premises, datetime.date(2025, 2, 1))
    # Two inspectors double-booked on the small operation; each kiosk recent and uncovered.
    assert len(operation_warnings(large)) == 2 + 30 * 2
    assert _queries(small) == _queries(large)


def test_a_warning_does_not_stop_adding_the_premises(raid, norrkoping, premises):
    carried_out_visit(norrkoping, premises, datetime.date(2025, 2, 14))
    visit = visit_add(operation=raid, premises=premises)
    assert visit.pk is not None
    assert kinds(operation_warnings(raid)) == [RECENT_VISIT]


# --- on the plan page -------------------------------------------------------------------------


def test_the_page_shows_a_double_booking_of_two_norrkoping_operations(client, anna, raid, norrkoping, erik):
    other = OperationFactory(collaboration=norrkoping, name="Kvällsinsats Navestad", start_date=MARCH_10)
    other.inspectors.add(erik)
    client.force_login(anna)
    page = client.get(reverse("operation_detail", args=[raid.pk])).content.decode()
    assert 'class="warning"' in page
    assert "Check before the operation" in page
    assert "Erik Johansson is also booked on “Kvällsinsats Navestad”" in page


def test_the_page_does_not_name_the_linkoping_operation(client, anna, raid, linkoping, polisen, erik):
    elsewhere = OperationFactory(collaboration=linkoping, name="Hemlig insats Linköping", start_date=MARCH_10)
    elsewhere.inspectors.add(erik)
    # A Linköping coordinator looking at their own plan is not told the Norrköping name either.
    lars = UserFactory(username="lars")
    MembershipFactory(user=lars, collaboration=linkoping, agency=polisen, role=Role.COORDINATOR)
    client.force_login(anna)
    page = client.get(reverse("operation_detail", args=[raid.pk])).content.decode()
    assert "Erik Johansson is also booked on another collaboration&#x27;s operation on the same days." in page
    assert "Hemlig insats Linköping" not in page
    client.force_login(lars)
    page = client.get(reverse("operation_detail", args=[elsewhere.pk])).content.decode()
    assert "another collaboration&#x27;s operation" in page
    assert raid.name not in page


def test_the_page_shows_no_warnings_box_when_nothing_needs_checking(client, anna, raid, premises):
    VisitFactory(operation=raid, premises=premises)
    client.force_login(anna)
    page = client.get(reverse("operation_detail", args=[raid.pk])).content.decode()
    assert "Check before the operation" not in page


def test_a_one_day_operation_is_named_by_its_one_date(raid, norrkoping, erik):
    other = OperationFactory(
        collaboration=norrkoping,
        name="Kvällsinsats Navestad",
        start_date=datetime.date(2025, 3, 11),
        end_date=datetime.date(2025, 3, 11),
    )
    other.inspectors.add(erik)
    (warning,) = operation_warnings(raid)
    assert warning.message == "Erik Johansson is also booked on “Kvällsinsats Navestad” (2025-03-11)."
