"""Matrix rows for the briefing routes."""

from .route import OPERATION_READERS, Route

ROUTES = {
    "briefing_sheet": Route(expect=OPERATION_READERS, kwargs=lambda w, t: {"pk": w.operations[t].pk}),
    # The PDF is binary; the matrix still searches it (decoded with replacement) for markers.
    "briefing_pdf": Route(expect=OPERATION_READERS, kwargs=lambda w, t: {"pk": w.operations[t].pk}),
}
