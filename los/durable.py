"""Writes that survive a power cut: a file's bytes and a folder's entries flushed to disk."""

import os


def fsync_file(path):
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def fsync_folder(path):
    """A rename or a new file is only durable once the folder holding it is written to disk."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
