"""Redis cannot be reached when the press officer requests a summary: the page says the job
could not be started and offers to try again, the summary is kept, /healthz names the broker.
With Redis back, "Try again" puts the job in Redis's queue.

The requests go through the views, with the job handed to the broker as in production (not run
in this process); the outage is a broker URL at a port where nothing listens.
"""

import base64
import datetime
import json
import os
from urllib.parse import urlsplit, urlunsplit

import pytest
import redis
import time_machine
from django.urls import reverse

from los.celery import app as celery_app
from reports.models import JobStatus, Summary
from tests.clients import signed_in_client
from tests.factories import local_time

pytestmark = pytest.mark.django_db

CLOSED_BROKER = "redis://127.0.0.1:1/0"
# A Redis database of these tests' own: no worker of another test or application reads it.
REDIS_DB = 13
# Where summary_compile goes: the settings route no task elsewhere.
DEFAULT_QUEUE = "celery"
COULD_NOT_START = "The job could not be started. Try again in a while."

# Read once, at import: the tests below change the variable.
REAL_BROKER = os.environ.get("CELERY_BROKER_URL", "")

needs_redis = pytest.mark.skipif(
    not REAL_BROKER.startswith(("redis://", "rediss://")), reason="needs Redis: set CELERY_BROKER_URL"
)


def our_redis_url():
    return urlunsplit(urlsplit(REAL_BROKER)._replace(path=f"/{REDIS_DB}"))


@pytest.fixture(autouse=True)
def _early_in_july():
    # The spring half-year has ended, so it may be requested.
    with time_machine.travel(local_time(datetime.date(2025, 7, 2), 9), tick=True):
        yield


@pytest.fixture
def broker(settings, monkeypatch):
    """Points the app's broker at a URL: in the settings (what /healthz asks), in the environment
    (which Celery reads before the settings) and in the app's pools (it keeps those of its first
    use, for the URL of that moment; kombu keeps one per URL, shared, so none is closed here)."""
    # Without a broker in the environment the settings run jobs in this process; here they may not.
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)

    def point_at(url):
        settings.CELERY_BROKER_URL = url
        monkeypatch.setenv("CELERY_BROKER_URL", url)
        monkeypatch.setattr(celery_app, "_pool", None)
        monkeypatch.setattr(celery_app.amqp, "_producer_pool", None)

    return point_at


def _request_spring(client, capture):
    with capture(execute=True):
        response = client.post(reverse("summary_list"), {"year": "2025", "half": "1"})
    assert response.status_code == 302
    return Summary.objects.get()


def _detail(client, summary):
    return client.get(reverse("summary_detail", kwargs={"pk": summary.pk})).content.decode()


def test_a_summary_requested_while_redis_is_away_is_kept_and_says_it_failed(
    petra, broker, client, django_capture_on_commit_callbacks
):
    broker(CLOSED_BROKER)
    press = signed_in_client(petra)

    summary = _request_spring(press, django_capture_on_commit_callbacks)

    assert (summary.job_status, summary.job_generation, summary.job_error) == (JobStatus.FAILED, 1, COULD_NOT_START)
    page = _detail(press, summary)
    assert "The figures could not be counted or the PDF could not be made." in page
    assert COULD_NOT_START in page
    assert f'action="{reverse("summary_retry", kwargs={"pk": summary.pk})}"' in page
    health = client.get("/healthz")
    assert health.status_code == 503
    assert health.json()["broker"].startswith("unavailable")
    assert health.json()["database"] == "ok"


@needs_redis
def test_with_redis_back_try_again_puts_the_job_in_the_queue(petra, broker, client, django_capture_on_commit_callbacks):
    redis_client = redis.Redis.from_url(our_redis_url())
    redis_client.delete(DEFAULT_QUEUE)
    broker(CLOSED_BROKER)
    press = signed_in_client(petra)
    summary = _request_spring(press, django_capture_on_commit_callbacks)
    assert summary.job_status == JobStatus.FAILED

    broker(our_redis_url())
    try:
        with django_capture_on_commit_callbacks(execute=True):
            retried = press.post(reverse("summary_retry", kwargs={"pk": summary.pk}))
        assert retried.status_code == 302
        summary.refresh_from_db()
        assert (summary.job_status, summary.job_generation, summary.job_error) == (JobStatus.QUEUED, 2, "")
        assert _queued_jobs(redis_client) == [[summary.pk, 2]]
        assert "Working: " in _detail(press, summary)
        assert client.get("/healthz").status_code == 200
    finally:
        redis_client.delete(DEFAULT_QUEUE)


def _queued_jobs(redis_client):
    """The arguments of each summary_compile message waiting in the queue (kombu's Redis list)."""
    jobs = []
    for raw in redis_client.lrange(DEFAULT_QUEUE, 0, -1):
        message = json.loads(raw)
        if message["headers"]["task"] == "reports.tasks.summary_compile":
            arguments, _keywords, _embed = json.loads(base64.b64decode(message["body"]))
            jobs.append(arguments)
    return jobs


@pytest.mark.django_db(transaction=True)
def test_the_request_says_at_once_that_the_job_could_not_be_started(petra, broker):
    # Committed as in production, so the job is handed over (and refused) before the view answers.
    broker(CLOSED_BROKER)
    press = signed_in_client(petra)

    response = press.post(reverse("summary_list"), {"year": "2025", "half": "1"}, follow=True)

    page = response.content.decode()
    assert "is saved, but its job could not be started" in page
    assert "is being counted" not in page
    assert Summary.objects.get().job_status == JobStatus.FAILED
