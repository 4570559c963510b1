"""Matrix rows for the finding lifecycle: the status form and the follow-ups list.

Only the owning agency's inspectors change a finding's status; its admin reads but does not
change. An empty POST is a submission and is answered 400 for those who may change.
"""

import datetime

from findings.models import Category, FindingStatus
from tests.factories import FindingFactory
from tests.matrix.route import Route, finding_changers, finding_pk

ROUTES = {
    "finding_transition": (
        Route(expect=finding_changers(200), kwargs=finding_pk),
        Route(method="post", expect=finding_changers(400), kwargs=finding_pk),
    ),
    "follow_ups": Route(expect={"inspector": 200, "other_inspector": 200, "agency_admin": 200}),
}

# Categories no search of the matrix looks for, so these rows add nothing to a search's hits.
_DUE = {
    "own": ("tax", "f-tax"),
    "other_agency": ("fire_rescue", "escape-routes"),
    "other_collaboration": ("tax", "f-tax"),
}


def setup(world):
    """A follow-up due for each target, so the follow-ups list has rows for the marker check."""
    agencies = {"tax": world.agencies["tax"], "fire_rescue": world.agencies["fire"]}
    world.follow_ups = {}
    for target, (kind, code) in _DUE.items():
        world.follow_ups[target] = FindingFactory(
            visit=world.findings[target].visit,
            agency=agencies[kind],
            category=Category.objects.get(agency_kind=kind, code=code),
            status=FindingStatus.FOLLOW_UP_DUE,
            follow_up_date=datetime.date(2025, 4, 1),
            note=world.markers[target],
        )
