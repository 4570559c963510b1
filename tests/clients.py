"""A signed-in test client, as the view tests use it, and what a page costs in queries."""

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def signed_in_client(user, *, language="en", **client_options):
    """A client signed in as `user`, reading pages in `language`.

    Messages are asserted in the source language (English), so a new Swedish translation
    cannot break a test; pass language="sv" to see what users see by default.
    """
    client = Client(**client_options)
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def queries_of_get(client, url):
    """How many queries a GET of `url` takes; the page must answer 200."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)
