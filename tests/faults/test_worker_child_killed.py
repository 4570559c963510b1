"""The process that runs a summary job is killed in the middle of it (as the kernel's OOM killer
does) while the worker itself lives on: the worker gives the message back at once (late
acknowledgement, rejected on worker loss), its new pool process takes the job over, cleans the
half-written file away and finishes it, exactly once, with exactly one PDF.

tests/reports/test_summary_worker.py kills the whole worker and starts another (a machine or
container that dies); this is the other way a job loses its process. Its Worker is used here.
"""

import hashlib
import os
import signal
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
import redis
from django.db import connection

from los.celery import app as celery_app
from reports.models import JobStage, JobStatus
from reports.periods import half_year
from reports.services import summary_request
from tests.reports.test_summary_worker import Worker, job_of, temporary_files, wait_for

BROKER = os.environ.get("CELERY_BROKER_URL", "")

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(not BROKER.startswith(("redis://", "rediss://")), reason="needs Redis: set CELERY_BROKER_URL"),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the worker needs the test database: PostgreSQL"),
    # Committed rows, so the worker (another process) sees them.
    pytest.mark.django_db(transaction=True),
]

# A Redis database of these tests' own, so no other worker takes their messages.
REDIS_DB = 13
# Each delivery pauses this long between writing the temporary file and moving it into place:
# long enough to kill the pool process there, short enough for the soft time limit (8 s).
PAUSE_SECONDS = 2


def _broker_url():
    return urlunsplit(urlsplit(BROKER)._replace(path=f"/{REDIS_DB}"))


@pytest.fixture
def queue():
    name = f"los-test-summary-{uuid.uuid4().hex}"
    yield name
    client = redis.Redis.from_url(_broker_url())
    for key in client.scan_iter(f"*{name}*"):
        client.delete(key)


def _unacknowledged_in(queue):
    client = redis.Redis.from_url(_broker_url())
    return [value for value in client.hvals("unacked") if queue.encode() in value]


def _children_of(pid):
    """The processes whose parent is `pid`, from /proc."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # gone meanwhile
        if int(fields[1]) == pid:
            children.append(int(stat.parent.name))
    return children


def test_a_job_whose_pool_process_is_killed_is_taken_over_and_finished_once(
    petra, norrkoping, queue, summaries_folder, tmp_path
):
    start, end = half_year(2025, 1)
    summary, _ = summary_request(collaboration=norrkoping, period_start=start, period_end=end, by=petra, enqueue=False)
    log = tmp_path / "worker.log"
    extra_env = {"CELERY_BROKER_URL": _broker_url(), "LOS_SUMMARY_TEST_DELAY": str(PAUSE_SECONDS)}
    worker = Worker(log, queue=queue, media_root=summaries_folder.parent, extra_env=extra_env)
    try:
        wait_for(lambda: " ready." in log.read_text(), timeout=45, what="the worker to start", log=log)
        with celery_app.connection_for_write(_broker_url()) as broker:
            celery_app.send_task(
                "reports.tasks.summary_compile",
                args=[summary.pk, summary.job_generation],
                queue=queue,
                connection=broker,
            )
        wait_for(
            lambda: job_of(summary.pk)["job_stage"] == JobStage.SAVING and temporary_files(summaries_folder),
            timeout=30,
            what="the PDF in its temporary file",
            log=log,
        )
        (pool_process,) = _children_of(worker.process.pid)
        os.kill(pool_process, signal.SIGKILL)
        killed_at = time.monotonic()

        wait_for(lambda: job_of(summary.pk)["job_status"] == JobStatus.DONE, timeout=30, what="the job", log=log)
        wait_for(lambda: not _unacknowledged_in(queue), timeout=10, what="the acknowledgement", log=log)
        # Given back at once, not after Redis's visibility timeout (20 s here).
        assert time.monotonic() - killed_at < 15
        # The same worker carried on with a new pool process.
        assert worker.process.poll() is None
        assert _children_of(worker.process.pid) not in ([], [pool_process])
    finally:
        worker.stop()

    job = job_of(summary.pk)
    assert (job["job_status"], job["job_generation"]) == (JobStatus.DONE, 1)
    assert sorted(path.name for path in summaries_folder.iterdir()) == [f"summary-{summary.pk}-1.pdf"]
    assert hashlib.sha256((summaries_folder / job["pdf_name"]).read_bytes()).hexdigest() == job["pdf_sha256"]
    text = log.read_text()
    assert "WorkerLostError" in text
    assert text.count("taken over from a lost worker") == 1
    assert text.count("succeeded in") == 1
    assert redis.Redis.from_url(_broker_url()).llen(queue) == 0
