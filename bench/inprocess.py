"""P1–P5: the real views through the real middleware, in-process with Django's test client.

Latency is the median and 95th percentile of several runs after one warm-up; the query count
is read from the same request path. Users are signed in as they are in production: a session
that has passed two-step verification (django-otp's device id in the session).
"""

import math
import statistics
import time
from contextlib import contextmanager
from unittest import mock

from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext, setup_test_environment, teardown_test_environment

RUNS = 15


def signed_in(user):
    """A client whose session is signed in and verified, over HTTPS like production."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, _created = TOTPDevice.objects.get_or_create(user=user, name="bench", defaults={"confirmed": True})
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


def spread(seconds):
    """Median and 95th percentile in milliseconds."""
    ordered = sorted(seconds)
    p95 = ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]
    return {
        "median_ms": round(statistics.median(ordered) * 1000, 2),
        "p95_ms": round(p95 * 1000, 2),
        "runs": len(ordered),
    }


def timed(function, runs=RUNS):
    function()  # warm-up: caches, connections, compiled templates
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        seconds.append(time.perf_counter() - started)
    return spread(seconds)


def get(client, url):
    response = client.get(url, secure=True)
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    return response


def page(client, url, runs=RUNS):
    """Latency, query count and rows of one page (the rows are read after the timed runs)."""
    result = timed(lambda: get(client, url), runs)
    with templates_recorded():
        result.update(query_count(client, url))
    return result


def query_count(client, url):
    """Queries of one request, and the rows of its page (`page` in our views, `cl` in the admin)."""
    reset_queries()  # the log keeps 9 000 queries; a full one would make every count 0
    with CaptureQueriesContext(connection) as queries:
        response = get(client, url)
    context = response.context or {}
    rows = total = None
    if "cl" in context:
        rows, total = len(context["cl"].result_list), context["cl"].result_count
    elif context.get("page") is not None and hasattr(context["page"], "object_list"):
        rows, total = len(context["page"].object_list), context["page"].paginator.count
    return {"queries": len(queries), "rows": rows, "total": total}


@contextmanager
def templates_recorded():
    """Lets the test client see each response's context (the rows shown), as in Django's tests.
    Only around the query counts: the recording would slow the timed pages down."""
    setup_test_environment()
    try:
        yield
    finally:
        teardown_test_environment()


@contextmanager
def everything_visible():
    """The findings list with no scoping at all, as for a user who may read every finding:
    the permission module's filter is bypassed, and there is nothing the user may not read."""
    with (
        mock.patch("agencies.permissions.findings_visible_to", lambda queryset, user: queryset),
        # No rows of readable ids to page from: the view pages over the (unscoped) findings.
        mock.patch("findings.selectors.findings_readable_by_date", lambda user: None),
        mock.patch("findings.selectors.findings_of_others_summary", lambda user, premises_id=None: []),
    ):
        yield


def ratio(numerator, denominator):
    return round(numerator["median_ms"] / denominator["median_ms"], 3)


def explain(sql, params):
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)  # noqa: S608 — the page's own queries
        return "\n".join(row[0] for row in cursor.fetchall())
