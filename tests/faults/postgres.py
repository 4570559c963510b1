"""Cutting a PostgreSQL connection from outside, as an administrator or a crashing server would."""

import time

from django.db import connection
from django.db.utils import ConnectionHandler

GONE_POLLS = 100
GONE_POLL_SECONDS = 0.05


def separate_connection(settings_dict=None):
    """A Django connection of its own (to the test database unless told), not the tests' one."""
    return ConnectionHandler({"default": {**(settings_dict or connection.settings_dict)}})["default"]


def terminate_backend(pid):
    """End the server process of connection `pid` and wait until it is gone."""
    killer = separate_connection()
    try:
        with killer.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
            # Counted, not timed: some tests freeze the clock.
            for _poll in range(GONE_POLLS):
                cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [pid])
                if cursor.fetchone()[0] == 0:
                    return
                time.sleep(GONE_POLL_SECONDS)
    finally:
        killer.close()
    raise AssertionError(f"the backend {pid} was not terminated")
