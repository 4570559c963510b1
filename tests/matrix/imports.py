"""Matrix rows for the imports routes."""

ROUTES = {}
