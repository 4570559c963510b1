"""PostgreSQL goes away under a running app and comes back: pages answer 503 with the friendly
page meanwhile, /healthz names the database, a form sent meanwhile saves nothing, and the app
serves again without a restart.

The app runs as in production (gunicorn, DEBUG off) in a process of its own; its DATABASE_URL
points at a TCP proxy in this test, in front of the test database. Stopping the proxy closes
its port and cuts every connection through it, as a database server that goes down does.
"""

from urllib.parse import quote

import pytest
from django.db import connection
from django.urls import reverse

from inspections.models import Premises
from los.errors import RETRY_AFTER_SECONDS

from .app_server import AppServer
from .plain_http import PlainHttpBrowser
from .tcp_proxy import TcpProxy

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the app server needs the test database: PostgreSQL"),
    # Committed rows, so the app server (another process) sees them.
    pytest.mark.django_db(transaction=True),
]

PASSWORD = "blå-cykel-under-stenbron-42"
PREMISES_LIST = reverse("premises_list")
PREMISES_CREATE = reverse("premises_create")


def _database_url_through(proxy):
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{credentials}@127.0.0.1:{proxy.port}/{db['NAME']}"


@pytest.fixture
def proxy():
    db = connection.settings_dict
    proxy = TcpProxy((db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432)))
    proxy.start()
    yield proxy
    proxy.stop()


@pytest.fixture
def app_server(transactional_db, proxy, tmp_path):
    # Asks for the database first, so the server is stopped before the tables are emptied.
    server = AppServer(database_url=_database_url_through(proxy), log=tmp_path / "gunicorn.log", media_root=tmp_path)
    try:
        server.wait_until_serving()
        yield server
    finally:
        server.stop()


def _kiosk(token, name):
    return {
        "csrfmiddlewaretoken": token,
        "name": name,
        "premises_type": "kiosk",
        "address": "Drottninggatan 12",
        "postal_code": "60224",
        "city": "Norrköping",
        "notes": "",
        "org_number": "",
        "business_name": "",
    }


def test_pages_answer_503_while_the_database_is_away_and_200_when_it_is_back(anna, premises, app_server, proxy):
    anna.set_password(PASSWORD)
    anna.save()
    browser = PlainHttpBrowser(app_server.port)
    signed_in = browser.sign_in(reverse("login"), "anna", PASSWORD)
    assert signed_in.status == 302, app_server.log_tail()
    listed = browser.get(PREMISES_LIST)
    assert listed.status == 200
    assert premises.name in listed.text
    token = browser.csrf_token(PREMISES_CREATE)

    proxy.stop()

    away = browser.get(PREMISES_LIST)
    assert away.status == 503, app_server.log_tail()
    assert away.headers["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert "The service is unavailable just now" in away.text
    # The policy holds for the 503 page too; the page asks nothing of it but its stylesheet.
    policy = away.headers["Content-Security-Policy"]
    assert "style-src 'self'" in policy and "unsafe-inline" not in policy
    health = PlainHttpBrowser(app_server.port).get("/healthz")
    assert health.status == 503
    assert health.json()["database"].startswith("unavailable")
    assert browser.post(PREMISES_CREATE, _kiosk(token, "Torgkiosken")).status == 503

    proxy.start()

    back = browser.get(PREMISES_LIST)
    assert back.status == 200, app_server.log_tail()
    assert premises.name in back.text
    assert PlainHttpBrowser(app_server.port).get("/healthz").status == 200
    assert not Premises.objects.filter(name="Torgkiosken").exists()
    # The same form is saved now: it was the outage that refused it, not the form.
    assert browser.post(PREMISES_CREATE, _kiosk(token, "Torgkiosken")).status == 302
    assert Premises.objects.filter(name="Torgkiosken").count() == 1
