"""Matrix rows for the candidates routes."""

ROUTES = {}
