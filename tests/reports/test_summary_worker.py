"""A real Celery worker on Redis is killed in the middle of a summary job; the job is delivered
again to a new worker and finished exactly once, with exactly one PDF.

The whole worker is killed (its main process and its pool child, SIGKILL to the process group),
as when a container or machine dies: nobody is left to give the message back, so Redis does
when its visibility timeout has passed (CELERY_TASK_TIME_LIMIT × 2; the worker here gets small
limits through the environment so that is 20 seconds). A new worker gives such messages back
when it starts, so it is started once that time has passed. The job pauses once its PDF is in
a temporary file and before it is moved into place (LOS_SUMMARY_TEST_DELAY, a test-only
variable of reports/tasks.py), so the kill leaves a half-done job and its temporary file, which
the second delivery must clean away.
"""

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import pytest
import redis
from django.db import connection

from los.celery import app as celery_app
from reports.models import JobStage, JobStatus, Summary
from reports.periods import half_year
from reports.services import summary_request

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(
        not os.environ.get("CELERY_BROKER_URL", "").startswith(("redis://", "rediss://")),
        reason="needs Redis: set CELERY_BROKER_URL",
    ),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the worker needs the test database: PostgreSQL"),
    # Committed rows, so the worker (another process) sees them.
    pytest.mark.django_db(transaction=True),
]

# A Redis database of these tests' own, so their short visibility timeout never gives back
# messages of another application's workers.
REDIS_DB = 15
SOFT_TIME_LIMIT, TIME_LIMIT = 8, 10
VISIBILITY_TIMEOUT = TIME_LIMIT * 2
CELERY = Path(sys.executable).parent / "celery"


def _broker_url():
    parts = urlsplit(os.environ["CELERY_BROKER_URL"])
    return urlunsplit(parts._replace(path=f"/{REDIS_DB}"))


def _test_database_url():
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Worker:
    """A `celery worker` in a process group of its own, logging to a file."""

    def __init__(self, log, *, queue, media_root, extra_env=None):
        env = {
            **os.environ,
            "DATABASE_URL": _test_database_url(),
            "CELERY_BROKER_URL": _broker_url(),
            "CELERY_TASK_SOFT_TIME_LIMIT": str(SOFT_TIME_LIMIT),
            "CELERY_TASK_TIME_LIMIT": str(TIME_LIMIT),
            "MEDIA_ROOT": str(media_root),
            **(extra_env or {}),
        }
        command = [str(CELERY), "-A", "los", "worker", "--concurrency", "1", "-P", "prefork"]
        command += ["--without-gossip", "--without-mingle", "--without-heartbeat", "-Q", queue]
        command += ["-n", f"{queue}-{uuid.uuid4().hex[:6]}@%h", "--loglevel", "INFO"]
        self.log = log
        with open(log, "ab") as out:
            self.process = subprocess.Popen(  # noqa: S603 — our own command line
                command, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )

    def kill(self):
        """SIGKILL to the main process and its pool child at once."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


def wait_for(condition, *, timeout, what, log):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    pytest.fail(f"Timed out waiting for {what}. Worker log:\n{Path(log).read_text()[-4000:]}")


def job_of(pk):
    return Summary.objects.values("job_status", "job_stage", "job_generation", "pdf_name", "pdf_sha256").get(pk=pk)


@pytest.fixture
def queue():
    name = f"los-test-summary-{uuid.uuid4().hex}"
    yield name
    client = redis.Redis.from_url(_broker_url())
    for key in client.scan_iter(f"*{name}*"):
        client.delete(key)


def unacknowledged_in(queue):
    """Messages of `queue` a worker has taken and not acknowledged (kombu's Redis "unacked" hash)."""
    client = redis.Redis.from_url(_broker_url())
    entries = [json.loads(value) for value in client.hvals("unacked")]
    return [entry for entry in entries if entry[2] == queue]


def temporary_files(folder):
    return [path.name for path in folder.iterdir() if path.name.endswith(".part")] if folder.exists() else []


def test_a_job_whose_worker_is_killed_is_finished_once_by_another(petra, norrkoping, queue, summaries_folder, tmp_path):
    # The workers' MEDIA_ROOT holds the "summaries" folder, as in the settings.
    media_root = summaries_folder.parent
    start, end = half_year(2025, 1)
    summary, _ = summary_request(collaboration=norrkoping, period_start=start, period_end=end, by=petra, enqueue=False)
    log = tmp_path / "worker.log"
    workers = [Worker(log, queue=queue, media_root=media_root, extra_env={"LOS_SUMMARY_TEST_DELAY": "60"})]
    try:
        # A message sent before the worker has bound its queue would be routed nowhere.
        wait_for(lambda: " ready." in log.read_text(), timeout=45, what="the worker to start", log=log)
        # Through a connection of its own: the app's broker is the one of the environment.
        with celery_app.connection_for_write(_broker_url()) as broker:
            celery_app.send_task(
                "reports.tasks.summary_compile",
                args=[summary.pk, summary.job_generation],
                queue=queue,
                connection=broker,
            )
        wait_for(
            lambda: job_of(summary.pk)["job_stage"] == JobStage.SAVING and temporary_files(summaries_folder),
            timeout=45,
            what="the PDF in its temporary file",
            log=log,
        )
        taken_at = time.time()
        workers[0].kill()
        assert job_of(summary.pk)["job_status"] == JobStatus.RUNNING
        assert len(unacknowledged_in(queue)) == 1
        # Killed between writing and renaming: a temporary file and no PDF.
        left_behind = temporary_files(summaries_folder)
        assert len(left_behind) == 1 and left_behind[0].startswith(f".summary-{summary.pk}-1-")
        assert not list(summaries_folder.glob("*.pdf"))

        # Redis gives the message back once its visibility timeout has passed; the new worker
        # asks for such messages as it starts.
        time.sleep(max(0.0, taken_at + VISIBILITY_TIMEOUT + 1 - time.time()))
        workers.append(Worker(log, queue=queue, media_root=media_root))
        wait_for(lambda: job_of(summary.pk)["job_status"] == JobStatus.DONE, timeout=45, what="the job", log=log)
        wait_for(lambda: not unacknowledged_in(queue), timeout=10, what="the acknowledgement", log=log)
    finally:
        for worker in workers:
            worker.stop()

    job = job_of(summary.pk)
    assert (job["job_status"], job["job_generation"]) == (JobStatus.DONE, 1)
    # The second delivery removed the first one's temporary file: exactly one PDF, nothing else.
    assert sorted(path.name for path in summaries_folder.iterdir()) == [f"summary-{summary.pk}-1.pdf"]
    assert hashlib.sha256((summaries_folder / job["pdf_name"]).read_bytes()).hexdigest() == job["pdf_sha256"]
    assert "taken over from a lost worker" in log.read_text()
    assert redis.Redis.from_url(_broker_url()).llen(queue) == 0
