"""Every route × every role × own / other agency / other collaboration object.

The routes are read from the URL resolver, so a new route fails `test_every_route_is_in_the_matrix`
until its expectations are written down here. Every GET response is also searched for the
marker strings of findings the role may not read.
"""

import datetime

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from agencies.models import LegalGround, Role
from findings.models import Category
from findings.services import finding_release
from inspections.models import PremisesImport, Signal, SignalKind
from tests.factories import (
    FindingFactory,
    MembershipFactory,
    OperationFactory,
    PremisesFactory,
    UserFactory,
    VisitFactory,
)
from tests.fixtures import *  # noqa: F403
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
    summaries,
)
from tests.matrix.route import ROLES, TARGETS, Route

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
    summaries,
    dashboard,
]
for _area in AREAS:
    MATRIX.update(_area.ROUTES)


class World:
    """LOS Norrköping (tax, fire, municipality, police) and LOS Linköping (tax, police)."""

    def __init__(self, *, norrkoping, linkoping, skatteverket, raddningstjansten, kommunen, anna, erik, farah, petra):
        self.sara = UserFactory(username="sara", first_name="Sara", last_name="Nyberg")
        MembershipFactory(user=self.sara, collaboration=norrkoping, agency=skatteverket, role=Role.AGENCY_ADMIN)
        self.root = UserFactory(username="root", is_superuser=True, is_staff=True)
        self.users = {
            "superuser": self.root,
            "coordinator": anna,
            "inspector": erik,
            "other_inspector": farah,
            "press_officer": petra,
            "agency_admin": self.sara,
        }
        self.markers = {
            "own": "MARKER-TAX-NORRKOPING",
            "other_agency": "MARKER-FIRE-NORRKOPING",
            "other_collaboration": "MARKER-TAX-LINKOPING",
        }
        operation = OperationFactory(collaboration=norrkoping, agencies=[skatteverket, raddningstjansten, kommunen])
        visit = VisitFactory(operation=operation, premises=PremisesFactory(collaboration=norrkoping))
        visit.inspectors.add(erik, farah)
        elsewhere = VisitFactory(
            operation=OperationFactory(collaboration=linkoping, agencies=[skatteverket]),
            premises=PremisesFactory(collaboration=linkoping, name="PREMISES-LINKOPING"),
        )
        self.findings = {
            "own": self._finding(visit, skatteverket, "staff-ledger", self.markers["own"]),
            "other_agency": self._finding(visit, raddningstjansten, "fire-safety", self.markers["other_agency"]),
            "other_collaboration": self._finding(
                elsewhere, skatteverket, "cash-register", self.markers["other_collaboration"]
            ),
        }
        lena = UserFactory(username="lena-linkoping")
        self.memberships = {
            "own": erik.memberships.get(),
            "other_agency": farah.memberships.get(),
            "other_collaboration": MembershipFactory(
                user=lena, collaboration=linkoping, agency=skatteverket, role=Role.INSPECTOR
            ),
        }
        self._planning(norrkoping, linkoping, operation, visit, elsewhere, kommunen, anna)
        self.legal_grounds = {
            "own": LegalGround.objects.create(agency=skatteverket, name="10 kap. 2 § OSL"),
            "other_agency": LegalGround.objects.create(agency=raddningstjansten, name="10 kap. 27 § OSL"),
            "other_collaboration": LegalGround.objects.create(agency=raddningstjansten, name="10 kap. 28 § OSL"),
        }
        self.agencies = {"tax": skatteverket, "fire": raddningstjansten, "municipality": kommunen}
        self.collaborations = {"norrkoping": norrkoping, "linkoping": linkoping}
        for area in AREAS:
            if hasattr(area, "setup"):
                area.setup(self)

    def _planning(self, norrkoping, linkoping, operation, visit, elsewhere, kommunen, anna):
        """Premises, operations, visits, signals and imports for the planning routes."""
        police_only = OperationFactory(collaboration=norrkoping, agencies=[kommunen], name="Insats utan skatt")
        self.operations = {"own": operation, "other_agency": police_only, "other_collaboration": elsewhere.operation}
        self.visits = {
            "own": visit,
            "other_agency": VisitFactory(operation=police_only, premises=PremisesFactory(collaboration=norrkoping)),
            "other_collaboration": elsewhere,
        }
        self.premises = {target: v.premises for target, v in self.visits.items()}
        self.signals = {
            target: Signal.objects.create(
                premises=p, kind=SignalKind.TIP, received_on=datetime.date(2025, 1, 5), source_agency=kommunen
            )
            for target, p in self.premises.items()
        }
        self.imports = {
            "own": PremisesImport.objects.create(collaboration=norrkoping, file_name="lokaler.csv", created_by=anna),
            "other_agency": PremisesImport.objects.create(collaboration=norrkoping, file_name="fler.csv"),
            "other_collaboration": PremisesImport.objects.create(collaboration=linkoping, file_name="lkpg.csv"),
        }

    @staticmethod
    def _finding(visit, agency, code, marker):
        category = Category.objects.get(agency_kind=agency.kind, code=code)
        return FindingFactory(visit=visit, agency=agency, category=category, note=marker)


