"""`manage.py compile_summary`: the same service and job as the web, from the command line."""

import datetime
import io
import os
import re

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from reports.models import JobStatus, Summary, SummaryStatus
from reports.periods import half_year
from reports.services import summary_request, summary_send_for_confirmation

SPRING_2025 = half_year(2025, 1)


def compile_summary(*arguments):
    out = io.StringIO()
    call_command("compile_summary", *arguments, stdout=out)
    return out.getvalue()


def test_it_writes_the_half_years_pdf_made_by_the_job(norrkoping, summaries_folder, tmp_path):
    output = tmp_path / "sammanstallning.pdf"
    said = compile_summary("--collaboration", "norrkoping", "--year", "2025", "--half", "1", "--output", str(output))
    summary = Summary.objects.get()
    assert (summary.period_start.isoformat(), summary.period_end.isoformat()) == ("2025-01-01", "2025-06-30")
    assert (summary.status, summary.job_status, summary.created_by) == (SummaryStatus.DRAFT, JobStatus.DONE, None)
    assert output.read_bytes().startswith(b"%PDF-")
    assert output.read_bytes() == (summaries_folder / summary.pdf_name).read_bytes()
    assert f"Wrote {output}" in said and summary.pdf_sha256 in said


def test_it_takes_two_dates_and_counts_the_open_draft_again(norrkoping, summaries_folder, tmp_path, renderer):
    dates = ["--collaboration", "norrkoping", "--from", "2025-03-01", "--to", "2025-03-31"]
    compile_summary(*dates, "--output", str(tmp_path / "first.pdf"))
    compile_summary(*dates, "--output", str(tmp_path / "second.pdf"))
    summary = Summary.objects.get()
    assert (summary.job_generation, summary.job_status) == (2, JobStatus.DONE)
    assert [path.name for path in summaries_folder.iterdir()] == [f"summary-{summary.pk}-2.pdf"]
    assert (tmp_path / "second.pdf").read_bytes() == b"%PDF-1.7 call 2"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--collaboration", "nowhere", "--year", "2025", "--half", "1"], "No collaboration has the short name"),
        (["--collaboration", "norrkoping", "--year", "2025", "--half", "3"], "The half must be 1"),
        (["--collaboration", "norrkoping", "--year", "20255", "--half", "1"], "The year must be between"),
        (["--collaboration", "norrkoping", "--year", "2025"], "Give both --year and --half."),
        (["--collaboration", "norrkoping"], "Give either --year and --half, or --from and --to."),
        (
            ["--collaboration", "norrkoping", "--year", "2025", "--half", "1", "--from", "2025-01-01"],
            "Give either --year and --half, or --from and --to.",
        ),
        (["--collaboration", "norrkoping", "--from", "2025-01-01"], "Give both --from and --to."),
        (["--collaboration", "norrkoping", "--from", "1 jan", "--to", "2025-02-01"], "Not a date (YYYY-MM-DD)"),
        (
            ["--collaboration", "norrkoping", "--from", "2025-06-01", "--to", "2025-01-01"],
            "The last day cannot be before the first day.",
        ),
    ],
)
def test_it_explains_what_is_wrong_with_the_arguments(norrkoping, tmp_path, arguments, message):
    with pytest.raises(CommandError, match=re.escape(message)):
        compile_summary(*arguments, "--output", str(tmp_path / "out.pdf"))
    assert not Summary.objects.exists()


@pytest.mark.parametrize(
    ("output", "message"),
    [("missing/out.pdf", "The output folder does not exist"), (".", "The output is a folder, not a file")],
)
def test_it_refuses_an_output_it_cannot_write_before_doing_any_work(norrkoping, tmp_path, output, message):
    with pytest.raises(CommandError, match=message):
        compile_summary(
            "--collaboration", "norrkoping", "--year", "2025", "--half", "1", "--output", str(tmp_path / output)
        )
    assert not Summary.objects.exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_it_refuses_a_read_only_folder(norrkoping, tmp_path):
    read_only = tmp_path / "read-only"
    read_only.mkdir(mode=0o500)
    try:
        with pytest.raises(CommandError, match="cannot be written"):
            compile_summary(
                "--collaboration", "norrkoping", "--year", "2025", "--half", "1", "--output", str(read_only / "a.pdf")
            )
    finally:
        read_only.chmod(0o700)


def test_it_reports_a_failed_job_with_its_error(norrkoping, summaries_folder, tmp_path, renderer):
    renderer.fail_with = RuntimeError("no fonts")
    output = tmp_path / "out.pdf"
    with pytest.raises(
        CommandError, match=r"The summary job failed: The PDF could not be made \(RuntimeError: no fonts\)"
    ):
        compile_summary("--collaboration", "norrkoping", "--year", "2025", "--half", "1", "--output", str(output))
    assert not output.exists()
    assert Summary.objects.get().job_status == JobStatus.FAILED


def _queued_for_a_worker(norrkoping):
    """A draft whose first job is in a worker's queue: requested from the web, message sent."""
    summary, _ = summary_request(
        collaboration=norrkoping, period_start=SPRING_2025[0], period_end=SPRING_2025[1], by=None
    )
    return summary


def test_it_refuses_while_a_workers_job_of_the_summary_is_queued(norrkoping, summaries_folder, tmp_path, renderer):
    summary = _queued_for_a_worker(norrkoping)
    output = tmp_path / "out.pdf"
    with pytest.raises(CommandError, match=rf"Summary {summary.pk} is already being prepared by a worker \(queued"):
        compile_summary("--collaboration", "norrkoping", "--year", "2025", "--half", "1", "--output", str(output))
    saved = Summary.objects.get()
    assert (saved.job_generation, saved.job_status) == (1, JobStatus.QUEUED)
    assert renderer.calls == [] and not output.exists()


def test_it_replaces_a_lost_job_with_one_of_its_own(norrkoping, summaries_folder, tmp_path, renderer, settings):
    _queued_for_a_worker(norrkoping)
    output = tmp_path / "out.pdf"
    with time_machine.travel(datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT * 2 + 60)):
        compile_summary("--collaboration", "norrkoping", "--year", "2025", "--half", "1", "--output", str(output))
    saved = Summary.objects.get()
    # The worker's message, if it ever comes, carries generation 1 and is skipped.
    assert (saved.job_generation, saved.job_status) == (2, JobStatus.DONE)
    assert [path.name for path in summaries_folder.iterdir()] == [f"summary-{saved.pk}-2.pdf"]
    assert output.read_bytes() == b"%PDF-1.7 call 1"


def test_it_does_not_typeset_again_a_summary_sent_to_the_agencies(norrkoping, summaries_folder, tmp_path, renderer):
    compile_summary("--collaboration", "norrkoping", "--year", "2025", "--half", "1", "--output", str(tmp_path / "a"))
    summary_send_for_confirmation(summary=Summary.objects.get(), by=None)
    compile_summary("--collaboration", "norrkoping", "--year", "2025", "--half", "1", "--output", str(tmp_path / "b"))
    assert (Summary.objects.get().job_generation, len(renderer.calls)) == (1, 1)
    assert (tmp_path / "b").read_bytes() == (tmp_path / "a").read_bytes()
