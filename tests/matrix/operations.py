"""Matrix rows for the operations routes: the list, the plan page and the planning actions."""

from django.utils.timezone import localtime

from tests.factories import PremisesFactory, VisitFactory
from tests.matrix.route import OPERATION_READERS, Route, planning_only

CASE_ROLES = {"coordinator": 200, "inspector": 200, "other_inspector": 200, "agency_admin": 200}

# Premises of the same collaboration that are not yet on the target's operation.
OTHER_TARGET = {"own": "other_agency", "other_agency": "own", "other_collaboration": "other_collaboration"}


def _operation(w, t):
    return {"pk": w.operations[t].pk}


def _visit(w, t):
    return {"pk": w.visits[t].pk}


def _removable_visit(w, t):
    """The world's "own" visit has findings and must stay; a fresh planned visit may go."""
    operation = w.operations[t]
    visit = VisitFactory(operation=operation, premises=PremisesFactory(collaboration=operation.collaboration))
    return {"pk": visit.pk}


def _operation_data(w, t):
    """The target operation's own values: saving them unchanged is always allowed."""
    operation = w.operations[t]
    return {
        "name": operation.name,
        "kind": operation.kind,
        "start_date": operation.start_date.isoformat(),
        "end_date": operation.end_date.isoformat(),
        "agencies": [agency.pk for agency in operation.agencies.all()],
    }


def _new_operation_data(w, t):
    data = _operation_data(w, "own")
    data["name"] = "Ny LOS-kväll"
    return data


def _outcome_data(w, t):
    visit = w.visits[t]
    return {
        "outcome": "cancelled",
        "scheduled_at": localtime(visit.scheduled_at).strftime("%Y-%m-%d %H:%M"),
        "persons_checked": 0,
    }


ROUTES = {
    "operation_list": Route(expect=CASE_ROLES),
    "operation_create": (
        Route(expect={"coordinator": 200}),
        Route(method="post", expect={"coordinator": 302}, data=_new_operation_data),
    ),
    "operation_detail": Route(expect=OPERATION_READERS, kwargs=_operation),
    "operation_edit": (
        Route(expect=planning_only(200), kwargs=_operation),
        Route(method="post", expect=planning_only(302), kwargs=_operation, data=_operation_data),
    ),
    "operation_status": Route(
        method="post", expect=planning_only(302), kwargs=_operation, data=lambda w, t: {"status": "cancelled"}
    ),
    "operation_premises_search": Route(expect=planning_only(200), kwargs=_operation),
    "visit_add": Route(
        method="post",
        expect=planning_only(302),
        kwargs=_operation,
        data=lambda w, t: {"premises": w.premises[OTHER_TARGET[t]].pk},
    ),
    "visit_move": Route(method="post", expect=planning_only(302), kwargs=_visit, data=lambda w, t: {"direction": "up"}),
    "visit_remove": Route(method="post", expect=planning_only(302), kwargs=_removable_visit),
    "visit_outcome": (
        Route(expect=planning_only(200), kwargs=_visit),
        Route(method="post", expect=planning_only(302), kwargs=_visit, data=_outcome_data),
    ),
}
