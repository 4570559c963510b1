"""handler500 (los/errors.py): an error that means the database cannot be reached answers 503
with Retry-After and a page that needs no database; any other error a plain 500 page.

The errors are real: Django's own connections to a port where nothing listens, to a SQLite
file in a folder that does not exist, a statement cut by its timeout, a backend terminated.
"""

import contextlib

import dj_database_url
import pytest
from django.db import IntegrityError, InterfaceError, OperationalError, connection
from django.test import RequestFactory
from django.urls import reverse

import los.errors
from los.errors import RETRY_AFTER_SECONDS, database_unreachable, server_error
from tests.clients import signed_in_client

from .postgres import separate_connection, terminate_backend

# Also where no test row is needed: pytest-django lets no connection open outside its mark.
pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL error: needs PostgreSQL")

NOTHING_LISTENS = "postgres://los@127.0.0.1:1/los"


def _raised(call):
    try:
        call()
    except Exception as exc:  # noqa: BLE001 — the error is what the caller wants
        return exc
    pytest.fail("expected an error")


def refused():
    """What Django raises when nothing listens at the database's address."""
    unreachable = separate_connection(dj_database_url.parse(NOTHING_LISTENS))
    return _raised(unreachable.ensure_connection)


def sqlite_file_cannot_be_opened(tmp_path):
    unreachable = separate_connection(
        {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "gone" / "db.sqlite3")}
    )
    return _raised(unreachable.ensure_connection)


def _scratch_sqlite(tmp_path):
    scratch = separate_connection({"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "scratch.sqlite3")})
    with scratch.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS place (name TEXT UNIQUE)")
    return scratch


def sqlite_table_missing(tmp_path):
    scratch = _scratch_sqlite(tmp_path)
    try:
        with scratch.cursor() as cursor:
            return _raised(lambda: cursor.execute("SELECT * FROM nowhere"))
    finally:
        scratch.close()


def sqlite_duplicate(tmp_path):
    scratch = _scratch_sqlite(tmp_path)
    try:
        with scratch.cursor() as cursor:
            cursor.execute("INSERT INTO place VALUES ('Hageby')")
            return _raised(lambda: cursor.execute("INSERT INTO place VALUES ('Hageby')"))
    finally:
        scratch.close()


def postgresql_statement_timeout(tmp_path):
    own = separate_connection()
    try:
        with own.cursor() as cursor:
            cursor.execute("SET statement_timeout = '10ms'")
            return _raised(lambda: cursor.execute("SELECT pg_sleep(1)"))
    finally:
        own.close()


def postgresql_backend_terminated(tmp_path):
    own = separate_connection()
    try:
        with own.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            (pid,) = cursor.fetchone()
        terminate_backend(pid)
        return _raised(lambda: own.cursor().execute("SELECT 1"))
    finally:
        own.close()


def closed_connection(tmp_path):
    own = separate_connection()
    own.ensure_connection()
    # The driver's connection closed under Django's feet, as a network cut leaves it.
    own.connection.close()
    return _raised(own.cursor)


@pytest.mark.parametrize(
    ("make_error", "unreachable"),
    [
        pytest.param(lambda tmp_path: refused(), True, id="connection-refused"),
        pytest.param(sqlite_file_cannot_be_opened, True, id="sqlite-cannot-open"),
        pytest.param(sqlite_table_missing, False, id="sqlite-no-such-table"),
        pytest.param(sqlite_duplicate, False, id="sqlite-integrity-error"),
        pytest.param(postgresql_statement_timeout, False, id="pg-statement-timeout", marks=postgresql_only),
        pytest.param(postgresql_backend_terminated, True, id="pg-backend-terminated", marks=postgresql_only),
        pytest.param(closed_connection, True, id="pg-connection-closed", marks=postgresql_only),
        pytest.param(lambda tmp_path: ValueError("a bug"), False, id="not-a-database-error"),
    ],
)
def test_only_errors_that_mean_unreachable_count_as_such(make_error, unreachable, tmp_path):
    error = make_error(tmp_path)
    assert database_unreachable(error) is unreachable, repr(error)


def test_an_error_raised_while_handling_an_unreachable_database_counts_too():
    original = refused()
    try:
        try:
            raise original
        except OperationalError as exc:
            raise RuntimeError("the service gave up") from exc
    except RuntimeError as exc:
        assert database_unreachable(exc)


def test_an_integrity_error_is_never_unreachable():
    assert not database_unreachable(IntegrityError("duplicate key value violates unique constraint"))
    assert database_unreachable(InterfaceError("connection already closed"))


# --- The pages ------------------------------------------------------------------------------


@contextlib.contextmanager
def database_down():
    """Every query of the test database's connection in this thread fails as if nothing listened.
    Yields the SQL tried, so a test sees whether anything reached for the database."""
    error = refused()
    attempts = []

    def refuse(execute, sql, params, many, context):
        attempts.append(sql)
        raise error

    with connection.execute_wrapper(refuse):
        yield attempts


def _handled(exc):
    """server_error's answer, called as Django calls it: inside the except block."""
    try:
        raise exc
    except Exception:  # noqa: BLE001 — handler500 sees whatever was raised
        return server_error(RequestFactory().get("/lokaler/"))


def test_the_503_page_needs_no_database():
    with database_down() as attempts:
        response = _handled(refused())
    page = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert "no-store" in response["Cache-Control"]
    assert "The service is unavailable just now" in page
    assert f"Wait {RETRY_AFTER_SECONDS} seconds and try again." in page
    assert attempts == []


def test_the_500_page_needs_no_database_and_promises_no_retry():
    with database_down() as attempts:
        response = _handled(IntegrityError("duplicate key value violates unique constraint"))
    page = response.content.decode()
    assert response.status_code == 500
    assert not response.has_header("Retry-After")
    assert "Something went wrong" in page
    assert "The service is unavailable" not in page
    assert attempts == []


@pytest.mark.parametrize("make_error", [refused, lambda: ValueError("a bug")], ids=["503", "500"])
def test_the_pages_keep_to_the_content_security_policy(make_error):
    page = _handled(make_error()).content.decode()
    assert '<link rel="stylesheet" href="/static/css/los.css">' in page
    assert "<script" not in page
    assert "<style" not in page and "style=" not in page
    assert '<html lang="en">' in page


def test_when_the_page_itself_fails_the_status_and_retry_after_stay(monkeypatch):
    def broken(*arguments, **options):
        raise ValueError("Missing staticfiles manifest entry for 'css/los.css'")

    monkeypatch.setattr(los.errors, "render_to_string", broken)
    response = _handled(refused())
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert response["Content-Type"].startswith("text/plain")
    assert "unavailable" in response.content.decode()


def test_a_signed_in_page_answers_503_when_the_database_stops_answering(anna):
    client = signed_in_client(anna, raise_request_exception=False)
    assert client.get(reverse("premises_list")).status_code == 200

    with database_down() as attempts:
        response = client.get(reverse("premises_list"))
    page = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert "The service is unavailable just now" in page
    # The session's row was the first thing the request reached for.
    assert attempts and "django_session" in attempts[0]
