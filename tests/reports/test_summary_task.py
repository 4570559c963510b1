"""The summary job, run in this process: queued → running → done or failed, never twice, and
never a half-written file under a PDF's name."""

import hashlib
import os
from pathlib import Path

import pytest
from celery.exceptions import SoftTimeLimitExceeded

from reports import storage
from reports.models import JobStage, JobStatus, Summary, SummaryStatus
from reports.periods import half_year
from reports.services import (
    summary_approve,
    summary_publish,
    summary_recount,
    summary_request,
    summary_send_for_confirmation,
)
from reports.tasks import summary_compile

SPRING_2025 = half_year(2025, 1)


@pytest.fixture
def summary(petra, norrkoping, summaries_folder):
    """A draft whose first job is queued (the message is not sent: tests run it themselves)."""
    created, _ = summary_request(
        collaboration=norrkoping, period_start=SPRING_2025[0], period_end=SPRING_2025[1], by=petra
    )
    return created


def run(summary, generation=None):
    return summary_compile.apply(args=[summary.pk, generation or summary.job_generation]).get()


def files_in(folder):
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


def as_saved(summary):
    return Summary.objects.get(pk=summary.pk)


def test_a_job_runs_from_queued_through_running_to_done(summary, renderer, summaries_folder):
    assert summary.job_status == JobStatus.QUEUED
    assert run(summary) == "done"
    assert renderer.seen == [[(JobStatus.RUNNING, JobStage.RENDERING, 50)]]
    saved = as_saved(summary)
    assert (saved.job_status, saved.job_stage, saved.job_progress, saved.job_error) == (
        JobStatus.DONE,
        JobStage.FINISHED,
        100,
        "",
    )
    assert saved.job_started_at <= saved.job_finished_at
    assert files_in(summaries_folder) == [f"summary-{summary.pk}-1.pdf"]
    content = (summaries_folder / saved.pdf_name).read_bytes()
    assert saved.pdf_sha256 == hashlib.sha256(content).hexdigest()
    assert saved.figures["period_start"] == "2025-01-01"
    assert renderer.calls[0]["draft"] is True
    assert "LOS Norrköping" in renderer.calls[0]["title"]


def test_the_same_job_delivered_again_does_nothing(summary, renderer, summaries_folder):
    run(summary)
    finished = as_saved(summary)
    assert run(summary) == "skipped"
    assert len(renderer.calls) == 1
    assert files_in(summaries_folder) == [f"summary-{summary.pk}-1.pdf"]
    assert as_saved(summary).job_finished_at == finished.job_finished_at


def test_a_replaced_job_does_nothing(summary, renderer, petra, summaries_folder):
    Summary.objects.filter(pk=summary.pk).update(job_status=JobStatus.FAILED)
    summary_recount(summary=summary, by=petra)
    assert run(summary, generation=1) == "skipped"
    assert renderer.calls == []
    assert (as_saved(summary).job_generation, as_saved(summary).job_status) == (2, JobStatus.QUEUED)
    assert files_in(summaries_folder) == []


def test_a_job_of_a_deleted_summary_does_nothing(summary, renderer):
    pk = summary.pk
    summary.delete()
    assert summary_compile.apply(args=[pk, 1]).get() == "skipped"
    assert renderer.calls == []


def test_a_failure_is_kept_as_the_jobs_result_and_leaves_no_file(summary, renderer, summaries_folder):
    renderer.fail_with = RuntimeError("the printer is on fire\nsecond line")
    assert run(summary) == "failed"
    saved = as_saved(summary)
    assert saved.job_status == JobStatus.FAILED
    assert saved.job_error == "The PDF could not be made (RuntimeError: the printer is on fire)."
    assert (saved.pdf_name, saved.pdf_sha256) == ("", "")
    assert files_in(summaries_folder) == []


def test_a_failed_retry_keeps_the_earlier_pdf(summary, renderer, petra, summaries_folder):
    run(summary)
    renderer.fail_with = ValueError("bad figure")
    retried = summary_recount(summary=summary, by=petra)
    run(retried)
    saved = as_saved(summary)
    assert (saved.job_status, saved.pdf_name) == (JobStatus.FAILED, f"summary-{summary.pk}-1.pdf")
    assert files_in(summaries_folder) == [saved.pdf_name]


def test_a_job_over_its_time_limit_fails_with_the_reason(summary, renderer, settings, summaries_folder):
    renderer.fail_with = SoftTimeLimitExceeded()
    assert run(summary) == "failed"
    saved = as_saved(summary)
    assert saved.job_status == JobStatus.FAILED
    assert saved.job_error.startswith(f"The job took longer than {settings.CELERY_TASK_SOFT_TIME_LIMIT} seconds")
    assert files_in(summaries_folder) == []


