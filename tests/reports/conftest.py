import functools
from decimal import Decimal

import pytest

from inspections.models import VisitOutcome
from los.celery import app as celery_app
from reports import services
from reports.models import JobStage, JobStatus, Summary
from reports.periods import half_year
from tests.factories import PaymentEntryFactory
from tests.findings.factories import fire_finding, tax_finding

# The named people and places of tests/fixtures.py, for the tests in this folder.
from tests.fixtures import *  # noqa: F403
from tests.summary_fixtures import *  # noqa: F403

SPRING_2025 = half_year(2025, 1)


class FakeRenderer:
    """Stands in for the typesetting: records each call and the running jobs' rows meanwhile."""

    def __init__(self):
        self.calls = []
        self.seen = []
        self.fail_with = None
        self.meanwhile = None

    def __call__(self, *, published, narrative, draft, title, progress=None):
        self.calls.append({"published": published, "narrative": narrative, "draft": draft, "title": title})
        progress(JobStage.RENDERING, 50)
        running = Summary.objects.filter(job_status=JobStatus.RUNNING)
        self.seen.append(list(running.values_list("job_status", "job_stage", "job_progress")))
        if self.meanwhile:
            self.meanwhile()
        if self.fail_with:
            raise self.fail_with
        return f"%PDF-1.7 call {len(self.calls)}".encode()


@pytest.fixture
def renderer(monkeypatch, summaries_folder):
    """The figures are counted for real; the typesetting is replaced by a few bytes."""
    fake = FakeRenderer()
    monkeypatch.setattr("reports.tasks.render_summary_pdf", fake)
    return fake


@pytest.fixture
def eager_jobs(monkeypatch, django_capture_on_commit_callbacks):
    """Jobs run in this process, as under `make run`, also when the test run has a broker (CI).

    Celery's app is configured once, at import, so Django's settings fixture cannot reach it:
    the app's own configuration is patched (as a mapping: pytest cannot undo a setattr on it).
    Returns a context manager: what a step enqueues
    after its commit runs as the block ends (`with eager_jobs(): summary_publish(...)`)."""
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)
    monkeypatch.setitem(celery_app.conf, "task_eager_propagates", True)
    return functools.partial(django_capture_on_commit_callbacks, execute=True)


# --- A summary through its lifecycle, counted for real from a small spring ------------------
# (The view tests make their summaries without the job, with tests.matrix.summaries.make_summary;
# where they name a fixture `spring` or `draft` of their own, theirs is used.)


@pytest.fixture
def jobs(eager_jobs, renderer):
    """Calls a service and runs the job it enqueued, in this process, as `make run` does."""

    def run(service, **arguments):
        with eager_jobs():
            return service(**arguments)

    return run


@pytest.fixture
def spring(visit, skatteverket, raddningstjansten):
    """The Hageby visit carried out, a tax finding with 150 000 kr wrongly paid, a fire finding."""
    visit.outcome = VisitOutcome.CARRIED_OUT
    visit.save()
    finding = tax_finding(visit, skatteverket)
    PaymentEntryFactory(finding=finding, amount=Decimal("150000.00"))
    fire_finding(visit, raddningstjansten)
    return finding


@pytest.fixture
def draft(jobs, spring, petra, norrkoping):
    """Norrköping's spring 2025 requested by petra, its figures counted by the first job."""
    summary, _created = jobs(
        services.summary_request,
        collaboration=norrkoping,
        period_start=SPRING_2025[0],
        period_end=SPRING_2025[1],
        by=petra,
    )
    summary.refresh_from_db()
    assert summary.job_status == JobStatus.DONE
    return summary


@pytest.fixture
def awaiting(draft, petra):
    return services.summary_send_for_confirmation(summary=draft, by=petra)


@pytest.fixture
def approved(awaiting, petra):
    return services.summary_approve(summary=awaiting, by=petra, without_answers=True)


@pytest.fixture
def published(jobs, approved, petra):
    """Published, and its final PDF typeset by the job publication started."""
    summary = jobs(services.summary_publish, summary=approved, by=petra)
    summary.refresh_from_db()
    return summary
