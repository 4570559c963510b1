"""The pages of the role × URL matrix a role may open, and the forms found on them."""

from dataclasses import dataclass, field
from http.cookies import SimpleCookie

from django.test import Client
from django.urls import resolve, reverse
from django.urls.exceptions import Resolver404

from tests.matrix.route import ROLES, TARGETS
from tests.matrix.table import MATRIX, ROUTE_CASES, checked_routes, expected

from .htmlforms import forms_of, link_query_keys, links_of

# Files, not pages: what they answer has no forms, and rendering a PDF only to find that out is slow.
FILE_SUFFIXES = (".pdf", ".csv", ".txt")

# The page every signed-in role opens first: forms of the layout (sign out, language) are
# fuzzed there once, not again on every page that carries the layout.
LAYOUT_PAGE = "home"


@dataclass
class Page:
    name: str
    target: str | None
    url: str


@dataclass
class Found:
    """What a role's pages offer: each distinct form once, and each page's query keys."""

    # Form.key() → (Page, Form): a form is fuzzed once per role, on the first page that has it.
    forms: dict = field(default_factory=dict)
    query_keys: dict = field(default_factory=dict)  # route name → set of keys seen in forms and links
    query_fields: dict = field(default_factory=dict)  # route name → {key: Field} of the GET forms to it


def get_routes():
    """(route name, Route) for every GET row of the matrix."""
    return [(name, route) for name, route in ROUTE_CASES if route.method == "get"]


def pages_of(world, role):
    """Every GET page of the matrix that answers `role` with 200, in the matrix's order."""
    pages = []
    for name, route in get_routes():
        for target in TARGETS if route.kwargs else [None]:
            if expected(route, role, target) == 200:
                kwargs = route.kwargs(world, target) if route.kwargs else None
                pages.append(Page(name, target, reverse(name, kwargs=kwargs)))
    return pages


def _routes_of(name):
    entry = MATRIX.get(name)
    return () if entry is None else entry if isinstance(entry, tuple) else (entry,)


def first_role_with(name):
    """The first role of ROLES that gets GET page `name` with 200."""
    return next(
        role
        for role in ROLES
        for route in _routes_of(name)
        if route.method == "get"
        for target in (TARGETS if route.kwargs else [None])
        if expected(route, role, target) == 200
    )


def fuzzed_as_another_role(role, page_name, target_name):
    """True when what `role` would send to route `target_name` from page `page_name` is fuzzed as
    another role already: the route answers every role alike (the matrix names no role for it, like
    signing out or changing language), and `role` is not the first to get the page."""
    role_blind = all(not route.expect for route in _routes_of(target_name))
    return role_blind and role != first_role_with(page_name)


def roles_with_pages():
    """The roles that get at least one page of the matrix (known without a database)."""
    return [
        role
        for role in ROLES
        if any(
            expected(route, role, target) == 200
            for _, route in get_routes()
            for target in (TARGETS if route.kwargs else [None])
        )
    ]


def client_as(world, role):
    """A test client signed in as `role` (anonymous: not signed in). CSRF is not enforced here:
    the check has tests of its own, and the fuzz must reach the form code behind it."""
    client = Client()
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


def client_maker(world, role):
    """A function that makes clients signed in as `role`, sharing one session signed in once:
    cheaper than signing in for every example, and an example that signs out is rolled back."""
    signed_in = client_as(world, role)

    def new_client():
        client = Client()
        client.cookies = SimpleCookie(signed_in.cookies)
        return client

    return new_client


def body_bytes(response):
    """The whole body; a streaming body can be read once only, so read it here once."""
    return b"".join(response.streaming_content) if response.streaming else response.content


def body_text(response):
    return body_bytes(response).decode("utf-8", errors="replace")


def is_html(response):
    return response.get("Content-Type", "").startswith("text/html")


def is_csv(response):
    return response.get("Content-Type", "").startswith("text/csv")


def view_of(name):
    """(module, function or class name) of the view behind route `name`; decorators keep both."""
    callback = checked_routes()[name].callback
    view = getattr(callback, "view_class", callback)
    return view.__module__, view.__name__


def route_name(path):
    try:
        return resolve(path).url_name
    except Resolver404:
        return None


def discover(world, role, pages=None, *, strict=True):
    """GET every page of `role` and collect its distinct forms and query keys. `strict`: every
    page must answer 200 (off after saves that may have changed what the role sees)."""
    client = client_as(world, role)
    found = Found()
    layout = set()
    for page in pages if pages is not None else pages_of(world, role):
        if page.url.endswith(FILE_SUFFIXES):
            continue
        response = client.get(page.url)
        if strict:
            assert response.status_code == 200, f"GET {page.url} as {role}: {response.status_code}"
        if response.status_code != 200 or not is_html(response):
            continue
        html = body_text(response)
        keys = found.query_keys.setdefault(page.name, set())
        keys.update(link_query_keys(html, page.url))
        for form in forms_of(html, page.url):
            if form.method == "get":
                # A search form's fields are query keys of the page it goes to.
                target = route_name(form.path)
                found.query_keys.setdefault(target, set()).update(f.name for f in form.fields)
                found.query_fields.setdefault(target, {}).update({f.name: f for f in form.fields})
            key = form.key(route_name)
            if page.name == LAYOUT_PAGE:
                layout.add(key)
            elif key in layout:
                continue
            found.forms.setdefault(key, (page, form))
    return found


# A crawl also opens the pages that list pages link to (a new premises, a new finding), a few
# of each route, to see what was saved where it is shown in full.
LINKS_PER_ROUTE = 3


def crawl(world, role, extra_urls=()):
    """(url, response, body bytes) for every page of `role` in the matrix, `extra_urls` (pages
    saves led to), and the pages these link to."""
    client = client_as(world, role)
    matrix_pages = [page.url for page in pages_of(world, role)] + list(extra_urls)
    detail_routes = {name for name, route in get_routes() if route.kwargs}
    visited, per_route = set(), {}
    queue = list(matrix_pages)
    while queue:
        url = queue.pop(0)
        if url in visited:
            continue
        visited.add(url)
        response = client.get(url)
        body = body_bytes(response)
        yield url, response, body
        if not is_html(response) or url not in matrix_pages:
            continue
        for link in links_of(body.decode("utf-8", errors="replace"), url):
            name = route_name(link.split("?")[0])
            if name in detail_routes and link not in visited and per_route.get(name, 0) < LINKS_PER_ROUTE:
                per_route[name] = per_route.get(name, 0) + 1
                queue.append(link)
