"""Every list page costs the same number of queries with 1 row as with 50, and no more than the
budget: a page that loads something once per row, or that has grown expensive, fails here.

The pages, who reads them and how they get rows are in tests/list_pages.py.
"""

import pytest
import time_machine

from tests.clients import queries_of_get, signed_in_client
from tests.factories import local_time
from tests.fixtures import *  # noqa: F403
from tests.list_pages import LIST_PAGES, TODAY, kiosk_import, whole_march  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

# What a list page may cost, whatever its length. Seven queries are paid by every signed-in page
# (the session read and, as it is saved on each request for the idle timeout, its update; the
# user; the two-step device; the reader's memberships), leaving five for the rows, the pager's
# count and the page's own small lookups. The pages measured 8 to 12 when this was written.
LIST_QUERY_BUDGET = 12


@pytest.fixture(autouse=True)
def _on_12_march_2025():
    with time_machine.travel(local_time(TODAY, 9), tick=False):
        yield


def _cost(request, page, client):
    """The queries of the page, and the rows it then shows (counted on a second request)."""
    url = page.url(request)
    queries = queries_of_get(client, url)
    return queries, page.shown(client.get(url))


@pytest.mark.parametrize("page", LIST_PAGES, ids=[page.name for page in LIST_PAGES])
def test_a_list_page_costs_the_same_few_queries_for_1_and_50_rows(request, page):
    # Signed in first: the access log counts the reader's own sign-in as its first row.
    client = signed_in_client(request.getfixturevalue(page.reader))
    page.add_rows(request, range(1))
    queries_of_get(client, page.url(request))  # warms the per-process caches (content types ...)
    with_one, shown = _cost(request, page, client)
    assert set(shown.values()) == {1}, shown
    page.add_rows(request, range(1, 50))
    with_fifty, shown = _cost(request, page, client)
    assert set(shown.values()) == {50}, shown
    assert with_fifty == with_one, f"{page.name}: {with_one} queries with 1 row, {with_fifty} with 50"
    assert with_one <= LIST_QUERY_BUDGET, f"{page.name}: {with_one} queries, more than {LIST_QUERY_BUDGET}"
