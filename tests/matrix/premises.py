"""Matrix rows for the premises routes: the register is the coordinators' own, so everyone
else (inspectors, agency admins, press officers, superusers) gets 404."""

from .route import COORDINATOR_ONLY, Route


def _premises_data(world, target):
    premises = world.premises[target]
    return {
        "name": f"{premises.name} (ändrad)",
        "premises_type": premises.premises_type,
        "address": premises.address,
        "postal_code": premises.postal_code,
        "city": premises.city,
    }


def _new_premises_data(world, target):
    return {
        "name": "Kiosken vid torget",
        "premises_type": "kiosk",
        "address": "Torggatan 1",
        "postal_code": "602 24",
        "city": "Norrköping",
    }


def _signal_data(world, target):
    return {
        "kind": "tip",
        "received_on": "2025-01-10",
        "source_agency": world.signals[target].source_agency_id,
    }


def _pk(world, target):
    return {"pk": world.premises[target].pk}


ROUTES = {
    "premises_list": Route(expect={"coordinator": 200}),
    "premises_create": (
        Route(expect={"coordinator": 200}),
        Route(method="post", expect={"coordinator": 302}, data=_new_premises_data),
    ),
    "premises_detail": Route(expect=COORDINATOR_ONLY, kwargs=_pk),
    "premises_check_field": Route(
        method="post", expect={"coordinator": 200}, data=lambda w, t: {"_field": "org_number", "org_number": "1"}
    ),
    "premises_edit": (
        Route(expect=COORDINATOR_ONLY, kwargs=_pk),
        Route(
            method="post",
            expect={"coordinator": {"own": 302, "other_agency": 302, "other_collaboration": 404}},
            kwargs=_pk,
            data=_premises_data,
        ),
    ),
    "signal_create": (
        Route(expect=COORDINATOR_ONLY, kwargs=_pk),
        Route(
            method="post",
            expect={"coordinator": {"own": 302, "other_agency": 302, "other_collaboration": 404}},
            kwargs=_pk,
            data=_signal_data,
        ),
    ),
}
