"""Bad query strings to every page, as every role that may open it: never a server error, never
a payload shown as markup, never a formula cell in a CSV.

A page is sent the keys its view's module reads (found in the source, see query_reads.py), the
fields of its own GET forms, the keys of its links to itself, and the usual `page`, `sort`, `q`:
fixed sweeps (every key at once with markup, broken bytes, 20 000 characters, 10**30, year 1,
year 9999, another collaboration's id; every key repeated; none) and a few generated mixes (with
strings up to 100 000 characters).
"""

import ast
import types

import pytest
from django.test import Client
from django.urls import reverse

from tests.fixtures import *  # noqa: F403
from tests.matrix.world import world_fixture  # noqa: F401 — provides the `world` fixture

from .crawl import (
    client_maker,
    discover,
    first_role_with,
    fuzzed_as_another_role,
    get_routes,
    pages_of,
    roles_with_pages,
    view_of,
)
from .fuzzing import failure_text, foreign_ids, fuzz, urlencoded
from .htmlforms import Form
from .query_reads import USUAL_KEYS, SourceReader, query_keys_of, query_reads
from .strategies import HOSTILE_QUERY, query, query_sweeps


@pytest.mark.parametrize("role", roles_with_pages())
def test_no_page_answers_a_bad_query_with_a_server_error(world, role):
    pages = pages_of(world, role)
    found = discover(world, role, pages)
    reads = query_reads()
    ids = foreign_ids(world)
    new_client = client_maker(world, role)
    failures, fuzzed_routes = [], set()
    for page in pages:
        keys = query_keys_of(view_of(page.name), reads) | found.query_keys.get(page.name, set())
        target = Form(method="get", action=page.url)
        strategy = query(keys, found.query_fields.get(page.name, {}), ids)
        full = page.name not in fuzzed_routes and not fuzzed_as_another_role(role, page.name, page.name)
        fuzzed_routes.add(page.name)
        if keys - USUAL_KEYS and full:
            # The first row of a route that reads keys of its own gets the sweeps, and the first role
            # to get the page the generated queries too (the parsing is the same for every role).
            explicit, only_explicit = query_sweeps(keys, ids), role != first_role_with(page.name)
        else:
            # Another row of the same route, a page fuzzed as another role, or one that reads none
            # but the usual keys: that markup and broken bytes in every key change nothing.
            explicit, only_explicit = [[(key, HOSTILE_QUERY) for key in sorted(keys)]], True
        try:
            fuzz(new_client, target, strategy, explicit=explicit, only_explicit=only_explicit, who=f"as {role}")
        except Exception as exc:  # noqa: BLE001 — every page's failure is collected, then reported at once
            failures.append(failure_text(f"GET {page.url} ({page.name}) with {sorted(keys)}", exc))
    assert not failures, f"{len(failures)} of {len(pages)} pages failed as {role}:\n\n" + "\n\n".join(failures)


def test_every_query_key_the_code_reads_is_fuzzed():
    reads = query_reads()
    unresolved = [line for module_reads in reads.values() for line in module_reads.unresolved]
    assert not unresolved, f"Query reads the fuzzer cannot follow; teach tests/security/query_reads.py: {unresolved}"
    reached = {}  # module → the functions of it that the matrix's GET views call
    for name, _ in get_routes():
        module, function = view_of(name)
        if module in reads:
            reached.setdefault(module, set()).update(reads[module].keys_reached_from(function)[1])
    unsent = {
        f"{module}.{function}": sorted(keys)
        for module, module_reads in reads.items()
        for function, keys in module_reads.by_function.items()
        if keys and function and function not in reached.get(module, set())
    }
    assert not unsent, f"Query keys read where no GET page of the matrix leads, never fuzzed: {unsent}"
    # The scanner itself finds the keys it should (else the assertions above would prove nothing).
    assert {"q", "lokal", "sida"} <= reads["findings.views.findings"].keys
    assert {"from", "to", "action", "user"} <= reads["agencies.views.access_log"].keys
    assert {"category", "quantity", "indicators"} <= reads["findings.views.record"].keys
    # ... and books them to the view that reads them, through the helpers it calls.
    assert query_keys_of(("findings.views.record", "finding_record_fields"), reads) >= {"category", "quantity"}
    assert "category" not in query_keys_of(("findings.views.findings", "finding_list"), reads)


def test_the_scanner_reports_a_query_read_it_cannot_follow():
    source = "def view(request):\n    params = request.GET\n    return params.get('hidden')\n"
    reads = SourceReader(types.ModuleType("example"), ast.parse(source), "example.py").run()
    assert reads.count == 1
    assert reads.unresolved == ["example.py:2: params = request.GET"]


def test_invalid_utf8_in_a_query_string_reaches_the_view_as_text(world):
    """The encoding the fuzz relies on: percent-encoded invalid UTF-8 arrives, replaced, not refused."""
    client = Client()
    client.force_login(world.users["coordinator"])
    response = client.get(reverse("finding_list"), QUERY_STRING=urlencoded([("q", "abc\udfff"), ("q", b"\xff")]))
    assert response.status_code == 200
    assert response.wsgi_request.GET.getlist("q") == ["abc\ufffd\ufffd\ufffd", "\ufffd"]
