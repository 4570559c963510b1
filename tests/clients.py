"""A signed-in test client, as the view tests use it."""

from django.conf import settings
from django.test import Client


def signed_in_client(user, *, language="en", **client_options):
    """A client signed in as `user`, reading pages in `language`.

    Messages are asserted in the source language (English), so a new Swedish translation
    cannot break a test; pass language="sv" to see what users see by default.
    """
    client = Client(**client_options)
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client