def test_the_pdf_is_written_whole_and_flushed_before_it_gets_its_name(summary, renderer, monkeypatch):
    events = []
    real_replace, real_fsync = os.replace, os.fsync

    def replace(source, target):
        events.append(("replace", os.path.basename(source), os.path.exists(target), Path(source).read_bytes()))
        real_replace(source, target)

    def fsync(handle):
        events.append(("fsync",))
        real_fsync(handle)

    monkeypatch.setattr("reports.tasks.os.replace", replace)
    monkeypatch.setattr("reports.tasks.os.fsync", fsync)
    run(summary)
    (file_fsync, (action, temporary_name, target_existed, content), folder_fsync) = events
    assert (file_fsync, action, folder_fsync) == (("fsync",), "replace", ("fsync",))
    assert temporary_name.startswith(f".summary-{summary.pk}-1-") and temporary_name.endswith(".part")
    assert not target_existed
    assert content == b"%PDF-1.7 call 1"


def test_a_job_replaced_while_it_ran_throws_its_pdf_away(summary, renderer, petra, summaries_folder):
    def recount_meanwhile():
        Summary.objects.filter(pk=summary.pk).update(job_generation=2, job_status=JobStatus.QUEUED)

    renderer.meanwhile = recount_meanwhile
    assert run(summary, generation=1) == "superseded"
    saved = as_saved(summary)
    assert (saved.job_status, saved.pdf_name) == (JobStatus.QUEUED, "")
    assert files_in(summaries_folder) == []


def test_a_job_left_running_by_a_lost_worker_is_taken_over(summary, renderer, summaries_folder):
    Summary.objects.filter(pk=summary.pk).update(job_status=JobStatus.RUNNING, job_stage=JobStage.RENDERING)
    storage.summaries_folder()
    (summaries_folder / f".summary-{summary.pk}-1-abandoned.part").write_bytes(b"%PDF-1.7 half")
    assert run(summary) == "done"
    assert as_saved(summary).job_status == JobStatus.DONE
    assert files_in(summaries_folder) == [f"summary-{summary.pk}-1.pdf"]


def test_the_next_job_replaces_the_previous_pdf(summary, renderer, petra, summaries_folder):
    run(summary)
    run(summary_recount(summary=summary, by=petra))
    saved = as_saved(summary)
    assert saved.pdf_name == f"summary-{summary.pk}-2.pdf"
    assert files_in(summaries_folder) == [saved.pdf_name]
    assert (summaries_folder / saved.pdf_name).read_bytes() == b"%PDF-1.7 call 2"


def test_a_published_summary_is_typeset_from_its_snapshot_as_final(summary, renderer, petra, norrkoping):
    run(summary)
    summary_send_for_confirmation(summary=summary, by=petra)
    summary_approve(summary=summary, by=petra, without_answers=True)
    Summary.objects.filter(pk=summary.pk).update(narrative="Våren.")
    published = summary_publish(summary=summary, by=petra)
    # The collaboration's threshold changes after publication: the snapshot's stays.
    norrkoping.suppression_threshold = 5
    norrkoping.save()
    run(published)
    final = renderer.calls[-1]
    assert (final["draft"], final["narrative"], final["published"].threshold) == (False, "Våren.", 3)
    assert as_saved(summary).status == SummaryStatus.PUBLISHED


def test_without_a_broker_the_job_runs_after_the_commit_in_this_process(eager_jobs, petra, norrkoping, renderer):
    with eager_jobs():
        summary, _ = summary_request(
            collaboration=norrkoping, period_start=SPRING_2025[0], period_end=SPRING_2025[1], by=petra
        )
    assert as_saved(summary).job_status == JobStatus.DONE


def test_a_job_that_cannot_be_started_fails_without_failing_the_request(eager_jobs, petra, norrkoping, monkeypatch):
    def broken_broker(*arguments):
        raise ConnectionError("no broker")

    monkeypatch.setattr(summary_compile, "delay", broken_broker)
    with eager_jobs():
        summary, created = summary_request(
            collaboration=norrkoping, period_start=SPRING_2025[0], period_end=SPRING_2025[1], by=petra
        )
    assert created
    saved = as_saved(summary)
    assert (saved.job_status, saved.job_error) == (
        JobStatus.FAILED,
        "The job could not be started. Try again in a while.",
    )


def test_the_real_job_typesets_a_pdf(summary, summaries_folder):
    assert run(summary) == "done"
    saved = as_saved(summary)
    assert (summaries_folder / saved.pdf_name).read_bytes().startswith(b"%PDF-")
    assert saved.figures["period_end"] == "2025-06-30"
