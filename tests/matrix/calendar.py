"""Matrix rows for the calendar routes."""

from .route import Route

ROUTES = {
    # Everyone who works on cases; each sees the operations their agency takes part in.
    "calendar": Route(expect={"coordinator": 200, "inspector": 200, "other_inspector": 200, "agency_admin": 200}),
}