@pytest.fixture
def world(norrkoping, linkoping, skatteverket, raddningstjansten, kommunen, anna, erik, farah, petra):
    return World(
        norrkoping=norrkoping,
        linkoping=linkoping,
        skatteverket=skatteverket,
        raddningstjansten=raddningstjansten,
        kommunen=kommunen,
        anna=anna,
        erik=erik,
        farah=farah,
        petra=petra,
    )


def _all_routes(patterns=None, namespace=""):
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _all_routes(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name or entry.lookup_str}"
            yield name, entry


def _checked_routes():
    return {
        name: pattern
        for name, pattern in _all_routes()
        if not name.startswith(IGNORED_PREFIXES) and name not in IGNORED_NAMES
    }


def test_every_route_is_in_the_matrix():
    missing = sorted(set(_checked_routes()) - set(MATRIX))
    assert not missing, f"Routes without expectations in the permission matrix: {missing}"


def _expected(route, role, target):
    if role == "anonymous":
        return route.anonymous
    wanted = route.expect.get(role, route.default)
    return wanted[target] if isinstance(wanted, dict) else wanted


# A route answering GET and POST is listed with a tuple of Routes, one per method.
ROUTE_CASES = [
    (name, route) for name, entry in MATRIX.items() for route in (entry if isinstance(entry, tuple) else (entry,))
]


def _cases():
    for index, (name, route) in enumerate(ROUTE_CASES):
        for role in ROLES:
            for target in TARGETS if route.kwargs else [None]:
                case_id = f"{name}-{route.method}-{role}-{target or 'list'}"
                yield pytest.param(index, role, target, id=case_id)


@pytest.mark.parametrize(("index", "role", "target"), list(_cases()))
def test_role_gets_the_expected_answer(world, index, role, target):
    name, route = ROUTE_CASES[index]
    client = Client()
    if role != "anonymous":
        client.force_login(world.users[role])
    url = reverse(name, kwargs=route.kwargs(world, target) if route.kwargs else None)
    data = route.data(world, target) if route.data else {}
    response = getattr(client, route.method)(url, data)
    assert response.status_code == _expected(route, role, target), f"{route.method.upper()} {url} as {role}"
    if route.method == "get":
        _assert_no_foreign_markers(world, role, response)


def _readable_markers(world, role):
    """The markers a role may read: its own agency's, and nothing of another collaboration."""
    return {
        "inspector": {world.markers["own"]},
        "agency_admin": {world.markers["own"]},
        "other_inspector": {world.markers["other_agency"]},
    }.get(role, set())


def _assert_no_foreign_markers(world, role, response):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8", errors="replace")
    for marker in set(world.markers.values()) - _readable_markers(world, role):
        assert marker not in text, f"{role} was shown {marker}"
    assert "PREMISES-LINKOPING" not in text


@pytest.mark.parametrize("role", ["coordinator", "other_inspector"])
def test_a_release_shows_the_details_to_the_collaboration_until_it_is_withdrawn(world, role):
    client = Client()
    client.force_login(world.users[role])
    own = world.findings["own"]
    url = reverse("finding_detail", kwargs={"pk": own.pk})
    assert client.get(url).status_code == 403
    finding_release(finding=own, by=world.users["inspector"], legal_ground=world.legal_grounds["own"])
    response = client.get(url)
    assert response.status_code == 200
    assert world.markers["own"] in response.content.decode()
    assert world.markers["own"] in client.get(reverse("finding_export")).content.decode("utf-8-sig")
    inspector = Client()
    inspector.force_login(world.users["inspector"])
    assert inspector.post(reverse("finding_withdraw", kwargs={"pk": own.pk})).status_code == 302
    assert client.get(url).status_code == 403
    assert world.markers["own"] not in client.get(reverse("finding_list")).content.decode()


def _allowed_post_cases():
    for index, (name, route) in enumerate(ROUTE_CASES):
        if route.method != "post":
            continue
        for role in ROLES[1:]:
            for target in TARGETS if route.kwargs else [None]:
                if _expected(route, role, target) < 400:
                    yield pytest.param(index, role, target, id=f"{name}-{role}-{target or 'list'}")


@pytest.mark.parametrize(("index", "role", "target"), list(_allowed_post_cases()))
def test_every_post_needs_the_csrf_token(world, index, role, target):
    name, route = ROUTE_CASES[index]
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users[role])
    url = reverse(name, kwargs=route.kwargs(world, target) if route.kwargs else None)
    assert client.post(url, route.data(world, target) if route.data else {}).status_code == 403


@pytest.mark.parametrize("query", ["brandskydd", "personalliggare", "kassaregister", "PREMISES-LINKOPING"])
@pytest.mark.parametrize("role", ["coordinator", "other_inspector", "inspector", "agency_admin"])
def test_a_search_finds_only_what_the_role_may_read(world, role, query):
    client = Client()
    client.force_login(world.users[role])
    response = client.get(reverse("finding_list"), {"q": query})
    assert response.status_code == 200
    if query != "PREMISES-LINKOPING":  # the search box repeats what was typed
        _assert_no_foreign_markers(world, role, response)
    search_hits = {f.pk for f in response.context["page"].object_list}
    readable = {t for t, m in world.markers.items() if m in _readable_markers(world, role)}
    assert search_hits <= {world.findings[t].pk for t in readable}
    if query == "personalliggare" and role in ("inspector", "agency_admin"):
        assert search_hits == {world.findings["own"].pk}
