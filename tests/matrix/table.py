"""The role × URL matrix: every route's expected answer per role and target object.

The routes are read from the URL resolver, so a new route fails `test_every_route_is_in_the_matrix`
until its expectations are written down here. Other crawls over every route (headers, bad input)
read the same table.
"""

from django.urls import URLPattern, URLResolver, get_resolver

from tests.matrix import (
    briefing,
    calendar,
    candidates,
    dashboard,
    findings_evidence,
    findings_ledger,
    findings_lifecycle,
    findings_record,
    findings_referrals,
    imports,
    operations,
    premises,
    retention,
    summaries,
)
from tests.matrix.route import Route

# Routes outside the case screens: the admin has its own login and is for support staff.
IGNORED_PREFIXES = ("admin:",)
IGNORED_NAMES = {"set_language", "django.contrib.staticfiles.views.serve"}


FINDING_DETAIL = {
    "inspector": {"own": 200, "other_agency": 403, "other_collaboration": 404},
    "agency_admin": {"own": 200, "other_agency": 403, "other_collaboration": 404},
    "other_inspector": {"own": 403, "other_agency": 200, "other_collaboration": 404},
    "coordinator": {"own": 403, "other_agency": 403, "other_collaboration": 404},
}

MATRIX = {
    "home": Route(default=200),
    "healthz": Route(default=200, anonymous=200),
    "login": Route(default=302, anonymous=200),
    "logout": Route(method="post", default=302, anonymous=302),
    "finding_list": Route(expect={"coordinator": 200, "inspector": 200, "other_inspector": 200, "agency_admin": 200}),
    "finding_export": Route(expect={"coordinator": 200, "inspector": 200, "other_inspector": 200, "agency_admin": 200}),
    "finding_detail": Route(expect=FINDING_DETAIL, kwargs=lambda w, t: {"pk": w.findings[t].pk}),
    "finding_release": Route(
        expect={
            "inspector": {"own": 200, "other_agency": 403, "other_collaboration": 404},
            "agency_admin": {"own": 200, "other_agency": 403, "other_collaboration": 404},
            "other_inspector": {"own": 403, "other_agency": 200, "other_collaboration": 404},
            "coordinator": {"own": 403, "other_agency": 403, "other_collaboration": 404},
        },
        kwargs=lambda w, t: {"pk": w.findings[t].pk},
    ),
    "finding_withdraw": Route(
        method="post",
        expect={
            "inspector": {"own": 302, "other_agency": 403, "other_collaboration": 404},
            "agency_admin": {"own": 302, "other_agency": 403, "other_collaboration": 404},
            "other_inspector": {"own": 403, "other_agency": 302, "other_collaboration": 404},
            "coordinator": {"own": 403, "other_agency": 403, "other_collaboration": 404},
        },
        kwargs=lambda w, t: {"pk": w.findings[t].pk},
    ),
    "account": Route(default=200),
    "two_factor_enrol": Route(default=200),
    # Without an authenticator app the verification page sends the user to set one up.
    "two_factor_verify": Route(default=302),
    "access_log": Route(expect={"agency_admin": 200}),
    "access_log_export": Route(expect={"agency_admin": 200}),
    "people": Route(expect={"agency_admin": 200}),
    "people_add_new": Route(expect={"agency_admin": 200}),
    "people_add_existing": Route(expect={"agency_admin": 200}),
    "people_deactivate": Route(
        expect={"agency_admin": {"own": 200, "other_agency": 404, "other_collaboration": 404}},
        kwargs=lambda w, t: {"pk": w.memberships[t].pk},
    ),
    "people_reactivate": Route(
        method="post",
        expect={"agency_admin": {"own": 302, "other_agency": 404, "other_collaboration": 404}},
        kwargs=lambda w, t: {"pk": w.memberships[t].pk},
    ),
    # The link a new person gets: a wrong token shows "the link does not work" to anyone.
    "people_set_password": Route(default=200, anonymous=200, kwargs=lambda w, t: {"uidb64": "MQ", "token": "x-y"}),
    "people_password_done": Route(default=200, anonymous=200),
    "legal_ground_list": Route(expect={"agency_admin": 200}),
    "legal_ground_toggle": Route(
        method="post",
        expect={"agency_admin": {"own": 302, "other_agency": 404, "other_collaboration": 404}},
        kwargs=lambda w, t: {"pk": w.legal_grounds[t].pk},
    ),
}

# Each area lists its routes, and may add the objects they need to the World (`setup`).
AREAS = [
    premises,
    imports,
    operations,
    candidates,
    calendar,
    briefing,
    findings_record,
    findings_lifecycle,
    findings_ledger,
    findings_evidence,
    findings_referrals,
    retention,
    summaries,
    dashboard,
]
for _area in AREAS:
    MATRIX.update(_area.ROUTES)


def _all_routes(patterns=None, namespace=""):
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _all_routes(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name or entry.lookup_str}"
            yield name, entry


def checked_routes():
    return {
        name: pattern
        for name, pattern in _all_routes()
        if not name.startswith(IGNORED_PREFIXES) and name not in IGNORED_NAMES
    }


def expected(route, role, target):
    if role == "anonymous":
        return route.anonymous
    wanted = route.expect.get(role, route.default)
    return wanted[target] if isinstance(wanted, dict) else wanted


# A route answering GET and POST is listed with a tuple of Routes, one per method.
ROUTE_CASES = [
    (name, route) for name, entry in MATRIX.items() for route in (entry if isinstance(entry, tuple) else (entry,))
]
