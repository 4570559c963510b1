"""Matrix rows for the calendar routes."""

ROUTES = {}
