"""Matrix rows for the candidates routes."""

from .route import Route, planning_only

ROUTES = {
    # Ranking premises for an operation is planning: coordinators of its collaboration only.
    "operation_candidates": Route(expect=planning_only(200), kwargs=lambda w, t: {"pk": w.operations[t].pk}),
}
