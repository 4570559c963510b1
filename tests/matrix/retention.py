"""Matrix rows for the retention page: a coordinator's own collaboration only, so everyone else
(inspectors, agency admins, press officers, superusers) gets 404."""

from .route import Route


def _periods(world, target):
    return {
        "findings_retention_months": "36",
        "notes_retention_months": "12",
        "evidence_retention_months": "12",
        "access_log_retention_months": "24",
    }


ROUTES = {
    "retention": (
        Route(expect={"coordinator": 200}),
        Route(method="post", expect={"coordinator": 302}, data=_periods),
    ),
}
