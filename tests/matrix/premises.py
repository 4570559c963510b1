"""Matrix rows for the premises routes."""

ROUTES = {}
