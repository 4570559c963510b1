"""/healthz: what the orchestrator asks before it sends traffic; 503 names the part that is down."""

import os

import pytest
from django.db import OperationalError

import los.health

CLOSED_BROKER = "redis://127.0.0.1:1/0"


@pytest.fixture
def broker_at_a_closed_port(settings, monkeypatch):
    settings.CELERY_BROKER_URL = CLOSED_BROKER
    # Celery takes CELERY_BROKER_URL from the environment before Django's settings, so CI's
    # real Redis would otherwise still answer.
    monkeypatch.setenv("CELERY_BROKER_URL", CLOSED_BROKER)


@pytest.mark.django_db
def test_it_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"


@pytest.mark.django_db
def test_it_is_never_cached(client):
    assert "no-cache" in client.get("/healthz")["Cache-Control"]


@pytest.mark.django_db
@pytest.mark.skipif(not os.environ.get("CELERY_BROKER_URL"), reason="no broker configured (CI sets one)")
def test_it_answers_ok_for_the_configured_broker(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["broker"] == "ok"


@pytest.mark.django_db
def test_it_says_so_when_no_broker_is_configured(client, settings, monkeypatch):
    settings.CELERY_BROKER_URL = None
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["broker"] == "not configured"


@pytest.mark.django_db
def test_it_answers_503_naming_the_database_when_the_database_fails(client, monkeypatch):
    def database_down():
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(los.health, "check_database", database_down)
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["database"] == "unavailable: OperationalError"


@pytest.mark.django_db
def test_it_does_not_show_the_error_text_which_may_hold_a_password(client, monkeypatch):
    def database_down():
        raise OperationalError('password authentication failed for user "los" (secret-password)')

    monkeypatch.setattr(los.health, "check_database", database_down)
    assert "secret-password" not in client.get("/healthz").content.decode()


@pytest.mark.django_db
def test_it_answers_503_naming_the_broker_when_the_broker_is_unreachable(client, broker_at_a_closed_port):
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["broker"].startswith("unavailable")
    assert body["database"] == "ok"


@pytest.mark.django_db
def test_it_answers_only_get(client):
    assert client.post("/healthz").status_code == 405
