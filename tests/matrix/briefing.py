"""Matrix rows for the briefing routes."""

ROUTES = {}
