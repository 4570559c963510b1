"""Matrix rows for the operations routes."""

ROUTES = {}
