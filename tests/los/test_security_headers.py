"""Every GET route of the role × URL matrix, as every role: the answer carries the security
headers, and an HTML page runs no script but its own, nonce-carrying files.

The routes come from the matrix table, so a new page is checked the day it is added.
"""

import re
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from tests.fixtures import *  # noqa: F403
from tests.matrix.route import ROLES, TARGETS
from tests.matrix.table import ROUTE_CASES
from tests.matrix.world import world_fixture  # noqa: F401 — provides the `world` fixture

REQUIRED_DIRECTIVES = {
    "default-src": "'none'",
    "object-src": "'none'",
    "frame-ancestors": "'none'",
    "base-uri": "'none'",
}
EVENT_HANDLER = re.compile(r"^on[a-z]+$")


def parse_policy(header):
    policy = {}
    for part in header.split(";"):
        name, _, value = part.strip().partition(" ")
        if name:
            policy[name] = value.split()
    return policy


class PageScripts(HTMLParser):
    """What in a page could run code: script tags and their nonces, handlers, styles, javascript: links."""

    def __init__(self):
        super().__init__()
        self.script_nonces = []
        self.problems = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script":
            self.script_nonces.append(attributes.get("nonce"))
            if not attributes.get("src") and attributes.get("type") != "application/json":
                self.problems.append("an inline <script>")
        if tag == "style":
            self.problems.append("a <style> element")
        for name, value in attrs:
            if EVENT_HANDLER.match(name):
                self.problems.append(f"an event handler attribute {name} on <{tag}>")
            if name == "style":
                self.problems.append(f"a style attribute on <{tag}>")
            if name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.problems.append(f"a javascript: URL in {name} of <{tag}>")


def assert_security_headers(response, where):
    headers = response.headers
    assert "Content-Security-Policy" in headers, f"{where}: no Content-Security-Policy"
    policy = parse_policy(headers["Content-Security-Policy"])
    for directive, value in REQUIRED_DIRECTIVES.items():
        assert policy.get(directive) == [value], f"{where}: {directive} is {policy.get(directive)}"
    scripts = policy.get("script-src", [])
    assert all(source.startswith("'nonce-") for source in scripts), f"{where}: script-src {scripts}"
    every_source = " ".join(" ".join(values) for values in policy.values())
    assert "unsafe-inline" not in every_source and "unsafe-eval" not in every_source, where
    assert headers.get("X-Content-Type-Options") == "nosniff", where
    assert headers.get("Referrer-Policy") == "same-origin", where
    assert headers.get("X-Frame-Options") == "DENY", where
    assert "no-store" in headers.get("Cache-Control", ""), f"{where}: Cache-Control {headers.get('Cache-Control')}"
    return scripts


def assert_only_own_scripts(response, scripts, where):
    if "text/html" not in response.headers.get("Content-Type", "") or response.streaming:
        return
    page = PageScripts()
    page.feed(response.content.decode("utf-8", errors="replace"))
    assert not page.problems, f"{where}: {page.problems}"
    if page.script_nonces:
        assert len(scripts) == 1, f"{where}: the page has scripts but the policy names {scripts}"
        nonce = scripts[0].removeprefix("'nonce-").removesuffix("'")
        assert set(page.script_nonces) == {nonce}, f"{where}: a script without this response's nonce"


GET_ROUTES = [(name, route) for name, route in ROUTE_CASES if route.method == "get"]


@pytest.mark.parametrize("role", ROLES)
def test_every_page_carries_the_security_headers(world, role):
    client = Client()
    if role != "anonymous":
        client.force_login(world.users[role])
    checked = 0
    for name, route in GET_ROUTES:
        for target in TARGETS if route.kwargs else [None]:
            url = reverse(name, kwargs=route.kwargs(world, target) if route.kwargs else None)
            response = client.get(url)
            where = f"GET {url} as {role} ({response.status_code})"
            scripts = assert_security_headers(response, where)
            assert_only_own_scripts(response, scripts, where)
            checked += 1
    assert checked >= len(GET_ROUTES)


def test_a_page_of_errors_and_the_sign_in_page_carry_them_too(world):
    anonymous = Client()
    for url in ("/konto/logga-in/", "/no-such-page/", "/healthz"):
        response = anonymous.get(url)
        scripts = assert_security_headers(response, f"GET {url}")
        assert_only_own_scripts(response, scripts, f"GET {url}")


def test_each_answer_gets_a_new_nonce(world):
    client = Client()
    client.force_login(world.users["inspector"])
    first = parse_policy(client.get(reverse("home")).headers["Content-Security-Policy"])["script-src"]
    second = parse_policy(client.get(reverse("home")).headers["Content-Security-Policy"])["script-src"]
    assert first and second and first != second


def test_the_pages_scripts_carry_the_nonce(world):
    client = Client()
    client.force_login(world.users["inspector"])
    response = client.get(reverse("home"))
    nonce = parse_policy(response.headers["Content-Security-Policy"])["script-src"][0][len("'nonce-") : -1]
    assert response.content.decode().count(f'nonce="{nonce}"') == 2  # htmx and los.js


def test_the_admin_may_load_its_own_scripts_but_nothing_inline(world):
    client = Client()
    client.force_login(world.users["superuser"])
    response = client.get("/admin/")
    assert response.status_code == 200
    policy = parse_policy(response.headers["Content-Security-Policy"])
    assert "'self'" in policy["script-src"]
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "no-store" in response.headers["Cache-Control"]


def test_static_files_stay_cacheable(settings):
    # WhiteNoise serves from the finders, as it does in `make run`; it reads these when it starts.
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    response = Client().get("/static/css/los.css")
    assert response.status_code == 200
    assert "no-store" not in response.headers.get("Cache-Control", "")
