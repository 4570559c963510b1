"""The page of last resort: handler500, for any exception a view or a middleware let through.

When the database cannot be reached the answer is 503 with Retry-After: the system is down for
a while, not broken, and the person should try again soon. Any other error is a plain 500.
Both pages are rendered without a request context, so they need no database, no session and no
signed-in user: the context processors (the navigation, `user`) would query the very database
that is down.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext

logger = logging.getLogger(__name__)

# Long enough for a database restart or a fail-over, short enough that nobody gives up.
RETRY_AFTER_SECONDS = 30

# SQLSTATEs that say the server is there but will not serve us now: class 08 (connection
# exception) is checked by prefix; 57P01-03 are its shutting down, crashing or starting up,
# 53300 is "too many connections". A deadlock or a statement timeout is not among them: those
# are bugs or load of our own, and stay 500.
POSTGRES_UNAVAILABLE = {"57P01", "57P02", "57P03", "53300"}
# The local demo's SQLite: the file cannot be opened, or another process holds it locked.
SQLITE_UNAVAILABLE = {"SQLITE_CANTOPEN", "SQLITE_BUSY"}

# Django wraps the driver's error and keeps it as __cause__; a failure while handling one may
# have it further down the chain.
MAX_CHAIN = 10


def database_unreachable(exc):
    """Whether `exc` (or an error it was raised from) means the database cannot be reached now."""
    seen = set()
    error = exc
    while error is not None and id(error) not in seen and len(seen) < MAX_CHAIN:
        seen.add(id(error))
        if _means_unreachable(error):
            return True
        error = error.__cause__ or (None if error.__suppress_context__ else error.__context__)
    return False


def _means_unreachable(error):
    if isinstance(error, InterfaceError):
        # Django and the driver raise it for a connection that is already closed.
        return True
    if not isinstance(error, OperationalError):
        return False
    driver_error = error.__cause__
    if driver_error is None:
        return False
    sqlite_name = getattr(driver_error, "sqlite_errorname", None)
    if sqlite_name is not None:
        return sqlite_name in SQLITE_UNAVAILABLE
    code = getattr(driver_error, "pgcode", None) or getattr(driver_error, "sqlstate", None)
    if code is None:
        # The PostgreSQL drivers give no SQLSTATE when no server answered: refused, lost, timed out.
        return True
    return code.startswith("08") or code in POSTGRES_UNAVAILABLE


def server_error(request):
    """handler500: 503 with Retry-After when the database is unreachable, else a plain 500."""
    exc = sys.exc_info()[1]
    if database_unreachable(exc):
        response = _page("503.html", 503, gettext("The service is unavailable just now. Try again in a minute."))
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    else:
        response = _page("500.html", 500, gettext("Something went wrong on the server."))
    add_never_cache_headers(response)
    return response


def _page(template_name, status, fallback_text):
    try:
        content = render_to_string(template_name, {"retry_after_seconds": RETRY_AFTER_SECONDS})
    except Exception:  # noqa: BLE001 — an error raised here would replace the page with the server's bare one
        logger.exception("The error page %s could not be rendered", template_name)
        return HttpResponse(fallback_text, status=status, content_type="text/plain; charset=utf-8")
    return HttpResponse(content, status=status)
