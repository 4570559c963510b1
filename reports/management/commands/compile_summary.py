"""`python manage.py compile_summary`: a summary PDF from the command line, through the same
service and the same job as the web (run here, in this process)."""

import datetime
import os
import shutil
import tempfile
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from agencies.models import Collaboration
from reports import storage
from reports.models import JobStatus, SummaryStatus
from reports.periods import half_year
from reports.selectors import job_seems_lost
from reports.services import summary_recount, summary_request
from reports.tasks import summary_compile

FIRST_YEAR, LAST_YEAR = 2000, 2100


def _date(text):
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"Not a date (YYYY-MM-DD): {text!r}") from None


def _output_path(text):
    """The output file's path, refused before any work if it cannot be written."""
    path = Path(text).expanduser().absolute()
    if path.is_dir():
        raise CommandError(f"The output is a folder, not a file: {path}")
    folder = path.parent
    if not folder.is_dir():
        raise CommandError(f"The output folder does not exist: {folder}")
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise CommandError(f"The output cannot be written (no permission): {path}")
    return path


class Command(BaseCommand):
    help = "Produces a summary PDF of a collaboration for a half-year (or two dates) through the summary job."

    def add_arguments(self, parser):
        parser.add_argument("--collaboration", required=True, help="The collaboration's short name (slug).")
        parser.add_argument("--year", type=int, help="The year of the half-year, e.g. 2026.")
        parser.add_argument("--half", type=int, help="1 (January–June) or 2 (July–December).")
        parser.add_argument("--from", dest="start", help="First day (YYYY-MM-DD), instead of --year and --half.")
        parser.add_argument("--to", dest="end", help="Last day (YYYY-MM-DD), with --from.")
        parser.add_argument("--output", required=True, help="Where to write the PDF.")

    def handle(self, *args, **options):
        collaboration = Collaboration.objects.filter(slug=options["collaboration"]).first()
        if collaboration is None:
            raise CommandError(f"No collaboration has the short name {options['collaboration']!r}.")
        start, end = self._period(options)
        output = _output_path(options["output"])
        summary = self._summary(collaboration, start, end)
        if summary.job_status == JobStatus.QUEUED:
            # The job this command started, and no worker was sent: it runs here.
            summary_compile.apply(args=[summary.pk, summary.job_generation])
            summary.refresh_from_db()
        if summary.job_status != JobStatus.DONE:
            raise CommandError(f"The summary job failed: {summary.job_error or summary.get_job_status_display()}")
        self._copy(summary, output)
        self.stdout.write(self.style.SUCCESS(f"Wrote {output} (summary {summary.pk}, SHA-256 {summary.pdf_sha256})."))

    def _period(self, options):
        by_dates = options["start"] is not None or options["end"] is not None
        by_half = options["year"] is not None or options["half"] is not None
        if by_dates == by_half:
            raise CommandError("Give either --year and --half, or --from and --to.")
        if by_dates:
            if options["start"] is None or options["end"] is None:
                raise CommandError("Give both --from and --to.")
            return _date(options["start"]), _date(options["end"])
        year, half = options["year"], options["half"]
        if year is None or half is None:
            raise CommandError("Give both --year and --half.")
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise CommandError(f"The year must be between {FIRST_YEAR} and {LAST_YEAR}, not {year}.")
        if half not in (1, 2):
            raise CommandError(f"The half must be 1 (January–June) or 2 (July–December), not {half}.")
        return half_year(year, half)

    def _summary(self, collaboration, start, end):
        """The open summary of the period or a new one whose job this command runs: a new draft's
        first job, else a new job of its own (a draft counted again to today's records, a failed
        job tried again). Refused while a worker's job of the summary is queued or running: the
        command never runs a job that is also in a worker's queue."""
        try:
            summary, created = summary_request(
                collaboration=collaboration, period_start=start, period_end=end, by=None, enqueue=False
            )
            if created:
                return summary
            if summary.job_active and not job_seems_lost(summary):
                raise CommandError(
                    f"Summary {summary.pk} is already being prepared by a worker "
                    f"({summary.get_job_status_display().lower()}, job {summary.job_generation}). "
                    "Wait until it has finished, then run the command again."
                )
            if summary.job_active or summary.job_status == JobStatus.FAILED or summary.status == SummaryStatus.DRAFT:
                # A new generation: a worker still holding the old one's message will skip it.
                summary = summary_recount(summary=summary, by=None, enqueue=False)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        return summary

    def _copy(self, summary, output):
        source = storage.summary_pdf_file(summary)
        if source is None:
            raise CommandError(f"The summary's PDF is missing from the storage: {summary.pdf_name}")
        # Written beside the output and renamed, so a half-copied file never carries its name.
        handle, temporary = tempfile.mkstemp(dir=output.parent, prefix=f".{output.name}-", suffix=".part")
        try:
            with source, os.fdopen(handle, "wb") as out:
                shutil.copyfileobj(source, out)
            os.replace(temporary, output)
        except BaseException:
            storage.remove_quietly(temporary)
            raise
