"""Planning services: operation_plan / operation_update / operation_set_status and visit_add."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from agencies.models import Role
from inspections.models import Operation, OperationKind, OperationStatus, VisitOutcome
from inspections.services_operations import (
    may_mark_carried_out,
    operation_plan,
    operation_set_status,
    operation_update,
    visit_add,
)
from tests.factories import (
    AgencyFactory,
    FindingFactory,
    MembershipFactory,
    OperationFactory,
    PremisesFactory,
    UserFactory,
    VisitFactory,
    local_time,
)

MARCH_10 = datetime.date(2025, 3, 10)
MARCH_11 = datetime.date(2025, 3, 11)


@pytest.fixture(autouse=True)
def _early_march_2025():
    with time_machine.travel(local_time(datetime.date(2025, 3, 1), 9), tick=False):
        yield


def plan(collaboration, by, **overrides):
    arguments = {
        "collaboration": collaboration,
        "by": by,
        "name": "Vårinsats Hageby",
        "kind": OperationKind.LOS,
        "start_date": MARCH_10,
        "end_date": MARCH_11,
        "agencies": [],
        "inspectors": [],
        "notes": "",
    }
    return operation_plan(**{**arguments, **overrides})


def errors_of(excinfo):
    return excinfo.value.message_dict


# --- operation_plan ---------------------------------------------------------------------------


def test_a_coordinator_plans_an_operation_with_agencies_and_booked_inspectors(
    norrkoping, anna, erik, farah, skatteverket, raddningstjansten
):
    operation = plan(
        norrkoping,
        anna,
        kind=OperationKind.EMPACT,
        agencies=[skatteverket, raddningstjansten],
        inspectors=[erik, farah],
        notes="Samling vid polishuset 17.30",
    )
    operation.refresh_from_db()
    assert (operation.name, operation.kind, operation.status) == ("Vårinsats Hageby", "empact", "planned")
    assert (operation.start_date, operation.end_date) == (MARCH_10, MARCH_11)
    assert set(operation.agencies.all()) == {skatteverket, raddningstjansten}
    assert set(operation.inspectors.all()) == {erik, farah}
    assert operation.notes == "Samling vid polishuset 17.30"


def test_it_refuses_a_planner_who_does_not_coordinate_the_collaboration(norrkoping, linkoping, erik, anna):
    with pytest.raises(PermissionDenied):
        plan(norrkoping, erik)
    with pytest.raises(PermissionDenied):
        plan(linkoping, anna)
    assert not Operation.objects.exists()


def test_it_refuses_an_inspector_whose_agency_does_not_take_part(norrkoping, anna, erik, raddningstjansten):
    with pytest.raises(ValidationError) as excinfo:
        plan(norrkoping, anna, agencies=[raddningstjansten], inspectors=[erik])
    assert errors_of(excinfo) == {
        "inspectors": ["Erik Johansson works for Skatteverket, which does not take part in the operation."]
    }
    assert not Operation.objects.exists()


def test_it_refuses_to_book_someone_who_is_no_inspector_of_the_collaboration(norrkoping, anna, petra, kommunen):
    with pytest.raises(ValidationError) as excinfo:
        plan(norrkoping, anna, agencies=[kommunen], inspectors=[petra])
    assert errors_of(excinfo) == {"inspectors": ["Petra Nilsson is not an inspector in this collaboration."]}


def test_a_deactivated_inspector_cannot_be_booked(norrkoping, anna, erik, skatteverket):
    erik.memberships.update(is_active=False)
    with pytest.raises(ValidationError) as excinfo:
        plan(norrkoping, anna, agencies=[skatteverket], inspectors=[erik])
    assert "inspectors" in errors_of(excinfo)


def test_it_refuses_an_agency_of_another_collaboration(norrkoping, anna):
    migrationsverket = AgencyFactory(name="Migrationsverket")
    with pytest.raises(ValidationError) as excinfo:
        plan(norrkoping, anna, agencies=[migrationsverket])
    assert errors_of(excinfo) == {"agencies": ["Not an agency of this collaboration: Migrationsverket."]}


def test_it_refuses_an_operation_that_ends_before_it_starts(norrkoping, anna):
    with pytest.raises(ValidationError) as excinfo:
        plan(norrkoping, anna, start_date=MARCH_11, end_date=MARCH_10)
    assert "The last day cannot be before the first day." in excinfo.value.messages
    assert not Operation.objects.exists()


@pytest.mark.parametrize(
    ("field", "day"),
    [("start_date", datetime.date(2030, 3, 2)), ("start_date", datetime.date(2020, 2, 29))],
)
def test_it_refuses_a_date_more_than_five_years_away(norrkoping, anna, field, day):
    with pytest.raises(ValidationError) as excinfo:
        plan(norrkoping, anna, start_date=day, end_date=max(day, MARCH_11))
    assert errors_of(excinfo)[field] == ["Enter a date within 5 years from today."]


def test_a_date_exactly_five_years_ahead_is_accepted(norrkoping, anna):
    day = datetime.date(2030, 3, 1)
    assert plan(norrkoping, anna, start_date=day, end_date=day).pk


# --- operation_update -------------------------------------------------------------------------


def test_a_coordinator_changes_the_name_dates_agencies_and_inspectors(
    operation, erik, farah, skatteverket, raddningstjansten
):
    operation_update(
        operation=operation,
        name="Vårinsats Hageby och Navestad",
        kind=OperationKind.NATIONAL,
        start_date=MARCH_10,
        end_date=datetime.date(2025, 3, 12),
        agencies=[raddningstjansten],
        inspectors=[farah],
        notes="Ny samlingsplats",
    )
    operation.refresh_from_db()
    assert operation.name == "Vårinsats Hageby och Navestad"
    assert operation.kind == "national"
    assert operation.end_date == datetime.date(2025, 3, 12)
    assert list(operation.agencies.all()) == [raddningstjansten]
    assert list(operation.inspectors.all()) == [farah]


def update(operation, **overrides):
    arguments = {
        "operation": operation,
        "name": operation.name,
        "kind": operation.kind,
        "start_date": operation.start_date,
        "end_date": operation.end_date,
        "agencies": list(operation.agencies.all()),
        "inspectors": list(operation.inspectors.all()),
        "notes": operation.notes,
    }
    return operation_update(**{**arguments, **overrides})


def test_it_refuses_new_dates_that_leave_a_visit_outside(operation, visit):
    with pytest.raises(ValidationError) as excinfo:
        update(operation, start_date=MARCH_11)
    message = "1 visit would fall outside the new dates; move or remove it first."
    assert errors_of(excinfo) == {"start_date": [message]}
    operation.refresh_from_db()
    assert operation.start_date == MARCH_10


def test_it_refuses_to_unbook_an_inspector_recorded_as_present(operation, visit, erik):
    operation.inspectors.add(erik)
    visit.inspectors.add(erik)
    with pytest.raises(ValidationError) as excinfo:
        update(operation, inspectors=[])
    assert errors_of(excinfo) == {"inspectors": ["Recorded as present at a visit: Erik Johansson."]}
    assert list(operation.inspectors.all()) == [erik]


def test_it_refuses_to_drop_an_agency_with_findings_at_the_operation(operation, visit, skatteverket, raddningstjansten):
    FindingFactory(visit=visit, agency=skatteverket)
    with pytest.raises(ValidationError) as excinfo:
        update(operation, agencies=[raddningstjansten])
    assert errors_of(excinfo) == {"agencies": ["Findings are recorded for Skatteverket; the agency stays."]}
    assert set(operation.agencies.all()) == {skatteverket, raddningstjansten}


def test_an_update_checks_the_same_rules_as_planning(operation, erik, raddningstjansten):
    with pytest.raises(ValidationError) as excinfo:
        update(operation, agencies=[raddningstjansten], inspectors=[erik], end_date=datetime.date(2025, 3, 9))
    assert set(errors_of(excinfo)) == {"end_date", "inspectors"}


# --- operation_set_status ---------------------------------------------------------------------


def test_an_operation_that_has_not_started_cannot_be_marked_as_carried_out(operation):
    with pytest.raises(ValidationError) as excinfo:
        operation_set_status(operation=operation, status=OperationStatus.DONE)
    assert errors_of(excinfo) == {"status": ["An operation that has not started yet cannot be marked as carried out."]}
    operation.refresh_from_db()
    assert operation.status == "planned"


def test_an_operation_that_has_started_can_be_marked_as_carried_out_before_its_last_day(operation):
    with time_machine.travel(local_time(MARCH_10, 23), tick=False):
        operation_set_status(operation=operation, status=OperationStatus.DONE)
    operation.refresh_from_db()
    assert operation.status == "done"


def test_it_may_be_marked_carried_out_from_its_first_day(operation):
    assert not may_mark_carried_out(operation, today=datetime.date(2025, 3, 9))
    assert may_mark_carried_out(operation, today=MARCH_10)
    assert may_mark_carried_out(operation, today=datetime.date(2025, 4, 1))
    assert not may_mark_carried_out(operation)  # today is 1 March


def test_an_operation_can_be_cancelled_any_time_and_planned_again(operation):
    operation_set_status(operation=operation, status=OperationStatus.CANCELLED)
    operation.refresh_from_db()
    assert operation.status == "cancelled"
    operation_set_status(operation=operation, status=OperationStatus.PLANNED)
    operation.refresh_from_db()
    assert operation.status == "planned"


def test_it_refuses_an_unknown_status(operation):
    with pytest.raises(ValidationError):
        operation_set_status(operation=operation, status="postponed")
    operation.refresh_from_db()
    assert operation.status == "planned"


# --- visit_add --------------------------------------------------------------------------------


def test_the_first_visit_is_at_six_in_the_evening_of_the_first_day(operation, premises):
    visit = visit_add(operation=operation, premises=premises)
    assert visit.scheduled_at == local_time(MARCH_10, 18)
    assert visit.position == 1
    assert visit.outcome == VisitOutcome.PLANNED


def test_each_next_visit_is_half_an_hour_later_and_last_in_the_order(operation, norrkoping):
    visits = [visit_add(operation=operation, premises=PremisesFactory(collaboration=norrkoping)) for _ in range(3)]
    assert [v.scheduled_at for v in visits] == [
        local_time(MARCH_10, 18),
        local_time(MARCH_10, 18, 30),
        local_time(MARCH_10, 19),
    ]
    assert [v.position for v in visits] == [1, 2, 3]


def test_the_default_time_never_passes_the_last_evening(norrkoping):
    one_day = OperationFactory(collaboration=norrkoping, start_date=MARCH_10, end_date=MARCH_10)
    for _ in range(15):
        visit = visit_add(operation=one_day, premises=PremisesFactory(collaboration=norrkoping))
    assert visit.scheduled_at == local_time(MARCH_10, 23, 30)


def test_a_given_time_is_kept(operation, premises):
    visit = visit_add(operation=operation, premises=premises, scheduled_at=local_time(MARCH_11, 20, 15))
    assert visit.scheduled_at == local_time(MARCH_11, 20, 15)


def test_a_new_visit_goes_after_the_highest_position(operation, norrkoping):
    VisitFactory(operation=operation, premises=PremisesFactory(collaboration=norrkoping), position=7)
    visit = visit_add(operation=operation, premises=PremisesFactory(collaboration=norrkoping))
    assert visit.position == 8


def test_it_refuses_premises_of_another_collaboration(operation, linkoping):
    elsewhere = PremisesFactory(collaboration=linkoping)
    with pytest.raises(ValidationError) as excinfo:
        visit_add(operation=operation, premises=elsewhere)
    assert errors_of(excinfo) == {"premises": ["The premises belong to another collaboration."]}
    assert not operation.visits.exists()


def test_it_refuses_premises_already_on_the_operation(operation, visit, premises):
    with pytest.raises(ValidationError) as excinfo:
        visit_add(operation=operation, premises=premises)
    assert errors_of(excinfo) == {"premises": ["Hageby Bilservice, Kvarngatan 4 is already on this operation."]}
    assert operation.visits.count() == 1


def test_it_refuses_a_time_outside_the_operation(operation, premises):
    with pytest.raises(ValidationError):
        visit_add(operation=operation, premises=premises, scheduled_at=local_time(datetime.date(2025, 3, 12), 18))
    assert not operation.visits.exists()


def test_it_refuses_to_add_to_a_cancelled_operation(operation, premises):
    operation_set_status(operation=operation, status=OperationStatus.CANCELLED)
    with pytest.raises(ValidationError):
        visit_add(operation=operation, premises=premises)
    assert not operation.visits.exists()


def test_a_coordinator_of_two_collaborations_books_only_their_own_inspectors(linkoping, anna, polisen):
    MembershipFactory(user=anna, collaboration=linkoping, agency=polisen, role=Role.COORDINATOR)
    lena = UserFactory(username="lena", first_name="Lena", last_name="Berg")
    MembershipFactory(user=lena, collaboration=linkoping, agency=polisen, role=Role.INSPECTOR)
    operation = plan(linkoping, anna, agencies=[polisen], inspectors=[lena])
    assert list(operation.inspectors.all()) == [lena]


# --- what the operation has stays valid ---------------------------------------------------------


def test_an_inspector_whose_membership_ended_stays_booked_through_a_change(operation, visit, erik):
    operation.inspectors.add(erik)
    visit.inspectors.add(erik)
    erik.memberships.update(is_active=False)
    update(operation, name="Vårinsats Hageby, ändrad")
    operation.refresh_from_db()
    assert operation.name == "Vårinsats Hageby, ändrad"
    assert list(operation.inspectors.all()) == [erik]


def test_an_agency_that_left_the_collaboration_stays_through_a_change(norrkoping, operation, skatteverket):
    norrkoping.agencies.remove(skatteverket)
    update(operation, notes="Samling 18.00")
    operation.refresh_from_db()
    assert operation.notes == "Samling 18.00"
    assert skatteverket in operation.agencies.all()


def test_an_inspector_whose_membership_ended_cannot_be_newly_booked(operation, erik):
    erik.memberships.update(is_active=False)
    with pytest.raises(ValidationError) as excinfo:
        update(operation, inspectors=[erik])
    assert errors_of(excinfo) == {"inspectors": ["Erik Johansson is not an inspector in this collaboration."]}
    assert not operation.inspectors.exists()


def test_an_agency_that_left_cannot_be_newly_added(norrkoping, operation, kommunen, skatteverket, raddningstjansten):
    norrkoping.agencies.remove(kommunen)
    with pytest.raises(ValidationError) as excinfo:
        update(operation, agencies=[skatteverket, raddningstjansten, kommunen])
    assert errors_of(excinfo) == {"agencies": ["Not an agency of this collaboration: Norrköpings kommun."]}
    assert set(operation.agencies.all()) == {skatteverket, raddningstjansten}


def test_a_booked_inspector_whose_membership_ended_still_needs_a_participating_agency(
    operation, erik, raddningstjansten
):
    operation.inspectors.add(erik)
    erik.memberships.update(is_active=False)
    with pytest.raises(ValidationError) as excinfo:
        update(operation, agencies=[raddningstjansten])
    assert errors_of(excinfo) == {
        "inspectors": ["Erik Johansson works for Skatteverket, which does not take part in the operation."]
    }
