"""Matrix rows for the dashboard routes: the running figures and the CSV exports.

The published summaries of the CSV export: "own" is Norrköping's spring 2024, published, with
the tax agency (sara's) asked to confirm; "other_agency" Norrköping's autumn 2023, still a draft
(no CSV until published); "other_collaboration" Linköping's spring 2024, published.
"""

import datetime

from reports.models import SummaryStatus

from .route import Route
from .summaries import freeze_snapshot, make_summary

SPRING_2024 = (datetime.date(2024, 1, 1), datetime.date(2024, 6, 30))
AUTUMN_2023 = (datetime.date(2023, 7, 1), datetime.date(2023, 12, 31))


def _published(collaboration, period, *, tax, fire, confirm=()):
    summary = make_summary(
        collaboration, period, tax=tax, fire=fire, status=SummaryStatus.PUBLISHED, confirm=confirm, pdf=False
    )
    freeze_snapshot(summary)
    return summary


def setup(world):
    tax, fire = world.agencies["tax"], world.agencies["fire"]
    norrkoping, linkoping = world.collaborations["norrkoping"], world.collaborations["linkoping"]
    world.published_summaries = {
        "own": _published(norrkoping, SPRING_2024, tax=tax, fire=fire, confirm=[tax]),
        "other_agency": make_summary(norrkoping, AUTUMN_2023, tax=tax, fire=fire, pdf=False),
        "other_collaboration": _published(linkoping, SPRING_2024, tax=tax, fire=fire, confirm=[tax]),
    }


# The published CSV: whoever sees the summary (its press officer, its coordinator, the admin of
# an agency asked to confirm it), once it is published.
PUBLISHED_ONLY = {"own": 200, "other_agency": 404, "other_collaboration": 404}

ROUTES = {
    # Aggregates of their own collaboration: coordinators (exact) and press officers (suppressed).
    "dashboard": Route(expect={"coordinator": 200, "press_officer": 200}),
    "summary_figures_csv": Route(
        expect={"coordinator": PUBLISHED_ONLY, "press_officer": PUBLISHED_ONLY, "agency_admin": PUBLISHED_ONLY},
        kwargs=lambda w, t: {"pk": w.published_summaries[t].pk},
    ),
    # An agency's own records: its admins only.
    "own_records": Route(expect={"agency_admin": 200}),
    "own_records_csv": Route(expect={"agency_admin": 200}),
}
