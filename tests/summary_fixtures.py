"""Fixtures shared by the summary tests and the fault tests: English messages, and a folder of
the test's own for the summary PDFs."""

import pytest
from django.utils import translation

__all__ = ["_english_messages", "summaries_folder"]


@pytest.fixture(autouse=True)
def _english_messages():
    # Messages are asserted in the source language, so a new Swedish translation cannot break them.
    with translation.override("en"):
        yield


@pytest.fixture
def summaries_folder(settings, tmp_path):
    """The summary PDFs of this test, in a folder of its own (tmp_path/"summaries")."""
    folder = tmp_path / "summaries"
    summaries = settings.STORAGES["summaries"]
    settings.STORAGES = {
        **settings.STORAGES,
        "summaries": {**summaries, "OPTIONS": {**summaries["OPTIONS"], "location": str(folder)}},
    }
    return folder
