"""Where a summary's PDF lives: the "summaries" storage, a folder no URL serves.

The job writes a PDF under a temporary name and renames it into place, so a file under its
final name is always whole; only the permission-checked download view reads it back.
"""

import contextlib
import os
from pathlib import Path

from django.core.files.storage import storages


def summaries_storage():
    # Looked up on each call: tests point the storage at a folder of their own.
    return storages["summaries"]


def summaries_folder():
    """The folder of the summary PDFs, made (readable by the app only) if missing."""
    folder = Path(summaries_storage().location)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def pdf_name(summary_id, generation):
    """The final file name of the PDF of one job of a summary."""
    return f"summary-{summary_id}-{generation}.pdf"


def temporary_prefix(summary_id, generation):
    """Temporary files start with a dot and end in .part, so no listing mistakes them for a PDF."""
    return f".summary-{summary_id}-{generation}-"


TEMPORARY_SUFFIX = ".part"


def leftover_temporary_files(summary_id, generation):
    """Temporary files of a job whose worker died while writing."""
    folder = summaries_folder()
    prefix = temporary_prefix(summary_id, generation)
    return [path for path in folder.iterdir() if path.name.startswith(prefix) and path.name.endswith(TEMPORARY_SUFFIX)]


def summary_pdf_file(summary):
    """The summary's PDF opened for reading (binary), or None when it has none or the file is missing."""
    if not summary.pdf_name:
        return None
    try:
        return summaries_storage().open(summary.pdf_name, "rb")
    except FileNotFoundError:
        return None


def remove_quietly(path):
    """Delete a file that may already be gone."""
    with contextlib.suppress(FileNotFoundError):
        os.remove(path)
