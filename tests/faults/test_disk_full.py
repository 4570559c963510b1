"""The disk fills up while the job writes a summary's PDF: the job ends failed with a reason that
says so, the half-written file is gone, and the download never hands out part of a PDF.

On a real tiny filesystem (a tmpfs mounted for the test, when the test may mount one) and, on
any machine, with the job's file writes failing as a full disk makes them fail (ENOSPC) after
part of the PDF is written.
"""

import errno
import hashlib
import os
import shutil
import subprocess

import pytest
from django.urls import reverse

import reports.tasks
from reports.models import JobStatus
from reports.periods import half_year
from reports.services import summary_recount, summary_request
from reports.tasks import summary_compile
from tests.clients import signed_in_client

pytestmark = pytest.mark.django_db

# Bigger than the room left on the disk, so the write fails halfway, not before it starts.
PDF = b"%PDF-1.7\n" + bytes(range(256)) * 1024
DISK_FULL = "the disk is full"
TINY_DISK = "1m"
ROOM_LEFT = 16 * 1024


@pytest.fixture(autouse=True)
def _typesetting(monkeypatch):
    """The figures are counted for real; the typesetting gives the same 256 KiB each time."""
    monkeypatch.setattr(reports.tasks, "render_summary_pdf", lambda **_arguments: PDF)


def _point_summaries_at(settings, folder):
    summaries = settings.STORAGES["summaries"]
    settings.STORAGES = {
        **settings.STORAGES,
        "summaries": {**summaries, "OPTIONS": {**summaries["OPTIONS"], "location": str(folder)}},
    }


def _spring(norrkoping, petra):
    start, end = half_year(2025, 1)
    summary, _created = summary_request(
        collaboration=norrkoping, period_start=start, period_end=end, by=petra, enqueue=False
    )
    return summary


def _run_job(summary):
    """The job of the summary's current generation, run here as a worker would run it."""
    summary.refresh_from_db()
    summary_compile(summary.pk, summary.job_generation)
    summary.refresh_from_db()
    return summary


def _files(folder):
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


def _download(petra, summary):
    return signed_in_client(petra).get(reverse("summary_pdf", kwargs={"pk": summary.pk}))


def _assert_failed_for_a_full_disk(petra, summary, folder):
    assert summary.job_status == JobStatus.FAILED
    assert DISK_FULL in summary.job_error
    assert (summary.pdf_name, summary.pdf_sha256) == ("", "")
    # Neither the half-written temporary file nor anything under a PDF's name.
    assert _files(folder) == []
    assert _download(petra, summary).status_code == 404
    detail = signed_in_client(petra).get(reverse("summary_detail", kwargs={"pk": summary.pk})).content.decode()
    assert DISK_FULL in detail
    assert f'action="{reverse("summary_retry", kwargs={"pk": summary.pk})}"' in detail


def _assert_served_whole(petra, summary, folder):
    assert (folder / summary.pdf_name).read_bytes() == PDF
    download = _download(petra, summary)
    assert download.status_code == 200
    served = b"".join(download.streaming_content)
    assert served == PDF
    assert hashlib.sha256(served).hexdigest() == summary.pdf_sha256


# --- A real tiny filesystem -------------------------------------------------------------------


