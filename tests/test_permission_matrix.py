"""Every route × every role × own / other agency / other collaboration object.

The routes are read from the URL resolver, so a new route fails `test_every_route_is_in_the_matrix`
until its expectations are written down here. Every GET response is also searched for the
marker strings of findings the role may not read.
"""

import pytest
from django.test import Client
from django.urls import reverse

from findings.services import finding_release
from tests.fixtures import *  # noqa: F403
from tests.matrix.route import ROLES, TARGETS
from tests.matrix.table import MATRIX, ROUTE_CASES, checked_routes, expected
from tests.matrix.world import world_fixture  # noqa: F401 — provides the `world` fixture


def test_every_route_is_in_the_matrix():
    missing = sorted(set(checked_routes()) - set(MATRIX))
    assert not missing, f"Routes without expectations in the permission matrix: {missing}"


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
    assert response.status_code == expected(route, role, target), f"{route.method.upper()} {url} as {role}"
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
                if expected(route, role, target) < 400:
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