@pytest.fixture
def tiny_disk(tmp_path):
    """A 1 MiB tmpfs, unmounted after the test; skipped where the test may not mount."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root and mount(8)")
    mount_point = tmp_path / "tiny"
    mount_point.mkdir()
    command = ["mount", "-t", "tmpfs", "-o", f"size={TINY_DISK},mode=0700", "tmpfs", str(mount_point)]
    mounted = subprocess.run(command, capture_output=True, text=True, timeout=10, check=False)  # noqa: S603
    if mounted.returncode != 0:
        pytest.skip(f"a tmpfs cannot be mounted here: {mounted.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", str(mount_point)], capture_output=True, timeout=10, check=True)  # noqa: S603, S607


def _fill_leaving(disk, room):
    """A file that takes all but `room` bytes of the disk."""
    stats = os.statvfs(disk)
    filler = disk / "filler"
    filler.write_bytes(b"\0" * (stats.f_bavail * stats.f_frsize - room))
    return filler


def _room_on(disk):
    stats = os.statvfs(disk)
    return stats.f_bavail * stats.f_frsize


def test_a_full_tmpfs_fails_the_job_cleanly_and_a_retry_succeeds_once_there_is_room(
    norrkoping, petra, settings, tiny_disk
):
    folder = tiny_disk / "summaries"
    _point_summaries_at(settings, folder)
    filler = _fill_leaving(tiny_disk, ROOM_LEFT)
    room = _room_on(tiny_disk)
    assert room < len(PDF)

    summary = _run_job(_spring(norrkoping, petra))

    _assert_failed_for_a_full_disk(petra, summary, folder)
    # The half-written file's blocks are given back too.
    assert _room_on(tiny_disk) == room

    filler.unlink()
    summary_recount(summary=summary, by=petra, enqueue=False)
    summary = _run_job(summary)
    assert (summary.job_status, summary.job_generation) == (JobStatus.DONE, 2)
    assert _files(folder) == [summary.pdf_name]
    _assert_served_whole(petra, summary, folder)


# --- Any machine: the writes fail as on a full disk ----------------------------------------------


class FullDiskOs:
    """Stands in for `os` in reports.tasks: a file it opens takes `room` bytes and then fails with
    ENOSPC, as a full disk does; everything else is the real `os`."""

    def __init__(self, room):
        self.room = room
        self.files = []

    def __getattr__(self, name):
        return getattr(os, name)

    def fdopen(self, fd, *arguments, **options):
        opened = _FillingFile(os.fdopen(fd, *arguments, **options), self.room)
        self.files.append(opened)
        return opened


class _FillingFile:
    def __init__(self, file, room):
        self._file = file
        self.room = room
        self.written = 0

    def write(self, data):
        fits = max(0, self.room - self.written)
        self._file.write(data[:fits])
        self._file.flush()
        self.written += min(fits, len(data))
        if len(data) > fits:
            raise OSError(errno.ENOSPC, DISK_FULL)
        return len(data)

    def __getattr__(self, name):
        return getattr(self._file, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self._file.close()


def test_a_write_failing_for_a_full_disk_fails_the_job_and_leaves_nothing(
    norrkoping, petra, settings, tmp_path, monkeypatch
):
    folder = tmp_path / "summaries"
    _point_summaries_at(settings, folder)
    full_disk = FullDiskOs(room=ROOM_LEFT)
    monkeypatch.setattr(reports.tasks, "os", full_disk)

    summary = _run_job(_spring(norrkoping, petra))

    # Part of the PDF did reach the temporary file before the disk was full.
    assert [opened.written for opened in full_disk.files] == [ROOM_LEFT]
    _assert_failed_for_a_full_disk(petra, summary, folder)


def test_a_later_job_failing_for_a_full_disk_leaves_the_earlier_pdf_whole(
    norrkoping, petra, settings, tmp_path, monkeypatch
):
    folder = tmp_path / "summaries"
    _point_summaries_at(settings, folder)
    summary = _run_job(_spring(norrkoping, petra))
    assert summary.job_status == JobStatus.DONE
    earlier = summary.pdf_name
    _assert_served_whole(petra, summary, folder)

    monkeypatch.setattr(reports.tasks, "os", FullDiskOs(room=ROOM_LEFT))
    summary_recount(summary=summary, by=petra, enqueue=False)
    summary = _run_job(summary)

    assert (summary.job_status, summary.job_generation) == (JobStatus.FAILED, 2)
    assert DISK_FULL in summary.job_error
    # The draft's earlier PDF, whole, is still the one on file; nothing of the failed job is.
    assert summary.pdf_name == earlier
    assert _files(folder) == [earlier]
    _assert_served_whole(petra, summary, folder)
